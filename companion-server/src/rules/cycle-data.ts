import { setImmediate as nextTurn } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { LevelMetricsService } from '../ads-manager/metrics-service';
import type { ConnectionService } from '../connections/connection-service';
import type { Level, MetricValues } from '../contract/ads-manager';
import type { AdAccountView } from '../contract/connections';
import type { RuleWindow } from '../contract/rules';
import { explainTikTokFailure } from '../errors';
import { type ThrottleBackoff, waitOutThrottling } from '../jobs/throttle-wait';
import { type IsoDate, zonedDate } from '../lib/time-zone';
import type { AdGroup } from '../marketing-api/ad-groups';
import type { Ad } from '../marketing-api/ads';
import type { Campaign } from '../marketing-api/campaigns';
import type { MarketingApiClient } from '../marketing-api/client';
import { isMarketingApiError, type MarketingApiError } from '../marketing-api/errors';
import { DATA_LEVEL_OF } from '../marketing-api/reports';
import type { BaymeFigures, OrderFigures } from '../orders/order-figures';
import { figuresOf, REPORT_METRICS } from '../reporting/report-figures';
import { windowKey, windowRange } from './rule-windows';

/**
 * What one cycle of rules reads from TikTok, read once however many rules need it: each
 * (ad account, level) entity list, and each (ad account, level, window) report. Date-range
 * reports go through the overlays' metrics service, so a report an overlay or the dashboard
 * fetched a moment ago costs nothing, and one the cycle fetches serves the next page view.
 * Reads run under the caller's call budget (the rule runner's `jobs` class), so a cycle never
 * slows down a person on screen.
 *
 * A cycle also keeps to a few reads at once (`readsAtOnce`, default 3). Its reads are whole
 * reports of up to 1,000 rows, which TikTok takes a while to answer, and the shared limiter
 * counts a call against the tier's second until it is answered: ten of them at once filled
 * the second, and a person opening a view waited for one to end (650 ms, bench:rules). Three
 * at once leave the tier room for that person, and the cycle stays far inside its minute.
 * (One at a time made no difference in bench:rules, where the Basic tier bounds the cycle,
 * but would put TikTok's latency of every report end to end in a cycle of many accounts.)
 * Before each read, and between slices of judging (`turn`), a cycle also steps aside while
 * people's requests are being served (lib/people-waiting.ts).
 *
 * A read TikTok still throttles after the transport's retries (a few seconds) is waited out,
 * as jobs wait out theirs (jobs/throttle-wait.ts), but for at most about a minute and a half:
 * throttling goes away, and a cycle that gave up would leave its rules unrun until the next.
 */

export interface EntityFacts {
  id: string;
  name: string;
  status: 'ENABLE' | 'DISABLE' | 'DELETE';
  /** For a campaign its own id; for ad groups and ads their campaign's. */
  campaignId: string | null;
  /** A daily or lifetime budget of its own; null under campaign budget optimization or for ads. */
  budget: number | null;
  budgetMode: string | null;
  /** A custom bid (the field TikTok keeps it in depends on the billing event). */
  bid: number | null;
  bidField: 'bid_price' | 'conversion_bid_price';
  createdAt: number;
  modifiedAt: number;
}

/** One entity's figures over one window; null where TikTok has no value (no delivery). */
export interface WindowFigures extends MetricValues {
  cpm: number | null;
  frequency: number | null;
}

export interface CycleDataDeps {
  connections: ConnectionService;
  marketingApi: MarketingApiClient;
  levelMetrics: LevelMetricsService;
  /** Bayme's own orders (the `bayme_*` metrics); null when the server keeps none. */
  orderFigures?: OrderFigures | null;
  now: () => Date;
  /** TikTok reads (lists, reports, each with its pages) under way at once (default 3). */
  readsAtOnce?: number;
  /** How a throttled read waits (default CYCLE_THROTTLE_BACKOFF). */
  throttleBackoff?: ThrottleBackoff;
  /**
   * Resolves when the cycle may go on: after people's requests being served (the server's
   * PeopleWaiting), or on the next turn of the event loop (the default).
   */
  stepAside?: () => Promise<void>;
}

/** 2 s, 4 s, … 30 s: about 90 s of throttling on one read before the cycle gives it up. */
export const CYCLE_THROTTLE_BACKOFF: ThrottleBackoff = {
  firstWaitMs: 2_000,
  maxWaitMs: 30_000,
  maxWaits: 6,
};

/** A cycle's reads are never cancelled: their waits run to their end. */
const NEVER_ABORTED = new AbortController().signal;

/** TikTok's throttling behind an error, also when a service explained it (its cause). */
function throttleBehind(error: unknown): MarketingApiError | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (isMarketingApiError(e)) return e.isThrottle ? e : null;
  }
  return null;
}

/** TikTok's entity times are UTC "YYYY-MM-DD HH:MM:SS". */
function tiktokTime(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

function campaignFacts(c: Campaign): EntityFacts {
  return {
    id: c.campaign_id,
    name: c.campaign_name,
    status: c.operation_status,
    campaignId: c.campaign_id,
    budget: c.budget_mode === 'BUDGET_MODE_INFINITE' ? null : c.budget,
    budgetMode: c.budget_mode,
    bid: null,
    bidField: 'bid_price',
    createdAt: tiktokTime(c.create_time),
    modifiedAt: tiktokTime(c.modify_time),
  };
}

function adGroupFacts(g: AdGroup): EntityFacts {
  // Under campaign budget optimization TikTok reports an unlimited mode with 0: no budget here.
  const noBudget = g.budget_mode === 'BUDGET_MODE_INFINITE';
  const bidField = g.billing_event === 'OCPM' ? 'conversion_bid_price' : 'bid_price';
  const bid = bidField === 'bid_price' ? g.bid_price : g.conversion_bid_price;
  return {
    id: g.adgroup_id,
    name: g.adgroup_name,
    status: g.operation_status,
    campaignId: g.campaign_id,
    budget: noBudget ? null : g.budget,
    budgetMode: g.budget_mode,
    bid: g.bid_type === 'BID_TYPE_CUSTOM' && bid !== undefined && bid > 0 ? bid : null,
    bidField,
    createdAt: tiktokTime(g.create_time),
    modifiedAt: tiktokTime(g.modify_time),
  };
}

function adFacts(a: Ad): EntityFacts {
  return {
    id: a.ad_id,
    name: a.ad_name,
    status: a.operation_status,
    campaignId: a.campaign_id,
    budget: null,
    budgetMode: null,
    bid: null,
    bidField: 'bid_price',
    createdAt: tiktokTime(a.create_time),
    modifiedAt: tiktokTime(a.modify_time),
  };
}

function metricOrNull(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '-' || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export class CycleData {
  readonly #deps: CycleDataDeps;
  readonly #entities = new Map<string, Promise<EntityFacts[]>>();
  readonly #figures = new Map<string, Promise<Map<string, WindowFigures>>>();
  readonly #frequencies = new Map<string, Promise<Map<string, number | null>>>();
  readonly #bayme = new Map<string, Promise<Map<string, BaymeFigures> | null>>();
  /** A read within the cycle's few at once, waiting out TikTok's throttling. */
  readonly #reads: <T>(read: () => Promise<T>) => Promise<T>;

  constructor(deps: CycleDataDeps) {
    this.#deps = deps;
    const limit = pLimit(deps.readsAtOnce ?? 3);
    this.#reads = (read) =>
      limit(async () => {
        await this.turn();
        return this.#waitingOutThrottle(read);
      });
  }

  /**
   * Where a cycle hands the event loop back: before each TikTok read and between slices of
   * judging, it waits while people's requests are served (deps.stepAside).
   */
  turn(): Promise<void> {
    return this.#deps.stepAside ? this.#deps.stepAside() : nextTurn();
  }

  /**
   * The read, and again after a growing wait while TikTok throttles it; when it gives up,
   * the read's own error (explained by its service) is what the rule's log shows.
   */
  async #waitingOutThrottle<T>(read: () => Promise<T>): Promise<T> {
    let last: unknown = null;
    try {
      return await waitOutThrottling(
        async () => {
          try {
            return await read();
          } catch (error) {
            last = error;
            throw throttleBehind(error) ?? error;
          }
        },
        {
          backoff: this.#deps.throttleBackoff ?? CYCLE_THROTTLE_BACKOFF,
          signal: NEVER_ABORTED,
          onWait: () => undefined,
          onSuccess: () => undefined,
        },
      );
    } catch (error) {
      throw last ?? error;
    }
  }

  /** The connected ad account (its currency and time zone); throws when it is not connected. */
  account(advertiserId: string): AdAccountView {
    return this.#deps.connections.adAccount(advertiserId);
  }

  /** Today in the ad account's time zone. */
  today(advertiserId: string): IsoDate {
    return zonedDate(this.#deps.now().getTime(), this.account(advertiserId).timezone);
  }

  /** Every entity of the level in the account (deleted ones left out by TikTok's default). */
  entities(advertiserId: string, level: Level): Promise<EntityFacts[]> {
    const key = `${advertiserId}|${level}`;
    let found = this.#entities.get(key);
    if (!found) {
      found = this.#listEntities(advertiserId, level);
      this.#entities.set(key, found);
    }
    return found;
  }

  /** The level's figures over the window, by entity id (entities without delivery absent). */
  figures(
    advertiserId: string,
    level: Level,
    window: RuleWindow,
    options: { frequency: boolean },
  ): Promise<Map<string, WindowFigures>> {
    const key = `${advertiserId}|${level}|${windowKey(window)}|${options.frequency}`;
    let found = this.#figures.get(key);
    if (!found) {
      found = this.#readFigures(advertiserId, level, window, options.frequency);
      this.#figures.set(key, found);
    }
    return found;
  }

  /**
   * Bayme's figures of every entity of the level over the window, by id, in the account's
   * zone and currency (entities without orders get zeros); null when the server keeps no
   * orders or has none yet. Lifetime runs from the day the level's oldest entity was created: no order can be
   * attributed to an entity before it existed. Read from the local order store, once a cycle.
   */
  baymeFigures(
    advertiserId: string,
    level: Level,
    window: RuleWindow,
  ): Promise<Map<string, BaymeFigures> | null> {
    const key = `${advertiserId}|${level}|${windowKey(window)}`;
    let found = this.#bayme.get(key);
    if (!found) {
      found = this.#readBayme(advertiserId, level, window);
      this.#bayme.set(key, found);
    }
    return found;
  }

  async #readBayme(
    advertiserId: string,
    level: Level,
    window: RuleWindow,
  ): Promise<Map<string, BaymeFigures> | null> {
    const orderFigures = this.#deps.orderFigures;
    // A server that has never received an order has no figures, not zeros: a rule on
    // "Bayme revenue below 10" must not see every ad as earning nothing.
    if (!orderFigures || orderFigures.latestOrderAt() === null) return null;
    const account = this.account(advertiserId);
    const entities = await this.entities(advertiserId, level);
    const today = this.today(advertiserId);
    const range = windowRange(window, today);
    const oldest = entities.reduce(
      (min, entity) => (Number.isFinite(entity.createdAt) ? Math.min(min, entity.createdAt) : min),
      this.#deps.now().getTime(),
    );
    const figures = orderFigures.forEntities({
      level,
      entityIds: entities.map((entity) => entity.id),
      start: range === 'lifetime' ? zonedDate(oldest, account.timezone) : range.start,
      end: range === 'lifetime' ? today : range.end,
      timeZone: account.timezone,
      currency: account.currency,
    });
    return new Map([...figures].map(([id, entity]) => [id, entity.totals]));
  }

  async #listEntities(advertiserId: string, level: Level): Promise<EntityFacts[]> {
    const { connections, marketingApi: api } = this.#deps;
    try {
      return await this.#reads(() =>
        connections.withAdvertiserToken(advertiserId, async (token) => {
          switch (level) {
            case 'campaign':
              return (await api.campaigns.list(token, { advertiserId })).map(campaignFacts);
            case 'adgroup':
              return (await api.adGroups.list(token, { advertiserId })).map(adGroupFacts);
            case 'ad':
              return (await api.ads.list(token, { advertiserId })).map(adFacts);
          }
        }),
      );
    } catch (error) {
      throw explainTikTokFailure(error, advertiserId, `the ${level} list`);
    }
  }

  async #readFigures(
    advertiserId: string,
    level: Level,
    window: RuleWindow,
    withFrequency: boolean,
  ): Promise<Map<string, WindowFigures>> {
    const range = windowRange(window, this.today(advertiserId));
    const [values, frequencies] = await Promise.all([
      range === 'lifetime'
        ? this.#lifetimeValues(advertiserId, level)
        : this.#reads(() => this.#deps.levelMetrics.get(advertiserId, level, range)).then(
            (metrics) => new Map(metrics.rows.map((row) => [row.id, row.current])),
          ),
      withFrequency ? this.#frequency(advertiserId, level, window) : null,
    ]);
    const figures = new Map<string, WindowFigures>();
    for (const [id, v] of values) {
      figures.set(id, {
        ...v,
        // CPM from the same report's spend and impressions: one metric less to ask TikTok for.
        cpm:
          v.spend !== null && v.impressions !== null && v.impressions > 0
            ? (v.spend / v.impressions) * 1_000
            : null,
        frequency: frequencies?.get(id) ?? null,
      });
    }
    return figures;
  }

  /** Lifetime totals: not a date range, so not the overlays' report; read once per cycle. */
  async #lifetimeValues(advertiserId: string, level: Level): Promise<Map<string, MetricValues>> {
    const idField = `${level}_id`;
    const result = await this.#report(advertiserId, level, 'lifetime', [...REPORT_METRICS]);
    const values = new Map<string, MetricValues>();
    for (const row of result) {
      const id = row.dimensions[idField];
      if (id !== undefined) values.set(id, figuresOf(row.metrics).values);
    }
    return values;
  }

  /**
   * Frequency (impressions per person reached) cannot be worked out from the overlays'
   * figures: TikTok reports it per entity and window, so it is one more report, read only for
   * the windows of rules that use it.
   */
  #frequency(
    advertiserId: string,
    level: Level,
    window: RuleWindow,
  ): Promise<Map<string, number | null>> {
    const key = `${advertiserId}|${level}|${windowKey(window)}`;
    let found = this.#frequencies.get(key);
    if (!found) {
      const range = windowRange(window, this.today(advertiserId));
      const idField = `${level}_id`;
      found = this.#report(
        advertiserId,
        level,
        range === 'lifetime' ? 'lifetime' : { startDate: range.start, endDate: range.end },
        ['frequency'],
      ).then(
        (rows) =>
          new Map(
            rows.flatMap((row) => {
              const id = row.dimensions[idField];
              return id === undefined ? [] : [[id, metricOrNull(row.metrics.frequency)]];
            }),
          ),
      );
      this.#frequencies.set(key, found);
    }
    return found;
  }

  async #report(
    advertiserId: string,
    level: Level,
    range: { startDate: string; endDate: string } | 'lifetime',
    metrics: string[],
  ) {
    const { connections, marketingApi } = this.#deps;
    try {
      return await this.#reads(() =>
        connections.withAdvertiserToken(advertiserId, async (token) => {
          const result = await marketingApi.reports.integrated(token, {
            advertiserId,
            dataLevel: DATA_LEVEL_OF[level],
            dimensions: [`${level}_id`],
            metrics,
            range,
          });
          return result.rows;
        }),
      );
    } catch (error) {
      throw explainTikTokFailure(error, advertiserId, `the ${level} report`);
    }
  }
}
