import type { FastifyBaseLogger } from 'fastify';
import type { ConnectionService } from '../connections/connection-service';
import type { EntityMetrics, Level, LevelMetrics, MetricValues } from '../contract/ads-manager';
import type { AdAccountView } from '../contract/connections';
import { badRequest, explainTikTokFailure } from '../errors';
import {
  addDays,
  compareDates,
  type IsoDate,
  inclusiveDayCount,
  isIsoDate,
  zonedDate,
} from '../lib/time-zone';
import type { MarketingApiClient } from '../marketing-api/client';
import { REPORT_WINDOW_DAYS } from '../marketing-api/date-windows';
import { DATA_LEVEL_OF, type ReportResult } from '../marketing-api/reports';
import { baymeRoas, emptyFigures, hasOrders, type OrderFigures } from '../orders/order-figures';
import { figuresOf, REPORT_METRICS, ZERO_FIGURES } from '../reporting/report-figures';
import { ReportCache } from './report-cache';

/**
 * A level's figures for the Ads Manager overlays: one TikTok report for the range (a call per
 * 1,000 rows), shared through the report cache (report-cache.ts), however many rows the page
 * shows. The previous period of equal length is a second report, fetched (and cached the same
 * way) only when a comparison is asked for.
 *
 * Bayme's own figures (the shop's orders attributed to each row) are added on every request
 * from the order store, outside the cache: they cost a local query, and a buyer waiting for
 * an order to show should not wait for TikTok's report to expire.
 *
 * The error wording is shared with the entities service (entities-service.ts).
 */

/** Days in the ad account's time zone, both included. */
export type MetricsRange = LevelMetrics['range'];

/** TikTok totals at most this many days in one report without a time dimension. */
export const MAX_RANGE_DAYS = REPORT_WINDOW_DAYS.none;

export interface ResolvedRange {
  range: MetricsRange;
  previousRange: MetricsRange;
  includesToday: boolean;
}

/**
 * Check a requested range against today in the ad account's time zone, and find the previous
 * period: as many days, ending the day before the range starts. The range may end tomorrow,
 * not later: a browser ahead of the account's time zone is already there, but beyond that
 * TikTok has nothing to report.
 */
export function resolveMetricsRange(
  requested: MetricsRange,
  today: IsoDate,
  timeZone: string,
): ResolvedRange {
  const { start, end } = requested;
  for (const [field, date] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (!isIsoDate(date)) {
      throw badRequest(`${field} (${date}) is not a calendar date; send YYYY-MM-DD.`, 'bad_range');
    }
  }
  if (compareDates(start, end) > 0) {
    throw badRequest(
      `The range ends (${end}) before it starts (${start}); send the earlier date as start.`,
      'bad_range',
    );
  }
  const days = inclusiveDayCount(start, end);
  if (days > MAX_RANGE_DAYS) {
    throw badRequest(
      `The range ${start}..${end} is ${days} days; TikTok totals at most ${MAX_RANGE_DAYS} days in one report. Choose a shorter range.`,
      'bad_range',
    );
  }
  const tomorrow = addDays(today, 1);
  if (compareDates(end, tomorrow) > 0) {
    throw badRequest(
      `The range ends on ${end}, but today is ${today} in the ad account's time zone (${timeZone}); TikTok has no figures after ${tomorrow}. Choose a range that ends by then.`,
      'bad_range',
    );
  }
  return {
    range: { start, end },
    previousRange: { start: addDays(start, -days), end: addDays(start, -1) },
    includesToday: compareDates(end, today) >= 0,
  };
}

const LEVEL_NAME: Record<Level, string> = {
  campaign: 'campaign',
  adgroup: 'ad group',
  ad: 'ad',
};

interface PeriodRow {
  name: string | null;
  values: MetricValues;
}

interface PeriodReport {
  /** By entity id, in TikTok's order. */
  rows: Map<string, PeriodRow>;
  fetchedAt: Date;
}

/** Bayme's orders, for the rows' first-party figures. */
export interface MetricsOrders {
  figures: OrderFigures;
  /** Whether a shop is configured to send orders (with none stored yet, zeros mean "none yet"). */
  shopsConfigured: () => boolean;
  /**
   * The level's entities of the account (the side panel's list, kept 30 s): those with orders
   * but no delivery in the range get a row too. Absent, or failing: rows with delivery only.
   */
  entities?: (
    advertiserId: string,
    level: Level,
  ) => Promise<ReadonlyArray<{ id: string; name: string }>>;
}

export interface LevelMetricsServiceDeps {
  connections: ConnectionService;
  /** Null or absent: no Bayme figures (`bayme: null`). */
  orders?: MetricsOrders | null;
  marketingApi: MarketingApiClient;
  log: FastifyBaseLogger;
  now: () => Date;
  /** How long a fetched report is reused (report-cache.ts caps it for ranges including today). */
  cacheTtlMs: number;
  maxCacheEntries?: number;
}

export class LevelMetricsService {
  readonly #deps: LevelMetricsServiceDeps;
  readonly #reports: ReportCache<PeriodReport>;

  constructor(deps: LevelMetricsServiceDeps) {
    this.#deps = deps;
    this.#reports = new ReportCache({
      ttlMs: deps.cacheTtlMs,
      maxEntries: deps.maxCacheEntries,
      now: () => deps.now().getTime(),
    });
  }

  async get(
    advertiserId: string,
    level: Level,
    requested: MetricsRange,
    options: { compare: boolean } = { compare: false },
  ): Promise<LevelMetrics> {
    const account = this.#deps.connections.adAccount(advertiserId);
    const today = zonedDate(this.#deps.now().getTime(), account.timezone);
    const { range, previousRange, includesToday } = resolveMetricsRange(
      requested,
      today,
      account.timezone,
    );
    const [current, previous] = await Promise.all([
      this.#report(account, level, range, today),
      options.compare ? this.#report(account, level, previousRange, today) : null,
    ]);

    const ids = [...current.rows.keys()];
    for (const id of previous?.rows.keys() ?? []) if (!current.rows.has(id)) ids.push(id);
    const rows: EntityMetrics[] = ids.map((id) => {
      const now = current.rows.get(id);
      const before = previous?.rows.get(id);
      const row: EntityMetrics = {
        id,
        name: now?.name ?? before?.name ?? null,
        current: now?.values ?? ZERO_FIGURES.values,
      };
      if (previous) row.previous = before?.values ?? null;
      return row;
    });
    // TikTok answers "-" for ROAS on every row of an account that does not report purchase
    // value; with no row at all there is nothing to show either way.
    const reportsPurchaseValue = rows.some(
      (row) => row.current.roas !== null || (row.previous?.roas ?? null) !== null,
    );
    const bayme = await this.#addBaymeFigures(rows, account, level, range);

    return {
      advertiserId,
      level,
      currency: account.currency,
      timezone: account.timezone,
      range,
      previousRange,
      compared: previous !== null,
      // The range's report: its figures are the ones that grow, and a past period's is
      // often older (it is kept longer while the range includes today).
      fetchedAt: current.fetchedAt.toISOString(),
      includesToday,
      reportsPurchaseValue,
      bayme,
      rows,
    };
  }

  /**
   * Sets each row's Bayme figures over the range, in the account's zone and currency, and adds
   * a row (no delivery: no spend) for each of the level's entities with orders in the range
   * but no row of TikTok's — an ad paused since its clicks still brings orders. Returns the
   * level's part of the answer, or null when the server takes no orders (no shop configured
   * and none stored).
   */
  async #addBaymeFigures(
    rows: EntityMetrics[],
    account: AdAccountView,
    level: Level,
    range: MetricsRange,
  ): Promise<LevelMetrics['bayme']> {
    const orders = this.#deps.orders;
    const latestOrderAt = orders ? orders.figures.latestOrderAt() : null;
    if (!orders || (latestOrderAt === null && !orders.shopsConfigured())) {
      for (const row of rows) row.bayme = null;
      return null;
    }
    let listed: ReadonlyArray<{ id: string; name: string }> = [];
    try {
      listed = (await orders.entities?.(account.advertiserId, level)) ?? [];
    } catch (error) {
      // The rows with delivery still get their figures; the list is tried again next view.
      this.#deps.log.warn({ err: error }, 'entities for Bayme figures not listed');
    }
    const shown = new Set(rows.map((row) => row.id));
    const others = listed.filter((entity) => !shown.has(entity.id));
    const figures = orders.figures.forEntities({
      level,
      entityIds: [...rows.map((row) => row.id), ...others.map((entity) => entity.id)],
      start: range.start,
      end: range.end,
      timeZone: account.timezone,
      currency: account.currency,
    });
    for (const row of rows) {
      // Every id asked gets figures (zeros without orders).
      const totals = figures.get(row.id)?.totals ?? emptyFigures();
      row.bayme = { ...totals, roas: baymeRoas(totals, row.current.spend) };
    }
    const compared = rows.some((row) => row.previous !== undefined);
    for (const entity of others) {
      const totals = figures.get(entity.id)?.totals;
      if (!totals || !hasOrders(totals)) continue;
      const row: EntityMetrics = {
        id: entity.id,
        name: entity.name,
        current: ZERO_FIGURES.values,
        bayme: { ...totals, roas: null },
      };
      if (compared) row.previous = null;
      rows.push(row);
    }
    return { latestOrderAt };
  }

  #report(
    account: AdAccountView,
    level: Level,
    range: MetricsRange,
    today: IsoDate,
  ): Promise<PeriodReport> {
    const key = `${account.advertiserId}|${level}|${range.start}|${range.end}`;
    return this.#reports.get(account, key, { rangeEnd: range.end, today }, () =>
      this.#fetchReport(account.advertiserId, level, range),
    );
  }

  async #fetchReport(
    advertiserId: string,
    level: Level,
    range: MetricsRange,
  ): Promise<PeriodReport> {
    const idField = `${level}_id`;
    const nameField = `${level}_name`;
    const { connections, marketingApi } = this.#deps;
    let result: ReportResult;
    try {
      result = await connections.withAdvertiserToken(advertiserId, (accessToken) =>
        marketingApi.reports.integrated(accessToken, {
          advertiserId,
          dataLevel: DATA_LEVEL_OF[level],
          dimensions: [idField],
          metrics: [...REPORT_METRICS, nameField],
          range: { startDate: range.start, endDate: range.end },
        }),
      );
    } catch (error) {
      throw explainTikTokFailure(error, advertiserId, `the ${LEVEL_NAME[level]} report`);
    }
    if (result.truncated) {
      // TikTok's synchronous reports stop at 20,000 ads; the rest of the level is missing.
      this.#deps.log.warn(
        { advertiserId, level, range },
        'TikTok truncated the report at its 20,000-ad limit',
      );
    }
    const rows = new Map<string, PeriodRow>();
    for (const row of result.rows) {
      const id = row.dimensions[idField];
      if (id === undefined) continue;
      const { metrics } = row;
      const name = metrics[nameField];
      rows.set(id, {
        name: name === undefined || name === null || name === '-' ? null : name,
        values: figuresOf(metrics).values,
      });
    }
    return { rows, fetchedAt: this.#deps.now() };
  }
}
