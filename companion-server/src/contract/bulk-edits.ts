import { z } from 'zod';
import { LevelSchema } from './ads-manager';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from './common';
import { JobPaceSchema } from './job-pace';
import { defineRoute } from './route';

/**
 * Bulk edits: a buyer picks rows and an operation; the server plans it (a dry run with a
 * verdict per row), the buyer applies the plan as a job, watches it, retries what failed and
 * can undo it. Nothing changes at TikTok before apply; every change is audited.
 */

export const MAX_BULK_ROWS = 1_000;

/**
 * The largest amount any currency allows: TikTok's maximum budget (10,000,000 in USD) times
 * the largest budget ratio (100,000). The account's own currency bounds it further when a
 * plan is made (bulk-edits/operation-bounds.ts).
 */
export const MAX_AMOUNT = 1e12;
/**
 * The smallest step of any currency (a cent). Finer amounts are rounded to the currency when
 * planned (the row says so), but one below a cent would round to nothing.
 */
const SMALLEST_AMOUNT = 0.01;

/** A signed change: +10 raises by 10 (percent or currency units), -10 lowers. */
const Amount = z.number().finite();
const PositiveAmount = z.number().finite().positive({ error: 'Must be greater than 0.' });
/** What a buyer may ask for: amounts some budget of some currency can take. */
const RequestedAmount = Amount.refine((value) => Math.abs(value) <= MAX_AMOUNT, {
  error: `Must be between -${MAX_AMOUNT.toExponential()} and ${MAX_AMOUNT.toExponential()}.`,
}).refine((value) => value === 0 || Math.abs(value) >= SMALLEST_AMOUNT, {
  error: `A change must be at least ${SMALLEST_AMOUNT} (one cent).`,
});
const RequestedPositiveAmount = z
  .number()
  .finite()
  .min(SMALLEST_AMOUNT, { error: `Must be at least ${SMALLEST_AMOUNT}.` })
  .max(MAX_AMOUNT, { error: `Must be at most ${MAX_AMOUNT.toExponential()}.` });
const Percent = z
  .number()
  .finite()
  .gt(-100, { error: 'A decrease must be less than 100%.' })
  .lte(1_000, { error: 'At most +1000%.' })
  .refine((value) => value !== 0, { error: 'A change of 0% changes nothing.' });

/**
 * The operation's shape. Requests get the bounded amounts; plans and journals already stored
 * keep the looser ones they were written with, so that none becomes unreadable.
 */
function bulkOperationSchema(amount: z.ZodType<number>, positiveAmount: z.ZodType<number>) {
  const valueChange = z.discriminatedUnion('type', [
    /** Set every row to this amount. */
    z.object({ type: z.literal('set'), value: positiveAmount }),
    /** Raise (positive) or lower (negative) by this percent of each row's current value. */
    z.object({ type: z.literal('percent'), value: Percent }),
    /** Raise (positive) or lower (negative) by this amount in the account's currency. */
    z.object({
      type: z.literal('amount'),
      value: amount.refine((value) => value !== 0, { error: 'A change of 0 changes nothing.' }),
    }),
  ]);
  const operation = z.discriminatedUnion('kind', [
    /** Daily or lifetime budgets of campaigns and ad groups, whichever each row has. */
    z.object({ kind: z.literal('budget'), change: valueChange }),
    /** Pause (DISABLE) or enable. Deletion is deliberately not offered in bulk. */
    z.object({ kind: z.literal('status'), status: z.enum(['ENABLE', 'DISABLE']) }),
    /** `bid_price` or `conversion_bid_price` of custom-bid ad groups (each row's own field). */
    z.object({
      kind: z.literal('bid'),
      change: z.discriminatedUnion('type', [
        z.object({ type: z.literal('set'), value: positiveAmount }),
        z.object({ type: z.literal('percent'), value: Percent }),
      ]),
    }),
  ]);
  return { valueChange, operation };
}

const stored = bulkOperationSchema(Amount, PositiveAmount);
export const ValueChangeSchema = stored.valueChange;
export type ValueChange = z.infer<typeof ValueChangeSchema>;
export const BulkOperationSchema = stored.operation;
/** An operation as a buyer may request it: amounts within what any currency can take. */
export const RequestedBulkOperationSchema = bulkOperationSchema(
  RequestedAmount,
  RequestedPositiveAmount,
).operation;
export type BulkOperation = z.infer<typeof BulkOperationSchema>;

/** What a plan is for: a buyer's operation, or putting back / finishing an earlier job. */
export const PlanPurposeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('edit') }),
  z.object({ kind: z.literal('undo'), jobId: LocalIdSchema }),
  z.object({ kind: z.literal('retry'), jobId: LocalIdSchema }),
]);
export type PlanPurpose = z.infer<typeof PlanPurposeSchema>;

export const EDITED_FIELDS = [
  'budget',
  'operation_status',
  'bid_price',
  'conversion_bid_price',
] as const;
export const EditedFieldSchema = z.enum(EDITED_FIELDS);
export type EditedField = z.infer<typeof EditedFieldSchema>;

/** A field's value: an amount for budgets and bids, ENABLE/DISABLE for status. */
export const FieldValueSchema = z.union([z.number(), z.string()]);
export type FieldValue = z.infer<typeof FieldValueSchema>;

/**
 * ok: will be applied as shown. adjusted: will be applied, rounded to what the currency
 * allows. unchanged: already at the new value, skipped. needs_approval: beyond Bayme's
 * guardrail; applied only once an admin approves. blocked: will not be applied (reason).
 */
export const VERDICTS = ['ok', 'adjusted', 'unchanged', 'needs_approval', 'blocked'] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

export const BLOCK_REASONS = [
  'not_found',
  'deleted',
  'below_minimum',
  'above_maximum',
  'below_spend',
  'campaign_budget',
  'no_budget',
  'no_bid',
  'bid_too_high',
  'budget_below_bid',
  'guardrail',
  'cooldown',
  'locked_window',
  'not_supported',
  'changed_since_preview',
] as const;
export const BlockReasonSchema = z.enum(BLOCK_REASONS);
export type BlockReason = z.infer<typeof BlockReasonSchema>;

export const PlanRowSchema = z.object({
  entityId: TikTokIdSchema,
  /** Null when TikTok does not know the id. */
  name: z.string().nullable(),
  field: EditedFieldSchema,
  /** BUDGET_MODE_DAY, BUDGET_MODE_TOTAL… for budget rows; null otherwise. */
  budgetMode: z.string().nullable(),
  before: FieldValueSchema.nullable(),
  after: FieldValueSchema.nullable(),
  /** The change in percent of `before`, for amounts; null for status or without a before. */
  changePercent: z.number().nullable(),
  verdict: VerdictSchema,
  reasonCode: BlockReasonSchema.nullable(),
  /** A sentence for the buyer: why blocked, what was rounded, why approval is needed. */
  reason: z.string().nullable(),
});
export type PlanRow = z.infer<typeof PlanRowSchema>;

export const GuardrailsSchema = z.object({
  /** The largest change of a budget or bid in one edit, in percent of its current value. */
  maxChangePercent: z.number().int().min(1).max(1_000),
  /** What a larger change needs: an admin's approval, or it is not allowed at all. */
  overLimit: z.enum(['approval', 'block']),
  /** Minutes between two changes of one entity through the toolkit; 0: none. */
  cooldownMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
});
export type Guardrails = z.infer<typeof GuardrailsSchema>;

export const DEFAULT_GUARDRAILS: Guardrails = {
  maxChangePercent: 50,
  overLimit: 'approval',
  cooldownMinutes: 0,
};

export const PlanSchema = z.object({
  planId: LocalIdSchema,
  advertiserId: TikTokIdSchema,
  level: LevelSchema,
  operation: BulkOperationSchema.nullable(),
  purpose: PlanPurposeSchema,
  currency: z.string(),
  timezone: z.string(),
  createdBy: LocalIdSchema,
  createdAt: IsoDateTimeSchema,
  /** Apply before this, or plan again: the preview is only as good as its freshness. */
  expiresAt: IsoDateTimeSchema,
  guardrails: GuardrailsSchema,
  approvedBy: LocalIdSchema.nullable(),
  /** Set once the plan was applied (a plan is applied once). */
  jobId: LocalIdSchema.nullable(),
  rows: z.array(PlanRowSchema),
  summary: z.object({
    ok: z.number().int(),
    adjusted: z.number().int(),
    unchanged: z.number().int(),
    needsApproval: z.number().int(),
    blocked: z.number().int(),
  }),
});
export type Plan = z.infer<typeof PlanSchema>;

export const ROW_STATES = [
  'pending',
  'in_flight',
  'done',
  'failed',
  'conflict',
  'skipped',
  'unknown',
] as const;
export const RowStateSchema = z.enum(ROW_STATES);
export type RowState = z.infer<typeof RowStateSchema>;

export const JobRowSchema = z.object({
  entityId: TikTokIdSchema,
  name: z.string().nullable(),
  field: EditedFieldSchema,
  budgetMode: z.string().nullable(),
  before: FieldValueSchema.nullable(),
  after: FieldValueSchema.nullable(),
  /**
   * pending: not sent yet. in_flight: sent, no answer yet. done: TikTok applied it.
   * failed: TikTok refused it (message). conflict: changed by someone else since the
   * preview, left alone. skipped: not applied (blocked, unchanged or unapproved in the
   * plan; or the job stopped). unknown: the server stopped during its call and could not
   * tell afterwards whether TikTok applied it.
   */
  state: RowStateSchema,
  message: z.string().nullable(),
  tiktokRequestId: z.string().nullable(),
  finishedAt: IsoDateTimeSchema.nullable(),
});
export type JobRow = z.infer<typeof JobRowSchema>;

export const JobStatusSchema = z.enum(['running', 'finished', 'stopped']);

export const JobSchema = z.object({
  jobId: LocalIdSchema,
  planId: LocalIdSchema,
  advertiserId: TikTokIdSchema,
  level: LevelSchema,
  operation: BulkOperationSchema.nullable(),
  purpose: PlanPurposeSchema,
  currency: z.string(),
  createdBy: LocalIdSchema,
  createdAt: IsoDateTimeSchema,
  finishedAt: IsoDateTimeSchema.nullable(),
  /** running; finished (every row has its outcome); stopped (TikTok refused the token). */
  status: JobStatusSchema,
  /** Set when the job was interrupted by a restart of the server and resumed. */
  resumedAt: IsoDateTimeSchema.nullable(),
  statusMessage: z.string().nullable(),
  /** While running: its pace and what holds it (absent from servers before it was added). */
  pace: JobPaceSchema.nullable().optional(),
  counts: z.object({
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    conflict: z.number().int(),
    skipped: z.number().int(),
    unknown: z.number().int(),
    remaining: z.number().int(),
  }),
  /** Whether Undo is possible: rows were done and the job is not running. */
  canUndo: z.boolean(),
  rows: z.array(JobRowSchema),
});
export type Job = z.infer<typeof JobSchema>;

const AdvertiserParams = z.object({ advertiserId: TikTokIdSchema });
const PlanParams = z.object({ planId: LocalIdSchema });
const JobParams = z.object({ jobId: LocalIdSchema });

/** Preview an operation on rows of one level (nothing changes at TikTok). */
export const planBulkEdit = defineRoute({
  method: 'POST',
  path: '/api/ad-accounts/:advertiserId/bulk-edits/plans',
  access: 'buyer',
  params: AdvertiserParams,
  body: z
    .object({
      level: LevelSchema,
      entityIds: z
        .array(TikTokIdSchema)
        .min(1, { error: 'Select at least one row.' })
        .max(MAX_BULK_ROWS, { error: `At most ${MAX_BULK_ROWS} rows per edit.` }),
      operation: RequestedBulkOperationSchema,
    })
    .refine((body) => body.level !== 'ad' || body.operation.kind === 'status', {
      error: 'Ads have no budget or bid: only pause and enable apply to ads.',
      path: ['operation'],
    })
    .refine((body) => body.level === 'adgroup' || body.operation.kind !== 'bid', {
      error: 'Bids belong to ad groups.',
      path: ['operation'],
    }),
  response: PlanSchema,
});

export const getPlan = defineRoute({
  method: 'GET',
  path: '/api/bulk-edits/plans/:planId',
  access: 'viewer',
  params: PlanParams,
  response: PlanSchema,
});

/** An admin allows the rows beyond the guardrail (`needs_approval`) to be applied. */
export const approvePlan = defineRoute({
  method: 'POST',
  path: '/api/bulk-edits/plans/:planId/approve',
  access: 'admin',
  params: PlanParams,
  response: PlanSchema,
});

/** Start the plan's job: its ok and adjusted rows (and approved ones) are applied. */
export const applyPlan = defineRoute({
  method: 'POST',
  path: '/api/bulk-edits/plans/:planId/apply',
  access: 'buyer',
  params: PlanParams,
  response: JobSchema,
});

export const getJob = defineRoute({
  method: 'GET',
  path: '/api/bulk-edits/jobs/:jobId',
  access: 'viewer',
  params: JobParams,
  response: JobSchema,
});

export const listJobs = defineRoute({
  method: 'GET',
  path: '/api/bulk-edits/jobs',
  access: 'viewer',
  query: z.object({
    advertiserId: TikTokIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  }),
  response: z.object({ jobs: z.array(JobSchema.omit({ rows: true })) }),
});

/** A new plan that puts back the values a job changed (previewed like any other). */
export const planUndo = defineRoute({
  method: 'POST',
  path: '/api/bulk-edits/jobs/:jobId/undo',
  access: 'buyer',
  params: JobParams,
  response: PlanSchema,
});

/** A new plan for the rows of a job that failed or whose outcome is unknown. */
export const planRetry = defineRoute({
  method: 'POST',
  path: '/api/bulk-edits/jobs/:jobId/retry',
  access: 'buyer',
  params: JobParams,
  response: PlanSchema,
});

export const getGuardrails = defineRoute({
  method: 'GET',
  path: '/api/guardrails',
  access: 'viewer',
  response: GuardrailsSchema,
});

export const setGuardrails = defineRoute({
  method: 'PATCH',
  path: '/api/guardrails',
  access: 'admin',
  body: GuardrailsSchema.partial(),
  response: GuardrailsSchema,
});
