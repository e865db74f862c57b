import { currentBid } from '../rules/bid-rules';
import { type Ad, type AdGroup, type Advertiser, budgetAt, type Campaign } from '../state/model';
import type { Counter } from './delivery-counts';

/**
 * The BASIC report vocabulary for auction ads: every metric the emulator answers, one line
 * each, in the terms of shared/reference/tiktok-marketing-api.md §7.1 and TikTok's metric
 * catalog (portal doc "Metrics" for synchronous reports; read through the official SDK, the
 * Go SDK bububa/tiktok-business and Airbyte's source-tiktok-marketing). A metric not in this
 * table answers 40002.
 *
 * Columns: name · kind · data levels where TikTok allows it · how it is derived from the
 * counts of delivery-counts.ts. Ratios are always recomputed from the row's summed counts,
 * never averaged. Formatting (report-metrics.ts): counts as integers, money and costs with 3
 * decimals (`cost_per_result` and `real_time_cost_per_result` with 4, as TikTok sends them),
 * rates as percents with 2 decimals, other ratios with 2; a zero denominator gives zero
 * ("0.000"), as in TikTok's responses; every value is a string, `"-"` where a metric does not
 * apply, `null` where TikTok sends null.
 *
 * Levels: ALL four; C_UP campaign, ad group and ad; G_UP ad group and ad; AD; ADVERTISER.
 * Result and secondary-goal metrics are ad group and ad only: TikTok documents them as
 * unsupported where optimization goals can differ. A metric asked for at a level it does not
 * list answers 40002 (TikTok does not say whether it refuses or answers "-"; the emulator
 * takes the stricter reading).
 *
 * Not in the table (they answer 40002 as unknown): TikTok's long tail of in-app, website,
 * offline, live, messaging and SKAN event families beyond the ones here (checkout, view
 * content, retention days, add payment info…), which no client of ours or Airbyte asks for.
 */

export type ReportLevel = 'advertiser' | 'campaign' | 'adgroup' | 'ad';
export type MetricKind = 'count' | 'money' | 'ratio' | 'rate' | 'attribute';

/** A counter summed over the row's ads, or the row's estimated reach (which is not additive). */
export type Term = Counter | 'reach';

/** The objects a row stands for, for attribute metrics: the account and, by level, the rest. */
export interface RowEntities {
  advertiser: Advertiser;
  campaign?: Campaign;
  adGroup?: AdGroup;
  ad?: Ad;
  now: number;
}

interface Common {
  name: string;
  kind: MetricKind;
  levels: readonly ReportLevel[];
  /** Only with an ID dimension (TikTok: attribute metrics and the paid engaged views). */
  needsIdDimension?: boolean;
  /** Only in daily advertiser reports (TikTok: cash_spend and voucher_spend). */
  dailyOnly?: boolean;
}

export interface QuantityMetric extends Common {
  kind: Exclude<MetricKind, 'attribute'>;
  /** Σ numerator ÷ Σ denominator × scale; without a denominator, Σ numerator × scale. */
  numerator: readonly Term[];
  /** Subtracted from the numerator (what is left of a count once its parts are taken). */
  minus?: readonly Term[];
  denominator?: readonly Term[];
  scale: number;
  digits: number;
  /**
   * purchase-value: "-" for accounts whose pixel reports no purchase value.
   * not-hourly: "-" in hourly rows (TikTok offers it for ID and ID + day dimensions only).
   * null: always null (TikTok's answer when the ad group has no secondary goal).
   */
  unless?: 'purchase-value' | 'not-hourly' | 'null';
}

export interface AttributeMetric extends Common {
  kind: 'attribute';
  value: (row: RowEntities) => string | null;
}

export type MetricDefinition = QuantityMetric | AttributeMetric;

const ALL: readonly ReportLevel[] = ['advertiser', 'campaign', 'adgroup', 'ad'];
const C_UP: readonly ReportLevel[] = ['campaign', 'adgroup', 'ad'];
const G_UP: readonly ReportLevel[] = ['adgroup', 'ad'];
const AD: readonly ReportLevel[] = ['ad'];
const ADVERTISER: readonly ReportLevel[] = ['advertiser'];

type Extra = Partial<Pick<QuantityMetric, 'unless' | 'needsIdDimension' | 'dailyOnly' | 'minus'>>;

/** Σ terms. */
const count = (name: string, levels: readonly ReportLevel[], terms: Term[], extra: Extra = {}) =>
  ({ name, kind: 'count', levels, numerator: terms, scale: 1, digits: 0, ...extra }) as const;
/** Σ money counters, in currency units. */
const money = (name: string, levels: readonly ReportLevel[], terms: Counter[], extra: Extra = {}) =>
  ({ name, kind: 'money', levels, numerator: terms, scale: 0.01, digits: 3, ...extra }) as const;
/** spend ÷ Σ terms × per (a cost per one, or per 1,000 with per = 1000). */
const costPer = (
  name: string,
  levels: readonly ReportLevel[],
  terms: Term[],
  { per = 1, digits = 3, ...extra }: Extra & { per?: number; digits?: number } = {},
) =>
  ({
    name,
    kind: 'money',
    levels,
    numerator: ['spend'],
    denominator: terms,
    scale: per / 100,
    digits,
    ...extra,
  }) as const;
/** Σ value counter ÷ Σ count, in currency units. */
const valuePer = (
  name: string,
  levels: readonly ReportLevel[],
  value: Counter,
  of: Counter,
  extra: Extra = {},
) =>
  ({
    name,
    kind: 'money',
    levels,
    numerator: [value],
    denominator: [of],
    scale: 0.01,
    digits: 3,
    ...extra,
  }) as const;
/** Σ numerator ÷ Σ denominator, as a percent. */
const rate = (
  name: string,
  levels: readonly ReportLevel[],
  numerator: Term[],
  denominator: Term[],
  extra: Extra = {},
) =>
  ({
    name,
    kind: 'rate',
    levels,
    numerator,
    denominator,
    scale: 100,
    digits: 2,
    ...extra,
  }) as const;
/** Σ numerator ÷ Σ denominator × scale, with 2 decimals. */
const ratio = (
  name: string,
  levels: readonly ReportLevel[],
  numerator: Term[],
  denominator: Term[],
  { scale = 1, ...extra }: Extra & { scale?: number } = {},
) => ({ name, kind: 'ratio', levels, numerator, denominator, scale, digits: 2, ...extra }) as const;
const attribute = (
  name: string,
  levels: readonly ReportLevel[],
  value: (row: RowEntities) => string | null,
) => ({ name, kind: 'attribute', levels, needsIdDimension: true, value }) as const;

const NULL = { unless: 'null' } as const;
const VALUE = { unless: 'purchase-value' } as const;
/**
 * TikTok offers the paid engaged views with an ID dimension, alone or with stat_time_day.
 * Airbyte's hourly ad stream asks for them by the hour and TikTok serves that stream, so the
 * emulator answers "-" by the hour rather than refusing the report.
 */
const ENGAGED = { unless: 'not-hourly', needsIdDimension: true } as const;
const SOCIAL: Term[] = ['likes', 'comments', 'shares', 'follows', 'profileVisits', 'musicClicks'];

/** TikTok's display names in reports (Airbyte's recorded responses: "Website", "TikTok,Pangle"). */
const PLACEMENT_NAMES: Record<string, string> = {
  PLACEMENT_TIKTOK: 'TikTok',
  PLACEMENT_TOPBUZZ: 'News Feed App Series',
  PLACEMENT_HELO: 'Helo',
  PLACEMENT_PANGLE: 'Pangle',
  PLACEMENT_GLOBAL_APP_BUNDLE: 'Global App Bundle',
};
const PROMOTION_NAMES: Record<string, string> = {
  WEBSITE: 'Website',
  APP_ANDROID: 'App',
  APP_IOS: 'App',
};
/** Billing events as reports name them (TikTok's examples: "Clicks", "Impression"). */
const BILLING_NAMES: Record<string, string> = {
  CPC: 'Clicks',
  CPM: 'Impression',
  OCPM: 'Impression',
  CPV: 'Video View',
};
const amount = (value: number) => value.toFixed(3);
/** Ad group attributes also describe its ads; a row stands for exactly one of either. */
const adGroupOf = (row: RowEntities) => row.adGroup;
const campaignOf = (row: RowEntities) => row.campaign;

export const METRIC_CATALOG: readonly MetricDefinition[] = [
  // ── Attribute metrics (TikTok: valid only with an ID dimension) ─────────────────────────
  attribute('advertiser_name', ALL, (r) => r.advertiser.name),
  attribute('advertiser_id', ALL, (r) => r.advertiser.advertiser_id),
  attribute('currency', ALL, (r) => r.advertiser.currency),
  attribute('campaign_name', C_UP, (r) => campaignOf(r)?.campaign_name ?? null),
  attribute('campaign_id', G_UP, (r) => campaignOf(r)?.campaign_id ?? null),
  attribute('objective_type', C_UP, (r) => campaignOf(r)?.objective_type ?? null),
  attribute('campaign_budget', C_UP, (r) => {
    const campaign = campaignOf(r);
    return campaign ? amount(budgetAt(campaign, r.now)) : null;
  }),
  // APP_INSTALL for app promotion campaigns, UNSET for every other objective (TikTok's rule).
  attribute('app_promotion_type', C_UP, (r) =>
    campaignOf(r)?.objective_type === 'APP_PROMOTION' ? 'APP_INSTALL' : 'UNSET',
  ),
  attribute('adgroup_name', G_UP, (r) => adGroupOf(r)?.adgroup_name ?? null),
  attribute('adgroup_id', AD, (r) => adGroupOf(r)?.adgroup_id ?? null),
  attribute('placement_type', G_UP, (r) => {
    const g = adGroupOf(r);
    if (!g) return null;
    if (g.placement_type === 'PLACEMENT_TYPE_AUTOMATIC') return 'Automatic Placement';
    return g.placements.map((p) => PLACEMENT_NAMES[p] ?? p).join(',');
  }),
  attribute('promotion_type', G_UP, (r) => {
    const type = adGroupOf(r)?.promotion_type;
    return type === undefined ? null : (PROMOTION_NAMES[type] ?? type);
  }),
  // The emulator has no automated creative optimization: no ad is an ACO ad.
  attribute('opt_status', G_UP, () => '-'),
  // No emulated ad group is a dynamic product (DPA) ad group; TikTok answers null then.
  attribute('dpa_target_audience_type', G_UP, () => null),
  attribute('budget', G_UP, (r) => {
    const g = adGroupOf(r);
    return g ? amount(budgetAt(g, r.now)) : null;
  }),
  attribute('smart_target', G_UP, (r) => adGroupOf(r)?.optimization_goal ?? null),
  attribute('billing_event', G_UP, (r) => {
    const event = adGroupOf(r)?.billing_event;
    return event === undefined ? null : (BILLING_NAMES[event] ?? event);
  }),
  attribute('bid_strategy', G_UP, (r) => {
    const g = adGroupOf(r);
    if (!g) return null;
    if (g.bid_type === 'BID_TYPE_NO_BID') return 'BID_STRATEGY_LOWEST_COST';
    return g.billing_event === 'OCPM' ? 'BID_STRATEGY_COST_CAP' : 'BID_STRATEGY_BID_CAP';
  }),
  // Maximum-delivery ad groups have no bid: 0, as adgroup/get writes it.
  attribute('bid', G_UP, (r) => {
    const g = adGroupOf(r);
    return g ? amount(currentBid(g) ?? 0) : null;
  }),
  // App identifiers are "0" for ad groups that promote no app (Airbyte's recorded responses).
  attribute('tt_app_id', G_UP, () => '0'),
  attribute('tt_app_name', G_UP, () => '0'),
  attribute('mobile_app_id', G_UP, () => '0'),
  attribute('ad_name', AD, (r) => r.ad?.ad_name ?? null),
  attribute('ad_text', AD, (r) => r.ad?.ad_text ?? null),
  attribute('call_to_action', AD, (r) => r.ad?.call_to_action ?? null),
  attribute('ad_url', AD, (r) => r.ad?.landing_page_url ?? null),
  attribute('ad_format', AD, (r) => r.ad?.ad_format ?? null),

  // ── Core ────────────────────────────────────────────────────────────────────────────────
  money('spend', ALL, ['spend']),
  // The emulated accounts pay everything in cash: no vouchers.
  money('cash_spend', ADVERTISER, ['spend'], { dailyOnly: true }),
  money('voucher_spend', ADVERTISER, [], { dailyOnly: true }),
  count('impressions', ALL, ['impressions']),
  count('clicks', ALL, ['clicks']),
  rate('ctr', ALL, ['clicks'], ['impressions']),
  costPer('cpc', ALL, ['clicks']),
  costPer('cpm', ALL, ['impressions'], { per: 1000 }),
  count('reach', ALL, ['reach']),
  costPer('cost_per_1000_reached', ALL, ['reach'], { per: 1000 }),
  ratio('frequency', ALL, ['impressions'], ['reach']),

  // ── Conversions (by impression time, and real time: by when they happened) ──────────────
  count('conversion', ALL, ['conversions']),
  costPer('cost_per_conversion', ALL, ['conversions']),
  rate('conversion_rate', ALL, ['conversions'], ['clicks']),
  rate('conversion_rate_v2', ALL, ['conversions'], ['impressions']),
  count('real_time_conversion', ALL, ['realTimeConversions']),
  costPer('real_time_cost_per_conversion', ALL, ['realTimeConversions']),
  rate('real_time_conversion_rate', ALL, ['realTimeConversions'], ['clicks']),
  rate('real_time_conversion_rate_v2', ALL, ['realTimeConversions'], ['impressions']),
  count('result', G_UP, ['results']),
  costPer('cost_per_result', G_UP, ['results'], { digits: 4 }),
  rate('result_rate', G_UP, ['results'], ['impressions']),
  count('real_time_result', G_UP, ['realTimeResults']),
  costPer('real_time_cost_per_result', G_UP, ['realTimeResults'], { digits: 4 }),
  rate('real_time_result_rate', G_UP, ['realTimeResults'], ['impressions']),
  count('secondary_goal_result', G_UP, [], NULL),
  costPer('cost_per_secondary_goal_result', G_UP, [], NULL),
  rate('secondary_goal_result_rate', G_UP, [], [], NULL),

  // ── Video play ──────────────────────────────────────────────────────────────────────────
  count('video_play_actions', ALL, ['videoPlays']),
  count('video_watched_2s', ALL, ['videoWatched2s']),
  count('video_watched_6s', ALL, ['videoWatched6s']),
  count('video_views_p25', ALL, ['videoViewsP25']),
  count('video_views_p50', ALL, ['videoViewsP50']),
  count('video_views_p75', ALL, ['videoViewsP75']),
  count('video_views_p100', ALL, ['videoViewsP100']),
  // Seconds of play per play, and per person reached.
  ratio('average_video_play', ALL, ['watchCentiseconds'], ['videoPlays'], { scale: 0.01 }),
  ratio('average_video_play_per_user', ALL, ['watchCentiseconds'], ['reach'], { scale: 0.01 }),
  // An engaged view: played 6 s (15 s), or engaged with in its first 6 s (15 s).
  count('engaged_view', ALL, ['videoWatched6s', 'earlyEngagements6s']),
  count('engaged_view_15s', ALL, ['videoWatched15s', 'earlyEngagements15s']),
  count('paid_engaged_view', ALL, ['videoWatched6s'], ENGAGED),
  count('paid_engagement_engaged_view', ALL, ['earlyEngagements6s'], ENGAGED),
  count('paid_engaged_view_15s', ALL, ['videoWatched15s'], ENGAGED),
  count('paid_engagement_engaged_view_15s', ALL, ['earlyEngagements15s'], ENGAGED),

  // ── Engagement ──────────────────────────────────────────────────────────────────────────
  count('likes', ALL, ['likes']),
  count('comments', ALL, ['comments']),
  count('shares', ALL, ['shares']),
  count('follows', ALL, ['follows']),
  count('profile_visits', ALL, ['profileVisits']),
  rate('profile_visits_rate', ALL, ['profileVisits'], ['impressions']),
  count('clicks_on_music_disc', ALL, ['musicClicks']),
  // Clicks of every kind: to the destination, and social ones.
  count('engagements', ALL, ['clicks', ...SOCIAL]),
  rate('engagement_rate', ALL, ['clicks', ...SOCIAL], ['impressions']),

  // ── Website events (pixel) ──────────────────────────────────────────────────────────────
  count('total_pageview', ALL, ['pageViews']),
  count('complete_payment', ALL, ['webPurchases'], VALUE),
  costPer('cost_per_complete_payment', ALL, ['webPurchases'], VALUE),
  rate('complete_payment_rate', ALL, ['webPurchases'], ['clicks'], VALUE),
  valuePer('value_per_complete_payment', ALL, 'webPurchaseValue', 'webPurchases', VALUE),
  // TikTok's name for the total value of website purchases.
  money('total_complete_payment_rate', ALL, ['webPurchaseValue'], VALUE),
  ratio('complete_payment_roas', ALL, ['webPurchaseValue'], ['spend'], VALUE),

  // ── App events ──────────────────────────────────────────────────────────────────────────
  count('app_install', ALL, ['appInstalls']),
  costPer('cost_per_app_install', ALL, ['appInstalls']),
  count('real_time_app_install', ALL, ['realTimeAppInstalls']),
  costPer('real_time_app_install_cost', ALL, ['realTimeAppInstalls']),
  count('registration', ALL, ['registrations']),
  costPer('cost_per_registration', ALL, ['registrations']),
  rate('registration_rate', ALL, ['registrations'], ['appInstalls']),
  count('purchase', ALL, ['appPurchases']),
  costPer('cost_per_purchase', ALL, ['appPurchases']),
  rate('purchase_rate', ALL, ['appPurchases'], ['appInstalls']),
  money('total_purchase_value', ALL, ['appPurchaseValue'], VALUE),
  count('sales_lead', ALL, ['salesLeads']),
  costPer('cost_per_sales_lead', ALL, ['salesLeads']),
  rate('sales_lead_rate', ALL, ['salesLeads'], ['appInstalls']),
  count('total_sales_lead', ALL, ['totalSalesLeads']),
  costPer('cost_per_total_sales_lead', ALL, ['totalSalesLeads']),
  count('total_app_event_add_to_cart', ALL, ['appAddToCart']),
  costPer('cost_per_total_app_event_add_to_cart', ALL, ['appAddToCart']),

  // ── TikTok Shop ─────────────────────────────────────────────────────────────────────────
  count('onsite_shopping', ALL, ['shopPurchases']),
  money('total_onsite_shopping_value', ALL, ['shopValue']),

  // ── Attribution: click-through (CTA), view-through (VTA), engaged-view-through (EVTA) ───
  count('vta_conversion', ALL, ['viewThroughConversions']),
  count('engaged_view_through_conversions', ALL, ['engagedViewThroughConversions']),
  // Click-through conversions are the rest: conversions − VTA − EVTA.
  count('cta_conversion', ALL, ['conversions'], {
    minus: ['viewThroughConversions', 'engagedViewThroughConversions'],
  }),
  count('vta_purchase', ALL, ['viewThroughAppPurchases']),
  count('cta_purchase', ALL, ['appPurchases'], { minus: ['viewThroughAppPurchases'] }),
];
