import { z } from 'zod';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from './common';
import { JobPaceSchema } from './job-pace';
import { defineRoute } from './route';

/**
 * Bulk create: campaigns, ad groups and ads from a spreadsheet (CSV, one row per entity,
 * rows referring to their parents), or by duplicating existing campaigns and ad groups.
 * Every row is checked against TikTok's creation rules first; a file with any error
 * creates nothing. Creation runs as a job in dependency order (campaign → ad group → ad).
 */

export const MAX_CREATE_ROWS = 500;
/** A CSV of MAX_CREATE_ROWS rows stays well under this. */
export const MAX_CSV_BYTES = 512 * 1024;

export const ENTITY_TYPES = ['campaign', 'adgroup', 'ad'] as const;
export const EntityTypeSchema = z.enum(ENTITY_TYPES);
export type EntityType = z.infer<typeof EntityTypeSchema>;

/** The template's columns, in order; which apply to which row type is in the template's notes. */
export const CREATE_COLUMNS = [
  'type',
  'ref',
  'parent',
  'name',
  'status',
  'objective_type',
  'budget_mode',
  'budget',
  'billing_event',
  'optimization_goal',
  'bid_type',
  'bid',
  'schedule_start',
  'schedule_end',
  'location_ids',
  'ad_format',
  'ad_text',
  'video_id',
  'image_ids',
  'identity_id',
  'call_to_action',
  'landing_page_url',
] as const;
export type CreateColumn = (typeof CREATE_COLUMNS)[number];

/** A problem at a place in the file: row 1 is the header, so the first entity is row 2. */
export const CellErrorSchema = z.object({
  row: z.number().int().min(1).nullable(),
  column: z.string().nullable(),
  message: z.string(),
});
export type CellError = z.infer<typeof CellErrorSchema>;

export const CreateRowSchema = z.object({
  /** Its row in the file (2 for the first entity), or its place in a duplication. */
  row: z.number().int().min(1),
  type: EntityTypeSchema,
  ref: z.string().nullable(),
  name: z.string(),
  /** The parent: a ref in the same file, or an existing TikTok id. */
  parent: z.string().nullable(),
  status: z.enum(['ENABLE', 'DISABLE']),
  /** What will be sent to TikTok, for the preview (budget, schedule, …). */
  summary: z.string(),
  verdict: z.enum(['ok', 'blocked']),
  errors: z.array(CellErrorSchema),
});
export type CreateRow = z.infer<typeof CreateRowSchema>;

export const CreatePlanSchema = z.object({
  planId: LocalIdSchema,
  advertiserId: TikTokIdSchema,
  currency: z.string(),
  timezone: z.string(),
  source: z.enum(['csv', 'duplicate']),
  createdBy: LocalIdSchema,
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
  /** Problems with the file as a whole (encoding, columns). */
  fileErrors: z.array(CellErrorSchema),
  rows: z.array(CreateRowSchema),
  /** False when anything is wrong: a bad file creates nothing. */
  canApply: z.boolean(),
  counts: z.object({ campaigns: z.number(), adgroups: z.number(), ads: z.number() }),
  jobId: LocalIdSchema.nullable(),
});
export type CreatePlan = z.infer<typeof CreatePlanSchema>;

export const CreateJobRowSchema = z.object({
  row: z.number().int(),
  type: EntityTypeSchema,
  name: z.string(),
  /**
   * pending, in_flight (sent; checked at TikTok after a restart), created, failed (TikTok
   * refused it; message), skipped (its parent could not be created).
   */
  state: z.enum(['pending', 'in_flight', 'created', 'failed', 'skipped']),
  entityId: TikTokIdSchema.nullable(),
  message: z.string().nullable(),
  tiktokRequestId: z.string().nullable(),
});
export type CreateJobRow = z.infer<typeof CreateJobRowSchema>;

export const CreateJobSchema = z.object({
  jobId: LocalIdSchema,
  planId: LocalIdSchema,
  advertiserId: TikTokIdSchema,
  status: z.enum(['running', 'finished', 'stopped']),
  statusMessage: z.string().nullable(),
  /** While running: its pace and what holds it (absent from servers before it was added). */
  pace: JobPaceSchema.nullable().optional(),
  createdAt: IsoDateTimeSchema,
  finishedAt: IsoDateTimeSchema.nullable(),
  counts: z.object({
    total: z.number().int(),
    created: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    remaining: z.number().int(),
  }),
  rows: z.array(CreateJobRowSchema),
});
export type CreateJob = z.infer<typeof CreateJobSchema>;

const AdvertiserParams = z.object({ advertiserId: TikTokIdSchema });

/** The CSV template with an example of each row type (text/csv; registered by hand). */
export const createTemplate = defineRoute({
  method: 'GET',
  path: '/api/bulk-create/template.csv',
  access: 'viewer',
  response: z.string(),
});

/** Check a CSV and preview what it would create (nothing is sent to TikTok). */
export const planCreateFromCsv = defineRoute({
  method: 'POST',
  path: '/api/ad-accounts/:advertiserId/bulk-create/plans',
  access: 'buyer',
  params: AdvertiserParams,
  body: z.object({
    /** The file's text (UTF-8). */
    csv: z.string().max(MAX_CSV_BYTES, {
      error: `The file must be under ${MAX_CSV_BYTES / 1024} KiB.`,
    }),
  }),
  response: CreatePlanSchema,
  // The JSON around a file at the limit (escaping can double it).
  bodyLimitBytes: 2 * MAX_CSV_BYTES + 4096,
});

/** Preview copies of campaigns (with their ad groups) or of ad groups (into their campaign). */
export const planDuplicate = defineRoute({
  method: 'POST',
  path: '/api/ad-accounts/:advertiserId/bulk-create/duplicates',
  access: 'buyer',
  params: AdvertiserParams,
  body: z.object({
    level: z.enum(['campaign', 'adgroup']),
    entityIds: z.array(TikTokIdSchema).min(1).max(50),
    nameSuffix: z.string().min(1).max(40).default(' (copy)'),
    /** A new budget for the copies; their originals' budgets when absent. */
    budget: z.number().positive().nullable().default(null),
    /** Copies start paused unless asked otherwise. */
    status: z.enum(['ENABLE', 'DISABLE']).default('DISABLE'),
  }),
  response: CreatePlanSchema,
});

export const getCreatePlan = defineRoute({
  method: 'GET',
  path: '/api/bulk-create/plans/:planId',
  access: 'viewer',
  params: z.object({ planId: LocalIdSchema }),
  response: CreatePlanSchema,
});

export const applyCreatePlan = defineRoute({
  method: 'POST',
  path: '/api/bulk-create/plans/:planId/apply',
  access: 'buyer',
  params: z.object({ planId: LocalIdSchema }),
  response: CreateJobSchema,
});

export const getCreateJob = defineRoute({
  method: 'GET',
  path: '/api/bulk-create/jobs/:jobId',
  access: 'viewer',
  params: z.object({ jobId: LocalIdSchema }),
  response: CreateJobSchema,
});
