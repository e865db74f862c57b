import { z } from 'zod';
import { BaymeValuesSchema, IsoDateSchema, LevelSchema, MetricValuesSchema } from './ads-manager';
import { IsoDateTimeSchema, TikTokIdSchema } from './common';
import { defineRoute } from './route';

/**
 * Reporting: account totals with a daily series for the dashboard (one account or several,
 * totals grouped by currency, never added across currencies), and CSV exports of any level,
 * streamed by the server. Level tables reuse the Ads Manager metrics route.
 *
 * Bayme's own figures (the shop's orders attributed to the account's campaigns, in the
 * account's currency: orders/order-figures.ts) sit beside TikTok's wherever the server takes
 * orders; where it takes none (no shop configured, no order stored) they are null, so screens
 * show no Bayme columns rather than zeros. They are optional so that an extension newer than
 * its server reads an answer without them as "no orders".
 */

/** The longest range a dashboard or an export covers. */
export const MAX_REPORT_DAYS = 365;

export const DailyPointSchema = MetricValuesSchema.extend({
  date: IsoDateSchema,
  /** Bayme's figures of the day (ROAS over the day's TikTok spend). */
  bayme: BaymeValuesSchema.nullable().optional(),
});
export type DailyPoint = z.infer<typeof DailyPointSchema>;

export const AccountOverviewSchema = z.object({
  advertiserId: TikTokIdSchema,
  name: z.string(),
  currency: z.string(),
  timezone: z.string(),
  /** Null when TikTok's figures could not be read for this account (see `problem`). */
  totals: MetricValuesSchema.nullable(),
  previousTotals: MetricValuesSchema.nullable(),
  /** One point per day of the range (days without delivery count zero). */
  daily: z.array(DailyPointSchema),
  /** Purchase value behind ROAS, so totals across accounts can be recomputed. */
  purchaseValue: z.number().nullable(),
  /** Bayme's figures over the range and the previous one (ROAS over TikTok's spend of each). */
  bayme: BaymeValuesSchema.nullable().optional(),
  previousBayme: BaymeValuesSchema.nullable().optional(),
  problem: z.string().nullable(),
});
export type AccountOverview = z.infer<typeof AccountOverviewSchema>;

export const CurrencyTotalsSchema = z.object({
  currency: z.string(),
  advertiserIds: z.array(TikTokIdSchema),
  totals: MetricValuesSchema,
  previousTotals: MetricValuesSchema.nullable(),
  /** The accounts' Bayme figures added up (all in this currency), ROAS over the summed spend. */
  bayme: BaymeValuesSchema.nullable().optional(),
  previousBayme: BaymeValuesSchema.nullable().optional(),
});
export type CurrencyTotals = z.infer<typeof CurrencyTotalsSchema>;

/**
 * Orders that name no TikTok ad, per currency of the order: they belong to no ad account, so
 * they are shown on their own line for the range, never spread over the accounts.
 */
export const UnattributedOrdersSchema = z.object({
  currency: z.string(),
  orders: z.number().int().min(0),
  /** What the orders were paid, in their own currency (refunds are not tied to an ad either). */
  revenue: z.number(),
  /** Of these, orders from a TikTok click (ttclid) whose landing link named no ad. */
  tiktokClicks: z.number().int().min(0),
});
export type UnattributedOrders = z.infer<typeof UnattributedOrdersSchema>;

export const BaymeOverviewSchema = z.object({
  /** When the newest order reached the server: how fresh Bayme's figures are. */
  latestOrderAt: IsoDateTimeSchema.nullable(),
  unattributed: z.array(UnattributedOrdersSchema),
  /**
   * The zone whose days bound the unattributed orders (they have no account): the accounts'
   * zone when they share one, else the first account's, in which the range was checked.
   */
  unattributedTimeZone: z.string(),
});
export type BaymeOverview = z.infer<typeof BaymeOverviewSchema>;

export const OverviewSchema = z.object({
  range: z.object({ start: IsoDateSchema, end: IsoDateSchema }),
  previousRange: z.object({ start: IsoDateSchema, end: IsoDateSchema }),
  accounts: z.array(AccountOverviewSchema),
  /** Totals per currency: accounts in different currencies are never added together. */
  byCurrency: z.array(CurrencyTotalsSchema),
  /** Null when the server takes no orders: no Bayme columns anywhere. */
  bayme: BaymeOverviewSchema.nullable().optional(),
  fetchedAt: IsoDateTimeSchema,
});
export type Overview = z.infer<typeof OverviewSchema>;

const IdList = z
  .string()
  .transform((value) => value.split(',').filter((id) => id.length > 0))
  .pipe(
    z
      .array(TikTokIdSchema)
      .min(1, { error: 'Name at least one ad account.' })
      .max(50, { error: 'At most 50 ad accounts at once.' }),
  );

/** Totals and daily series for these ad accounts (all connected ones when none are named). */
export const reportOverview = defineRoute({
  method: 'GET',
  path: '/api/reports/overview',
  access: 'viewer',
  query: z.object({
    advertiserIds: IdList.optional(),
    start: IsoDateSchema,
    end: IsoDateSchema,
  }),
  response: OverviewSchema,
});

export const ExportQuerySchema = z.object({
  level: z.enum(['advertiser', ...LevelSchema.options]),
  start: IsoDateSchema,
  end: IsoDateSchema,
  /** total: one row per entity for the range; daily: one row per entity and day. */
  breakdown: z.enum(['total', 'daily']).default('total'),
});
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** The CSV columns, in order, after the id, name and (daily) date columns. */
export const EXPORT_METRIC_COLUMNS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'conversions',
  'cpa',
  'roas',
] as const;

/**
 * Bayme's columns, after TikTok's, when the server takes orders: orders, revenue in the
 * account's currency, ROAS over the row's TikTok spend, and revenue that had no rate to the
 * account's currency on its day, written apart per currency ("EUR 12.50; GBP 3.00").
 */
export const EXPORT_BAYME_COLUMNS = [
  'bayme_orders',
  'bayme_revenue',
  'bayme_roas',
  'bayme_revenue_not_converted',
] as const;

/**
 * A CSV export, streamed as `text/csv` (UTF-8 with a byte-order mark, for spreadsheets): the
 * response schema is the CSV text. Registered by hand on the server, since it streams.
 */
export const exportReport = defineRoute({
  method: 'GET',
  path: '/api/ad-accounts/:advertiserId/export.csv',
  access: 'viewer',
  params: z.object({ advertiserId: TikTokIdSchema }),
  query: ExportQuerySchema,
  response: z.string(),
});

export const ExportJobSchema = z.object({
  exportId: z.string().regex(/^exp_[0-9a-f]{20}$/),
  advertiserId: TikTokIdSchema,
  query: ExportQuerySchema,
  /**
   * sync: streamed from TikTok's synchronous report when downloaded (ready at once).
   * async: TikTok report tasks, one per date window, prepared first (see `progress`).
   */
  mode: z.enum(['sync', 'async']),
  status: z.enum(['preparing', 'ready', 'failed']),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  message: z.string().nullable(),
  fileName: z.string(),
  createdAt: IsoDateTimeSchema,
});
export type ExportJob = z.infer<typeof ExportJobSchema>;

/** Start an export: ready at once on the synchronous path; prepared by report tasks otherwise. */
export const startExport = defineRoute({
  method: 'POST',
  path: '/api/ad-accounts/:advertiserId/exports',
  access: 'viewer',
  params: z.object({ advertiserId: TikTokIdSchema }),
  body: ExportQuerySchema,
  response: ExportJobSchema,
});

export const getExport = defineRoute({
  method: 'GET',
  path: '/api/exports/:exportId',
  access: 'viewer',
  params: z.object({ exportId: z.string() }),
  response: ExportJobSchema,
});

/** The finished export as CSV (streamed; registered by hand like `exportReport`). */
export const downloadExport = defineRoute({
  method: 'GET',
  path: '/api/exports/:exportId/download',
  access: 'viewer',
  params: z.object({ exportId: z.string() }),
  response: z.string(),
});
