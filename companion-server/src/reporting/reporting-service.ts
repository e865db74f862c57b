import type { FastifyBaseLogger } from 'fastify';
import { resolveMetricsRange } from '../ads-manager/metrics-service';
import { ReportCache } from '../ads-manager/report-cache';
import type { ConnectionService } from '../connections/connection-service';
import type { AdAccountView } from '../contract/connections';
import type { AccountOverview, CurrencyTotals, ExportQuery, Overview } from '../contract/reporting';
import { badRequest, explainTikTokFailure } from '../errors';
import { eachDate, zonedDate } from '../lib/time-zone';
import type { MarketingApiClient } from '../marketing-api/client';
import type { CallOptions } from '../marketing-api/context';
import { API_LIMITS, chunk } from '../marketing-api/limits';
import type { CallBudget } from '../marketing-api/rate-limiter';
import type { ReportFilters, ReportResult, ReportRow } from '../marketing-api/reports';
import { baymeValuesOf, figuresOfValues, sumBaymeFigures } from './bayme-figures';
import { type ExportBaymeReader, exportBaymeReader } from './export-bayme';
import { csvLines } from './export-csv';
import { type ExportPlan, type ExportRow, exportRowOf, planExport } from './export-plan';
import {
  type Figures,
  figuresOf,
  REPORT_METRICS,
  sumFigures,
  ZERO_FIGURES,
} from './report-figures';
import {
  accountFigures,
  ordersInUse,
  type ReportingOrders,
  unattributedOrders,
} from './report-orders';

/**
 * Reports for the dashboard and CSV exports. Exports stream: TikTok's pages (1,000 rows) are
 * fetched one at a time and go out in slices of 50 rows, so a large account never sits in
 * memory. The synchronous report leaves out ads beyond 20,000; when TikTok says it did
 * (header X-Tt-Ads-Throttle), that window is fetched again split by campaign ids, and a
 * campaign still too large by its ad group ids, and the parts are merged where a row spans
 * them.
 */

export interface ReportingServiceDeps {
  connections: ConnectionService;
  marketingApi: MarketingApiClient;
  log: FastifyBaseLogger;
  now: () => Date;
  /**
   * How long the dashboard reuses a report, under the overlays' rules (report-cache.ts: a
   * range that includes today at most a minute; config METRICS_CACHE_TTL_SECONDS).
   */
  cacheTtlMs: number;
  maxCacheEntries?: number;
  /** Bayme's orders, for their figures beside TikTok's; absent: none (`bayme: null`). */
  orders?: ReportingOrders | null;
}

type ExportLevel = ExportQuery['level'];

/** How coarse each level is: splitting finer than the level means rows must be merged. */
const DEPTH: Record<ExportLevel | 'campaign-split' | 'adgroup-split', number> = {
  advertiser: 0,
  campaign: 1,
  'campaign-split': 1,
  adgroup: 2,
  'adgroup-split': 2,
  ad: 3,
};

export class ReportingService {
  readonly #deps: ReportingServiceDeps;
  /** The dashboard's reports: a reload within the TTL, or the same view in flight, costs no call. */
  readonly #reports: ReportCache<ReportResult>;

  constructor(deps: ReportingServiceDeps) {
    this.#deps = deps;
    this.#reports = new ReportCache({
      ttlMs: deps.cacheTtlMs,
      maxEntries: deps.maxCacheEntries,
      now: () => deps.now().getTime(),
    });
  }

  // Dashboard ------------------------------------------------------------------------------

  async overview(query: {
    advertiserIds?: string[] | undefined;
    start: string;
    end: string;
  }): Promise<Overview> {
    const connected = this.#deps.connections.listAdAccounts();
    const accounts = query.advertiserIds
      ? query.advertiserIds.map((id) => this.#deps.connections.adAccount(id))
      : connected;
    if (accounts.length === 0) {
      throw badRequest('No ad account is connected yet: authorize one first.', 'no_accounts');
    }
    // Validated once against the first account, so a bad range is a 400, not one problem per account.
    const first = accounts[0] as AdAccountView;
    const { range, previousRange } = resolveMetricsRange(
      { start: query.start, end: query.end },
      zonedDate(this.#deps.now().getTime(), first.timezone),
      first.timezone,
    );
    // Decided once per view, so that every account and total of the answer agrees.
    const inUse = ordersInUse(this.#deps.orders);
    const orders = inUse?.orders ?? null;
    const overviews = await Promise.all(
      accounts.map((account) => this.#accountOverview(account, range, previousRange, orders)),
    );
    return {
      range,
      previousRange,
      accounts: overviews.map((o) => o.overview),
      byCurrency: byCurrency(overviews, orders !== null),
      bayme: inUse
        ? {
            latestOrderAt: inUse.latestOrderAt,
            unattributed: unattributedOrders(inUse.orders.store, range, first.timezone),
            unattributedTimeZone: first.timezone,
          }
        : null,
      fetchedAt: this.#deps.now().toISOString(),
    };
  }

  async #accountOverview(
    account: AdAccountView,
    range: { start: string; end: string },
    previousRange: { start: string; end: string },
    orders: ReportingOrders | null,
  ): Promise<{ overview: AccountOverview; totals: Figures | null; previous: Figures | null }> {
    const { advertiserId } = account;
    const base = {
      advertiserId,
      name: account.name,
      currency: account.currency,
      timezone: account.timezone,
    };
    try {
      const today = zonedDate(this.#deps.now().getTime(), account.timezone);
      resolveMetricsRange(range, today, account.timezone);
      const api = this.#deps.marketingApi;
      const request = (dimensions: string[], r: { start: string; end: string }) => {
        const load = () =>
          this.#deps.connections.withAdvertiserToken(advertiserId, (token) =>
            api.reports.integrated(token, {
              advertiserId,
              dataLevel: 'AUCTION_ADVERTISER',
              dimensions,
              metrics: REPORT_METRICS,
              range: { startDate: r.start, endDate: r.end },
            }),
          );
        const key = `${advertiserId}|AUCTION_ADVERTISER|${dimensions.join(',')}|${r.start}|${r.end}`;
        return this.#reports.get(account, key, { rangeEnd: r.end, today }, load);
      };
      const [daily, totals, previous, campaignIds] = await Promise.all([
        request(['stat_time_day'], range),
        request(['advertiser_id'], range),
        request(['advertiser_id'], previousRange),
        orders ? orders.campaignIds(advertiserId) : null,
      ]);
      const byDate = new Map(
        daily.rows.map((row) => [
          (row.dimensions.stat_time_day ?? '').slice(0, 10),
          figuresOf(row.metrics),
        ]),
      );
      const total = totals.rows[0] ? figuresOf(totals.rows[0].metrics) : ZERO_FIGURES;
      const before = previous.rows[0] ? figuresOf(previous.rows[0].metrics) : ZERO_FIGURES;
      const bayme =
        orders && campaignIds
          ? {
              current: accountFigures(orders.figures, account, campaignIds, range, true),
              previous: accountFigures(orders.figures, account, campaignIds, previousRange, false),
            }
          : null;
      return {
        overview: {
          ...base,
          totals: total.values,
          previousTotals: before.values,
          daily: eachDate(range.start, range.end).map((date, i) => {
            const values = (byDate.get(date) ?? ZERO_FIGURES).values;
            const day = bayme?.current.daily[i];
            return { date, ...values, bayme: day ? baymeValuesOf(day, values.spend) : null };
          }),
          purchaseValue: total.purchaseValue,
          bayme: bayme ? baymeValuesOf(bayme.current.totals, total.values.spend) : null,
          previousBayme: bayme ? baymeValuesOf(bayme.previous.totals, before.values.spend) : null,
          problem: null,
        },
        totals: total,
        previous: before,
      };
    } catch (error) {
      const explained = explainTikTokFailure(error, advertiserId, 'the account report');
      if (!(explained instanceof Error)) throw explained;
      if (!('statusCode' in explained)) throw explained;
      return {
        overview: {
          ...base,
          totals: null,
          previousTotals: null,
          daily: [],
          purchaseValue: null,
          bayme: null,
          previousBayme: null,
          problem: explained.message,
        },
        totals: null,
        previous: null,
      };
    }
  }

  // Exports --------------------------------------------------------------------------------

  /**
   * A CSV export on the synchronous path, ready to stream. Everything that can be refused
   * (account, range, the authorization) is checked, and the first page fetched, before the
   * first byte is sent, so such failures are a proper error answer rather than a cut-off file.
   */
  async exportCsv(
    advertiserId: string,
    query: ExportQuery,
    budget: CallBudget,
  ): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
    const plan = this.planExport(advertiserId, query);
    // A generator resumes in its reader's async context, so the budget travels with each call.
    const rows = this.#exportRows(plan, { budget });
    let first: ExportRow[] | null;
    try {
      const result = await rows.next();
      first = result.done ? null : result.value;
    } catch (error) {
      throw explainTikTokFailure(error, advertiserId, 'the export');
    }
    const all = async function* () {
      if (!first) return;
      const firstRows = first;
      // Kept by this closure otherwise, for as long as the download lasts.
      first = null;
      yield firstRows;
      yield* rows;
    };
    const bayme = this.exportBayme(plan);
    try {
      await bayme?.ready();
    } catch (error) {
      await rows.return(undefined);
      throw explainTikTokFailure(error, advertiserId, 'the export');
    }
    return { fileName: plan.fileName, lines: csvLines(plan, all(), bayme) };
  }

  /**
   * What an export of the account fetches and writes, checked now (both export paths): with
   * Bayme's columns when the server takes orders at this moment.
   */
  planExport(advertiserId: string, query: ExportQuery): ExportPlan {
    return planExport(
      this.#deps.connections.adAccount(advertiserId),
      query,
      this.#deps.now(),
      ordersInUse(this.#deps.orders) !== null,
    );
  }

  /** The reader of Bayme's figures for a plan's rows (null: the plan has no Bayme columns). */
  exportBayme(plan: ExportPlan): ExportBaymeReader | null {
    const orders = this.#deps.orders;
    return plan.bayme && orders ? exportBaymeReader(orders, plan) : null;
  }

  async *#exportRows(plan: ExportPlan, options: CallOptions): AsyncGenerator<ExportRow[]> {
    const { account, query } = plan;
    const { advertiserId } = account;
    const level = query.level;
    const token = await this.#deps.connections.withAdvertiserToken(advertiserId, async (t) => t);
    const api = this.#deps.marketingApi;
    const base = { advertiserId, ...plan.report };
    const toRow = (row: ReportRow) => exportRowOf(level, row);

    for (const window of plan.windows) {
      const request = (filters: ReportFilters) =>
        api.reports.pages(
          token,
          { ...base, range: window, filters: { status: 'STATUS_ALL', ...filters } },
          options,
        );

      const outcome = yield* inSlices(request({}), (rows) => rows.map(toRow));
      if (outcome === 'complete') continue;
      this.#deps.log.info(
        { advertiserId, level, window },
        'report truncated at 20,000 ads: splitting by campaign',
      );
      yield* this.#splitRows(token, advertiserId, level, request, toRow, options);
    }
  }

  /** A truncated window again, by campaign chunks (bisected while still truncated). */
  async *#splitRows(
    token: string,
    advertiserId: string,
    level: ExportLevel,
    request: (filters: ReportFilters) => AsyncGenerator<ReportPage>,
    toRow: (row: ReportRow) => ExportRow,
    options: CallOptions,
  ): AsyncGenerator<ExportRow[]> {
    const api = this.#deps.marketingApi;
    const campaigns = await api.campaigns.list(
      token,
      { advertiserId, includeDeleted: true },
      options,
    );
    // Rows coarser than the split (the account's, or a campaign's when split by ad group)
    // come back in parts and are added up before they are written.
    const merged = new Map<string, { row: ExportRow; parts: Figures[] }>();
    const emit = (rows: ReportRow[], split: 'campaign-split' | 'adgroup-split'): ExportRow[] => {
      const mapped = rows.map(toRow);
      if (DEPTH[level] >= DEPTH[split]) return mapped;
      for (const row of mapped) {
        const key = `${row.id}|${row.date}`;
        const entry = merged.get(key);
        if (entry) entry.parts.push(row.figures);
        else merged.set(key, { row, parts: [row.figures] });
      }
      return [];
    };

    const byCampaigns = async function* (
      this: ReportingService,
      ids: string[],
    ): AsyncGenerator<ExportRow[]> {
      const pages = request({ campaignIds: ids });
      if ((yield* inSlices(pages, (rows) => emit(rows, 'campaign-split'))) === 'complete') return;
      if (ids.length > 1) {
        const half = Math.ceil(ids.length / 2);
        yield* byCampaigns.call(this, ids.slice(0, half));
        yield* byCampaigns.call(this, ids.slice(half));
        return;
      }
      // One campaign with more than 20,000 ads: its ad groups, 100 at a time.
      const adGroups = await api.adGroups.list(
        token,
        { advertiserId, campaignIds: ids, includeDeleted: true },
        options,
      );
      for (const part of chunk(
        adGroups.map((g) => g.adgroup_id),
        API_LIMITS.idsPerFilter,
      )) {
        const pages = request({ adgroupIds: part });
        if ((yield* inSlices(pages, (rows) => emit(rows, 'adgroup-split'))) === 'truncated') {
          throw new Error(
            `100 ad groups of campaign ${ids[0]} hold more than 20,000 ads; the export cannot be split further.`,
          );
        }
      }
    };

    for (const ids of chunk(
      campaigns.map((c) => c.campaign_id),
      API_LIMITS.idsPerFilter,
    )) {
      for await (const rows of byCampaigns.call(this, ids)) if (rows.length > 0) yield rows;
    }
    if (merged.size > 0) {
      yield [...merged.values()].map(({ row, parts }) => ({ ...row, figures: sumFigures(parts) }));
    }
  }
}

interface ReportPage {
  rows: ReportRow[];
  truncated: boolean;
}

/**
 * Rows converted and handed on at a time, on both export paths. The objects of 1,000 rows
 * converted at once are all alive when a young-generation collection comes: V8 then promotes
 * them, or judges that kind of object long-lived and allocates every later one straight into
 * the old generation (allocation-site pretenuring), where a million rows' garbage piles up
 * until a full collection.
 */
export const EXPORT_ROWS_PER_SLICE = 50;

/**
 * A report's pages as small slices of export rows (empty slices skipped), holding no page once
 * it is converted. A suspended generator keeps whatever its variables hold, so each page is
 * let go before the next is asked for: otherwise it would live on through the next call's
 * wait and the parsing of the next page. When TikTok truncated the first page, nothing is
 * yielded and the answer is 'truncated', so the caller can split the request; a truncation
 * after rows were handed on cannot be undone and fails the export.
 */
async function* inSlices(
  pages: AsyncGenerator<ReportPage>,
  convert: (rows: ReportRow[]) => ExportRow[],
): AsyncGenerator<ExportRow[], 'complete' | 'truncated'> {
  let result: IteratorResult<ReportPage> | null = await pages.next();
  if (!result.done && result.value.truncated) {
    await pages.return(undefined);
    return 'truncated';
  }
  while (result && !result.done) {
    if (result.value.truncated) {
      throw new Error('TikTok truncated a report part-way through its pages.');
    }
    let rows: ReportRow[] | null = result.value.rows;
    result = null;
    for (let at = 0; at < rows.length; at += EXPORT_ROWS_PER_SLICE) {
      const slice = convert(rows.slice(at, at + EXPORT_ROWS_PER_SLICE));
      if (slice.length > 0) yield slice;
    }
    rows = null;
    result = await pages.next();
  }
  return 'complete';
}

function byCurrency(
  overviews: Array<{ overview: AccountOverview; totals: Figures | null; previous: Figures | null }>,
  withBayme: boolean,
): CurrencyTotals[] {
  const groups = new Map<string, typeof overviews>();
  for (const entry of overviews) {
    if (!entry.totals) continue;
    const group = groups.get(entry.overview.currency) ?? [];
    group.push(entry);
    groups.set(entry.overview.currency, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, entries]) => {
      const totals = sumFigures(entries.map((e) => e.totals ?? ZERO_FIGURES)).values;
      const previousTotals = sumFigures(entries.map((e) => e.previous ?? ZERO_FIGURES)).values;
      // Every account of the group is in this currency: its Bayme revenue was converted to it.
      const bayme = (pick: (overview: AccountOverview) => AccountOverview['bayme']) =>
        sumBaymeFigures(entries.map((e) => figuresOfValues(pick(e.overview))));
      return {
        currency,
        advertiserIds: entries.map((e) => e.overview.advertiserId),
        totals,
        previousTotals,
        bayme: withBayme
          ? baymeValuesOf(
              bayme((o) => o.bayme),
              totals.spend,
            )
          : null,
        previousBayme: withBayme
          ? baymeValuesOf(
              bayme((o) => o.previousBayme),
              previousTotals.spend,
            )
          : null,
      };
    });
}
