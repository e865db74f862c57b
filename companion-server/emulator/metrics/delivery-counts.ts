import { currencyRule } from '../../src/lib/currency';
import { hashString, seededRandom } from '../core/random';
import type { Ad, AdGroup, Advertiser, Campaign } from '../state/model';
import type { DeliveryTotals } from './delivery-simulator';

/**
 * Everything a report counts, derived from what the simulator delivers (spend, impressions,
 * clicks, conversions) by rates that belong to each ad (fixed) and each ad and day (noise).
 *
 * Every derived count is `floor(parent × rate)` of a count above it, so a count never exceeds
 * its parent when the rate is at most 1: video views stay within impressions, p25 ≥ p50 ≥ p75
 * ≥ p100, 6-second views within 2-second views. Hours are split from cumulative counts
 * (`floor(cumulative × rate)` differenced hour by hour), so an ad's hours add up exactly to
 * its day and each hour keeps the same ordering.
 */

export const COUNTERS = [
  /** Money in hundredths of the currency unit; whole units (×100) for integer-only currencies. */
  'spend',
  'impressions',
  'clicks',
  /** By the time of the impression that led to them (TikTok's `conversion`). */
  'conversions',
  /** By the time they happened: the day's conversions times a per-ad-day lag factor. */
  'realTimeConversions',
  /** What the ad group optimizes for (see `resultsOf`); by impression time and by real time. */
  'results',
  'realTimeResults',
  /** Video plays (`video_play_actions`); none for image and carousel ads. */
  'videoPlays',
  'videoWatched2s',
  'videoWatched6s',
  'videoWatched15s',
  'videoViewsP25',
  'videoViewsP50',
  'videoViewsP75',
  'videoViewsP100',
  /** Total play time, replays included, in hundredths of a second. */
  'watchCentiseconds',
  /** Views that ended before 6 s (15 s) but had an engagement in them: the rest of an engaged view. */
  'earlyEngagements6s',
  'earlyEngagements15s',
  'likes',
  'comments',
  'shares',
  /** Follows, profile visits and music clicks come only from Spark Ads (TikTok posts). */
  'follows',
  'profileVisits',
  'musicClicks',
  /** Conversions attributed to a view (VTA) or an engaged view (EVTA); the rest are click-through. */
  'viewThroughConversions',
  'engagedViewThroughConversions',
  /** Website events (pixel): page views and purchases with their value, for website ad groups. */
  'pageViews',
  'webPurchases',
  'webPurchaseValue',
  /** App events, for app promotion campaigns: their conversions are installs. */
  'appInstalls',
  'realTimeAppInstalls',
  'registrations',
  'appPurchases',
  'appPurchaseValue',
  'viewThroughAppPurchases',
  'salesLeads',
  'totalSalesLeads',
  'appAddToCart',
  /** TikTok Shop orders, for campaigns whose products come from a Shop (STORE, SHOWCASE). */
  'shopPurchases',
  'shopValue',
] as const;

export type Counter = (typeof COUNTERS)[number];

/** Index of each counter in a {@link Counts} array. */
export const C = Object.fromEntries(COUNTERS.map((name, index) => [name, index])) as Record<
  Counter,
  number
>;

/** One value per counter, in {@link COUNTERS} order. */
export type Counts = Float64Array;

export function emptyCounts(): Counts {
  return new Float64Array(COUNTERS.length);
}

/** Where an ad's conversions land: the website (pixel), an app, or a TikTok Shop. */
type Channel = 'web' | 'app' | 'shop';

/** What the derivation needs to know about an ad, looked up once per report. */
export interface AdProfile {
  adId: string;
  channel: Channel;
  /** Video ads have plays; image and carousel ads do not. */
  video: boolean;
  /** A Spark Ad (a TikTok post): the only kind with follows, profile visits and music clicks. */
  spark: boolean;
  goal: AdGroup['optimization_goal'];
  /** Whether the account's pixel reports purchase value (else value metrics are "-"). */
  reportsPurchaseValue: boolean;
  /** Currency units per US dollar (budget verification ratio), for order values. */
  currencyRatio: number;
  /** Smallest step of money, in hundredths: 1, or 100 for integer-only currencies. */
  moneyStep: number;
}

export function adProfile(advertiser: Advertiser, campaign: Campaign, adGroup: AdGroup, ad: Ad) {
  const { ratio, integerOnly } = currencyRule(advertiser.currency);
  const shop =
    campaign.campaign_product_source === 'STORE' ||
    campaign.campaign_product_source === 'SHOWCASE' ||
    adGroup.product_source === 'STORE' ||
    adGroup.product_source === 'SHOWCASE';
  const profile: AdProfile = {
    adId: ad.ad_id,
    channel: campaign.objective_type === 'APP_PROMOTION' ? 'app' : shop ? 'shop' : 'web',
    video: ad.ad_format === 'SINGLE_VIDEO',
    spark: ad.identity_type !== 'CUSTOMIZED_USER',
    goal: adGroup.optimization_goal,
    reportsPurchaseValue: advertiser.reportsPurchaseValue,
    currencyRatio: ratio,
    moneyStep: integerOnly ? 100 : 1,
  };
  return profile;
}

/** An ad's own tendencies, the same every day: drawn once from its id. */
interface AdTendencies {
  playRate: number;
  watched2s: number;
  watched6s: number;
  watched15s: number;
  p25: number;
  p50: number;
  p75: number;
  p100: number;
  secondsPerPlay: number;
  earlyEngagement: number;
  likeRate: number;
  commentRate: number;
  shareRate: number;
  followRate: number;
  profileVisitRate: number;
  musicClickRate: number;
  viewThrough: number;
  engagedViewThrough: number;
  pagesPerClick: number;
  registrationRate: number;
  purchaseRate: number;
  leadRate: number;
  leadRepeat: number;
  addToCartRate: number;
}

const between = (random: () => number, min: number, max: number) => min + (max - min) * random();

const tendencyMemo = new Map<string, AdTendencies>();
/** Ads come and go with resets; a bound keeps the memo from growing without end. */
const MAX_MEMO = 200_000;

function tendenciesOf(adId: string): AdTendencies {
  const known = tendencyMemo.get(adId);
  if (known) return known;
  const random = seededRandom(hashString(adId, 0x7e11));
  const tendencies: AdTendencies = {
    playRate: between(random, 0.8, 0.95),
    watched2s: between(random, 0.28, 0.5),
    watched6s: between(random, 0.3, 0.55),
    watched15s: between(random, 0.3, 0.55),
    p25: between(random, 0.22, 0.4),
    p50: between(random, 0.45, 0.7),
    p75: between(random, 0.55, 0.8),
    p100: between(random, 0.6, 0.85),
    secondsPerPlay: between(random, 1.1, 4.8),
    earlyEngagement: between(random, 0.03, 0.09),
    likeRate: between(random, 0.003, 0.02),
    commentRate: between(random, 0.03, 0.12),
    shareRate: between(random, 0.04, 0.15),
    followRate: between(random, 0.0003, 0.0015),
    profileVisitRate: between(random, 0.002, 0.008),
    musicClickRate: between(random, 0.0002, 0.001),
    viewThrough: between(random, 0.08, 0.3),
    engagedViewThrough: between(random, 0.03, 0.12),
    pagesPerClick: between(random, 1.2, 2.4),
    registrationRate: between(random, 0.15, 0.4),
    purchaseRate: between(random, 0.1, 0.35),
    leadRate: between(random, 0.02, 0.08),
    leadRepeat: between(random, 1, 1.3),
    addToCartRate: between(random, 0.05, 0.2),
  };
  if (tendencyMemo.size >= MAX_MEMO) tendencyMemo.clear();
  tendencyMemo.set(adId, tendencies);
  return tendencies;
}

/** The rates of one ad on one day: its tendencies, varied a little from day to day. */
export interface DayRates {
  tendencies: AdTendencies;
  /** Multiplies video and engagement rates (a creative has better and worse days). */
  interest: number;
  /** Real-time conversions ÷ conversions: conversions of earlier impressions land today. */
  lag: number;
  /** Average order value, in currency units. */
  orderValue: number;
}

export function dayRates(profile: AdProfile, date: string): DayRates {
  const random = seededRandom(hashString(`${profile.adId}|${date}`, 0xda7e));
  return {
    tendencies: tendenciesOf(profile.adId),
    interest: between(random, 0.85, 1.1),
    lag: between(random, 0.88, 1.06),
    orderValue: 58 * profile.currencyRatio * between(random, 0.7, 1.4),
  };
}

const part = (parent: number, rate: number) => Math.floor(parent * Math.min(rate, 1));

/**
 * All counts of one ad over a period, from its base totals over that same period. `out`, when
 * given, is overwritten and returned (reports reuse one array for every ad and day).
 */
export function deriveCounts(
  base: DeliveryTotals,
  profile: AdProfile,
  rates: DayRates,
  out: Counts = emptyCounts(),
): Counts {
  const t = rates.tendencies;
  out.fill(0);
  const { impressions, clicks, conversions } = base;
  out[C.spend] = base.spendHundredths;
  out[C.impressions] = impressions;
  out[C.clicks] = clicks;
  out[C.conversions] = conversions;
  const realTime = Math.floor(conversions * rates.lag);
  out[C.realTimeConversions] = realTime;

  const plays = profile.video ? part(impressions, t.playRate * rates.interest) : 0;
  const watched2s = part(plays, t.watched2s * rates.interest);
  const watched6s = part(watched2s, t.watched6s);
  const watched15s = part(watched6s, t.watched15s);
  const p25 = part(plays, t.p25 * rates.interest);
  const p50 = part(p25, t.p50);
  const p75 = part(p50, t.p75);
  out[C.videoPlays] = plays;
  out[C.videoWatched2s] = watched2s;
  out[C.videoWatched6s] = watched6s;
  out[C.videoWatched15s] = watched15s;
  out[C.videoViewsP25] = p25;
  out[C.videoViewsP50] = p50;
  out[C.videoViewsP75] = p75;
  out[C.videoViewsP100] = part(p75, t.p100);
  out[C.watchCentiseconds] = Math.floor(plays * t.secondsPerPlay * 100);
  out[C.earlyEngagements6s] = part(watched2s - watched6s, t.earlyEngagement);
  out[C.earlyEngagements15s] = part(watched6s - watched15s, t.earlyEngagement);

  const likes = part(impressions, t.likeRate * rates.interest);
  out[C.likes] = likes;
  out[C.comments] = part(likes, t.commentRate);
  out[C.shares] = part(likes, t.shareRate);
  out[C.follows] = profile.spark ? part(impressions, t.followRate) : 0;
  out[C.profileVisits] = profile.spark ? part(impressions, t.profileVisitRate) : 0;
  out[C.musicClicks] = profile.spark ? part(plays, t.musicClickRate) : 0;

  const viewThrough = part(conversions, t.viewThrough);
  out[C.viewThroughConversions] = viewThrough;
  out[C.engagedViewThroughConversions] = part(conversions - viewThrough, t.engagedViewThrough);

  const step = profile.moneyStep;
  const purchaseValue = (count: number) =>
    profile.reportsPurchaseValue ? Math.floor((count * rates.orderValue * 100) / step) * step : 0;
  if (profile.channel === 'web') {
    out[C.pageViews] = Math.floor(clicks * t.pagesPerClick);
    out[C.webPurchases] = conversions;
    out[C.webPurchaseValue] = purchaseValue(conversions);
  } else if (profile.channel === 'app') {
    const registrations = part(conversions, t.registrationRate);
    const purchases = part(registrations, t.purchaseRate);
    const leads = part(conversions, t.leadRate);
    out[C.appInstalls] = conversions;
    out[C.realTimeAppInstalls] = realTime;
    out[C.registrations] = registrations;
    out[C.appPurchases] = purchases;
    out[C.appPurchaseValue] = purchaseValue(purchases);
    out[C.viewThroughAppPurchases] = part(purchases, t.viewThrough);
    out[C.salesLeads] = leads;
    out[C.totalSalesLeads] = Math.floor(leads * t.leadRepeat);
    out[C.appAddToCart] = part(conversions, t.addToCartRate);
  } else {
    out[C.shopPurchases] = conversions;
    out[C.shopValue] = Math.floor((conversions * rates.orderValue * 100) / step) * step;
  }

  const [results, realTimeResults] = resultsOf(profile.goal, out);
  out[C.results] = results;
  out[C.realTimeResults] = realTimeResults;
  return out;
}

/**
 * What counts as a result for each optimization goal, by impression time and by real time.
 * Reach is estimated per row and cannot be added up, so a reach goal counts impressions.
 */
function resultsOf(goal: AdGroup['optimization_goal'], counts: Counts): [number, number] {
  switch (goal) {
    case 'CLICK':
      return [counts[C.clicks] ?? 0, counts[C.clicks] ?? 0];
    case 'VIDEO_VIEW':
      return [counts[C.videoWatched6s] ?? 0, counts[C.videoWatched6s] ?? 0];
    case 'REACH':
    case 'SHOW':
      return [counts[C.impressions] ?? 0, counts[C.impressions] ?? 0];
    default:
      return [counts[C.conversions] ?? 0, counts[C.realTimeConversions] ?? 0];
  }
}

/**
 * Counts per hour that add up to the day's: each hour is the difference between the counts
 * derived from the totals up to its end and up to its start.
 */
export function deriveHourlyCounts(
  hours: readonly DeliveryTotals[],
  profile: AdProfile,
  rates: DayRates,
): Counts[] {
  const cumulative: DeliveryTotals = {
    spendHundredths: 0,
    impressions: 0,
    clicks: 0,
    conversions: 0,
  };
  let before = deriveCounts(cumulative, profile, rates);
  return hours.map((hour) => {
    cumulative.spendHundredths += hour.spendHundredths;
    cumulative.impressions += hour.impressions;
    cumulative.clicks += hour.clicks;
    cumulative.conversions += hour.conversions;
    const upToHere = deriveCounts(cumulative, profile, rates);
    const counts = emptyCounts();
    for (let i = 0; i < counts.length; i += 1) counts[i] = (upToHere[i] ?? 0) - (before[i] ?? 0);
    before = upToHere;
    return counts;
  });
}
