/**
 * The fewest Marketing API calls one cycle of automated rules can cost under TikTok's own
 * rules (shared/reference/tiktok-marketing-api.md), whatever an implementation does: the
 * reads that give every rule its figures, and the writes of the changes the cycle made, each
 * at the largest page or batch TikTok's endpoints take. Like fewest-calls.ts (whose limits it
 * shares) it is a floor worked out from TikTok's rules, never from what the server did.
 *
 *   reads  = Σ (ad account, level) some rule looks at        ⌈entities ÷ 1,000⌉   <level>/get/
 *          + Σ (ad account, level, window) some rule reads   ⌈rows ÷ 1,000⌉       report/integrated/get/
 *          + Σ of those windows some rule reads frequency in ⌈rows ÷ 1,000⌉       report/integrated/get/
 *          + today's (lifetime) spend of changed daily (lifetime) budgets, when no rule reads
 *            that window at that level already (TikTok's 105% rule)
 *          + the parent campaigns of changed ad-group budgets and bids, when no rule lists the
 *            account's campaigns already (budget optimization, bid below the campaign budget)
 *   writes = Σ (ad account, level) ⌈pauses ÷ 20⌉ + ⌈enables ÷ 20⌉ + daily budgets + bids
 *          + ⌈lifetime ad-group budgets ÷ 20⌉                    (one call each where no batch exists)
 *
 * Every read is at least one call, even of an empty list or report. Why one report per
 * window: a window's totals cannot be derived from another window's totals (the last 3 days
 * are not a share of the last 14). A daily breakdown (stat_time_day) could serve several
 * windows from one report, but it has a row per entity and day: for 1,000 ad groups and a
 * 14-day window that is 14 pages against one page per window; it only pays at levels with
 * few entities (10 campaigns), which the benchmark's rules barely use. Lifetime is its own
 * report (query_lifetime), with no dates to break down.
 *
 * Why frequency is its own report: it is not additive (people reached are counted once over
 * the window), so no breakdown gives it, and the issue counts it apart. TikTok would accept
 * it in the same metrics list as the window's other figures, one call less per such window;
 * `frequencyReports` says how many that is, so a reader can take the stricter floor.
 *
 * Deliberately not counted, as in fewest-calls.ts: reading the changed rows again before
 * writing (the planner's guard against changes made since the cycle read them), the
 * account's currency and time zone (known since the connection was made), and retries.
 * The writes merge every rule's changes of one account and level into the fewest batches,
 * which TikTok allows even though each rule's run is its own job.
 */
import { type CallCount, type FewestCalls, type Level, TIKTOK_LIMITS } from './fewest-calls';

export interface RuleCycleFacts {
  /** Each (ad account, level) some rule looks at, with TikTok's count of its entities (not deleted). */
  lists: ReadonlyArray<{ advertiserId: string; level: Level; entities: number }>;
  /**
   * Each (ad account, level, window) some rule reads: `window` is the server's window key
   * ("today", "last_3d", "lifetime"…), `rows` the rows TikTok's report has (at most the
   * level's entities), `frequency` whether a rule reads frequency over it.
   */
  reports: ReadonlyArray<{
    advertiserId: string;
    level: Level;
    window: string;
    rows: number;
    frequency: boolean;
  }>;
  /** What the cycle changed at TikTok, per (ad account, level). */
  changes: ReadonlyArray<{
    advertiserId: string;
    level: Level;
    paused: number;
    enabled: number;
    dailyBudgets: number;
    lifetimeBudgets: number;
    bids: number;
    /** Distinct campaigns of the changed ad groups (read for ad-group budgets and bids). */
    parentCampaigns: number;
  }>;
}

export interface FewestRuleCycleCalls extends FewestCalls {
  /** Frequency reports in `reads`: the floor is this much lower if frequency rides along. */
  frequencyReports: number;
}

const ENTITY_READ: Record<Level, string> = {
  campaign: 'campaign/get/',
  adgroup: 'adgroup/get/',
  ad: 'ad/get/',
};
const STATUS_WRITE: Record<Level, string> = {
  campaign: 'campaign/status/update/',
  adgroup: 'adgroup/status/update/',
  ad: 'ad/status/update/',
};
const REPORT = 'report/integrated/get/';

/** Calls for `count` items at `size` a call; a read costs one call even when empty. */
function pages(count: number, size: number, atLeastOne: boolean): number {
  return Math.max(atLeastOne ? 1 : 0, Math.ceil(count / size));
}

/** Adds calls to a path's running count, keeping each reason once. */
function tally(into: Map<string, { calls: number; why: Set<string> }>, count: CallCount): void {
  if (count.calls === 0) return;
  const entry = into.get(count.path) ?? { calls: 0, why: new Set<string>() };
  entry.calls += count.calls;
  entry.why.add(count.why);
  into.set(count.path, entry);
}

function listOf(into: Map<string, { calls: number; why: Set<string> }>): CallCount[] {
  return [...into].map(([path, { calls, why }]) => ({ path, calls, why: [...why].join('; ') }));
}

export function fewestRuleCycleCalls(facts: RuleCycleFacts): FewestRuleCycleCalls {
  const { pageSize, idsPerFilter, idsPerStatusUpdate, budgetsPerBatchUpdate } = TIKTOK_LIMITS;
  const reads = new Map<string, { calls: number; why: Set<string> }>();
  const writes = new Map<string, { calls: number; why: Set<string> }>();
  const entities = new Map<string, number>();
  for (const list of facts.lists) {
    const key = `${list.advertiserId}|${list.level}`;
    if (entities.has(key)) continue;
    entities.set(key, list.entities);
    tally(reads, {
      path: ENTITY_READ[list.level],
      calls: pages(list.entities, pageSize, true),
      why: 'each (account, level) list once, 1,000 a page',
    });
  }
  const windows = new Set<string>();
  let frequencyReports = 0;
  for (const report of facts.reports) {
    const key = `${report.advertiserId}|${report.level}|${report.window}`;
    if (windows.has(key)) continue;
    windows.add(key);
    const calls = pages(report.rows, pageSize, true);
    tally(reads, {
      path: REPORT,
      calls,
      why: 'each (account, level, window) once, 1,000 rows a page',
    });
    if (report.frequency) {
      frequencyReports += calls;
      tally(reads, { path: REPORT, calls, why: 'frequency: its own report per window' });
    }
  }
  for (const change of facts.changes) {
    const { advertiserId, level } = change;
    const levelTotal = entities.get(`${advertiserId}|${level}`) ?? 0;
    // By id filter (100 a call) or the whole level (1,000 a page), whichever is fewer.
    const either = (ids: number, total: number) =>
      ids === 0 ? 0 : Math.min(pages(ids, idsPerFilter, true), pages(total, pageSize, true));
    for (const [count, window] of [
      [change.dailyBudgets, 'today'],
      [change.lifetimeBudgets, 'lifetime'],
    ] as const) {
      if (level === 'ad' || windows.has(`${advertiserId}|${level}|${window}`)) continue;
      tally(reads, {
        path: REPORT,
        calls: either(count, levelTotal),
        why: `${window === 'today' ? "today's" : 'lifetime'} spend of changed budgets (105% rule)`,
      });
    }
    const amounts = change.dailyBudgets + change.lifetimeBudgets + change.bids;
    const campaignsListed = entities.has(`${advertiserId}|campaign`);
    if (level === 'adgroup' && amounts > 0 && !campaignsListed) {
      tally(reads, {
        path: 'campaign/get/',
        calls: pages(change.parentCampaigns, idsPerFilter, true),
        why: 'parent campaigns of changed ad-group budgets and bids, 100 ids a call',
      });
    }
    tally(writes, {
      path: STATUS_WRITE[level],
      calls:
        pages(change.paused, idsPerStatusUpdate, false) +
        pages(change.enabled, idsPerStatusUpdate, false),
      why: 'pauses and enables, 20 a call',
    });
    if (level === 'campaign') {
      tally(writes, {
        path: 'campaign/update/',
        calls: change.dailyBudgets + change.lifetimeBudgets,
        why: 'campaign budgets, one a call',
      });
    } else if (level === 'adgroup') {
      tally(writes, {
        path: 'adgroup/update/',
        calls: change.dailyBudgets + change.bids,
        why: 'daily budgets and bids, one a call (the only immediate route)',
      });
      tally(writes, {
        path: 'adgroup/budget/update/',
        calls: pages(change.lifetimeBudgets, budgetsPerBatchUpdate, false),
        why: 'lifetime budgets, 20 a call',
      });
    }
  }
  const readList = listOf(reads);
  const writeList = listOf(writes);
  const total = [...readList, ...writeList].reduce((sum, count) => sum + count.calls, 0);
  return { reads: readList, writes: writeList, total, frequencyReports };
}
