import { z } from 'zod';
import { type Level, LevelSchema } from './ads-manager';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from './common';
import { DaypartingSchema } from './dayparting';
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

/**
 * The bound as a person reads it. No currency is known here: the account's own bounds, in
 * its money, come from contract/operation-bounds.ts.
 */
const MAX_AMOUNT_TEXT = MAX_AMOUNT.toLocaleString('en-US');

/** A signed change: +10 raises by 10 (percent or currency units), -10 lowers. */
const Amount = z.number().finite();
const PositiveAmount = z.number().finite().positive({ error: 'Must be greater than 0.' });
/** What a buyer may ask for: amounts some budget of some currency can take. */
const RequestedAmount = Amount.refine((value) => Math.abs(value) <= MAX_AMOUNT, {
  error: `Must be between -${MAX_AMOUNT_TEXT} and ${MAX_AMOUNT_TEXT}.`,
}).refine((value) => value === 0 || Math.abs(value) >= SMALLEST_AMOUNT, {
  error: `A change must be at least ${SMALLEST_AMOUNT} (one cent).`,
});
const RequestedPositiveAmount = z
  .number()
  .finite()
  .min(SMALLEST_AMOUNT, { error: `Must be at least ${SMALLEST_AMOUNT}.` })
  .max(MAX_AMOUNT, { error: `Must be at most ${MAX_AMOUNT_TEXT}.` });
const Percent = z
  .number()
  .finite()
  .gt(-100, {
    error: 'Lowering by 100% or more would leave nothing: lower by less than 100%.',
  })
  .lte(1_000, { error: 'A raise can be at most +1000% (11 times the current value).' })
  .refine((value) => value !== 0, { error: 'A change of 0% changes nothing.' });

/** The longest find pattern: long enough for any naming convention, short to judge. */
export const MAX_FIND_LENGTH = 100;
/** Room for a template or prefix; the result is still checked against TikTok's name limit. */
const MAX_NAME_TEXT_LENGTH = 512;

/**
 * Why a find pattern is refused, or null. Regular expressions run in the server against up
 * to a thousand names, so only a safe subset is taken rather than timing each match:
 * no backreferences, no quantifier on a group that holds a quantifier or an alternation
 * (the nested repetition behind catastrophic backtracking), and at most two unbounded or
 * counted quantifiers in all. With names of at most 512 characters, that bounds a match
 * to a few million steps in the worst case.
 */
export function findPatternProblem(pattern: string): string | null {
  if (pattern.length > MAX_FIND_LENGTH) return `At most ${MAX_FIND_LENGTH} characters.`;
  try {
    new RegExp(pattern, 'gu');
  } catch (error) {
    return `Not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'Backreferences (\\1, \\k<name>) are not allowed.';
  // Walk the pattern: escapes and character classes hide operators; a quantifier right
  // after `)` repeats that group.
  const open: Array<{ repeats: boolean; alternates: boolean }> = [];
  let closed: { repeats: boolean; alternates: boolean } | null = null;
  let repetitions = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    const justClosed = closed;
    closed = null;
    if (char === '\\') {
      // \p{…}, \u{…}: the braces belong to the escape, not to a quantifier.
      const braced = pattern[i + 2] === '{' && /[pPu]/.test(pattern[i + 1] ?? '');
      i = braced ? pattern.indexOf('}', i) : i + 1;
    } else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') open.push({ repeats: false, alternates: false });
    else if (char === ')') {
      closed = open.pop() ?? null;
      const outer = open[open.length - 1];
      if (closed && outer) outer.alternates ||= closed.alternates;
    } else if (char === '|') {
      const inner = open[open.length - 1];
      if (inner) inner.alternates = true;
    } else if (char === '*' || char === '+' || char === '{') {
      repetitions++;
      if (justClosed && (justClosed.repeats || justClosed.alternates)) {
        return 'A repeated group may not hold a repetition or alternatives (it can take forever).';
      }
      for (const group of open) group.repeats = true;
      if (char === '{') i = pattern.indexOf('}', i);
    }
  }
  if (repetitions > 2) return 'At most two repetitions (*, +, {n,m}) in one pattern.';
  return null;
}

const NameTextSchema = z.string().max(MAX_NAME_TEXT_LENGTH, {
  error: `At most ${MAX_NAME_TEXT_LENGTH} characters.`,
});

/**
 * Every occurrence of `find` becomes `replace`. With `regex`, `find` is a regular expression
 * (the safe subset of findPatternProblem) and `replace` may use $1, $<name>.
 */
const TextReplaceSchema = z
  .object({
    type: z.literal('replace'),
    find: z.string().min(1, { error: 'Say what to find.' }),
    replace: NameTextSchema,
    regex: z.boolean(),
    ignoreCase: z.boolean(),
  })
  .superRefine((change, context) => {
    const problem = change.regex
      ? findPatternProblem(change.find)
      : change.find.length > MAX_FIND_LENGTH
        ? `At most ${MAX_FIND_LENGTH} characters.`
        : null;
    if (problem) context.addIssue({ code: 'custom', message: problem, path: ['find'] });
  });
export type TextReplace = z.infer<typeof TextReplaceSchema>;

/** How names change: find and replace, a prefix, a suffix, or a template. */
export const NameChangeSchema = z.discriminatedUnion('type', [
  TextReplaceSchema,
  z.object({
    type: z.literal('prefix'),
    text: NameTextSchema.min(1, { error: 'Type the prefix.' }),
  }),
  z.object({
    type: z.literal('suffix'),
    text: NameTextSchema.min(1, { error: 'Type the suffix.' }),
  }),
  /** `{name}`, `{id}`, `{date}` (today in the account's time zone), `{budget}`. */
  z.object({
    type: z.literal('template'),
    template: NameTextSchema.min(1, { error: 'Type the template.' }),
  }),
]);
export type NameChange = z.infer<typeof NameChangeSchema>;
export const NAME_PLACEHOLDERS = ['{name}', '{id}', '{date}', '{budget}'] as const;

/** Ads' text: find and replace, as in names (TikTok's 1–100 characters are checked per row). */
export const AdTextChangeSchema = TextReplaceSchema;
export type AdTextChange = TextReplace;

/** The longest URL a buyer may type; TikTok documents no limit, the planner checks the rest. */
export const MAX_URL_LENGTH = 2_048;
/** Query parameters set in one edit: a tracking template's worth. */
export const MAX_URL_PARAMS = 20;

/**
 * A query parameter's name: what a tracking template uses (utm_source, ad_id…), without the
 * characters that would end or split it (& = # ? or spaces).
 */
const ParamKeySchema = z
  .string()
  .min(1, { error: 'Name the parameter.' })
  .max(100, { error: 'At most 100 characters.' })
  .regex(/^[^&=#?\s]+$/, { error: 'A parameter name cannot hold &, =, #, ? or spaces.' });

/**
 * How ads' landing pages change: one URL for all, a part of each replaced (plain text), or
 * query parameters added or replaced, such as a tracking template. TikTok's URL macros
 * (__CAMPAIGN_ID__, __CID_NAME__…) are kept as typed: TikTok fills them in at each click.
 */
export const LandingUrlChangeSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('set'),
    url: z
      .string()
      .trim()
      .min(1, { error: 'Type the new landing page URL.' })
      .max(MAX_URL_LENGTH, { error: `At most ${MAX_URL_LENGTH} characters.` }),
  }),
  z.object({
    type: z.literal('replace'),
    find: z
      .string()
      .min(1, { error: 'Say what to find.' })
      .max(MAX_URL_LENGTH, { error: `At most ${MAX_URL_LENGTH} characters.` }),
    replace: z.string().max(MAX_URL_LENGTH, { error: `At most ${MAX_URL_LENGTH} characters.` }),
  }),
  z.object({
    type: z.literal('params'),
    params: z
      .array(
        z.object({
          key: ParamKeySchema,
          value: z.string().max(MAX_URL_LENGTH, { error: `At most ${MAX_URL_LENGTH} characters.` }),
        }),
      )
      .min(1, { error: 'Add at least one parameter.' })
      .max(MAX_URL_PARAMS, { error: `At most ${MAX_URL_PARAMS} parameters.` })
      .refine((params) => new Set(params.map((p) => p.key)).size === params.length, {
        error: 'Each parameter only once.',
      }),
  }),
]);
export type LandingUrlChange = z.infer<typeof LandingUrlChangeSchema>;

/** A local date and time in the ad account's time zone, as a buyer types it. */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

const ShiftDaysSchema = z
  .number()
  .int({ error: 'Whole days.' })
  .min(-365, { error: 'At most 365 days earlier.' })
  .max(3_650, { error: 'At most 3650 days later.' })
  .refine((days) => days !== 0, { error: 'A shift of 0 days changes nothing.' });
const LocalDateTimeSchema = z
  .string()
  .regex(LOCAL_DATE_TIME, { error: 'A date and time like 2026-12-31 23:59.' });

/**
 * How ad groups' schedules change: the end or the start, shifted by whole days or set to one
 * date and time ("YYYY-MM-DD HH:MM" in the ad account's time zone). TikTok freezes a start
 * that has passed: the planner says so per row.
 */
export const ScheduleChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('shift_end'), days: ShiftDaysSchema }),
  z.object({ type: z.literal('set_end'), endTime: LocalDateTimeSchema }),
  z.object({ type: z.literal('shift_start'), days: ShiftDaysSchema }),
  z.object({ type: z.literal('set_start'), startTime: LocalDateTimeSchema }),
]);
export type ScheduleChange = z.infer<typeof ScheduleChangeSchema>;

/**
 * Ad groups' dayparting: one grid for all (contract/dayparting.ts), or the grid of another
 * ad group of the account, read when the plan is made.
 */
export const DaypartingChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('set'), dayparting: DaypartingSchema }),
  z.object({ type: z.literal('copy'), fromAdgroupId: TikTokIdSchema }),
]);
export type DaypartingChange = z.infer<typeof DaypartingChangeSchema>;

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
    /** Ad groups' end or start: moved by whole days, or set (bulk-edits/schedule-change.ts). */
    z.object({ kind: z.literal('schedule'), change: ScheduleChangeSchema }),
    /** Ad groups' dayparting grid (bulk-edits/dayparting-planner.ts). */
    z.object({ kind: z.literal('dayparting'), change: DaypartingChangeSchema }),
    /** Rename campaigns, ad groups or ads (bulk-edits/name-change.ts computes each name). */
    z.object({ kind: z.literal('name'), change: NameChangeSchema }),
    /** Ads' landing pages (bulk-edits/landing-url-change.ts). */
    z.object({ kind: z.literal('landing_url'), change: LandingUrlChangeSchema }),
    /** Find and replace in ads' text. */
    z.object({ kind: z.literal('ad_text'), change: AdTextChangeSchema }),
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
  /** An automated rule's run (rules/rule-runner.ts): the rule acts as its creator. */
  z.object({
    kind: z.literal('rule'),
    ruleId: LocalIdSchema,
    ruleName: z.string(),
    runId: LocalIdSchema,
  }),
  /**
   * A scheduled change's firing (schedules/scheduled-change-runner.ts), or its put-back at the
   * revert time (`revertOf`: the job whose values it puts back). It acts as its creator.
   */
  z.object({
    kind: z.literal('schedule'),
    changeId: LocalIdSchema,
    changeName: z.string(),
    firingId: LocalIdSchema,
    revertOf: LocalIdSchema.nullable(),
  }),
]);
export type PlanPurpose = z.infer<typeof PlanPurposeSchema>;

export const EDITED_FIELDS = [
  'budget',
  'operation_status',
  'bid_price',
  'conversion_bid_price',
  'name',
  /** TikTok's "YYYY-MM-DD HH:MM:SS", in UTC as TikTok gives and takes it. */
  'schedule_end_time',
  /** An ad's landing page, as TikTok stores it (its URL macros unexpanded). */
  'landing_page_url',
  'ad_text',
  /** TikTok's UTC "YYYY-MM-DD HH:MM:SS", like the end. */
  'schedule_start_time',
  /** 336 characters of 0 and 1 (contract/dayparting.ts); "every hour" is all 1. */
  'dayparting',
] as const;
export const EditedFieldSchema = z.enum(EDITED_FIELDS);
export type EditedField = z.infer<typeof EditedFieldSchema>;

/** A field's value: an amount for budgets and bids, ENABLE/DISABLE for status, a name. */
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
  'name_too_long',
  'name_refused',
  'duplicate_name',
  'end_before_start',
  'end_in_past',
  'end_too_late',
  'no_end_time',
  'ad_in_review',
  'too_many_ads',
  'url_invalid',
  'text_too_long',
  'text_refused',
  'start_frozen',
  'start_in_past',
  'start_too_late',
  'no_source',
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
  /**
   * What the buyer should know even though the row will be applied: an ad that goes back to
   * TikTok's review, or was rejected. Absent from plans made before it existed.
   */
  warning: z.string().nullable().optional(),
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
  /** What applies to the whole plan, such as how TikTok's ad/update/ is used. */
  notices: z.array(z.string()).optional(),
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
  /**
   * running; finished (every row has its outcome); stopped (TikTok refused the token, or the
   * rule that asked for it changed mid-run and its rows not sent were skipped: see the message).
   */
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

/**
 * Which operations a level has, as sentences for the buyer (none: the pair is fine). Every
 * request that names a level and an operation checks it: bulk-edit plans, scheduled changes.
 */
export function levelOperationProblems(level: Level, kind: BulkOperation['kind']): string[] {
  const problems: string[] = [];
  if (level === 'ad' && !['status', 'name', 'landing_url', 'ad_text'].includes(kind)) {
    problems.push(
      'Ads have no budget or bid: only pause and enable apply to ads, besides renames, landing pages and ad text.',
    );
  }
  if (level !== 'ad' && (kind === 'landing_url' || kind === 'ad_text')) {
    problems.push('Landing pages and ad text belong to ads.');
  }
  if (level !== 'adgroup' && kind === 'bid') problems.push('Bids belong to ad groups.');
  if (level !== 'adgroup' && (kind === 'schedule' || kind === 'dayparting')) {
    problems.push('Schedules belong to ad groups, as does dayparting.');
  }
  return problems;
}

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
    .superRefine((body, context) => {
      for (const message of levelOperationProblems(body.level, body.operation.kind)) {
        context.addIssue({ code: 'custom', message, path: ['operation'] });
      }
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
