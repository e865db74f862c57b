import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/random';
import {
  type AdProfile,
  C,
  COUNTERS,
  type Counter,
  type Counts,
  dayRates,
  deriveCounts,
  deriveHourlyCounts,
  emptyCounts,
  eventsFor,
} from './delivery-counts';
import type { DeliveryTotals } from './delivery-simulator';
import { EVENT_FAMILIES } from './event-families';

const PROFILE: AdProfile = {
  adId: '1900000000000000001',
  channel: 'web',
  video: true,
  spark: false,
  goal: 'CONVERT',
  reportsPurchaseValue: true,
  currencyRatio: 1,
  moneyStep: 1,
};

const at = (counts: Counts, name: (typeof COUNTERS)[number]) => counts[C[name]] ?? Number.NaN;

/** Plausible hourly delivery of one ad: impressions, then clicks and conversions within them. */
function randomHours(seed: number, hours = 24): DeliveryTotals[] {
  const random = seededRandom(seed);
  return Array.from({ length: hours }, () => {
    const impressions = Math.floor(random() * 4_000);
    const clicks = Math.floor(impressions * random() * 0.03);
    return {
      spendHundredths: Math.floor(impressions * (0.3 + random())),
      impressions,
      clicks,
      conversions: Math.floor(clicks * random() * 0.1),
    };
  });
}

function sum(hours: readonly DeliveryTotals[]): DeliveryTotals {
  return hours.reduce(
    (total, hour) => ({
      spendHundredths: total.spendHundredths + hour.spendHundredths,
      impressions: total.impressions + hour.impressions,
      clicks: total.clicks + hour.clicks,
      conversions: total.conversions + hour.conversions,
    }),
    { spendHundredths: 0, impressions: 0, clicks: 0, conversions: 0 },
  );
}

/** The orderings every set of counts keeps, whatever its size. */
function expectOrdered(counts: Counts): void {
  const n = (name: (typeof COUNTERS)[number]) => at(counts, name);
  for (const name of COUNTERS) expect(n(name), name).toBeGreaterThanOrEqual(0);
  expect(n('videoPlays')).toBeLessThanOrEqual(n('impressions'));
  expect(n('videoWatched2s')).toBeLessThanOrEqual(n('videoPlays'));
  expect(n('videoWatched6s')).toBeLessThanOrEqual(n('videoWatched2s'));
  expect(n('videoWatched15s')).toBeLessThanOrEqual(n('videoWatched6s'));
  expect(n('videoViewsP25')).toBeLessThanOrEqual(n('videoPlays'));
  expect(n('videoViewsP50')).toBeLessThanOrEqual(n('videoViewsP25'));
  expect(n('videoViewsP75')).toBeLessThanOrEqual(n('videoViewsP50'));
  expect(n('videoViewsP100')).toBeLessThanOrEqual(n('videoViewsP75'));
  // An engaged view is a 6-second view or an engagement in a shorter view: never more than 2 s views.
  expect(n('videoWatched6s') + n('earlyEngagements6s')).toBeLessThanOrEqual(n('videoWatched2s'));
  expect(n('videoWatched15s') + n('earlyEngagements15s')).toBeLessThanOrEqual(n('videoWatched6s'));
  expect(n('viewThroughConversions') + n('engagedViewThroughConversions')).toBeLessThanOrEqual(
    n('conversions'),
  );
  expect(n('comments')).toBeLessThanOrEqual(n('likes'));
  expect(n('grossImpressions')).toBeGreaterThanOrEqual(n('impressions'));
  // Event families: each within its parent, every (total) event at least the unique ones.
  for (const family of EVENT_FAMILIES) {
    const parent =
      'parent' in family
        ? n(family.parent)
        : n(family.channel === 'app' ? 'appInstalls' : 'clicks');
    expect(n(family.name), family.name).toBeLessThanOrEqual(parent);
    if ('repeat' in family) {
      expect(n(`${family.name}Total` as Counter), family.name).toBeGreaterThanOrEqual(
        n(family.name),
      );
    }
  }
}

describe('deriveCounts', () => {
  const rates = dayRates(PROFILE, '2026-11-19');

  it('keeps every derived count within its parent, for small and large deliveries of every kind of ad', () => {
    const big = { spendHundredths: 9e7, impressions: 4e7, clicks: 5e5, conversions: 9e3 };
    for (const channel of ['web', 'app', 'shop', 'onsite'] as const) {
      const profile = { ...PROFILE, channel, spark: channel !== 'web' };
      for (let seed = 1; seed <= 100; seed += 1) {
        const [hour] = randomHours(seed, 1);
        expectOrdered(deriveCounts(hour as DeliveryTotals, profile, rates));
      }
      expectOrdered(deriveCounts(big, profile, rates));
    }
  });

  it('is deterministic: the same ad, day and delivery give the same counts', () => {
    const base = { spendHundredths: 123_456, impressions: 40_000, clicks: 600, conversions: 21 };
    const first = deriveCounts(base, PROFILE, dayRates(PROFILE, '2026-11-19'));
    const again = deriveCounts(base, { ...PROFILE }, dayRates({ ...PROFILE }, '2026-11-19'));
    const otherDay = deriveCounts(base, PROFILE, dayRates(PROFILE, '2026-11-20'));
    expect([...again]).toEqual([...first]);
    expect([...otherDay]).not.toEqual([...first]);
  });

  it('gives image ads no video plays, and non-Spark ads no follows, profile visits or music clicks', () => {
    const base = { spendHundredths: 500_000, impressions: 90_000, clicks: 1_200, conversions: 40 };
    const image = deriveCounts(base, { ...PROFILE, video: false }, rates);
    expect(at(image, 'videoPlays')).toBe(0);
    expect(at(image, 'videoViewsP25')).toBe(0);
    expect(at(image, 'likes')).toBeGreaterThan(0);
    const plain = deriveCounts(base, PROFILE, rates);
    expect([at(plain, 'follows'), at(plain, 'profileVisits'), at(plain, 'musicClicks')]).toEqual([
      0, 0, 0,
    ]);
    const spark = deriveCounts(base, { ...PROFILE, spark: true }, rates);
    expect(at(spark, 'follows')).toBeGreaterThan(0);
    expect(at(spark, 'profileVisits')).toBeGreaterThan(0);
  });

  it('puts conversions where the ad sends people: website, app or TikTok Shop', () => {
    const base = { spendHundredths: 500_000, impressions: 90_000, clicks: 1_200, conversions: 40 };
    const web = deriveCounts(base, PROFILE, rates);
    expect(at(web, 'webPurchase')).toBe(40);
    expect(at(web, 'offlinePurchase')).toBeGreaterThan(0);
    expect(at(web, 'appInstalls')).toBe(0);
    expect(at(web, 'shopPurchase')).toBe(0);
    expect(at(web, 'onsiteForm')).toBe(0);
    const app = deriveCounts(base, { ...PROFILE, channel: 'app' }, rates);
    expect(at(app, 'appInstalls')).toBe(40);
    expect(at(app, 'webPurchase')).toBe(0);
    expect(at(app, 'offlinePurchase')).toBe(0);
    expect(at(app, 'appRegistration')).toBeLessThanOrEqual(40);
    expect(at(app, 'appPurchase')).toBeLessThanOrEqual(at(app, 'appRegistration'));
    expect(at(app, 'appSalesLeadTotal')).toBeGreaterThanOrEqual(at(app, 'appSalesLead'));
    const shop = deriveCounts(base, { ...PROFILE, channel: 'shop' }, rates);
    expect(at(shop, 'shopPurchase')).toBe(40);
    expect(at(shop, 'shopPurchaseValue')).toBeGreaterThan(0);
    const onsite = deriveCounts(base, { ...PROFILE, channel: 'onsite' }, rates);
    expect(at(onsite, 'onsiteForm')).toBe(40);
    expect(at(onsite, 'messagingDirectMessage')).toBeGreaterThan(0);
    expect(at(onsite, 'webPurchase')).toBe(0);
  });

  it('writes purchase value in whole units for integer-only currencies, and none without a pixel value', () => {
    const base = {
      spendHundredths: 5_000_000,
      impressions: 90_000,
      clicks: 1_200,
      conversions: 37,
    };
    const yen = { ...PROFILE, currencyRatio: 100, moneyStep: 100 };
    const value = at(deriveCounts(base, yen, dayRates(yen, '2026-11-19')), 'webPurchaseValue');
    expect(value).toBeGreaterThan(0);
    expect(value % 100).toBe(0);
    const noPixel = { ...PROFILE, reportsPurchaseValue: false };
    expect(at(deriveCounts(base, noPixel, rates), 'webPurchaseValue')).toBe(0);
  });

  it('counts results by the ad group goal', () => {
    const base = { spendHundredths: 500_000, impressions: 90_000, clicks: 1_200, conversions: 40 };
    const result = (goal: AdProfile['goal']) =>
      at(deriveCounts(base, { ...PROFILE, goal }, rates), 'results');
    expect(result('CONVERT')).toBe(40);
    expect(result('CLICK')).toBe(1_200);
    expect(result('SHOW')).toBe(90_000);
    expect(result('VIDEO_VIEW')).toBe(at(deriveCounts(base, PROFILE, rates), 'videoWatched6s'));
  });
});

describe('deriveHourlyCounts', () => {
  it("adds up to the day's counts exactly, every counter, and keeps each hour ordered", () => {
    const channels: AdProfile['channel'][] = ['web', 'app', 'shop', 'onsite'];
    for (const [i, seed] of [3, 17, 99, 2026].entries()) {
      const profile = { ...PROFILE, spark: i % 2 === 0, channel: channels[i] ?? 'web' };
      const hours = randomHours(seed);
      const rates = dayRates(profile, `2026-11-${10 + (seed % 9)}`);
      const perHour = deriveHourlyCounts(hours, profile, rates);
      const day = deriveCounts(sum(hours), profile, rates);
      expect(perHour).toHaveLength(24);
      for (const counts of perHour) expectOrdered(counts);
      COUNTERS.forEach((name, index) => {
        const total = perHour.reduce((s, counts) => s + (counts[index] ?? 0), 0);
        expect(total, name).toBe(day[index]);
      });
      // The base counters are the hours' own.
      perHour.forEach((counts, h) => {
        expect(at(counts, 'impressions')).toBe(hours[h]?.impressions);
        expect(at(counts, 'spend')).toBe(hours[h]?.spendHundredths);
      });
    }
  });
});

describe('eventsFor', () => {
  it('derives the families a report reads, with their parents, exactly as a full derivation', () => {
    const profile = { ...PROFILE, channel: 'app' as const };
    const rates = dayRates(profile, '2026-11-19');
    const base = {
      spendHundredths: 900_000,
      impressions: 150_000,
      clicks: 2_500,
      conversions: 300,
    };
    const wanted = ['appPurchaseValue', 'appLoanDisbursementTotal'] as const;
    const events = eventsFor([...wanted]);
    const names = events.map((index) => EVENT_FAMILIES[index]?.name);
    expect(names).toEqual([
      'appRegistration',
      'appPurchase',
      'appLoanApply',
      'appLoanCredit',
      'appLoanDisbursement',
    ]);
    const full = deriveCounts(base, profile, rates);
    const partial = deriveCounts(base, profile, rates, emptyCounts(), events);
    for (const name of wanted) expect(at(partial, name), name).toBe(at(full, name));
    expect(at(full, 'appLoanDisbursementTotal')).toBeGreaterThan(0);
    expect(at(partial, 'appCheckout')).toBe(0);
    expect(eventsFor(['spend', 'clicks', 'videoPlays'])).toEqual([]);
  });
});
