import { z } from 'zod';
import { IsoDateTimeSchema, TikTokIdSchema } from './common';
import { defineRoute } from './route';

/**
 * What the extension needs on Ads Manager pages: a level's metrics for a date range (the
 * inline overlays and the side panel), the level's entities (the side panel), and a way to
 * tell admins when the page's layout stops matching what the extension expects.
 */

export const LEVELS = ['campaign', 'adgroup', 'ad'] as const;
export const LevelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof LevelSchema>;

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Expected a date (YYYY-MM-DD).' });

/** One entity's figures over a date range; null where a figure does not apply or has no data. */
export const MetricValuesSchema = z.object({
  spend: z.number().nullable(),
  impressions: z.number().nullable(),
  clicks: z.number().nullable(),
  /** Percent, as TikTok reports it (1.18 means 1.18 %). */
  ctr: z.number().nullable(),
  cpc: z.number().nullable(),
  conversions: z.number().nullable(),
  /** Cost per conversion. */
  cpa: z.number().nullable(),
  /** Purchase value ÷ spend; null where the account reports no purchase value. */
  roas: z.number().nullable(),
});
export type MetricValues = z.infer<typeof MetricValuesSchema>;
export const METRIC_KEYS = Object.keys(MetricValuesSchema.shape) as Array<keyof MetricValues>;

/** Revenue in a currency Bayme had no rate for on its day: shown apart, never added. */
export const UnconvertedRevenueSchema = z.object({
  currency: z.string(),
  /** Net of refunds, in that currency's units. */
  revenue: z.number(),
  orders: z.number().int().min(0),
});

/**
 * Bayme's own figures for an entity over the same range, from the shop's orders attributed to
 * it (orders/order-figures.ts): days in the account's time zone, money in its currency.
 */
export const BaymeValuesSchema = z.object({
  orders: z.number().int().min(0),
  /** Net of refunds, in the account's currency (converted where an admin gave a rate). */
  revenue: z.number(),
  /** Refunds that happened in the range (already taken out of `revenue`). */
  refunds: z.number(),
  /** Bayme revenue ÷ TikTok spend of the same row and range; null without spend. */
  roas: z.number().nullable(),
  unconverted: z.array(UnconvertedRevenueSchema),
});
export type BaymeValues = z.infer<typeof BaymeValuesSchema>;

export const EntityMetricsSchema = z.object({
  id: TikTokIdSchema,
  name: z.string().nullable(),
  current: MetricValuesSchema,
  /**
   * The same figures over the previous period of equal length, when the request asked for
   * the comparison: null if the entity had no delivery then. Absent when not asked.
   */
  previous: MetricValuesSchema.nullable().optional(),
  /**
   * Bayme's figures over the range (not the previous period); null when the server takes no
   * orders. Absent from servers older than first-party orders.
   */
  bayme: BaymeValuesSchema.nullable().optional(),
});
export type EntityMetrics = z.infer<typeof EntityMetricsSchema>;

export const DateRangeSchema = z.object({ start: IsoDateSchema, end: IsoDateSchema });

const AdvertiserParams = z.object({ advertiserId: TikTokIdSchema });

export const LevelMetricsSchema = z.object({
  advertiserId: TikTokIdSchema,
  level: LevelSchema,
  currency: z.string(),
  /** Dates are days in this time zone (the ad account's), not the browser's. */
  timezone: z.string(),
  range: DateRangeSchema,
  previousRange: DateRangeSchema,
  /** Whether the rows carry the previous period's figures (`compare=previous`). */
  compared: z.boolean(),
  /** When the figures were read from TikTok (they may come from the server's cache). */
  fetchedAt: IsoDateTimeSchema,
  /** The range includes today in the account's time zone: today's figures are still growing. */
  includesToday: z.boolean(),
  reportsPurchaseValue: z.boolean(),
  /**
   * Bayme's orders for the level: null when the server takes none (no shop configured and no
   * order stored), so the overlays show nothing rather than zeros. Computed on each request,
   * not cached with TikTok's report: a new order shows at once. Absent from older servers.
   */
  bayme: z
    .object({
      /** When the newest order reached the server (any account): how fresh Bayme's figures are. */
      latestOrderAt: IsoDateTimeSchema.nullable(),
    })
    .nullable()
    .optional(),
  /** Entities with delivery in the range (or, when compared, in either period). */
  rows: z.array(EntityMetricsSchema),
});
export type LevelMetrics = z.infer<typeof LevelMetricsSchema>;

/**
 * A level's metrics for a date range: one request per page view, never one per row. The
 * comparison with the previous period costs TikTok a second report, so it is only fetched
 * when asked for (when a buyer opens a row's full card), not for every view.
 */
export const levelMetrics = defineRoute({
  method: 'GET',
  path: '/api/ad-accounts/:advertiserId/metrics',
  access: 'viewer',
  params: AdvertiserParams,
  query: z.object({
    level: LevelSchema,
    start: IsoDateSchema,
    end: IsoDateSchema,
    compare: z.enum(['previous']).optional(),
  }),
  response: LevelMetricsSchema,
});

export const EntityViewSchema = z.object({
  id: TikTokIdSchema,
  name: z.string(),
  /** ENABLE or DISABLE as set by the advertiser. */
  operationStatus: z.string(),
  /** TikTok's delivery status, when it reports one. */
  secondaryStatus: z.string().nullable(),
  budgetMode: z.string().nullable(),
  /** Null for ads, and for ad groups whose budget belongs to the campaign. */
  budget: z.number().nullable(),
  /** The campaign of an ad group, the ad group of an ad. */
  parentId: TikTokIdSchema.nullable(),
});
export type EntityView = z.infer<typeof EntityViewSchema>;

/** The entities of a level (not deleted), for the side panel. */
export const listEntities = defineRoute({
  method: 'GET',
  path: '/api/ad-accounts/:advertiserId/entities',
  access: 'viewer',
  params: AdvertiserParams,
  query: z.object({ level: LevelSchema }),
  response: z.object({
    advertiserId: TikTokIdSchema,
    level: LevelSchema,
    currency: z.string(),
    fetchedAt: IsoDateTimeSchema,
    entities: z.array(EntityViewSchema),
  }),
});

/**
 * The extension could not find the table of an Ads Manager list page, or could not tell
 * which entity some of its rows are: TikTok probably changed its layout. Recorded in the
 * audit log (action `extension.page_layout`) for admins.
 */
export const reportPageHealth = defineRoute({
  method: 'POST',
  path: '/api/page-health',
  access: 'viewer',
  body: z.object({
    /**
     * `no_table`: no table found; `no_rows_mapped`: none of its visible rows identified;
     * `rows_unidentified`: some of them not identified (no badge, not selectable).
     */
    problem: z.enum(['no_table', 'no_rows_mapped', 'rows_unidentified']),
    /** Visible rows, and how many of them could not be identified, when a table was found. */
    rows: z
      .object({
        visible: z.number().int().min(0).max(500),
        unidentified: z.number().int().min(0).max(500),
      })
      .optional(),
    /** Which selector hints were in force (built-in or the server's document). */
    hintsVersion: z.string().max(60).optional(),
    /** The page's path only: never its query (it can carry tokens). */
    path: z
      .string()
      .max(200)
      .regex(/^\/[^?#]*$/),
    level: LevelSchema.nullable(),
    advertiserId: TikTokIdSchema.nullable(),
    extensionVersion: z.string().max(40),
    /** How many elements each selector alternative matched, to see what changed. */
    selectorMatches: z
      .record(z.string().max(80), z.number().int().min(0))
      .refine((r) => Object.keys(r).length <= 40),
  }),
  response: z.object({ recorded: z.boolean() }),
});
