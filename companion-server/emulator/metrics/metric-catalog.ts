import { currentBid } from '../rules/bid-rules';
import { type Ad, type AdGroup, type Advertiser, budgetAt, type Campaign } from '../state/model';
import type { Counter } from './delivery-counts';

/**
 * The BASIC report vocabulary for auction ads: every metric the emulator answers, one line
 * each, in the terms of shared/reference/tiktok-marketing-api.md §7.1 and TikTok's catalog of
 * basic-report metrics (portal doc 1751443967255553 "Supported metrics", read through the Go
 * SDK bububa/tiktok-business's report/metrics.go, TikTok's own metric tables for Smart+
 * creative reports (doc 1843337909199938), its "Supported metrics for a dimension" (doc
 * 1759239462689793) and Airbyte's source-tiktok-marketing). A metric not in this table answers
 * 40002.
 *
 * Which names are in: a name is taken when two of those sources spell it the same way. The
 * docs moved names over time, and where they disagree (the cost per total onsite registration,
 * TikTok Minis' launch and ad revenue families, the offline preferred leads, website start
 * trial and application metrics, day-N onsite purchase values) the emulator answers 40002
 * rather than guess: a client that asks for them learns at once that it is on a name TikTok
 * may not know. TikTok's own irregular spellings are kept as documented
 * (`total_complete_payment_rate` is a value, `cost_pre_ad_impression_event`,
 * `cost_total_add_payment_info`, `on_web_add_to_wishlist_per_click`).
 *
 * Columns: name · kind · data levels where TikTok allows it · how it is derived from the
 * counts of delivery-counts.ts (event families: event-families.ts). Ratios are always
 * recomputed from the row's summed counts, never averaged. Formatting (report-metrics.ts):
 * counts as integers, money and costs with 3 decimals (`cost_per_result` and the SKAN one with
 * 4, as TikTok sends them), rates as percents with 2 decimals, other ratios (ROAS, averages)
 * with 2; a zero denominator gives zero ("0.000"), as in TikTok's responses; every value is a
 * string, `"-"` where a metric does not apply, `null` where TikTok sends null.
 *
 * Levels: ALL four; C_UP campaign, ad group and ad; G_UP ad group and ad; AD; ADVERTISER.
 * Result and secondary-goal metrics are ad group and ad only: TikTok documents them as
 * unsupported where optimization goals can differ. A metric asked for at a level it does not
 * list answers 40002 (TikTok does not say whether it refuses or answers "-"; the emulator
 * takes the stricter reading). Event metrics are at every level: their rates are "out of all
 * clicks" or "out of all app installs", which add up at any level.
 *
 * What the emulated world does not have counts nothing, consistently: no LIVE rooms, no
 * Interactive Add-ons, no video on instant pages, no SKAN dedicated campaigns. Events land where
 * an ad sends people (see `adProfile`): app events for app promotion ads, website and offline
 * events for website ads, TikTok (onsite) events and conversations for lead generation ads,
 * Shop events for Shop ads.
 *
 * Not in the table (40002): metrics of other dimensions (image_id's single-image metrics,
 * product_* for catalogs), playable and GMV Max metrics, and the attribute metrics of features
 * the emulator lacks (split tests, ACO, deep bids).
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
  /** Only with an ID dimension (TikTok: attribute metrics and the BY_ID metrics below). */
  needsIdDimension?: boolean;
  /** Only in daily advertiser reports (TikTok: cash_spend and voucher_spend). */
  dailyOnly?: boolean;
}

/**
 * purchase-value: "-" for accounts that report no event values (pixel or app measurement).
 * not-hourly: "-" in hourly rows (TikTok offers it with ID and day dimensions only).
 * null: always null (TikTok's answer when the ad group has no secondary goal).
 */
export type Unless = 'purchase-value' | 'not-hourly' | 'null';

export interface QuantityMetric extends Common {
  kind: Exclude<MetricKind, 'attribute'>;
  /** Σ numerator ÷ Σ denominator × scale; without a denominator, Σ numerator × scale. */
  numerator: readonly Term[];
  denominator?: readonly Term[];
  scale: number;
  digits: number;
  unless?: readonly Unless[];
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

type Extra = Partial<Pick<QuantityMetric, 'unless' | 'needsIdDimension' | 'dailyOnly'>>;

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
/** Σ value ÷ spend (return on ad spend), with 2 decimals. */
const roas = (name: string, levels: readonly ReportLevel[], value: Term[], extra: Extra = {}) =>
  ratio(name, levels, value, ['spend'], extra);
const attribute = (
  name: string,
  levels: readonly ReportLevel[],
  value: (row: RowEntities) => string | null,
) => ({ name, kind: 'attribute', levels, needsIdDimension: true, value }) as const;

const NULL: Extra = { unless: ['null'] };
const VALUE: Extra = { unless: ['purchase-value'] };
/** TikTok offers EVTA metrics with the ID dimensions and stat_time_day, not by the hour. */
const NOT_HOURLY: Extra = { unless: ['not-hourly'] };
const VALUE_NOT_HOURLY: Extra = { unless: ['purchase-value', 'not-hourly'] };
/**
 * Metrics TikTok offers with an ID dimension, alone or with stat_time_day (paid engaged views,
 * day 7 retention, ad impression events, destination visits). Airbyte's hourly ad stream asks
 * for the paid engaged views by the hour and TikTok serves that stream, so the emulator
 * answers "-" by the hour rather than refusing the report.
 */
const BY_ID: Extra = { unless: ['not-hourly'], needsIdDimension: true };
const VALUE_BY_ID: Extra = { unless: ['purchase-value', 'not-hourly'], needsIdDimension: true };
/** What the emulated world never has (see the header): no term, so zero. */
const NONE: Counter[] = [];
const CLICKS: Term[] = ['clicks'];
const INSTALLS: Term[] = ['appInstalls'];
/** Every kind of click on an ad: to the destination, social ones and on its components. */
const ALL_CLICKS: Term[] = [
  'clicks',
  'likes',
  'comments',
  'shares',
  'follows',
  'profileVisits',
  'musicClicks',
  'duetClicks',
  'stitchClicks',
  'soundUsageClicks',
  'anchorClicks',
  'hashtagClicks',
];

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
  count('gross_impressions', ALL, ['grossImpressions']),
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
  count('paid_engaged_view', ALL, ['videoWatched6s'], BY_ID),
  count('paid_engagement_engaged_view', ALL, ['earlyEngagements6s'], BY_ID),
  count('paid_engaged_view_15s', ALL, ['videoWatched15s'], BY_ID),
  count('paid_engagement_engaged_view_15s', ALL, ['earlyEngagements15s'], BY_ID),

  // ── Clicks and social ──────────────────────────────────────────────────────────────────
  count('likes', ALL, ['likes']),
  count('comments', ALL, ['comments']),
  count('shares', ALL, ['shares']),
  count('follows', ALL, ['follows']),
  count('profile_visits', ALL, ['profileVisits']),
  rate('profile_visits_rate', ALL, ['profileVisits'], ['impressions']),
  count('tt_playlist_visit', ALL, ['playlistVisits']),
  rate('tt_playlist_visit_rate', ALL, ['playlistVisits'], ['impressions']),
  count('clicks_on_music_disc', ALL, ['musicClicks']),
  count('duet_clicks', ALL, ['duetClicks']),
  count('stitch_clicks', ALL, ['stitchClicks']),
  count('sound_usage_clicks', ALL, ['soundUsageClicks']),
  count('anchor_clicks', ALL, ['anchorClicks']),
  rate('anchor_click_rate', ALL, ['anchorClicks'], ['impressions']),
  count('clicks_on_hashtag_challenge', ALL, ['hashtagClicks']),
  count('engagements', ALL, ALL_CLICKS),
  rate('engagement_rate', ALL, ALL_CLICKS, ['impressions']),

  // ── LIVE and Interactive Add-ons (the emulated ads have neither: zero) ───────────────────
  count('live_views', ALL, NONE),
  count('live_unique_views', ALL, NONE),
  count('live_effective_views', ALL, NONE),
  count('live_product_clicks', ALL, NONE),
  count('interactive_add_on_impressions', ALL, NONE),
  count('interactive_add_on_destination_clicks', ALL, NONE),
  count('interactive_add_on_activity_clicks', ALL, NONE),
  count('interactive_add_on_option_a_clicks', ALL, NONE),
  count('interactive_add_on_option_b_clicks', ALL, NONE),
  count('countdown_sticker_recall_clicks', ALL, NONE),

  // ── App events (app promotion ads; rates are out of app installs) ─────────────────────────
  count('app_install', ALL, ['appInstalls']),
  costPer('cost_per_app_install', ALL, ['appInstalls']),
  count('real_time_app_install', ALL, ['realTimeAppInstalls']),
  costPer('real_time_app_install_cost', ALL, ['realTimeAppInstalls']),
  // Registration
  count('registration', ALL, ['appRegistration']),
  costPer('cost_per_registration', ALL, ['appRegistration']),
  rate('registration_rate', ALL, ['appRegistration'], INSTALLS),
  count('total_registration', ALL, ['appRegistrationTotal']),
  costPer('cost_per_total_registration', ALL, ['appRegistrationTotal']),
  // Purchase
  count('purchase', ALL, ['appPurchase']),
  costPer('cost_per_purchase', ALL, ['appPurchase']),
  rate('purchase_rate', ALL, ['appPurchase'], INSTALLS),
  count('total_purchase', ALL, ['appPurchaseTotal']),
  costPer('cost_per_total_purchase', ALL, ['appPurchaseTotal']),
  valuePer('value_per_total_purchase', ALL, 'appPurchaseValue', 'appPurchaseTotal', VALUE),
  money('total_purchase_value', ALL, ['appPurchaseValue'], VALUE),
  roas('total_active_pay_roas', ALL, ['appPurchaseValue'], VALUE),
  roas('total_purchase_roas_day0', ALL, ['appPurchaseValueDay0'], VALUE),
  roas('total_purchase_roas_day2', ALL, ['appPurchaseValueDay2'], VALUE),
  roas('total_purchase_roas_day6', ALL, ['appPurchaseValueDay6'], VALUE),
  money('total_purchase_value_day0', ALL, ['appPurchaseValueDay0'], VALUE),
  money('total_purchase_value_day2', ALL, ['appPurchaseValueDay2'], VALUE),
  money('total_purchase_value_day6', ALL, ['appPurchaseValueDay6'], VALUE),
  // Add to cart
  count('app_event_add_to_cart', ALL, ['appAddToCart']),
  costPer('cost_per_app_event_add_to_cart', ALL, ['appAddToCart']),
  rate('app_event_add_to_cart_rate', ALL, ['appAddToCart'], INSTALLS),
  count('total_app_event_add_to_cart', ALL, ['appAddToCartTotal']),
  costPer('cost_per_total_app_event_add_to_cart', ALL, ['appAddToCartTotal']),
  valuePer(
    'value_per_total_app_event_add_to_cart',
    ALL,
    'appAddToCartValue',
    'appAddToCartTotal',
    VALUE,
  ),
  money('total_app_event_add_to_cart_value', ALL, ['appAddToCartValue'], VALUE),
  // Checkout (TikTok names its value per checkout without "total")
  count('checkout', ALL, ['appCheckout']),
  costPer('cost_per_checkout', ALL, ['appCheckout']),
  rate('checkout_rate', ALL, ['appCheckout'], INSTALLS),
  count('total_checkout', ALL, ['appCheckoutTotal']),
  costPer('cost_per_total_checkout', ALL, ['appCheckoutTotal']),
  valuePer('value_per_checkout', ALL, 'appCheckoutValue', 'appCheckoutTotal', VALUE),
  money('total_checkout_value', ALL, ['appCheckoutValue'], VALUE),
  // View content
  count('view_content', ALL, ['appViewContent']),
  costPer('cost_per_view_content', ALL, ['appViewContent']),
  rate('view_content_rate', ALL, ['appViewContent'], INSTALLS),
  count('total_view_content', ALL, ['appViewContentTotal']),
  costPer('cost_per_total_view_content', ALL, ['appViewContentTotal']),
  valuePer(
    'value_per_total_view_content',
    ALL,
    'appViewContentValue',
    'appViewContentTotal',
    VALUE,
  ),
  money('total_view_content_value', ALL, ['appViewContentValue'], VALUE),
  // Day 1 retention
  count('next_day_open', ALL, ['appNextDayOpen']),
  costPer('cost_per_next_day_open', ALL, ['appNextDayOpen']),
  rate('next_day_open_rate', ALL, ['appNextDayOpen'], INSTALLS),
  count('total_next_day_open', ALL, ['appNextDayOpenTotal']),
  costPer('cost_per_total_next_day_open', ALL, ['appNextDayOpenTotal']),
  // Day 7 retention (TikTok: with an ID dimension, alone or by day)
  count('day7_retention', ALL, ['appDay7Retention'], BY_ID),
  costPer('cost_per_day7_retention', ALL, ['appDay7Retention'], BY_ID),
  rate('day7_retention_rate', ALL, ['appDay7Retention'], INSTALLS, BY_ID),
  count('total_day7_retention', ALL, ['appDay7RetentionTotal'], BY_ID),
  costPer('cost_per_total_day7_retention', ALL, ['appDay7RetentionTotal'], BY_ID),
  valuePer(
    'value_per_total_day7_retention',
    ALL,
    'appDay7RetentionValue',
    'appDay7RetentionTotal',
    VALUE_BY_ID,
  ),
  money('total_day7_retention_value', ALL, ['appDay7RetentionValue'], VALUE_BY_ID),
  // Add payment info (TikTok spells its total cost "cost_total_")
  count('add_payment_info', ALL, ['appAddPaymentInfo']),
  costPer('cost_per_add_payment_info', ALL, ['appAddPaymentInfo']),
  rate('add_payment_info_rate', ALL, ['appAddPaymentInfo'], INSTALLS),
  count('total_add_payment_info', ALL, ['appAddPaymentInfoTotal']),
  costPer('cost_total_add_payment_info', ALL, ['appAddPaymentInfoTotal']),
  // Add to wishlist
  count('add_to_wishlist', ALL, ['appAddToWishlist']),
  costPer('cost_per_add_to_wishlist', ALL, ['appAddToWishlist']),
  rate('add_to_wishlist_rate', ALL, ['appAddToWishlist'], INSTALLS),
  count('total_add_to_wishlist', ALL, ['appAddToWishlistTotal']),
  costPer('cost_per_total_add_to_wishlist', ALL, ['appAddToWishlistTotal']),
  valuePer(
    'value_per_total_add_to_wishlist',
    ALL,
    'appAddToWishlistValue',
    'appAddToWishlistTotal',
    VALUE,
  ),
  money('total_add_to_wishlist_value', ALL, ['appAddToWishlistValue'], VALUE),
  // Launch app
  count('launch_app', ALL, ['appLaunch']),
  costPer('cost_per_launch_app', ALL, ['appLaunch']),
  rate('launch_app_rate', ALL, ['appLaunch'], INSTALLS),
  count('total_launch_app', ALL, ['appLaunchTotal']),
  costPer('cost_per_total_launch_app', ALL, ['appLaunchTotal']),
  // Complete tutorial
  count('complete_tutorial', ALL, ['appCompleteTutorial']),
  costPer('cost_per_complete_tutorial', ALL, ['appCompleteTutorial']),
  rate('complete_tutorial_rate', ALL, ['appCompleteTutorial'], INSTALLS),
  count('total_complete_tutorial', ALL, ['appCompleteTutorialTotal']),
  costPer('cost_per_total_complete_tutorial', ALL, ['appCompleteTutorialTotal']),
  valuePer(
    'value_per_total_complete_tutorial',
    ALL,
    'appCompleteTutorialValue',
    'appCompleteTutorialTotal',
    VALUE,
  ),
  money('total_complete_tutorial_value', ALL, ['appCompleteTutorialValue'], VALUE),
  // Create group
  count('create_group', ALL, ['appCreateGroup']),
  costPer('cost_per_create_group', ALL, ['appCreateGroup']),
  rate('create_group_rate', ALL, ['appCreateGroup'], INSTALLS),
  count('total_create_group', ALL, ['appCreateGroupTotal']),
  costPer('cost_per_total_create_group', ALL, ['appCreateGroupTotal']),
  valuePer(
    'value_per_total_create_group',
    ALL,
    'appCreateGroupValue',
    'appCreateGroupTotal',
    VALUE,
  ),
  money('total_create_group_value', ALL, ['appCreateGroupValue'], VALUE),
  // Join group
  count('join_group', ALL, ['appJoinGroup']),
  costPer('cost_per_join_group', ALL, ['appJoinGroup']),
  rate('join_group_rate', ALL, ['appJoinGroup'], INSTALLS),
  count('total_join_group', ALL, ['appJoinGroupTotal']),
  costPer('cost_per_total_join_group', ALL, ['appJoinGroupTotal']),
  valuePer('value_per_total_join_group', ALL, 'appJoinGroupValue', 'appJoinGroupTotal', VALUE),
  money('total_join_group_value', ALL, ['appJoinGroupValue'], VALUE),
  // Create role
  count('create_gamerole', ALL, ['appCreateRole']),
  costPer('cost_per_create_gamerole', ALL, ['appCreateRole']),
  rate('create_gamerole_rate', ALL, ['appCreateRole'], INSTALLS),
  count('total_create_gamerole', ALL, ['appCreateRoleTotal']),
  costPer('cost_per_total_create_gamerole', ALL, ['appCreateRoleTotal']),
  valuePer(
    'value_per_total_create_gamerole',
    ALL,
    'appCreateRoleValue',
    'appCreateRoleTotal',
    VALUE,
  ),
  money('total_create_gamerole_value', ALL, ['appCreateRoleValue'], VALUE),
  // Spend credit
  count('spend_credits', ALL, ['appSpendCredits']),
  costPer('cost_per_spend_credits', ALL, ['appSpendCredits']),
  rate('spend_credits_rate', ALL, ['appSpendCredits'], INSTALLS),
  count('total_spend_credits', ALL, ['appSpendCreditsTotal']),
  costPer('cost_per_total_spend_credits', ALL, ['appSpendCreditsTotal']),
  valuePer(
    'value_per_total_spend_credits',
    ALL,
    'appSpendCreditsValue',
    'appSpendCreditsTotal',
    VALUE,
  ),
  money('total_spend_credits_value', ALL, ['appSpendCreditsValue'], VALUE),
  // Achieve level
  count('achieve_level', ALL, ['appAchieveLevel']),
  costPer('cost_per_achieve_level', ALL, ['appAchieveLevel']),
  rate('achieve_level_rate', ALL, ['appAchieveLevel'], INSTALLS),
  count('total_achieve_level', ALL, ['appAchieveLevelTotal']),
  costPer('cost_per_total_achieve_level', ALL, ['appAchieveLevelTotal']),
  valuePer(
    'value_per_total_achieve_level',
    ALL,
    'appAchieveLevelValue',
    'appAchieveLevelTotal',
    VALUE,
  ),
  money('total_achieve_level_value', ALL, ['appAchieveLevelValue'], VALUE),
  // Unlock achievement
  count('unlock_achievement', ALL, ['appUnlockAchievement']),
  costPer('cost_per_unlock_achievement', ALL, ['appUnlockAchievement']),
  rate('unlock_achievement_rate', ALL, ['appUnlockAchievement'], INSTALLS),
  count('total_unlock_achievement', ALL, ['appUnlockAchievementTotal']),
  costPer('cost_per_total_unlock_achievement', ALL, ['appUnlockAchievementTotal']),
  valuePer(
    'value_per_total_unlock_achievement',
    ALL,
    'appUnlockAchievementValue',
    'appUnlockAchievementTotal',
    VALUE,
  ),
  money('total_unlock_achievement_value', ALL, ['appUnlockAchievementValue'], VALUE),
  // Generate lead
  count('sales_lead', ALL, ['appSalesLead']),
  costPer('cost_per_sales_lead', ALL, ['appSalesLead']),
  rate('sales_lead_rate', ALL, ['appSalesLead'], INSTALLS),
  count('total_sales_lead', ALL, ['appSalesLeadTotal']),
  costPer('cost_per_total_sales_lead', ALL, ['appSalesLeadTotal']),
  valuePer('value_per_total_sales_lead', ALL, 'appSalesLeadValue', 'appSalesLeadTotal', VALUE),
  money('total_sales_lead_value', ALL, ['appSalesLeadValue'], VALUE),
  // In-app ad click
  count('in_app_ad_click', ALL, ['appInAppAdClick']),
  costPer('cost_per_in_app_ad_click', ALL, ['appInAppAdClick']),
  rate('in_app_ad_click_rate', ALL, ['appInAppAdClick'], INSTALLS),
  count('total_in_app_ad_click', ALL, ['appInAppAdClickTotal']),
  costPer('cost_per_total_in_app_ad_click', ALL, ['appInAppAdClickTotal']),
  valuePer(
    'value_per_total_in_app_ad_click',
    ALL,
    'appInAppAdClickValue',
    'appInAppAdClickTotal',
    VALUE,
  ),
  money('total_in_app_ad_click_value', ALL, ['appInAppAdClickValue'], VALUE),
  // In-app ad impression
  count('in_app_ad_impr', ALL, ['appInAppAdImpression']),
  costPer('cost_per_in_app_ad_impr', ALL, ['appInAppAdImpression']),
  rate('in_app_ad_impr_rate', ALL, ['appInAppAdImpression'], INSTALLS),
  count('total_in_app_ad_impr', ALL, ['appInAppAdImpressionTotal']),
  costPer('cost_per_total_in_app_ad_impr', ALL, ['appInAppAdImpressionTotal']),
  valuePer(
    'value_per_total_in_app_ad_impr',
    ALL,
    'appInAppAdImpressionValue',
    'appInAppAdImpressionTotal',
    VALUE,
  ),
  money('total_in_app_ad_impr_value', ALL, ['appInAppAdImpressionValue'], VALUE),
  // Loan application
  count('loan_apply', ALL, ['appLoanApply']),
  costPer('cost_per_loan_apply', ALL, ['appLoanApply']),
  rate('loan_apply_rate', ALL, ['appLoanApply'], INSTALLS),
  count('total_loan_apply', ALL, ['appLoanApplyTotal']),
  costPer('cost_per_total_loan_apply', ALL, ['appLoanApplyTotal']),
  // Loan approval
  count('loan_credit', ALL, ['appLoanCredit']),
  costPer('cost_per_loan_credit', ALL, ['appLoanCredit']),
  rate('loan_credit_rate', ALL, ['appLoanCredit'], INSTALLS),
  count('total_loan_credit', ALL, ['appLoanCreditTotal']),
  costPer('cost_per_total_loan_credit', ALL, ['appLoanCreditTotal']),
  // Loan disbursal
  count('loan_disbursement', ALL, ['appLoanDisbursement']),
  costPer('cost_per_loan_disbursement', ALL, ['appLoanDisbursement']),
  rate('loan_disbursement_rate', ALL, ['appLoanDisbursement'], INSTALLS),
  count('total_loan_disbursement', ALL, ['appLoanDisbursementTotal']),
  costPer('cost_per_total_loan_disbursement', ALL, ['appLoanDisbursementTotal']),
  // Login
  count('login', ALL, ['appLogin']),
  costPer('cost_per_login', ALL, ['appLogin']),
  rate('login_rate', ALL, ['appLogin'], INSTALLS),
  count('total_login', ALL, ['appLoginTotal']),
  costPer('cost_per_total_login', ALL, ['appLoginTotal']),
  // Rate
  count('ratings', ALL, ['appRating']),
  costPer('cost_per_ratings', ALL, ['appRating']),
  rate('ratings_rate', ALL, ['appRating'], INSTALLS),
  count('total_ratings', ALL, ['appRatingTotal']),
  costPer('cost_per_total_ratings', ALL, ['appRatingTotal']),
  valuePer('value_per_total_ratings', ALL, 'appRatingValue', 'appRatingTotal', VALUE),
  money('total_ratings_value', ALL, ['appRatingValue'], VALUE),
  // Search
  count('search', ALL, ['appSearch']),
  costPer('cost_per_search', ALL, ['appSearch']),
  rate('search_rate', ALL, ['appSearch'], INSTALLS),
  count('total_search', ALL, ['appSearchTotal']),
  costPer('cost_per_total_search', ALL, ['appSearchTotal']),
  // Start trial
  count('start_trial', ALL, ['appStartTrial']),
  costPer('cost_per_start_trial', ALL, ['appStartTrial']),
  rate('start_trial_rate', ALL, ['appStartTrial'], INSTALLS),
  count('total_start_trial', ALL, ['appStartTrialTotal']),
  costPer('cost_per_total_start_trial', ALL, ['appStartTrialTotal']),
  // Subscribe
  count('subscribe', ALL, ['appSubscribe']),
  costPer('cost_per_subscribe', ALL, ['appSubscribe']),
  rate('subscribe_rate', ALL, ['appSubscribe'], INSTALLS),
  count('total_subscribe', ALL, ['appSubscribeTotal']),
  costPer('cost_per_total_subscribe', ALL, ['appSubscribeTotal']),
  valuePer('value_per_total_subscribe', ALL, 'appSubscribeValue', 'appSubscribeTotal', VALUE),
  money('total_subscribe_value', ALL, ['appSubscribeValue'], VALUE),
  // Custom app event
  count('unique_custom_app_events', ALL, ['appCustomEvent']),
  costPer('cost_per_unique_custom_app_event', ALL, ['appCustomEvent']),
  rate('custom_app_event_rate', ALL, ['appCustomEvent'], INSTALLS),
  count('custom_app_events', ALL, ['appCustomEventTotal']),
  costPer('cost_per_custom_app_event', ALL, ['appCustomEventTotal']),
  valuePer('value_per_custom_app_event', ALL, 'appCustomEventValue', 'appCustomEventTotal', VALUE),
  money('custom_app_events_value', ALL, ['appCustomEventValue'], VALUE),
  // Ad impression (ad revenue; TikTok: with an ID dimension, alone or by day; "cost_pre_" is its spelling)
  count('unique_ad_impression_events', ALL, ['appAdImpressionEvent'], BY_ID),
  costPer('cost_per_unique_ad_impression_event', ALL, ['appAdImpressionEvent'], BY_ID),
  rate('customized_ad_impression_event_rate', ALL, ['appAdImpressionEvent'], INSTALLS, BY_ID),
  count('ads_impression_events', ALL, ['appAdImpressionEventTotal'], BY_ID),
  costPer('cost_pre_ad_impression_event', ALL, ['appAdImpressionEventTotal'], BY_ID),
  valuePer(
    'value_per_ad_impression_event',
    ALL,
    'appAdImpressionEventValue',
    'appAdImpressionEventTotal',
    VALUE_BY_ID,
  ),
  money('total_ad_impression_events_value', ALL, ['appAdImpressionEventValue'], VALUE_BY_ID),
  roas('total_ad_impression_roas', ALL, ['appAdImpressionEventValue'], VALUE_BY_ID),
  roas('ad_impression_ad_revenue_roas_day0', ALL, ['appAdRevenueDay0'], VALUE_BY_ID),
  roas('ad_impression_ad_revenue_roas_day2', ALL, ['appAdRevenueDay2'], VALUE_BY_ID),
  roas('ad_impression_ad_revenue_roas_day6', ALL, ['appAdRevenueDay6'], VALUE_BY_ID),
  money('ad_impression_ad_revenue_day0', ALL, ['appAdRevenueDay0'], VALUE_BY_ID),
  money('ad_impression_ad_revenue_day2', ALL, ['appAdRevenueDay2'], VALUE_BY_ID),
  money('ad_impression_ad_revenue_day6', ALL, ['appAdRevenueDay6'], VALUE_BY_ID),

  // ── Website events (pixel; website ads; rates are out of destination clicks) ──────────────
  // Purchase: TikTok names its total value "total_complete_payment_rate"; every purchase metric is
  // "-" for an account whose pixel reports no value (the product reads the purchase as a unit)
  roas('complete_payment_roas', ALL, ['webPurchaseValue'], VALUE),
  count('complete_payment', ALL, ['webPurchase'], VALUE),
  costPer('cost_per_complete_payment', ALL, ['webPurchase'], VALUE),
  rate('complete_payment_rate', ALL, ['webPurchase'], CLICKS, VALUE),
  valuePer('value_per_complete_payment', ALL, 'webPurchaseValue', 'webPurchase', VALUE),
  money('total_complete_payment_rate', ALL, ['webPurchaseValue'], VALUE),
  // Landing page view
  count('total_landing_page_view', ALL, ['webLandingPageView']),
  costPer('cost_per_landing_page_view', ALL, ['webLandingPageView']),
  rate('landing_page_view_rate', ALL, ['webLandingPageView'], CLICKS),
  // Page view: several per click, so its rate can pass 100%
  count('total_pageview', ALL, ['pageViews']),
  costPer('cost_per_pageview', ALL, ['pageViews']),
  rate('pageview_rate', ALL, ['pageViews'], CLICKS),
  valuePer('avg_value_per_pageview', ALL, 'pageViewValue', 'pageViews', VALUE),
  money('total_value_per_pageview', ALL, ['pageViewValue'], VALUE),
  // Click button
  count('button_click', ALL, ['webButtonClick']),
  costPer('cost_per_button_click', ALL, ['webButtonClick']),
  rate('button_click_rate', ALL, ['webButtonClick'], CLICKS),
  valuePer('value_per_button_click', ALL, 'webButtonClickValue', 'webButtonClick', VALUE),
  money('total_button_click_value', ALL, ['webButtonClickValue'], VALUE),
  // Contact
  count('online_consult', ALL, ['webContact']),
  costPer('cost_per_online_consult', ALL, ['webContact']),
  rate('online_consult_rate', ALL, ['webContact'], CLICKS),
  valuePer('value_per_online_consult', ALL, 'webContactValue', 'webContact', VALUE),
  money('total_online_consult_value', ALL, ['webContactValue'], VALUE),
  // Complete registration
  count('user_registration', ALL, ['webRegistration']),
  costPer('cost_per_user_registration', ALL, ['webRegistration']),
  rate('user_registration_rate', ALL, ['webRegistration'], CLICKS),
  valuePer('value_per_user_registration', ALL, 'webRegistrationValue', 'webRegistration', VALUE),
  money('total_user_registration_value', ALL, ['webRegistrationValue'], VALUE),
  // View content
  count('page_content_view_events', ALL, ['webViewContent']),
  costPer('cost_per_page_content_view_event', ALL, ['webViewContent']),
  rate('page_content_view_event_rate', ALL, ['webViewContent'], CLICKS),
  valuePer(
    'value_per_page_content_view_event',
    ALL,
    'webViewContentValue',
    'webViewContent',
    VALUE,
  ),
  money('total_page_view_content_events_value', ALL, ['webViewContentValue'], VALUE),
  // Add to cart
  count('web_event_add_to_cart', ALL, ['webAddToCart']),
  costPer('cost_per_web_event_add_to_cart', ALL, ['webAddToCart']),
  rate('web_event_add_to_cart_rate', ALL, ['webAddToCart'], CLICKS),
  valuePer('value_per_web_event_add_to_cart', ALL, 'webAddToCartValue', 'webAddToCart', VALUE),
  money('total_web_event_add_to_cart_value', ALL, ['webAddToCartValue'], VALUE),
  // Place an order
  count('on_web_order', ALL, ['webPlaceOrder']),
  costPer('cost_per_on_web_order', ALL, ['webPlaceOrder']),
  rate('on_web_order_rate', ALL, ['webPlaceOrder'], CLICKS),
  valuePer('value_per_on_web_order', ALL, 'webPlaceOrderValue', 'webPlaceOrder', VALUE),
  money('total_on_web_order_value', ALL, ['webPlaceOrderValue'], VALUE),
  // Initiate checkout
  count('initiate_checkout', ALL, ['webInitiateCheckout']),
  costPer('cost_per_initiate_checkout', ALL, ['webInitiateCheckout']),
  rate('initiate_checkout_rate', ALL, ['webInitiateCheckout'], CLICKS),
  valuePer(
    'value_per_initiate_checkout',
    ALL,
    'webInitiateCheckoutValue',
    'webInitiateCheckout',
    VALUE,
  ),
  money('total_initiate_checkout_value', ALL, ['webInitiateCheckoutValue'], VALUE),
  // Add payment info
  count('add_billing', ALL, ['webAddBilling']),
  costPer('cost_per_add_billing', ALL, ['webAddBilling']),
  rate('add_billing_rate', ALL, ['webAddBilling'], CLICKS),
  valuePer('value_per_add_billing', ALL, 'webAddBillingValue', 'webAddBilling', VALUE),
  money('total_add_billing_value', ALL, ['webAddBillingValue'], VALUE),
  // Search
  count('page_event_search', ALL, ['webSearch']),
  costPer('cost_per_page_event_search', ALL, ['webSearch']),
  rate('page_event_search_rate', ALL, ['webSearch'], CLICKS),
  valuePer('value_per_page_event_search', ALL, 'webSearchValue', 'webSearch', VALUE),
  money('total_page_event_search_value', ALL, ['webSearchValue'], VALUE),
  // Submit form
  count('form', ALL, ['webForm']),
  costPer('cost_per_form', ALL, ['webForm']),
  rate('form_rate', ALL, ['webForm'], CLICKS),
  valuePer('value_per_form', ALL, 'webFormValue', 'webForm', VALUE),
  money('total_form_value', ALL, ['webFormValue'], VALUE),
  // Download
  count('download_start', ALL, ['webDownload']),
  costPer('cost_per_download_start', ALL, ['webDownload']),
  rate('download_start_rate', ALL, ['webDownload'], CLICKS),
  valuePer('value_per_download_start', ALL, 'webDownloadValue', 'webDownload', VALUE),
  money('total_download_start_value', ALL, ['webDownloadValue'], VALUE),
  // Add to wishlist (TikTok names its rate "_per_click")
  count('on_web_add_to_wishlist', ALL, ['webAddToWishlist']),
  costPer('cost_per_on_web_add_to_wishlist', ALL, ['webAddToWishlist']),
  rate('on_web_add_to_wishlist_per_click', ALL, ['webAddToWishlist'], CLICKS),
  valuePer(
    'value_per_on_web_add_to_wishlist',
    ALL,
    'webAddToWishlistValue',
    'webAddToWishlist',
    VALUE,
  ),
  money('total_on_web_add_to_wishlist_value', ALL, ['webAddToWishlistValue'], VALUE),
  // Subscribe
  count('on_web_subscribe', ALL, ['webSubscribe']),
  costPer('cost_per_on_web_subscribe', ALL, ['webSubscribe']),
  rate('on_web_subscribe_per_click', ALL, ['webSubscribe'], CLICKS),
  valuePer('value_per_on_web_subscribe', ALL, 'webSubscribeValue', 'webSubscribe', VALUE),
  money('total_on_web_subscribe_value', ALL, ['webSubscribeValue'], VALUE),
  // Find location
  count('website_total_find_location', ALL, ['webFindLocation']),
  costPer('website_cost_per_find_location', ALL, ['webFindLocation']),
  rate('website_find_location_rate', ALL, ['webFindLocation'], CLICKS),
  valuePer(
    'website_value_per_find_location',
    ALL,
    'webFindLocationValue',
    'webFindLocation',
    VALUE,
  ),
  money('website_total_find_location_value', ALL, ['webFindLocationValue'], VALUE),
  // Schedule
  count('website_total_schedule', ALL, ['webSchedule']),
  costPer('website_cost_per_schedule', ALL, ['webSchedule']),
  rate('website_schedule_rate', ALL, ['webSchedule'], CLICKS),
  valuePer('website_value_per_schedule', ALL, 'webScheduleValue', 'webSchedule', VALUE),
  money('website_total_schedule_value', ALL, ['webScheduleValue'], VALUE),
  // Customize product
  count('website_total_customize_product', ALL, ['webCustomizeProduct']),
  costPer('website_cost_per_customize_product', ALL, ['webCustomizeProduct']),
  rate('website_customize_product_rate', ALL, ['webCustomizeProduct'], CLICKS),
  valuePer(
    'website_value_per_customize_product',
    ALL,
    'webCustomizeProductValue',
    'webCustomizeProduct',
    VALUE,
  ),
  money('website_total_customize_product_value', ALL, ['webCustomizeProductValue'], VALUE),
  // Custom page event
  count('custom_page_events', ALL, ['webCustomEvent']),
  costPer('cost_per_custom_page_event', ALL, ['webCustomEvent']),
  rate('custom_page_event_rate', ALL, ['webCustomEvent'], CLICKS),
  valuePer('value_per_custom_page_event', ALL, 'webCustomEventValue', 'webCustomEvent', VALUE),
  money('custom_page_events_value', ALL, ['webCustomEventValue'], VALUE),

  // ── Offline events (website ads; rates are out of destination clicks) ─────────────────────
  // CRM event
  count('offline_total_crm_events', ALL, ['offlineCrm']),
  costPer('offline_cost_per_crm_event', ALL, ['offlineCrm']),
  rate('offline_crm_event_rate', ALL, ['offlineCrm'], CLICKS),
  valuePer('offline_value_per_crm_event', ALL, 'offlineCrmValue', 'offlineCrm', VALUE),
  money('offline_crm_event_value', ALL, ['offlineCrmValue'], VALUE),
  // Purchase
  count('offline_shopping_events', ALL, ['offlinePurchase']),
  costPer('cost_per_offline_shopping_event', ALL, ['offlinePurchase']),
  rate('offline_shopping_event_rate', ALL, ['offlinePurchase'], CLICKS),
  valuePer(
    'value_per_offline_shopping_event',
    ALL,
    'offlinePurchaseValue',
    'offlinePurchase',
    VALUE,
  ),
  money('offline_shopping_events_value', ALL, ['offlinePurchaseValue'], VALUE),
  roas('offline_shopping_events_roas', ALL, ['offlinePurchaseValue'], VALUE),
  // Contact
  count('offline_contact_events', ALL, ['offlineContact']),
  costPer('cost_per_offline_contact_event', ALL, ['offlineContact']),
  rate('offline_contact_event_rate', ALL, ['offlineContact'], CLICKS),
  valuePer('value_per_offline_contact_event', ALL, 'offlineContactValue', 'offlineContact', VALUE),
  money('offline_contact_events_value', ALL, ['offlineContactValue'], VALUE),
  // Subscribe
  count('offline_subscribe_events', ALL, ['offlineSubscribe']),
  costPer('cost_per_offline_subscribe_event', ALL, ['offlineSubscribe']),
  rate('offline_subscribe_event_rate', ALL, ['offlineSubscribe'], CLICKS),
  valuePer(
    'value_per_offline_subscribe_event',
    ALL,
    'offlineSubscribeValue',
    'offlineSubscribe',
    VALUE,
  ),
  money('offline_subscribe_events_value', ALL, ['offlineSubscribeValue'], VALUE),
  // Submit form
  count('offline_form_events', ALL, ['offlineForm']),
  costPer('cost_per_offline_form_event', ALL, ['offlineForm']),
  rate('offline_form_event_rate', ALL, ['offlineForm'], CLICKS),
  valuePer('value_per_offline_form_event', ALL, 'offlineFormValue', 'offlineForm', VALUE),
  money('offline_form_events_value', ALL, ['offlineFormValue'], VALUE),
  // Add payment info
  count('offline_add_payment_info_events', ALL, ['offlineAddPaymentInfo']),
  costPer('cost_per_offline_add_payment_info_event', ALL, ['offlineAddPaymentInfo']),
  rate('offline_add_payment_info_event_rate', ALL, ['offlineAddPaymentInfo'], CLICKS),
  valuePer(
    'value_per_offline_add_payment_info_event',
    ALL,
    'offlineAddPaymentInfoValue',
    'offlineAddPaymentInfo',
    VALUE,
  ),
  money('offline_add_payment_info_events_value', ALL, ['offlineAddPaymentInfoValue'], VALUE),
  // Add to cart
  count('offline_add_to_cart_events', ALL, ['offlineAddToCart']),
  costPer('cost_per_offline_add_to_cart_event', ALL, ['offlineAddToCart']),
  rate('offline_add_to_cart_event_rate', ALL, ['offlineAddToCart'], CLICKS),
  valuePer(
    'value_per_offline_add_to_cart_event',
    ALL,
    'offlineAddToCartValue',
    'offlineAddToCart',
    VALUE,
  ),
  money('offline_add_to_cart_events_value', ALL, ['offlineAddToCartValue'], VALUE),
  // Add to wishlist
  count('offline_add_to_wishlist_events', ALL, ['offlineAddToWishlist']),
  costPer('cost_per_offline_add_to_wishlist_event', ALL, ['offlineAddToWishlist']),
  rate('offline_add_to_wishlist_event_rate', ALL, ['offlineAddToWishlist'], CLICKS),
  valuePer(
    'value_per_offline_add_to_wishlist_event',
    ALL,
    'offlineAddToWishlistValue',
    'offlineAddToWishlist',
    VALUE,
  ),
  money('offline_add_to_wishlist_events_value', ALL, ['offlineAddToWishlistValue'], VALUE),
  // Click button
  count('offline_click_button_events', ALL, ['offlineClickButton']),
  costPer('cost_per_offline_click_button_event', ALL, ['offlineClickButton']),
  rate('offline_click_button_event_rate', ALL, ['offlineClickButton'], CLICKS),
  valuePer(
    'value_per_offline_click_button_event',
    ALL,
    'offlineClickButtonValue',
    'offlineClickButton',
    VALUE,
  ),
  money('offline_click_button_events_value', ALL, ['offlineClickButtonValue'], VALUE),
  // Complete registration
  count('offline_complete_registration_events', ALL, ['offlineRegistration']),
  costPer('cost_per_offline_complete_registration_event', ALL, ['offlineRegistration']),
  rate('offline_complete_registration_event_rate', ALL, ['offlineRegistration'], CLICKS),
  valuePer(
    'value_per_offline_complete_registration_event',
    ALL,
    'offlineRegistrationValue',
    'offlineRegistration',
    VALUE,
  ),
  money('offline_complete_registration_events_value', ALL, ['offlineRegistrationValue'], VALUE),
  // Download
  count('offline_download_events', ALL, ['offlineDownload']),
  costPer('cost_per_offline_download_event', ALL, ['offlineDownload']),
  rate('offline_download_event_rate', ALL, ['offlineDownload'], CLICKS),
  valuePer(
    'value_per_offline_download_event',
    ALL,
    'offlineDownloadValue',
    'offlineDownload',
    VALUE,
  ),
  money('offline_download_events_value', ALL, ['offlineDownloadValue'], VALUE),
  // Initiate checkout
  count('offline_initiate_checkout_events', ALL, ['offlineInitiateCheckout']),
  costPer('cost_per_offline_initiate_checkout_event', ALL, ['offlineInitiateCheckout']),
  rate('offline_initiate_checkout_event_rate', ALL, ['offlineInitiateCheckout'], CLICKS),
  valuePer(
    'value_per_offline_initiate_checkout_event',
    ALL,
    'offlineInitiateCheckoutValue',
    'offlineInitiateCheckout',
    VALUE,
  ),
  money('offline_initiate_checkout_events_value', ALL, ['offlineInitiateCheckoutValue'], VALUE),
  // Place an order
  count('offline_place_order_events', ALL, ['offlinePlaceOrder']),
  costPer('cost_per_offline_place_order_event', ALL, ['offlinePlaceOrder']),
  rate('offline_place_order_event_rate', ALL, ['offlinePlaceOrder'], CLICKS),
  valuePer(
    'value_per_offline_place_order_event',
    ALL,
    'offlinePlaceOrderValue',
    'offlinePlaceOrder',
    VALUE,
  ),
  money('offline_place_order_events_value', ALL, ['offlinePlaceOrderValue'], VALUE),
  // Search
  count('offline_search_events', ALL, ['offlineSearch']),
  costPer('cost_per_offline_search_event', ALL, ['offlineSearch']),
  rate('offline_search_event_rate', ALL, ['offlineSearch'], CLICKS),
  valuePer('value_per_offline_search_event', ALL, 'offlineSearchValue', 'offlineSearch', VALUE),
  money('offline_search_events_value', ALL, ['offlineSearchValue'], VALUE),
  // View content
  count('offline_view_content_events', ALL, ['offlineViewContent']),
  costPer('cost_per_offline_view_content_event', ALL, ['offlineViewContent']),
  rate('offline_view_content_event_rate', ALL, ['offlineViewContent'], CLICKS),
  valuePer(
    'value_per_offline_view_content_event',
    ALL,
    'offlineViewContentValue',
    'offlineViewContent',
    VALUE,
  ),
  money('offline_view_content_events_value', ALL, ['offlineViewContentValue'], VALUE),
  // Find location
  count('offline_total_find_location', ALL, ['offlineFindLocation']),
  costPer('offline_cost_per_find_location', ALL, ['offlineFindLocation']),
  rate('offline_find_location_rate', ALL, ['offlineFindLocation'], CLICKS),
  valuePer(
    'offline_value_per_find_location',
    ALL,
    'offlineFindLocationValue',
    'offlineFindLocation',
    VALUE,
  ),
  money('offline_total_find_location_value', ALL, ['offlineFindLocationValue'], VALUE),
  // Schedule
  count('offline_total_schedule', ALL, ['offlineSchedule']),
  costPer('offline_cost_per_schedule', ALL, ['offlineSchedule']),
  rate('offline_schedule_rate', ALL, ['offlineSchedule'], CLICKS),
  valuePer('offline_value_per_schedule', ALL, 'offlineScheduleValue', 'offlineSchedule', VALUE),
  money('offline_total_schedule_value', ALL, ['offlineScheduleValue'], VALUE),
  // Customize product
  count('offline_total_customize_product', ALL, ['offlineCustomizeProduct']),
  costPer('offline_cost_per_customize_product', ALL, ['offlineCustomizeProduct']),
  rate('offline_customize_product_rate', ALL, ['offlineCustomizeProduct'], CLICKS),
  valuePer(
    'offline_value_per_customize_product',
    ALL,
    'offlineCustomizeProductValue',
    'offlineCustomizeProduct',
    VALUE,
  ),
  money('offline_total_customize_product_value', ALL, ['offlineCustomizeProductValue'], VALUE),
  // Custom event
  count('offline_total_custom_events', ALL, ['offlineCustomEvent']),
  costPer('offline_cost_per_custom_event', ALL, ['offlineCustomEvent']),
  rate('offline_custom_event_rate', ALL, ['offlineCustomEvent'], CLICKS),
  valuePer(
    'offline_value_per_custom_event',
    ALL,
    'offlineCustomEventValue',
    'offlineCustomEvent',
    VALUE,
  ),
  money('offline_total_custom_event_value', ALL, ['offlineCustomEventValue'], VALUE),

  // ── TikTok (onsite) events: instant pages and forms (lead generation ads; rates out of clicks) ───
  // Form submission: the conversions of lead generation ads
  count('onsite_form', ALL, ['onsiteForm']),
  costPer('cost_per_onsite_form', ALL, ['onsiteForm']),
  rate('onsite_form_rate', ALL, ['onsiteForm'], CLICKS),
  valuePer('value_per_onsite_form', ALL, 'onsiteFormValue', 'onsiteForm', VALUE),
  money('total_onsite_form_value', ALL, ['onsiteFormValue'], VALUE),
  count('onsite_total_filtered_out_form_submission', ALL, ['onsiteFilteredOutForm']),
  // Add to wishlist
  count('onsite_add_to_wishlist', ALL, ['onsiteAddToWishlist']),
  costPer('cost_per_onsite_add_to_wishlist', ALL, ['onsiteAddToWishlist']),
  rate('onsite_add_to_wishlist_rate', ALL, ['onsiteAddToWishlist'], CLICKS),
  valuePer(
    'value_per_onsite_add_to_wishlist',
    ALL,
    'onsiteAddToWishlistValue',
    'onsiteAddToWishlist',
    VALUE,
  ),
  money('total_onsite_add_to_wishlist_value', ALL, ['onsiteAddToWishlistValue'], VALUE),
  // Add billing
  count('onsite_add_billing', ALL, ['onsiteAddBilling']),
  costPer('cost_per_onsite_add_billing', ALL, ['onsiteAddBilling']),
  rate('onsite_add_billing_rate', ALL, ['onsiteAddBilling'], CLICKS),
  valuePer('value_per_onsite_add_billing', ALL, 'onsiteAddBillingValue', 'onsiteAddBilling', VALUE),
  money('total_onsite_add_billing_value', ALL, ['onsiteAddBillingValue'], VALUE),
  // App store click
  count('onsite_download_start', ALL, ['onsiteDownloadStart']),
  costPer('cost_per_onsite_download_start', ALL, ['onsiteDownloadStart']),
  rate('onsite_download_start_rate', ALL, ['onsiteDownloadStart'], CLICKS),
  // Instant page views
  count('ix_page_view_count', ALL, ['onsitePageView']),
  costPer('cost_per_ix_page_view_count', ALL, ['onsitePageView']),
  rate('ix_page_view_count_rate', ALL, ['onsitePageView'], CLICKS),
  // Outbound (call-to-action) clicks on the instant page
  count('ix_button_click_count', ALL, ['onsiteButtonClick']),
  costPer('cost_per_ix_button_click_count', ALL, ['onsiteButtonClick']),
  rate('ix_button_click_count_rate', ALL, ['onsiteButtonClick'], CLICKS),
  // Product clicks on the instant page
  count('ix_product_click_count', ALL, ['onsiteProductClick']),
  costPer('cost_per_ix_product_click_count', ALL, ['onsiteProductClick']),
  rate('ix_product_click_count_rate', ALL, ['onsiteProductClick'], CLICKS),
  // Destination visit (TikTok: synchronous reports, with an ID dimension, alone or by day)
  count('onsite_destination_visits', ALL, ['onsiteDestinationVisit'], BY_ID),
  costPer('cost_per_onsite_destination_visit', ALL, ['onsiteDestinationVisit'], BY_ID),
  rate('onsite_destination_visit_rate', ALL, ['onsiteDestinationVisit'], CLICKS, BY_ID),
  // Purchase: unique purchases and every purchase
  roas('onsite_purchases_roas', ALL, ['onsitePurchaseValue'], VALUE),
  count('onsite_total_purchase', ALL, ['onsitePurchaseTotal']),
  costPer('onsite_cost_per_purchase', ALL, ['onsitePurchaseTotal']),
  rate('onsite_purchase_rate', ALL, ['onsitePurchaseTotal'], CLICKS),
  valuePer('onsite_value_per_purchase', ALL, 'onsitePurchaseValue', 'onsitePurchaseTotal', VALUE),
  money('onsite_total_purchase_value', ALL, ['onsitePurchaseValue'], VALUE),
  count('onsite_unique_purchase', ALL, ['onsitePurchase']),
  costPer('onsite_cost_per_unique_purchase', ALL, ['onsitePurchase']),
  // Checkout initiation
  count('onsite_total_checkout_initiation', ALL, ['onsiteCheckout']),
  costPer('onsite_cost_per_checkout_initiation', ALL, ['onsiteCheckout']),
  rate('onsite_checkout_initiation_rate', ALL, ['onsiteCheckout'], CLICKS),
  valuePer(
    'onsite_value_per_checkout_initiation',
    ALL,
    'onsiteCheckoutValue',
    'onsiteCheckout',
    VALUE,
  ),
  money('onsite_total_checkout_initiation_value', ALL, ['onsiteCheckoutValue'], VALUE),
  // Add to cart
  count('onsite_total_add_to_cart', ALL, ['onsiteAddToCart']),
  costPer('onsite_cost_per_add_to_cart', ALL, ['onsiteAddToCart']),
  rate('onsite_add_to_cart_rate', ALL, ['onsiteAddToCart'], CLICKS),
  valuePer('onsite_value_per_add_to_cart', ALL, 'onsiteAddToCartValue', 'onsiteAddToCart', VALUE),
  money('onsite_total_add_to_cart_value', ALL, ['onsiteAddToCartValue'], VALUE),
  // Product details page view
  count('onsite_total_product_details_page_view', ALL, ['onsiteProductPageView']),
  costPer('onsite_cost_per_product_details_page_view', ALL, ['onsiteProductPageView']),
  rate('onsite_product_details_page_view_rate', ALL, ['onsiteProductPageView'], CLICKS),
  valuePer(
    'onsite_value_per_product_details_page_view',
    ALL,
    'onsiteProductPageViewValue',
    'onsiteProductPageView',
    VALUE,
  ),
  money('onsite_total_product_details_page_view_value', ALL, ['onsiteProductPageViewValue'], VALUE),
  // Registration (the docs disagree on the name of its cost per total registration: left out)
  count('onsite_unique_registration', ALL, ['onsiteRegistration']),
  costPer('onsite_cost_per_unique_registration', ALL, ['onsiteRegistration']),
  rate('onsite_registration_rate', ALL, ['onsiteRegistrationTotal'], CLICKS),
  count('onsite_total_registration', ALL, ['onsiteRegistrationTotal']),
  // Instant experience: time on the page (seconds) and the share of it viewed (percent); the
  // emulated instant pages hold no video, so their video metrics count nothing
  ratio('ix_page_duration_avg', ALL, ['onsitePageCentiseconds'], ['onsitePageView'], {
    scale: 0.01,
  }),
  ratio('ix_page_viewrate_avg', ALL, ['onsitePageViewedPermille'], ['onsitePageView'], {
    scale: 0.1,
  }),
  count('ix_video_views', ALL, NONE),
  count('ix_video_views_p25', ALL, NONE),
  count('ix_video_views_p50', ALL, NONE),
  count('ix_video_views_p75', ALL, NONE),
  count('ix_video_views_p100', ALL, NONE),
  ratio('ix_average_video_play', ALL, NONE, NONE),

  // ── Messaging (lead generation ads; rates are out of destination clicks) ──────────────────
  count('messaging_total_conversation_tiktok_direct_message', ALL, ['messagingDirectMessage']),
  costPer('messaging_cost_per_conversation_tiktok_direct_message', ALL, ['messagingDirectMessage']),
  rate(
    'messaging_conversation_rate_tiktok_direct_message',
    ALL,
    ['messagingDirectMessage'],
    CLICKS,
  ),
  count('messaging_total_conversation_instant_messaging_app', ALL, [
    'messagingInstantMessagingApp',
  ]),
  costPer('messaging_cost_per_conversation_instant_messaging_app', ALL, [
    'messagingInstantMessagingApp',
  ]),
  rate(
    'messaging_conversation_rate_instant_messaging_app',
    ALL,
    ['messagingInstantMessagingApp'],
    CLICKS,
  ),

  // ── TikTok Shop (Shop ads; rates are out of destination clicks; Shop values are always known) ───
  roas('onsite_shopping_roas', ALL, ['shopPurchaseValue']),
  count('onsite_shopping', ALL, ['shopPurchase']),
  costPer('cost_per_onsite_shopping', ALL, ['shopPurchase']),
  rate('onsite_shopping_rate', ALL, ['shopPurchase'], CLICKS),
  valuePer('value_per_onsite_shopping', ALL, 'shopPurchaseValue', 'shopPurchase'),
  money('total_onsite_shopping_value', ALL, ['shopPurchaseValue']),
  count('shop_total_purchase_by_order_submission', ALL, ['shopOrdersBySubmission']),
  money('shop_gross_revenue_by_order_submission', ALL, ['shopRevenueBySubmission']),
  count('shop_total_items_purchased', ALL, ['shopItems']),
  // Checkouts initiated
  count('onsite_initiate_checkout_count', ALL, ['shopCheckout']),
  costPer('cost_per_onsite_initiate_checkout_count', ALL, ['shopCheckout']),
  rate('onsite_initiate_checkout_count_rate', ALL, ['shopCheckout'], CLICKS),
  valuePer('value_per_onsite_initiate_checkout_count', ALL, 'shopCheckoutValue', 'shopCheckout'),
  money('total_onsite_initiate_checkout_count_value', ALL, ['shopCheckoutValue']),
  // Product page views
  count('onsite_on_web_detail', ALL, ['shopProductPageView']),
  costPer('cost_per_onsite_on_web_detail', ALL, ['shopProductPageView']),
  rate('onsite_on_web_detail_rate', ALL, ['shopProductPageView'], CLICKS),
  valuePer(
    'value_per_onsite_on_web_detail',
    ALL,
    'shopProductPageViewValue',
    'shopProductPageView',
  ),
  money('total_onsite_on_web_detail_value', ALL, ['shopProductPageViewValue']),
  // Add to cart
  count('onsite_on_web_cart', ALL, ['shopAddToCart']),
  costPer('cost_per_onsite_on_web_cart', ALL, ['shopAddToCart']),
  rate('onsite_on_web_cart_rate', ALL, ['shopAddToCart'], CLICKS),
  valuePer('value_per_onsite_on_web_cart', ALL, 'shopAddToCartValue', 'shopAddToCart'),
  money('total_onsite_on_web_cart_value', ALL, ['shopAddToCartValue']),

  // ── Attribution: after a view (VTA), an engaged view (EVTA) or a click (CTA) ──────────────
  // TikTok offers EVTA metrics with ID dimensions and stat_time_day only: "-" by the hour
  count('vta_conversion', ALL, ['viewThroughConversions']),
  costPer('cost_per_vta_conversion', ALL, ['viewThroughConversions']),
  count('cta_conversion', ALL, ['clickThroughConversions']),
  costPer('cost_per_cta_conversion', ALL, ['clickThroughConversions']),
  count('engaged_view_through_conversions', ALL, ['engagedViewThroughConversions'], NOT_HOURLY),
  costPer(
    'cost_per_engaged_view_through_conversion',
    ALL,
    ['engagedViewThroughConversions'],
    NOT_HOURLY,
  ),
  count('vta_app_install', ALL, ['appInstallVta']),
  costPer('cost_per_vta_app_install', ALL, ['appInstallVta']),
  count('cta_app_install', ALL, ['appInstallCta']),
  costPer('cost_per_cta_app_install', ALL, ['appInstallCta']),
  count('evta_app_install', ALL, ['appInstallEvta'], NOT_HOURLY),
  costPer('cost_per_evta_app_install', ALL, ['appInstallEvta'], NOT_HOURLY),
  count('vta_registration', ALL, ['appRegistrationVta']),
  costPer('cost_per_vta_registration', ALL, ['appRegistrationVta']),
  count('cta_registration', ALL, ['appRegistrationCta']),
  costPer('cost_per_cta_registration', ALL, ['appRegistrationCta']),
  count('evta_registration', ALL, ['appRegistrationEvta'], NOT_HOURLY),
  costPer('cost_per_evta_registration', ALL, ['appRegistrationEvta'], NOT_HOURLY),
  count('vta_purchase', ALL, ['appPurchaseVta']),
  costPer('cost_per_vta_purchase', ALL, ['appPurchaseVta']),
  count('cta_purchase', ALL, ['appPurchaseCta']),
  costPer('cost_per_cta_purchase', ALL, ['appPurchaseCta']),
  count('evta_purchase', ALL, ['appPurchaseEvta'], NOT_HOURLY),
  costPer('cost_per_evta_purchase', ALL, ['appPurchaseEvta'], NOT_HOURLY),
  count('vta_complete_payment', ALL, ['webPurchaseVta'], VALUE),
  costPer('cost_per_vta_payments_completed', ALL, ['webPurchaseVta'], VALUE),
  count('evta_payments_completed', ALL, ['webPurchaseEvta'], VALUE_NOT_HOURLY),
  costPer('cost_per_evta_payments_completed', ALL, ['webPurchaseEvta'], VALUE_NOT_HOURLY),
  money('vta_complete_payment_value', ALL, ['webPurchaseVtaValue'], VALUE),
  roas('vta_complete_payment_roas', ALL, ['webPurchaseVtaValue'], VALUE),

  // ── SKAN (data of SKAN dedicated iOS 14 campaigns) ────────────────────────────────────────
  // Every emulated campaign is a REGULAR_CAMPAIGN, so no SKAN postback ever arrives: these count
  // nothing. Results follow `result` (ad group and ad only; 4 decimals for the cost).
  count('skan_result', G_UP, NONE),
  costPer('skan_cost_per_result', G_UP, NONE, { digits: 4 }),
  rate('skan_result_rate', G_UP, NONE, NONE),
  count('skan_conversion', ALL, NONE),
  costPer('skan_cost_per_conversion', ALL, NONE),
  rate('skan_conversion_rate', ALL, NONE, NONE),
  rate('skan_conversion_rate_v2', ALL, NONE, NONE),
  count('skan_app_install', ALL, NONE),
  costPer('skan_cost_per_app_install', ALL, NONE),
  count('skan_app_install_withheld', ALL, NONE),
  count('skan_registration', ALL, NONE),
  costPer('skan_cost_per_registration', ALL, NONE),
  rate('skan_registration_rate', ALL, NONE, NONE),
  count('skan_total_registration', ALL, NONE),
  costPer('skan_cost_per_total_registration', ALL, NONE),
  count('skan_purchase', ALL, NONE),
  costPer('skan_cost_per_purchase', ALL, NONE),
  rate('skan_purchase_rate', ALL, NONE, NONE),
  count('skan_total_purchase', ALL, NONE),
  costPer('skan_cost_per_total_purchase', ALL, NONE),
  money('skan_total_purchase_value', ALL, NONE),
  roas('skan_total_repetitive_active_pay_roas', ALL, NONE),
  count('skan_add_to_cart', ALL, NONE),
  costPer('skan_cost_per_add_to_cart', ALL, NONE),
  rate('skan_add_to_cart_rate', ALL, NONE, NONE),
  count('skan_total_add_to_cart', ALL, NONE),
  costPer('skan_cost_per_total_add_to_cart', ALL, NONE),
  money('skan_total_add_to_cart_value', ALL, NONE),
  count('skan_checkout', ALL, NONE),
  costPer('skan_cost_per_checkout', ALL, NONE),
  rate('skan_checkout_rate', ALL, NONE, NONE),
  count('skan_total_checkout', ALL, NONE),
  costPer('skan_cost_per_total_checkout', ALL, NONE),
  money('skan_total_checkout_value', ALL, NONE),
  count('skan_view_content', ALL, NONE),
  costPer('skan_cost_per_view_content', ALL, NONE),
  rate('skan_view_content_rate', ALL, NONE, NONE),
  count('skan_total_view_content', ALL, NONE),
  costPer('skan_cost_per_total_view_content', ALL, NONE),
  money('skan_total_view_content_value', ALL, NONE),
  count('skan_add_payment_info', ALL, NONE),
  costPer('skan_cost_per_add_payment_info', ALL, NONE),
  rate('skan_add_payment_info_rate', ALL, NONE, NONE),
  count('skan_total_add_payment_info', ALL, NONE),
  costPer('skan_cost_total_add_payment_info', ALL, NONE),
  count('skan_add_to_wishlist', ALL, NONE),
  costPer('skan_cost_per_add_to_wishlist', ALL, NONE),
  rate('skan_add_to_wishlist_rate', ALL, NONE, NONE),
  count('skan_total_add_to_wishlist', ALL, NONE),
  costPer('skan_cost_per_total_add_to_wishlist', ALL, NONE),
  money('skan_total_add_to_wishlist_value', ALL, NONE),
  count('skan_launch_app', ALL, NONE),
  costPer('skan_cost_per_launch_app', ALL, NONE),
  rate('skan_launch_app_rate', ALL, NONE, NONE),
  count('skan_total_launch_app', ALL, NONE),
  costPer('skan_cost_per_total_launch_app', ALL, NONE),
  count('skan_complete_tutorial', ALL, NONE),
  costPer('skan_cost_per_complete_tutorial', ALL, NONE),
  rate('skan_complete_tutorial_rate', ALL, NONE, NONE),
  count('skan_total_complete_tutorial', ALL, NONE),
  costPer('skan_cost_per_total_complete_tutorial', ALL, NONE),
  money('skan_total_complete_tutorial_value', ALL, NONE),
  count('skan_create_group', ALL, NONE),
  costPer('skan_cost_per_create_group', ALL, NONE),
  rate('skan_create_group_rate', ALL, NONE, NONE),
  count('skan_total_create_group', ALL, NONE),
  costPer('skan_cost_per_total_create_group', ALL, NONE),
  money('skan_total_create_group_value', ALL, NONE),
  count('skan_join_group', ALL, NONE),
  costPer('skan_cost_per_join_group', ALL, NONE),
  rate('skan_join_group_rate', ALL, NONE, NONE),
  count('skan_total_join_group', ALL, NONE),
  costPer('skan_cost_per_total_join_group', ALL, NONE),
  money('skan_total_join_group_value', ALL, NONE),
  count('skan_create_gamerole', ALL, NONE),
  costPer('skan_cost_per_create_gamerole', ALL, NONE),
  rate('skan_create_gamerole_rate', ALL, NONE, NONE),
  count('skan_total_create_gamerole', ALL, NONE),
  costPer('skan_cost_per_total_create_gamerole', ALL, NONE),
  money('skan_total_create_gamerole_value', ALL, NONE),
  count('skan_spend_credits', ALL, NONE),
  costPer('skan_cost_per_spend_credits', ALL, NONE),
  rate('skan_spend_credits_rate', ALL, NONE, NONE),
  count('skan_total_spend_credits', ALL, NONE),
  costPer('skan_cost_per_total_spend_credits', ALL, NONE),
  money('skan_total_spend_credits_value', ALL, NONE),
  count('skan_achieve_level', ALL, NONE),
  costPer('skan_cost_per_achieve_level', ALL, NONE),
  rate('skan_achieve_level_rate', ALL, NONE, NONE),
  count('skan_total_achieve_level', ALL, NONE),
  costPer('skan_cost_per_total_achieve_level', ALL, NONE),
  money('skan_total_achieve_level_value', ALL, NONE),
  count('skan_unlock_achievement', ALL, NONE),
  costPer('skan_cost_per_unlock_achievement', ALL, NONE),
  rate('skan_unlock_achievement_rate', ALL, NONE, NONE),
  count('skan_total_unlock_achievement', ALL, NONE),
  costPer('skan_cost_per_total_unlock_achievement', ALL, NONE),
  money('skan_total_unlock_achievement_value', ALL, NONE),
  count('skan_sales_lead', ALL, NONE),
  costPer('skan_cost_per_sales_lead', ALL, NONE),
  rate('skan_sales_lead_rate', ALL, NONE, NONE),
  count('skan_total_sales_lead', ALL, NONE),
  costPer('skan_cost_per_total_sales_lead', ALL, NONE),
  money('skan_total_sales_lead_value', ALL, NONE),
  count('skan_in_app_ad_click', ALL, NONE),
  costPer('skan_cost_per_in_app_ad_click', ALL, NONE),
  rate('skan_in_app_ad_click_rate', ALL, NONE, NONE),
  count('skan_total_in_app_ad_click', ALL, NONE),
  costPer('skan_cost_per_total_in_app_ad_click', ALL, NONE),
  money('skan_total_in_app_ad_click_value', ALL, NONE),
  count('skan_in_app_ad_impr', ALL, NONE),
  costPer('skan_cost_per_in_app_ad_impr', ALL, NONE),
  rate('skan_in_app_ad_impr_rate', ALL, NONE, NONE),
  count('skan_total_in_app_ad_impr', ALL, NONE),
  costPer('skan_cost_per_total_in_app_ad_impr', ALL, NONE),
  money('skan_total_in_app_ad_impr_value', ALL, NONE),
  count('skan_loan_apply', ALL, NONE),
  costPer('skan_cost_per_loan_apply', ALL, NONE),
  rate('skan_loan_apply_rate', ALL, NONE, NONE),
  count('skan_total_loan_apply', ALL, NONE),
  costPer('skan_cost_per_total_loan_apply', ALL, NONE),
  count('skan_loan_credit', ALL, NONE),
  costPer('skan_cost_per_loan_credit', ALL, NONE),
  rate('skan_loan_credit_rate', ALL, NONE, NONE),
  count('skan_total_loan_credit', ALL, NONE),
  costPer('skan_cost_per_total_loan_credit', ALL, NONE),
  count('skan_loan_disbursement', ALL, NONE),
  costPer('skan_cost_per_loan_disbursement', ALL, NONE),
  rate('skan_loan_disbursement_rate', ALL, NONE, NONE),
  count('skan_total_loan_disbursement', ALL, NONE),
  costPer('skan_cost_per_total_loan_disbursement', ALL, NONE),
  count('skan_login', ALL, NONE),
  costPer('skan_cost_per_login', ALL, NONE),
  rate('skan_login_rate', ALL, NONE, NONE),
  count('skan_total_login', ALL, NONE),
  costPer('skan_cost_per_total_login', ALL, NONE),
  count('skan_ratings', ALL, NONE),
  costPer('skan_cost_per_ratings', ALL, NONE),
  rate('skan_ratings_rate', ALL, NONE, NONE),
  count('skan_total_ratings', ALL, NONE),
  costPer('skan_cost_per_total_ratings', ALL, NONE),
  money('skan_total_ratings_value', ALL, NONE),
  count('skan_search', ALL, NONE),
  costPer('skan_cost_per_search', ALL, NONE),
  rate('skan_search_rate', ALL, NONE, NONE),
  count('skan_total_search', ALL, NONE),
  costPer('skan_cost_per_total_search', ALL, NONE),
  count('skan_start_trial', ALL, NONE),
  costPer('skan_cost_per_start_trial', ALL, NONE),
  rate('skan_start_trial_rate', ALL, NONE, NONE),
  count('skan_total_start_trial', ALL, NONE),
  costPer('skan_cost_per_total_start_trial', ALL, NONE),
  count('skan_subscribe', ALL, NONE),
  costPer('skan_cost_per_subscribe', ALL, NONE),
  rate('skan_subscribe_rate', ALL, NONE, NONE),
  count('skan_total_subscribe', ALL, NONE),
  costPer('skan_cost_per_total_subscribe', ALL, NONE),
  money('skan_total_subscribe_value', ALL, NONE),
  count('skan_vta_conversion', ALL, NONE),
  costPer('skan_cost_per_vta_conversion', ALL, NONE),
  count('skan_vta_app_install', ALL, NONE),
  costPer('skan_cost_per_vta_app_install', ALL, NONE),
  count('skan_vta_registration', ALL, NONE),
  costPer('skan_cost_per_vta_registration', ALL, NONE),
  count('skan_vta_purchase', ALL, NONE),
  costPer('skan_cost_per_vta_purchase', ALL, NONE),
  count('skan_cta_conversion', ALL, NONE),
  costPer('skan_cost_per_cta_conversion', ALL, NONE),
  count('skan_cta_app_install', ALL, NONE),
  costPer('skan_cost_per_cta_app_install', ALL, NONE),
  count('skan_cta_registration', ALL, NONE),
  costPer('skan_cost_per_cta_registration', ALL, NONE),
  count('skan_cta_purchase', ALL, NONE),
  costPer('skan_cost_per_cta_purchase', ALL, NONE),
];
