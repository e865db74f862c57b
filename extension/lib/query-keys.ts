import type { Level } from '../../companion-server/src/contract/ads-manager';
import type { EvaluationOutcome, RuleInput } from '../../companion-server/src/contract/rules';

/**
 * Every cache key of the extension's pages (React Query) and of the Ads Manager overlay (its
 * resource cache): one function per companion-server route, named as the route is in
 * api-routes.ts, and per value kept in the extension. A route asked for with the same
 * parameters has the same key wherever it is asked for (the overlay, the side panel, the
 * dashboard, the popup): one answer serves every view sharing a cache, and never sits there
 * twice under two names. Keys hold plain values from the general to the particular (what,
 * ad account, level, range), so that a shorter key names everything under it when it is
 * invalidated, in React Query and in the overlay's cache alike.
 */

/** The `levelMetrics` route's query: the figures of a level over a range. */
export type LevelMetricsQuery = {
  level: Level;
  start: string;
  end: string;
  compare?: 'previous';
};

/** The `searchEvaluations` route's query: a run log's filters (older pages by `nextCursor`). */
export type EvaluationLogQuery = {
  ruleId?: string;
  runId?: string;
  entityId?: string;
  advertiserId?: string;
  outcome?: EvaluationOutcome;
  actedOnly?: 'true';
  limit: number;
};

/** The jobs followed while they run (use-polled-job.ts): bulk edits, creations, CSV exports. */
export type JobKind = 'bulkJob' | 'createJob' | 'exportJob';

export const queryKeys = {
  me: () => ['me'],
  listAdAccounts: () => ['adAccounts'],
  listConnections: () => ['connections'],
  latestExtension: () => ['latestExtension'],
  oauthAttempt: (attemptId: string) => ['oauthAttempt', attemptId],
  getLayoutHints: () => ['layoutHints'],
  getGuardrails: () => ['guardrails'],
  listJobs: (advertiserId: string) => ['bulkJobs', advertiserId],
  listEntities: (advertiserId: string, level: Level) => ['entities', advertiserId, level],
  levelMetrics: (advertiserId: string, query: LevelMetricsQuery) => [
    'metrics',
    advertiserId,
    query.level,
    query.start,
    query.end,
    query.compare ?? 'none',
  ],
  /** `range` is null while there is none yet to ask for. */
  reportOverview: (advertiserIds: string, range: { start: string; end: string } | null) => [
    'reportOverview',
    advertiserIds,
    range?.start ?? null,
    range?.end ?? null,
  ],
  /** Null: every ad account's rules. */
  listRules: (advertiserId: string | null) => ['rules', 'list', advertiserId ?? 'all'],
  recentRuleActions: (advertiserId: string) => ['rules', 'actions', advertiserId],
  getRule: (ruleId: string) => ['rules', 'rule', ruleId],
  listRuleRuns: (ruleId: string, limit: number) => ['rules', 'runs', ruleId, limit],
  /** Older pages of the same log share the key (an infinite query, by cursor). */
  searchEvaluations: (query: EvaluationLogQuery) => ['rules', 'log', query],
  /** Apart from 'rules': saving a rule does not change what a draft would do now. */
  previewRule: (input: RuleInput) => ['rulePreview', input],
  /** getJob, getCreateJob or getExport, by the kind of job. */
  job: (kind: JobKind, jobId: string) => [kind, jobId],
  /**
   * What a bulk edit or creation in an ad account can change, at one level or all: the
   * entities and their figures (keys to invalidate, each naming everything under it).
   */
  changedByJobs: (advertiserId: string, level?: Level) =>
    ['entities', 'metrics'].map((what) =>
      level === undefined ? [what, advertiserId] : [what, advertiserId, level],
    ),
  /**
   * What saving, switching, running or undoing a rule or a scheduled change can change:
   * every list of them, each one, its runs, log or firings, and the settings listed with them
   * (the bulk jobs they started are changedByJobs' concern).
   */
  changedByRules: () => [['rules']],
  // Not routes: what the background or the extension's storage answers.
  status: () => ['status'],
  serverUrl: () => ['serverUrl'],
  preferences: () => ['preferences'],
  followedTab: () => ['followedTab'],
  installType: () => ['installType'],
} satisfies Record<string, (...args: never[]) => unknown[]>;

/**
 * The scheduled changes' keys, by the same rules. Apart from `queryKeys` only so that the
 * Ads Manager content script, which imports `queryKeys` and never shows a scheduled change,
 * does not carry them: its bundle is at its size budget, and an export it does not import is
 * left out of it. Under 'rules', as the admins' switch for rules holds scheduled changes too:
 * `queryKeys.changedByRules()` names them with the rest.
 */
export const scheduledChangeKeys = {
  /** Null: every ad account's. */
  listScheduledChanges: (advertiserId: string | null) => [
    'rules',
    'changes',
    advertiserId ?? 'all',
  ],
  getScheduledChange: (changeId: string) => ['rules', 'change', changeId],
  listFirings: (changeId: string, limit: number) => ['rules', 'firings', changeId, limit],
} satisfies Record<string, (...args: never[]) => unknown[]>;

/** The rules' notifications and what became of them (admins), apart from `queryKeys` too. */
export const webhookDeliveryKeys = {
  listWebhookDeliveries: (limit: number) => ['rules', 'webhookDeliveries', limit],
} satisfies Record<string, (...args: never[]) => unknown[]>;

/**
 * The side panel's tracking check, apart from `queryKeys` for the same reason as the
 * scheduled changes' keys: the Ads Manager content script never shows it.
 */
export const trackingKeys = {
  trackingCheck: (advertiserId: string) => ['trackingCheck', advertiserId],
  /** The orders settings: the tracking template the bulk-edit drawer offers. */
  ordersSettings: () => ['ordersSettings'],
} satisfies Record<string, (...args: never[]) => unknown[]>;
