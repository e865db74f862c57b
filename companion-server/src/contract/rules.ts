import { z } from 'zod';
import { LevelSchema } from './ads-manager';
import { FieldValueSchema } from './bulk-edits';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from './common';
import { defineRoute } from './route';

/**
 * Automated rules: a rule looks at the entities of one level in one or more ad accounts on a
 * schedule, compares their figures with its conditions, and acts on those that match through
 * the bulk-edit planner and job runner (TikTok's rules, Bayme's guardrails, journal, audit,
 * undo). Every run logs, per entity, the values it used, each condition's result and what it
 * did or why not. Times of day are in each ad account's own time zone.
 */

// Metrics and windows ------------------------------------------------------------------------

/**
 * What a condition can look at. The first group comes from TikTok's reports over a window;
 * `budget`, `days_since_created` and `hours_since_change` come from the entity itself and
 * take no window; `budget_used` is spend over the window ÷ the entity's budget, in percent.
 * `bayme_revenue` and `bayme_roas` are Bayme's own orders attributed to the entity over the
 * window (orders/order-figures.ts), in the account's currency; Bayme ROAS is that revenue ÷
 * TikTok's spend over the same window.
 */
export const WINDOWED_METRICS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'cpm',
  'conversions',
  'cpa',
  'roas',
  'frequency',
  'budget_used',
  'bayme_revenue',
  'bayme_roas',
] as const;
/** The metrics read from Bayme's orders rather than from TikTok's reports. */
export const BAYME_METRICS = ['bayme_revenue', 'bayme_roas'] as const;
export const ENTITY_METRICS = ['budget', 'days_since_created', 'hours_since_change'] as const;
export const RULE_METRICS = [...WINDOWED_METRICS, ...ENTITY_METRICS] as const;
export const RuleMetricSchema = z.enum(RULE_METRICS);
export type RuleMetric = z.infer<typeof RuleMetricSchema>;

export function isWindowed(metric: RuleMetric): boolean {
  return (WINDOWED_METRICS as readonly string[]).includes(metric);
}

/** The longest "last N days" window: TikTok reports up to a year per request, rules need far less. */
export const MAX_WINDOW_DAYS = 90;

/** Days are the ad account's days (its time zone). */
export const RuleWindowSchema = z.discriminatedUnion('kind', [
  /** From the account's midnight until now. */
  z.object({ kind: z.literal('today') }),
  z.object({ kind: z.literal('yesterday') }),
  /** The last `days` days, ending today (includeToday) or yesterday. */
  z.object({
    kind: z.literal('last_days'),
    days: z
      .number()
      .int({ error: 'Whole days.' })
      .min(1, { error: 'At least 1 day.' })
      .max(MAX_WINDOW_DAYS, { error: `At most ${MAX_WINDOW_DAYS} days.` }),
    includeToday: z.boolean(),
  }),
  /** Since the entity started delivering (TikTok's lifetime report). */
  z.object({ kind: z.literal('lifetime') }),
]);
export type RuleWindow = z.infer<typeof RuleWindowSchema>;

/** A metric over a window; the window is ignored (and stored as null) for entity metrics. */
export const MetricRefSchema = z
  .object({ metric: RuleMetricSchema, window: RuleWindowSchema.nullable() })
  .refine((ref) => !isWindowed(ref.metric) || ref.window !== null, {
    error: 'This metric needs a window (today, yesterday, last N days or lifetime).',
    path: ['window'],
  });
export type MetricRef = z.infer<typeof MetricRefSchema>;

// Conditions ---------------------------------------------------------------------------------

export const COMPARISONS = ['gt', 'gte', 'lt', 'lte'] as const;
export const ComparisonSchema = z.enum(COMPARISONS);
export type Comparison = z.infer<typeof ComparisonSchema>;

const FiniteNumber = z.number().finite();

/** What a metric is compared with: a number, or another metric times a factor. */
export const OperandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('number'), value: FiniteNumber }),
  z.object({
    kind: z.literal('metric'),
    ref: MetricRefSchema,
    factor: FiniteNumber.positive({ error: 'The factor must be greater than 0.' }).max(1_000, {
      error: 'The factor can be at most 1000.',
    }),
  }),
]);
export type Operand = z.infer<typeof OperandSchema>;

export const ConditionSchema = z.object({
  left: MetricRefSchema,
  comparison: ComparisonSchema,
  right: OperandSchema,
});
export type Condition = z.infer<typeof ConditionSchema>;

export const MAX_CONDITIONS_PER_GROUP = 5;
export const MAX_CONDITION_GROUPS = 5;

/** All conditions of a group must hold (AND); any group may (OR). */
export const ConditionGroupSchema = z.object({
  conditions: z
    .array(ConditionSchema)
    .min(1, { error: 'A group needs at least one condition.' })
    .max(MAX_CONDITIONS_PER_GROUP, {
      error: `At most ${MAX_CONDITIONS_PER_GROUP} conditions per group.`,
    }),
});
export type ConditionGroup = z.infer<typeof ConditionGroupSchema>;

/**
 * The minimum-data guard: an entity with less than `atLeast` of the metric over the window is
 * not judged at all (logged as "not enough data"), so a thin day does not pause a good ad.
 */
export const MinimumDataSchema = z.object({
  metric: z.enum(['impressions', 'clicks', 'spend', 'conversions']),
  window: RuleWindowSchema,
  atLeast: FiniteNumber.min(0),
});
export type MinimumData = z.infer<typeof MinimumDataSchema>;

// Scope --------------------------------------------------------------------------------------

export const MAX_RULE_ENTITIES = 5_000;
export const MAX_RULE_ACCOUNTS = 20;

export const NameFilterSchema = z.object({
  type: z.enum(['contains', 'not_contains', 'regex']),
  /** For `regex`, a pattern that contract/bulk-edits.ts findPatternProblem accepts. */
  value: z.string().min(1).max(100),
});
export type NameFilter = z.infer<typeof NameFilterSchema>;

export const RuleScopeSchema = z.object({
  advertiserIds: z
    .array(TikTokIdSchema)
    .min(1, { error: 'Choose at least one ad account.' })
    .max(MAX_RULE_ACCOUNTS, { error: `At most ${MAX_RULE_ACCOUNTS} ad accounts per rule.` }),
  level: LevelSchema,
  /** Narrowing filters; an entity must pass every one that is set. */
  name: NameFilterSchema.nullable(),
  /** Only entities whose operation status is one of these; null: any (deleted never). */
  statuses: z
    .array(z.enum(['ENABLE', 'DISABLE']))
    .min(1)
    .nullable(),
  /** Only entities of these campaigns (ad groups and ads), or these campaigns themselves. */
  campaignIds: z.array(TikTokIdSchema).min(1).max(MAX_RULE_ENTITIES).nullable(),
  /** Only these entities. */
  entityIds: z.array(TikTokIdSchema).min(1).max(MAX_RULE_ENTITIES).nullable(),
});
export type RuleScope = z.infer<typeof RuleScopeSchema>;

// Actions ------------------------------------------------------------------------------------

/** Amount changes with their bounds: the result is clamped into [floor, ceiling]. */
const Bounds = {
  floor: FiniteNumber.positive().nullable(),
  ceiling: FiniteNumber.positive().nullable(),
};

const AmountChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('set'), value: FiniteNumber.positive() }),
  /** +20 raises by 20 %, -20 lowers by 20 %. */
  z.object({
    type: z.literal('percent'),
    value: FiniteNumber.gt(-100)
      .lte(1_000)
      .refine((v) => v !== 0, {
        error: 'A change of 0% changes nothing.',
      }),
  }),
  /** In the account's currency. */
  z.object({
    type: z.literal('amount'),
    value: FiniteNumber.refine((v) => v !== 0, { error: 'A change of 0 changes nothing.' }),
  }),
]);

export const RuleActionSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('pause') }),
    z.object({ kind: z.literal('enable') }),
    z.object({ kind: z.literal('budget'), change: AmountChangeSchema, ...Bounds }),
    z.object({ kind: z.literal('bid'), change: AmountChangeSchema, ...Bounds }),
    /** Only the log and the notifications: nothing changes at TikTok. */
    z.object({ kind: z.literal('notify') }),
  ])
  .refine(
    (action) =>
      !('floor' in action) ||
      action.floor === null ||
      action.ceiling === null ||
      action.floor <= action.ceiling,
    { error: 'The floor must not be above the ceiling.', path: ['floor'] },
  );
export type RuleAction = z.infer<typeof RuleActionSchema>;

/**
 * When the action is undone (a pause lifted, a budget put back) through the bulk-edit undo of
 * the run's job: at the next midnight in the account's time zone, or some hours later.
 */
export const RuleUntilSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('midnight') }),
  z.object({ kind: z.literal('hours'), hours: z.number().int().min(1).max(168) }),
]);
export type RuleUntil = z.infer<typeof RuleUntilSchema>;

// Schedule -----------------------------------------------------------------------------------

/** Never more often than every 5 minutes: TikTok's figures move no faster than that. */
export const MIN_RULE_INTERVAL_MINUTES = 5;
export const DEFAULT_RULE_INTERVAL_MINUTES = 15;

const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'A time of day like 07:00.' });

export const RuleScheduleSchema = z.object({
  every: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('minutes'),
      minutes: z
        .number()
        .int()
        .min(MIN_RULE_INTERVAL_MINUTES, {
          error: `At least every ${MIN_RULE_INTERVAL_MINUTES} minutes.`,
        })
        .max(720),
    }),
    z.object({ kind: z.literal('hourly') }),
    z.object({ kind: z.literal('daily'), at: TimeOfDaySchema }),
  ]),
  /** Days of the week it may run (0 Sunday … 6 Saturday); null: every day. */
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7).nullable(),
  /** Hours of the day it may run, [from, to) in whole hours; null: all day. */
  hours: z
    .object({ from: z.number().int().min(0).max(23), to: z.number().int().min(1).max(24) })
    .refine((h) => h.from < h.to, { error: 'The hours must end after they start.' })
    .nullable(),
});
export type RuleSchedule = z.infer<typeof RuleScheduleSchema>;

// Notifications ------------------------------------------------------------------------------

export const RuleNotifySchema = z.object({
  onAction: z.boolean(),
  onApprovalNeeded: z.boolean(),
  onFailure: z.boolean(),
  /**
   * The rule's own webhook; null: the server's (config RULES_WEBHOOK_URL), if any. Viewers are
   * shown its origin only: the rest of a Slack webhook address is what lets anyone post.
   */
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullable(),
});
export type RuleNotify = z.infer<typeof RuleNotifySchema>;

// Rules --------------------------------------------------------------------------------------

/** What a buyer writes; the server adds who, when and the version. */
export const RuleInputSchema = z.object({
  name: z.string().trim().min(1, { error: 'Give the rule a name.' }).max(120),
  enabled: z.boolean(),
  scope: RuleScopeSchema,
  groups: z
    .array(ConditionGroupSchema)
    .min(1, { error: 'A rule needs at least one condition.' })
    .max(MAX_CONDITION_GROUPS, { error: `At most ${MAX_CONDITION_GROUPS} groups.` }),
  minimumData: MinimumDataSchema.nullable(),
  action: RuleActionSchema,
  until: RuleUntilSchema.nullable(),
  schedule: RuleScheduleSchema,
  /** Hours before this rule may act on the same entity again. */
  cooldownHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30),
  /** Actions one run may take at most; the rest wait for the next run. */
  maxActionsPerRun: z.number().int().min(1).max(1_000),
  notify: RuleNotifySchema,
});
export type RuleInput = z.infer<typeof RuleInputSchema>;

export const RuleSchema = RuleInputSchema.extend({
  id: LocalIdSchema,
  /** Bumped on every edit; each run records the version it ran. */
  version: z.number().int().min(1),
  createdBy: LocalIdSchema,
  createdByEmail: z.string(),
  createdAt: IsoDateTimeSchema,
  updatedBy: LocalIdSchema,
  updatedAt: IsoDateTimeSchema,
});
export type Rule = z.infer<typeof RuleSchema>;

/** Admins' switch for every rule and scheduled change at once. */
export const RulesSettingsSchema = z.object({
  paused: z.boolean(),
  pausedBy: z.string().nullable(),
  pausedAt: IsoDateTimeSchema.nullable(),
});
export type RulesSettings = z.infer<typeof RulesSettingsSchema>;

export const DEFAULT_RULES_SETTINGS: RulesSettings = {
  paused: false,
  pausedBy: null,
  pausedAt: null,
};

// Runs and their log -------------------------------------------------------------------------

/**
 * What happened to one entity in one run. matched / no_match / not_enough_data are the
 * verdict of the conditions; the others say what became of a match: acted (done), waiting for
 * an admin (needs_approval), held back (cooldown, cap_reached, already), refused by the planner
 * or TikTok (blocked, failed), or only notified / previewed.
 */
export const EVALUATION_OUTCOMES = [
  /** Matched and sent to TikTok in the run's job, which has not finished yet. */
  'pending',
  'no_match',
  'not_enough_data',
  'no_data',
  'cooldown',
  'cap_reached',
  'already',
  'blocked',
  'needs_approval',
  'done',
  'failed',
  'notified',
  'would_act',
  'rule_changed',
] as const;
export const EvaluationOutcomeSchema = z.enum(EVALUATION_OUTCOMES);
export type EvaluationOutcome = z.infer<typeof EvaluationOutcomeSchema>;

export const ConditionResultSchema = z.object({
  group: z.number().int().min(0),
  index: z.number().int().min(0),
  /** "CPA last 3 days (41.20) > 1.3 × CPA last 14 days (30.00 → 39.00)". */
  text: z.string(),
  left: z.number().nullable(),
  right: z.number().nullable(),
  /** Null: a value was missing, so the condition could not be judged (counts as not met). */
  met: z.boolean().nullable(),
});
export type ConditionResult = z.infer<typeof ConditionResultSchema>;

export const EvaluationSchema = z.object({
  runId: LocalIdSchema,
  ruleId: LocalIdSchema,
  ruleVersion: z.number().int(),
  advertiserId: TikTokIdSchema,
  level: LevelSchema,
  entityId: TikTokIdSchema,
  entityName: z.string().nullable(),
  evaluatedAt: IsoDateTimeSchema,
  /** Every metric the rule read for the entity, keyed "metric" or "metric@window". */
  values: z.record(z.string(), z.number().nullable()),
  conditions: z.array(ConditionResultSchema),
  matched: z.boolean(),
  outcome: EvaluationOutcomeSchema,
  /** A sentence for the buyer: what was done, or why nothing was. */
  reason: z.string(),
  /** The change made or proposed. */
  change: z
    .object({
      field: z.string(),
      before: FieldValueSchema.nullable(),
      after: FieldValueSchema.nullable(),
    })
    .nullable(),
  planId: LocalIdSchema.nullable(),
  jobId: LocalIdSchema.nullable(),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const RUN_STATUSES = ['running', 'done', 'failed', 'skipped'] as const;

export const RuleRunSchema = z.object({
  runId: LocalIdSchema,
  ruleId: LocalIdSchema,
  ruleName: z.string(),
  ruleVersion: z.number().int(),
  /** The schedule slot it ran for ("2026-12-06T10:15" in the first account's time zone), or "manual". */
  slot: z.string(),
  trigger: z.enum(['schedule', 'catch_up', 'manual', 'undo']),
  startedAt: IsoDateTimeSchema,
  finishedAt: IsoDateTimeSchema.nullable(),
  status: z.enum(RUN_STATUSES),
  /** Why a run failed or was skipped (TikTok refused the token, rules switched off…). */
  message: z.string().nullable(),
  evaluated: z.number().int().min(0),
  matched: z.number().int().min(0),
  acted: z.number().int().min(0),
  needsApproval: z.number().int().min(0),
  /** The bulk-edit jobs the run started (one per ad account with changes). */
  jobIds: z.array(LocalIdSchema),
  /** When the run's changes are to be undone ("until"), if they are. */
  undoAt: IsoDateTimeSchema.nullable(),
  /** When its changes were undone ("until", or a person's Undo); set by the run log only. */
  undoneAt: IsoDateTimeSchema.nullable(),
});
export type RuleRun = z.infer<typeof RuleRunSchema>;

/** A rule as listed: with its last run's outcome. */
export const RuleViewSchema = RuleSchema.extend({
  lastRun: RuleRunSchema.nullable(),
  nextRunAt: IsoDateTimeSchema.nullable(),
});
export type RuleView = z.infer<typeof RuleViewSchema>;

// Webhook deliveries -------------------------------------------------------------------------

export const WEBHOOK_EVENTS = ['action', 'approval_needed', 'failure'] as const;
export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** One notification and what became of it (rules/webhook-notifier.ts). */
export const WebhookDeliverySchema = z.object({
  id: z.string(),
  event: WebhookEventSchema,
  ruleId: z.string(),
  ruleName: z.string(),
  /** "https://hooks.slack.com": scheme and host only (the rest of the address is a secret). */
  urlOrigin: z.string().nullable(),
  /** The first 12 hex digits of the full URL's SHA-256, to tell configured URLs apart. */
  urlHash: z.string().nullable(),
  status: DeliveryStatusSchema,
  attempts: z.number().int().min(0),
  /** The latest failed attempt's error, or why the delivery was skipped. */
  lastError: z.string().nullable(),
  /** The receiver's latest HTTP status, if it answered. */
  responseStatus: z.number().int().nullable(),
  createdAt: IsoDateTimeSchema,
  /** When a pending delivery is tried next. */
  nextAttemptAt: IsoDateTimeSchema.nullable(),
  deliveredAt: IsoDateTimeSchema.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

// Routes -------------------------------------------------------------------------------------

const RuleParams = z.object({ ruleId: LocalIdSchema });
const RunParams = z.object({ runId: LocalIdSchema });

export const listRules = defineRoute({
  method: 'GET',
  path: '/api/rules',
  access: 'viewer',
  query: z.object({ advertiserId: TikTokIdSchema.optional() }),
  response: z.object({ rules: z.array(RuleViewSchema), settings: RulesSettingsSchema }),
});

export const getRule = defineRoute({
  method: 'GET',
  path: '/api/rules/:ruleId',
  access: 'viewer',
  params: RuleParams,
  response: RuleViewSchema,
});

/** Buyers on the accounts they use; admins on any. */
export const createRule = defineRoute({
  method: 'POST',
  path: '/api/rules',
  access: 'buyer',
  body: RuleInputSchema,
  response: RuleViewSchema,
});

export const updateRule = defineRoute({
  method: 'PUT',
  path: '/api/rules/:ruleId',
  access: 'buyer',
  params: RuleParams,
  body: RuleInputSchema,
  response: RuleViewSchema,
});

export const deleteRule = defineRoute({
  method: 'DELETE',
  path: '/api/rules/:ruleId',
  access: 'buyer',
  params: RuleParams,
  response: z.object({ deleted: z.literal(true) }),
});

/** Evaluate a rule (saved or not) now, with no TikTok write: what it would do to each entity. */
export const previewRule = defineRoute({
  method: 'POST',
  path: '/api/rules/preview',
  access: 'viewer',
  body: RuleInputSchema,
  response: z.object({
    evaluatedAt: IsoDateTimeSchema,
    evaluations: z.array(EvaluationSchema.omit({ runId: true, ruleId: true })),
    /** Accounts that could not be read, with the reason. */
    problems: z.array(z.object({ advertiserId: TikTokIdSchema, message: z.string() })),
    /** Entities beyond the rule's limit that were left out. */
    truncated: z.boolean(),
  }),
});

/** Run a saved rule now, outside its schedule (it acts, like a scheduled run). */
export const runRuleNow = defineRoute({
  method: 'POST',
  path: '/api/rules/:ruleId/run',
  access: 'buyer',
  params: RuleParams,
  response: RuleRunSchema,
});

export const listRuleRuns = defineRoute({
  method: 'GET',
  path: '/api/rules/:ruleId/runs',
  access: 'viewer',
  params: RuleParams,
  query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
  response: z.object({ runs: z.array(RuleRunSchema) }),
});

/** The run log: searchable by rule, entity, run and outcome, newest first. */
export const searchEvaluations = defineRoute({
  method: 'GET',
  path: '/api/rules/log',
  access: 'viewer',
  query: z.object({
    ruleId: LocalIdSchema.optional(),
    runId: LocalIdSchema.optional(),
    entityId: TikTokIdSchema.optional(),
    advertiserId: TikTokIdSchema.optional(),
    outcome: EvaluationOutcomeSchema.optional(),
    /** Only evaluations that acted or tried to: done, needs approval, failed, notified. */
    actedOnly: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    /** Where the previous page ended: its `nextCursor`, passed back as it came. */
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  response: z.object({
    evaluations: z.array(EvaluationSchema),
    /** The next page's `cursor`; null when this page is the last (or the server predates it). */
    nextCursor: z.string().nullable().default(null),
  }),
});

/** Undo a run's changes now (its jobs, through bulk-edit undo). */
export const undoRuleRun = defineRoute({
  method: 'POST',
  path: '/api/rules/runs/:runId/undo',
  access: 'buyer',
  params: RunParams,
  response: RuleRunSchema,
});

export const getRulesSettings = defineRoute({
  method: 'GET',
  path: '/api/rules/settings',
  access: 'viewer',
  response: RulesSettingsSchema,
});

/** The global off switch: no rule or scheduled change runs while paused. */
export const setRulesSettings = defineRoute({
  method: 'PUT',
  path: '/api/rules/settings',
  access: 'admin',
  body: z.object({ paused: z.boolean() }),
  response: RulesSettingsSchema,
});

/** What a rule did to an entity lately (the overlays' mark and card). */
export const RecentRuleActionSchema = z.object({
  entityId: TikTokIdSchema,
  ruleId: LocalIdSchema,
  ruleName: z.string(),
  at: IsoDateTimeSchema,
  outcome: EvaluationOutcomeSchema,
  reason: z.string(),
  change: EvaluationSchema.shape.change,
});
export type RecentRuleAction = z.infer<typeof RecentRuleActionSchema>;

/** Recent rule actions on these entities, for the overlays' marks. */
export const recentRuleActions = defineRoute({
  method: 'GET',
  path: '/api/ad-accounts/:advertiserId/rule-actions',
  access: 'viewer',
  params: z.object({ advertiserId: TikTokIdSchema }),
  query: z.object({ hours: z.coerce.number().int().min(1).max(168).default(24) }),
  response: z.object({ actions: z.array(RecentRuleActionSchema) }),
});

/** The notifications sent (or not) and why: for admins setting up a webhook. */
export const listWebhookDeliveries = defineRoute({
  method: 'GET',
  path: '/api/rules/webhook-deliveries',
  access: 'admin',
  query: z.object({
    ruleId: LocalIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  response: z.object({ deliveries: z.array(WebhookDeliverySchema) }),
});
