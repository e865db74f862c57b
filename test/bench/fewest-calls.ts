/**
 * The fewest Marketing API calls a bulk edit can cost under TikTok's own rules
 * (shared/reference/tiktok-marketing-api.md), whatever an implementation does: the reads a
 * preview needs to say what will happen to each row, and the writes that make the changes,
 * each at the largest batch or page TikTok's endpoints take. It is the benchmarks' floor, so
 * it states TikTok's limits itself instead of importing the server's: a floor that followed
 * the implementation could not show where the implementation spends more than it must.
 *
 * Deliberately not counted: reading the rows again before writing (the server's guard against
 * changes made meanwhile, not TikTok's requirement), the account's currency and time zone
 * (known since the connection was made), and retries.
 */

export const TIKTOK_LIMITS = {
  /**
   * Largest page_size of campaign/get, adgroup/get and report/integrated/get (§2, confirmed
   * by the docs). For ad/get only the official SDK says 1,000; the doc was not read. Ads are
   * not benchmarked, so the uncertain reading changes no figure printed.
   */
  pageSize: 1000,
  /** campaign_ids, adgroup_ids or ad_ids in one filter of the get and report endpoints (§4, §7.1). */
  idsPerFilter: 100,
  /** Ids in one campaign/, adgroup/ or ad/status/update/ call (§5). */
  idsPerStatusUpdate: 20,
  /** Items in the `budget` array of one adgroup/budget/update/ call (§5). */
  budgetsPerBatchUpdate: 20,
} as const;

export type Level = 'campaign' | 'adgroup' | 'ad';
export type EditKind = 'budget' | 'status' | 'bid';

/** What the floor depends on: the edit, and the account as TikTok holds it before. */
export interface BulkEditFacts {
  level: Level;
  kind: EditKind;
  /** Rows selected: the ids the preview must read. */
  selected: number;
  /** Entities of the level in the account, deleted ones included (a whole-level read pages through them). */
  levelTotal: number;
  /** Distinct campaigns of the selected ad groups (read for ad-group budgets and bids). */
  parentCampaigns: number;
  /** Campaigns in the account, deleted ones included. */
  campaignTotal: number;
  /** Rows whose value TikTok must change. */
  changes: number;
  /** Of those, lifetime budgets (BUDGET_MODE_TOTAL); the rest of a budget edit is daily. */
  lifetimeChanges: number;
}

export interface CallCount {
  path: string;
  calls: number;
  /** How the count follows from TikTok's limits. */
  why: string;
}

export interface FewestCalls {
  reads: CallCount[];
  writes: CallCount[];
  total: number;
}

const ENTITY_READ: Record<Level, string> = {
  campaign: 'campaign/get/',
  adgroup: 'adgroup/get/',
  ad: 'ad/get/',
};

const PLURAL: Record<Level, string> = { campaign: 'campaigns', adgroup: 'ad groups', ad: 'ads' };

function groups(count: number, size: number): number {
  return Math.ceil(count / size);
}

/**
 * Reading `ids` entities of a level: by id filter (100 a call), or the whole level (every
 * entity of the account, 1,000 a page), whichever takes fewer calls.
 */
function readEither(path: string, ids: number, total: number, what: string): CallCount {
  const byIds = groups(ids, TIKTOK_LIMITS.idsPerFilter);
  const whole = groups(total, TIKTOK_LIMITS.pageSize);
  return byIds <= whole
    ? { path, calls: byIds, why: `${ids} ${what} by id, 100 a call` }
    : { path, calls: whole, why: `all ${total} ${what} of the account, 1,000 a page` };
}

export function fewestBulkEditCalls(facts: BulkEditFacts): FewestCalls {
  const { level, kind, changes, lifetimeChanges } = facts;
  const reads: CallCount[] = [
    readEither(ENTITY_READ[level], facts.selected, facts.levelTotal, PLURAL[level]),
  ];
  // Under budget optimization the campaign owns the ad group's budget, and a bid must stay
  // below the campaign's budget (§5, §6): the ad group's own fields say neither.
  if (level === 'adgroup' && kind !== 'status') {
    reads.push(
      readEither('campaign/get/', facts.parentCampaigns, facts.campaignTotal, 'parent campaigns'),
    );
  }
  // A new budget must be at least 105% of the spend so far (§6): today's for daily budgets,
  // the lifetime's for lifetime ones, each one report. A raise needs it too: spend can already
  // be above the current budget. The report may be filtered by id (100 a call) or cover the
  // whole level (1,000 rows a page).
  const dailyChanges = changes - lifetimeChanges;
  if (kind === 'budget' && level !== 'ad') {
    for (const [rows, period] of [
      [dailyChanges, "today's spend"],
      [lifetimeChanges, 'lifetime spend'],
    ] as const) {
      if (rows === 0) continue;
      const read = readEither('report/integrated/get/', rows, facts.levelTotal, PLURAL[level]);
      reads.push({ ...read, why: `${period}: ${read.why}` });
    }
  }

  const writes: CallCount[] = [];
  if (kind === 'status') {
    writes.push({
      path: `${level}/status/update/`,
      calls: groups(changes, TIKTOK_LIMITS.idsPerStatusUpdate),
      why: `${changes} ${PLURAL[level]}, 20 a call`,
    });
  } else if (kind === 'bid') {
    writes.push({ path: 'adgroup/update/', calls: changes, why: `${changes} bids, one a call` });
  } else if (level === 'campaign') {
    writes.push({
      path: 'campaign/update/',
      calls: changes,
      why: `${changes} budgets, one a call: TikTok has no batch endpoint for campaign budgets`,
    });
  } else {
    // adgroup/budget/update/ takes 20 a call, but its `budget` array is for lifetime budgets;
    // daily budgets go in `scheduled_budget`, which applies from the next day (§5). The reading
    // that keeps a buyer's edit immediate is the safer one: daily budgets one call each through
    // adgroup/update/, the only documented immediate route.
    if (dailyChanges > 0) {
      writes.push({
        path: 'adgroup/update/',
        calls: dailyChanges,
        why: `${dailyChanges} daily budgets, one a call: the only immediate route`,
      });
    }
    if (lifetimeChanges > 0) {
      writes.push({
        path: 'adgroup/budget/update/',
        calls: groups(lifetimeChanges, TIKTOK_LIMITS.budgetsPerBatchUpdate),
        why: `${lifetimeChanges} lifetime budgets, 20 a call`,
      });
    }
  }
  const total = [...reads, ...writes].reduce((sum, count) => sum + count.calls, 0);
  return { reads, writes, total };
}
