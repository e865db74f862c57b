import { z } from 'zod';
import type { CallOptions, ClientContext } from './context';
import { type DateRange, REPORT_WINDOW_DAYS, splitDateRange } from './date-windows';
import { API_LIMITS, chunk } from './limits';
import { MAX_PAGES } from './pagination';
import { pageOf } from './schemas';
import type { ApiResult } from './transport';

/** Synchronous BASIC reports (shared/reference/tiktok-marketing-api.md §7.1). */

export const DATA_LEVELS = [
  'AUCTION_ADVERTISER',
  'AUCTION_CAMPAIGN',
  'AUCTION_ADGROUP',
  'AUCTION_AD',
] as const;
export type DataLevel = (typeof DATA_LEVELS)[number];

/** The report data level of each level of an ad account's tree. */
export const DATA_LEVEL_OF = {
  advertiser: 'AUCTION_ADVERTISER',
  campaign: 'AUCTION_CAMPAIGN',
  adgroup: 'AUCTION_ADGROUP',
  ad: 'AUCTION_AD',
} as const satisfies Record<string, DataLevel>;

/** A report row as TikTok sends it: metrics as text, now and then as numbers. */
interface TikTokReportRow {
  dimensions: Record<string, string>;
  metrics: Record<string, string | number | null>;
}

export interface ReportRow {
  dimensions: Record<string, string>;
  /** As text; "-" (or null) where a metric does not apply. */
  metrics: Record<string, string | null>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isTikTokReportRow(value: unknown): value is TikTokReportRow {
  if (!isRecord(value) || !isRecord(value.dimensions) || !isRecord(value.metrics)) return false;
  for (const key in value.dimensions) {
    if (typeof value.dimensions[key] !== 'string') return false;
  }
  for (const key in value.metrics) {
    const metric = value.metrics[key];
    if (metric !== null && typeof metric !== 'string' && typeof metric !== 'number') return false;
  }
  return true;
}

/**
 * A row is checked by one function, not by a zod record of unions and transforms: a page holds
 * 1,000 rows and 9,000 values, and zod's parse of each value left objects that V8 kept in the
 * old generation until a full collection, about 2 MB a page (a year's export grew the server
 * by 100 MB). Numbers become text afterwards, with the page in hand (`withMetricsAsText`).
 */
export const ReportRowSchema = z.custom<TikTokReportRow>(isTikTokReportRow, {
  error: 'Expected a report row: dimensions as text; metrics as text, numbers or null.',
});

/** The row itself when every metric is text already, as TikTok sends them. */
function withMetricsAsText(row: TikTokReportRow): ReportRow {
  for (const key in row.metrics) {
    if (typeof row.metrics[key] !== 'number') continue;
    const metrics: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(row.metrics)) {
      metrics[name] = value === null ? null : String(value);
    }
    return { dimensions: row.dimensions, metrics };
  }
  return row as ReportRow;
}

export interface ReportFilters {
  campaignIds?: readonly string[];
  adgroupIds?: readonly string[];
  adIds?: readonly string[];
  /** Whether rows of deleted objects (at the report's level) are included. */
  status?: 'STATUS_NOT_DELETE' | 'STATUS_DELETE' | 'STATUS_ALL';
}

export interface ReportRequest {
  advertiserId: string;
  dataLevel: DataLevel;
  dimensions: readonly string[];
  metrics: readonly string[];
  /** Dates in the ad account's time zone, both included; or the account's whole lifetime. */
  range: DateRange | 'lifetime';
  filters?: ReportFilters;
}

export interface ReportResult {
  rows: ReportRow[];
  /** TikTok left out ads beyond its 20,000-ad limit for synchronous reports. */
  truncated: boolean;
  /** Upstream requests made, pages included. */
  requests: number;
}

const LEVEL_STATUS_FIELD: Record<DataLevel, string | null> = {
  AUCTION_ADVERTISER: null,
  AUCTION_CAMPAIGN: 'campaign_status',
  AUCTION_ADGROUP: 'adgroup_status',
  AUCTION_AD: 'ad_status',
};

/** A metric as a number; null for "-", null or anything that is not a number. */
export function metricNumber(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '-' || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** The request's date windows, each within TikTok's limit for its time dimension. */
export function reportWindows(
  request: Pick<ReportRequest, 'dimensions' | 'range'>,
): Array<DateRange | 'lifetime'> {
  const hourly = request.dimensions.includes('stat_time_hour');
  const daily = request.dimensions.includes('stat_time_day');
  if (request.range === 'lifetime') {
    if (hourly || daily) throw new RangeError('A lifetime report cannot have a time dimension.');
    return ['lifetime'];
  }
  const maxDays = hourly
    ? REPORT_WINDOW_DAYS.hour
    : daily
      ? REPORT_WINDOW_DAYS.day
      : REPORT_WINDOW_DAYS.none;
  const windows = splitDateRange(request.range, maxDays);
  // Rows of separate windows can only be concatenated when each row is one day or hour;
  // totals over a longer range cannot be added up (CTR, CPC and reach would be wrong).
  if (!hourly && !daily && windows.length > 1) {
    throw new RangeError(
      `Without a time dimension a report covers at most ${REPORT_WINDOW_DAYS.none} days; add stat_time_day or ask for the lifetime.`,
    );
  }
  return windows;
}

/** The id filter lists, with the one longer than 100 ids cut into chunks of 100. */
function filteringChunks(
  filters: ReportFilters,
  dataLevel: DataLevel,
): Array<Array<Record<string, string>>> {
  const lists: Array<[string, readonly string[]]> = [];
  if (filters.campaignIds) lists.push(['campaign_ids', filters.campaignIds]);
  if (filters.adgroupIds) lists.push(['adgroup_ids', filters.adgroupIds]);
  if (filters.adIds) lists.push(['ad_ids', filters.adIds]);
  const long = lists.filter(([, ids]) => ids.length > API_LIMITS.idsPerFilter);
  if (long.length > 1)
    throw new RangeError('Only one id filter of a report may hold more than 100 ids.');

  const base: Array<Record<string, string>> = [];
  const statusField = LEVEL_STATUS_FIELD[dataLevel];
  if (filters.status && statusField) {
    base.push({
      field_name: statusField,
      filter_type: 'IN',
      filter_value: JSON.stringify([filters.status]),
    });
  }
  const filter = (field: string, ids: readonly string[]) => ({
    field_name: field,
    filter_type: 'IN',
    filter_value: JSON.stringify(ids),
  });
  const short = lists
    .filter(([, ids]) => ids.length <= API_LIMITS.idsPerFilter)
    .map(([f, ids]) => filter(f, ids));
  const [longList] = long;
  if (!longList) return [[...base, ...short]];
  const [field, ids] = longList;
  return chunk([...new Set(ids)], API_LIMITS.idsPerFilter).map((part) => [
    ...base,
    ...short,
    filter(field, part),
  ]);
}

export function reportsApi({ transport }: ClientContext) {
  return {
    /**
     * A BASIC report, fetched in as few requests as TikTok allows: page_size 1000, the range
     * split only into windows TikTok's limits require, and id filters in chunks of 100.
     */
    async integrated(
      accessToken: string,
      request: ReportRequest,
      options: CallOptions = {},
    ): Promise<ReportResult> {
      const rows: ReportRow[] = [];
      let truncated = false;
      let requests = 0;
      for await (const page of this.pages(accessToken, request, options)) {
        rows.push(...page.rows);
        truncated ||= page.truncated;
        requests += 1;
      }
      return { rows, truncated, requests };
    },

    /**
     * The same report one page at a time (1,000 rows), window after window and id chunk after
     * id chunk, for callers that stream: only the page in hand is held in memory.
     */
    async *pages(
      accessToken: string,
      request: ReportRequest,
      options: CallOptions = {},
    ): AsyncGenerator<{ rows: ReportRow[]; truncated: boolean }> {
      const windows = reportWindows(request);
      const filterings = filteringChunks(request.filters ?? {}, request.dataLevel);
      const pageSchema = pageOf(ReportRowSchema);
      for (const window of windows) {
        for (const filtering of filterings) {
          for (let page = 1; page <= MAX_PAGES; page += 1) {
            let result: ApiResult<z.infer<typeof pageSchema>> | null = await transport.request({
              method: 'GET',
              path: 'report/integrated/get/',
              accessToken,
              query: {
                advertiser_id: request.advertiserId,
                report_type: 'BASIC',
                data_level: request.dataLevel,
                dimensions: request.dimensions,
                metrics: request.metrics,
                ...(window === 'lifetime'
                  ? { query_lifetime: true }
                  : { start_date: window.startDate, end_date: window.endDate }),
                ...(filtering.length > 0 ? { filtering } : {}),
                page,
                page_size: API_LIMITS.pageSize,
              },
              data: pageSchema,
              idempotent: true,
              ...options,
            });
            const last = page >= result.data.page_info.total_page || result.data.list.length === 0;
            yield {
              rows: result.data.list.map(withMetricsAsText),
              truncated: result.headers.has('x-tt-ads-throttle'),
            };
            // A suspended generator keeps what its variables hold: the page is let go before the
            // next is asked for, or it would live on through that call and its parsing.
            result = null;
            if (last) break;
          }
        }
      }
    },
  };
}
