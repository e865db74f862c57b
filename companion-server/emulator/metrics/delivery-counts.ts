import { currencyRule } from '../../src/contract/currency';
import { hashString, seededRandom } from '../core/random';
import type { Ad, AdGroup, Advertiser, Campaign } from '../state/model';
import type { DeliveryTotals } from './delivery-simulator';
import {
  EVENT_COUNTERS,
  EVENT_FAMILIES,
  type EventChannel,
  type EventCounter,
  type EventFamily,
  familyCounters,
} from './event-families';

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

const CORE_COUNTERS = [
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
  'clickThroughConversions',
  /** Impressions including invalid ones (TikTok's gross impressions). */
  'grossImpressions',
  /** Clicks on the Duet, Stitch and "Use sound" buttons (Spark Ads only), anchors and hashtags. */
  'duetClicks',
  'stitchClicks',
  'soundUsageClicks',
  'anchorClicks',
  'hashtagClicks',
  /** Playlist page visits from the profile (Spark Ads only). */
  'playlistVisits',
  /** Website page views (many per click) and their value, for website ads. */
  'pageViews',
  'pageViewValue',
  /** App events, for app promotion ads: their conversions are installs. */
  'appInstalls',
  'realTimeAppInstalls',
  'appInstallVta',
  'appInstallEvta',
  'appInstallCta',
] as const;

/** The counters delivery-counts.ts derives itself; event-families.ts adds the event counters. */
type CoreCounter = (typeof CORE_COUNTERS)[number];
export type Counter = CoreCounter | EventCounter;

export const COUNTERS: readonly Counter[] = [...CORE_COUNTERS, ...EVENT_COUNTERS];

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

/**
 * Where an ad's conversions land: the website (pixel), an app, a TikTok Shop, or TikTok
 * itself (the instant forms of lead generation ads).
 */
type Channel = 'web' | 'app' | 'shop' | 'onsite';

/**
 * The event channels each kind of ad reports. Website ads also report offline events: every
 * emulated account uploads its store and CRM events, so that those metrics have figures.
 * Lead generation ads also start conversations (TikTok direct messages, messaging apps).
 */
const EVENT_CHANNELS: Record<Channel, ReadonlySet<EventChannel>> = {
  web: new Set(['web', 'offline']),
  app: new Set(['app']),
  shop: new Set(['shop']),
  onsite: new Set(['onsite', 'messaging']),
};

/** What the derivation needs to know about an ad, looked up once per report. */
export interface AdProfile {
  adId: string;
  channel: Channel;
  /** Video ads have plays; image and carousel ads do not. */
  video: boolean;
  /** A Spark Ad (a TikTok post): the only kind with follows, profile visits and music clicks. */
  spark: boolean;
  goal: AdGroup['optimization_goal'];
  /** Whether the account reports event values (else value metrics are "-"; Shop values always). */
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
  const channel: Channel =
    campaign.objective_type === 'APP_PROMOTION'
      ? 'app'
      : shop
        ? 'shop'
        : campaign.objective_type === 'LEAD_GENERATION'
          ? 'onsite'
          : 'web';
  const profile: AdProfile = {
    adId: ad.ad_id,
    channel,
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
  invalidImpressions: number;
  duetRate: number;
  stitchRate: number;
  soundUsageRate: number;
  anchorRate: number;
  hashtagRate: number;
  playlistRate: number;
  /** Shares of a value that arrive within 0, 2 and 6 days of the install (growing). */
  valueDay0: number;
  valueDay2: number;
  valueDay6: number;
  /** Seconds on an instant page per view, and the share of it viewed. */
  pageSeconds: number;
  pageViewed: number;
  itemsPerOrder: number;
  /** Per event family (EVENT_FAMILIES order): its share of the parent, then its repeat. */
  events: Float64Array;
}

const between = (random: () => number, min: number, max: number) => min + (max - min) * random();

const tendencyMemo = new Map<string, AdTendencies>();
/** Ads come and go with resets; a bound keeps the memo from growing without end. */
const MAX_MEMO = 200_000;

function tendenciesOf(adId: string): AdTendencies {
  const known = tendencyMemo.get(adId);
  if (known) return known;
  const random = seededRandom(hashString(adId, 0x7e11));
  const valueDay0 = between(random, 0.4, 0.6);
  const valueDay2 = valueDay0 + (1 - valueDay0) * between(random, 0.3, 0.6);
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
    invalidImpressions: between(random, 0.005, 0.04),
    duetRate: between(random, 0.0002, 0.001),
    stitchRate: between(random, 0.0001, 0.0008),
    soundUsageRate: between(random, 0.0002, 0.0015),
    anchorRate: between(random, 0.0005, 0.004),
    hashtagRate: between(random, 0.0001, 0.0008),
    playlistRate: between(random, 0.05, 0.2),
    valueDay0,
    valueDay2,
    valueDay6: valueDay2 + (1 - valueDay2) * between(random, 0.3, 0.7),
    pageSeconds: between(random, 4, 25),
    pageViewed: between(random, 0.35, 0.9),
    itemsPerOrder: between(random, 1, 1.8),
    events: new Float64Array(EVENT_FAMILIES.length * 2),
  };
  EVENT_FAMILIES.forEach((family, index) => {
    tendencies.events[index * 2] = between(random, family.share[0], family.share[1]);
    const repeat = 'repeat' in family ? family.repeat : ([1, 1] as const);
    tendencies.events[index * 2 + 1] = between(random, repeat[0], repeat[1]);
  });
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
 * Attribution of `count` events: a share followed a view only (VTA), a share of the rest an
 * engaged view (EVTA); what is left followed a click (CTA). Both grow with `count`, so hours
 * split from cumulative counts stay non-negative.
 */
function attributed(count: number, t: AdTendencies): [number, number] {
  const viewThrough = part(count, t.viewThrough);
  return [viewThrough, part(count - viewThrough, t.engagedViewThrough)];
}

/** Where each family's counters sit in a {@link Counts} array (-1: the family has none). */
interface FamilySlots {
  count: number;
  total: number;
  value: number;
  /** The parent family's count, or -1 for the channel's parent. */
  parent: number;
  valueShare: number;
  extras: number[];
}

const slotOf = (name: string): number => C[name as Counter] ?? -1;

const FAMILY_SLOTS: readonly FamilySlots[] = EVENT_FAMILIES.map((family) => ({
  count: slotOf(family.name),
  total: slotOf(`${family.name}Total`),
  value: slotOf(`${family.name}Value`),
  parent: 'parent' in family ? slotOf(family.parent) : -1,
  valueShare: 'value' in family ? family.value : 0,
  extras: ('extras' in family ? family.extras : []).map(slotOf),
}));

const FAMILY_OF_COUNTER = new Map<Counter, number>(
  EVENT_FAMILIES.flatMap((family, index) =>
    familyCounters(family).map((counter) => [counter, index] as const),
  ),
);

/** Indexes of event families to derive, parents included, in EVENT_FAMILIES order. */
export type EventSelection = readonly number[];

export const ALL_EVENTS: EventSelection = EVENT_FAMILIES.map((_, index) => index);

/**
 * The families a report needs for these counters, with the families they are counted from:
 * reports derive only those (most reports read no event at all).
 */
export function eventsFor(counters: readonly Counter[]): EventSelection {
  const wanted = new Set<number>();
  const add = (index: number) => {
    if (wanted.has(index)) return;
    wanted.add(index);
    const family = EVENT_FAMILIES[index];
    if (family && 'parent' in family) {
      const parent = FAMILY_OF_COUNTER.get(family.parent);
      if (parent !== undefined) add(parent);
    }
  };
  for (const counter of counters) {
    const index = FAMILY_OF_COUNTER.get(counter);
    if (index !== undefined) add(index);
  }
  return [...wanted].sort((a, b) => a - b);
}

/**
 * All counts of one ad over a period, from its base totals over that same period. `out`, when
 * given, is overwritten and returned (reports reuse one array for every ad and day); `events`
 * limits the event families derived (the others stay zero).
 */
export function deriveCounts(
  base: DeliveryTotals,
  profile: AdProfile,
  rates: DayRates,
  out: Counts = emptyCounts(),
  events: EventSelection = ALL_EVENTS,
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
  out[C.grossImpressions] = impressions + part(impressions, t.invalidImpressions);

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
  out[C.anchorClicks] = part(impressions, t.anchorRate);
  out[C.hashtagClicks] = part(impressions, t.hashtagRate);
  if (profile.spark) {
    const profileVisits = part(impressions, t.profileVisitRate);
    out[C.follows] = part(impressions, t.followRate);
    out[C.profileVisits] = profileVisits;
    out[C.musicClicks] = part(plays, t.musicClickRate);
    out[C.duetClicks] = part(plays, t.duetRate);
    out[C.stitchClicks] = part(plays, t.stitchRate);
    out[C.soundUsageClicks] = part(plays, t.soundUsageRate);
    out[C.playlistVisits] = part(profileVisits, t.playlistRate);
  }

  const [viewThrough, engagedViewThrough] = attributed(conversions, t);
  out[C.viewThroughConversions] = viewThrough;
  out[C.engagedViewThroughConversions] = engagedViewThrough;
  out[C.clickThroughConversions] = conversions - viewThrough - engagedViewThrough;

  const step = profile.moneyStep;
  /** The value of `count` events worth `share` of an order each, in hundredths. */
  const worth = (count: number, share: number, always = false) =>
    always || profile.reportsPurchaseValue
      ? Math.floor((count * rates.orderValue * share * 100) / step) * step
      : 0;
  const stepped = (hundredths: number) => Math.floor(hundredths / step) * step;
  if (profile.channel === 'web') {
    const pageViews = Math.floor(clicks * t.pagesPerClick);
    out[C.pageViews] = pageViews;
    out[C.pageViewValue] = worth(pageViews, 0.02);
  } else if (profile.channel === 'app') {
    out[C.appInstalls] = conversions;
    out[C.realTimeAppInstalls] = realTime;
    out[C.appInstallVta] = viewThrough;
    out[C.appInstallEvta] = engagedViewThrough;
    out[C.appInstallCta] = conversions - viewThrough - engagedViewThrough;
  }

  const channels = EVENT_CHANNELS[profile.channel];
  for (const index of events) {
    const family = EVENT_FAMILIES[index] as EventFamily;
    if (!channels.has(family.channel)) continue;
    const slots = FAMILY_SLOTS[index] as FamilySlots;
    const parent =
      slots.parent >= 0
        ? (out[slots.parent] ?? 0)
        : family.channel === 'app'
          ? conversions
          : clicks;
    const count = 'conversions' in family ? conversions : part(parent, t.events[index * 2] ?? 0);
    out[slots.count] = count;
    let occurrences = count;
    if (slots.total >= 0) {
      occurrences = Math.floor(count * (t.events[index * 2 + 1] ?? 1));
      out[slots.total] = occurrences;
    }
    const value =
      slots.value >= 0 ? worth(occurrences, slots.valueShare, family.channel === 'shop') : 0;
    if (slots.value >= 0) out[slots.value] = value;
    const [a = -1, b = -1, c = -1] = slots.extras;
    switch (family.name) {
      case 'appRegistration':
      case 'appPurchase':
      case 'webPurchase': {
        const [vta, evta] = attributed(count, t);
        out[a] = vta;
        out[b] = evta;
        if (family.name === 'webPurchase') {
          out[c] = worth(vta, slots.valueShare);
          break;
        }
        out[c] = count - vta - evta;
        if (family.name === 'appPurchase') {
          const [, , , day0 = -1, day2 = -1, day6 = -1] = slots.extras;
          out[day0] = stepped(value * t.valueDay0);
          out[day2] = stepped(value * t.valueDay2);
          out[day6] = stepped(value * t.valueDay6);
        }
        break;
      }
      case 'appAdImpressionEvent':
        out[a] = stepped(value * t.valueDay0);
        out[b] = stepped(value * t.valueDay2);
        out[c] = stepped(value * t.valueDay6);
        break;
      case 'onsitePageView':
        out[a] = Math.floor(count * t.pageSeconds * 100);
        out[b] = Math.floor(count * t.pageViewed * 1000);
        break;
      case 'shopPurchase': {
        // By order submission time, as real-time conversions are by conversion time.
        const orders = Math.floor(count * rates.lag);
        out[a] = orders;
        out[b] = worth(orders, slots.valueShare, true);
        out[c] = Math.floor(count * t.itemsPerOrder);
        break;
      }
      default:
        break;
    }
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
  events: EventSelection = ALL_EVENTS,
): Counts[] {
  const cumulative: DeliveryTotals = {
    spendHundredths: 0,
    impressions: 0,
    clicks: 0,
    conversions: 0,
  };
  let before = deriveCounts(cumulative, profile, rates, emptyCounts(), events);
  return hours.map((hour) => {
    cumulative.spendHundredths += hour.spendHundredths;
    cumulative.impressions += hour.impressions;
    cumulative.clicks += hour.clicks;
    cumulative.conversions += hour.conversions;
    const upToHere = deriveCounts(cumulative, profile, rates, emptyCounts(), events);
    const counts = emptyCounts();
    for (let i = 0; i < counts.length; i += 1) counts[i] = (upToHere[i] ?? 0) - (before[i] ?? 0);
    before = upToHere;
    return counts;
  });
}
