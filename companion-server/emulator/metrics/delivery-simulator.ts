import { currencyRule } from '../../src/contract/currency';
import {
  addDays,
  compareDates,
  endOfZonedDay,
  type IsoDate,
  startOfZonedDay,
  zonedDate,
  zonedParts,
} from '../../src/lib/time-zone';
import type { EmulatorClock } from '../core/clock';
import { noiseBetween, unitNoise } from '../core/random';
import {
  type AdGroup,
  type Advertiser,
  type BudgetChange,
  type BudgetMode,
  budgetAt,
  type Campaign,
} from '../state/model';
import type { EmulatorState } from '../state/store';
import {
  enabledIntervals,
  type Interval,
  intersect,
  overlapMs,
  unionOf,
} from './delivery-intervals';

/**
 * Deterministic synthetic delivery. For each ad, hour by hour in the account's time zone:
 * demand comes from the budget in effect (seeded noise per entity and date), is spread over
 * the day along a diurnal curve, flows only while campaign, ad group and ad are all on and
 * within the schedule, and is capped by daily budgets. Counts follow from spend through
 * seeded CPM, CTR and conversion rates. Higher levels are sums of their ads, so every level
 * agrees; a finished day never changes; today's figures grow as the clock moves.
 */

const HOUR_MS = 3_600_000;

/**
 * What an ad delivered over some period. Money is in hundredths of the currency unit. Every
 * other count a report shows is derived from these (delivery-counts.ts).
 */
export interface DeliveryTotals {
  spendHundredths: number;
  impressions: number;
  clicks: number;
  conversions: number;
}

export function emptyTotals(): DeliveryTotals {
  return { spendHundredths: 0, impressions: 0, clicks: 0, conversions: 0 };
}

export interface CampaignDay {
  date: IsoDate;
  /** Per ad that delivered: totals for the day. */
  ads: Map<string, DeliveryTotals>;
  /** Per ad, per hour of the day (only when hourly detail was asked for). */
  hourly?: Map<string, DeliveryTotals[]>;
  /** Start instant of each hour of the day (23, 24 or 25 of them). */
  hourStarts: number[];
}

/** Relative activity per local hour of day: quiet at night, peaking in the evening. */
const HOUR_WEIGHTS: readonly number[] = (() => {
  const raw = Array.from({ length: 24 }, (_, hour) => {
    const evening = Math.exp(-((hour - 20) ** 2) / 18);
    const midday = 0.55 * Math.exp(-((hour - 12.5) ** 2) / 10);
    return 0.08 + evening + midday;
  });
  const total = raw.reduce((sum, value) => sum + value, 0);
  return raw.map((value) => value / total);
})();

const BASE_CPM_USD: Record<Campaign['objective_type'], number> = {
  REACH: 2.6,
  VIDEO_VIEWS: 3.8,
  TRAFFIC: 6.2,
  ENGAGEMENT: 5.5,
  APP_PROMOTION: 8.5,
  LEAD_GENERATION: 9.5,
  WEB_CONVERSIONS: 9.2,
  PRODUCT_SALES: 10.4,
};

const BASE_CTR: Record<Campaign['objective_type'], number> = {
  REACH: 0.0045,
  VIDEO_VIEWS: 0.006,
  TRAFFIC: 0.018,
  ENGAGEMENT: 0.009,
  APP_PROMOTION: 0.011,
  LEAD_GENERATION: 0.012,
  WEB_CONVERSIONS: 0.0115,
  PRODUCT_SALES: 0.013,
};

const CONVERSION_OBJECTIVES = new Set<Campaign['objective_type']>([
  'WEB_CONVERSIONS',
  'PRODUCT_SALES',
  'APP_PROMOTION',
  'LEAD_GENERATION',
]);

const MAX_CACHED_DAYS = 20_000;

/** Spend before a day, in currency units: the campaign's and each ad group's. */
interface SpentSoFar {
  campaign: number;
  adGroups: Map<string, number>;
}

export class DeliverySimulator {
  private readonly finishedDays = new Map<string, CampaignDay>();
  private readonly currentDays = new Map<string, { key: string; day: CampaignDay }>();
  private readonly spentBeforeMemo = new Map<string, SpentSoFar>();

  constructor(
    private readonly state: EmulatorState,
    private readonly clock: EmulatorClock,
  ) {}

  /** Forget everything computed (after a reset, or when the clock moves backwards). */
  clearCache(): void {
    this.finishedDays.clear();
    this.currentDays.clear();
    this.spentBeforeMemo.clear();
  }

  advertiserOf(entity: { advertiser_id: string }): Advertiser {
    const advertiser = this.state.advertisers.get(entity.advertiser_id);
    if (!advertiser) throw new Error(`Unknown advertiser ${entity.advertiser_id}`);
    return advertiser;
  }

  today(advertiser: Advertiser): IsoDate {
    return zonedDate(this.clock.now(), advertiser.timezone);
  }

  campaignDay(campaign: Campaign, date: IsoDate, options: { hourly?: boolean } = {}): CampaignDay {
    const advertiser = this.advertiserOf(campaign);
    const now = this.clock.now();
    if (options.hourly) return this.simulate(campaign, advertiser, date, now, true);

    const [, dayEnd] = dayBounds(date, advertiser.timezone);
    const cacheKey = `${campaign.campaign_id}|${date}`;
    if (dayEnd <= now) {
      const cached = this.finishedDays.get(cacheKey);
      if (cached) return cached;
      const day = this.simulate(campaign, advertiser, date, now, false);
      if (this.finishedDays.size >= MAX_CACHED_DAYS) {
        const oldest = this.finishedDays.keys().next().value;
        if (oldest !== undefined) this.finishedDays.delete(oldest);
      }
      this.finishedDays.set(cacheKey, day);
      return day;
    }
    // Today (or later): valid for the same state and the same second.
    const freshness = `${this.state.version}|${Math.floor(now / 1000)}`;
    const current = this.currentDays.get(cacheKey);
    if (current && current.key === freshness) return current.day;
    const day = this.simulate(campaign, advertiser, date, now, false);
    this.currentDays.set(cacheKey, { key: freshness, day });
    return day;
  }

  /** Spend (in currency units) of a campaign, ad group or ad between two dates, inclusive. */
  spend(
    level: 'campaign' | 'adgroup' | 'ad',
    entity: Campaign | AdGroup | { ad_id: string; campaign_id: string; advertiser_id: string },
    from: IsoDate,
    to: IsoDate,
  ): number {
    const campaign = this.state.campaigns.get(entity.campaign_id);
    if (!campaign) return 0;
    let hundredths = 0;
    for (let date = from; compareDates(date, to) <= 0; date = addDays(date, 1)) {
      const day = this.campaignDay(campaign, date);
      for (const [adId, totals] of day.ads) {
        if (level === 'campaign') hundredths += totals.spendHundredths;
        else if (level === 'ad' && 'ad_id' in entity && entity.ad_id === adId) {
          hundredths += totals.spendHundredths;
        } else if (level === 'adgroup' && 'adgroup_id' in entity) {
          const ad = this.state.ads.get(adId);
          if (ad?.adgroup_id === entity.adgroup_id) hundredths += totals.spendHundredths;
        }
      }
    }
    return hundredths / 100;
  }

  spendToday(level: 'campaign' | 'adgroup', entity: Campaign | AdGroup): number {
    const today = this.today(this.advertiserOf(entity));
    return this.spend(level, entity, today, today);
  }

  spendLifetime(level: 'campaign' | 'adgroup', entity: Campaign | AdGroup): number {
    const advertiser = this.advertiserOf(entity);
    const created = zonedDate(entity.create_time, advertiser.timezone);
    return this.spend(level, entity, created, this.today(advertiser));
  }

  /**
   * Spend of a campaign and each of its ad groups on the days before `date` (currency
   * units), for lifetime budgets. Built forward one finished day at a time and memoized.
   */
  private spentBefore(campaign: Campaign, advertiser: Advertiser, date: IsoDate): SpentSoFar {
    const created = zonedDate(campaign.create_time, advertiser.timezone);
    const key = (day: IsoDate) => `${campaign.campaign_id}|${day}`;
    let day = created;
    let spent: SpentSoFar = { campaign: 0, adGroups: new Map() };
    for (let probe = date; compareDates(probe, created) > 0; probe = addDays(probe, -1)) {
      const memo = this.spentBeforeMemo.get(key(probe));
      if (memo) {
        day = probe;
        spent = memo;
        break;
      }
    }
    while (compareDates(day, date) < 0) {
      this.spentBeforeMemo.set(key(day), spent);
      const totals = this.campaignDay(campaign, day);
      const next: SpentSoFar = { campaign: spent.campaign, adGroups: new Map(spent.adGroups) };
      for (const [adId, adTotals] of totals.ads) {
        const adGroupId = this.state.ads.get(adId)?.adgroup_id ?? '';
        const amount = adTotals.spendHundredths / 100;
        next.campaign += amount;
        next.adGroups.set(adGroupId, (next.adGroups.get(adGroupId) ?? 0) + amount);
      }
      spent = next;
      day = addDays(day, 1);
    }
    this.spentBeforeMemo.set(key(date), spent);
    return spent;
  }

  private simulate(
    campaign: Campaign,
    advertiser: Advertiser,
    date: IsoDate,
    now: number,
    hourly: boolean,
  ): CampaignDay {
    const tz = advertiser.timezone;
    const [dayStart, dayEnd] = dayBounds(date, tz);
    const hourStarts: number[] = [];
    for (let t = dayStart; t < dayEnd; t += HOUR_MS) hourStarts.push(t);
    const result: CampaignDay = { date, ads: new Map(), hourStarts };
    if (hourly) result.hourly = new Map();

    const until = Math.min(dayEnd, now);
    const campaignOn = enabledIntervals(campaign, dayStart, until);
    if (campaignOn.length === 0) return result;

    const hourWeights = hourWeightsOf(tz, hourStarts);
    const { ratio, integerOnly } = currencyRule(advertiser.currency);
    const adGroups = this.state
      .adGroupsOf(campaign.campaign_id)
      .filter(
        (adGroup) => adGroup.create_time < until && (adGroup.deletedAt ?? Infinity) > dayStart,
      );
    const adGroupShares = shareWeights(adGroups.map((g) => g.adgroup_id));
    const segments = daySegments(dayStart, until, [campaign, ...adGroups]);
    const lifetime =
      campaign.budget_mode === 'BUDGET_MODE_TOTAL' ||
      adGroups.some((g) => g.budget_mode === 'BUDGET_MODE_TOTAL')
        ? this.spentBefore(campaign, advertiser, date)
        : null;

    interface AdGroupPlan {
      adGroup: AdGroup;
      ads: Array<{ id: string; weight: number; on: Interval[] }>;
      segmentSpend: number[];
    }
    const plans: AdGroupPlan[] = [];

    for (const adGroup of adGroups) {
      const schedule: Interval[] = [
        { start: adGroup.schedule_start_time, end: adGroup.schedule_end_time },
      ];
      const adGroupOn = intersect(
        intersect(campaignOn, enabledIntervals(adGroup, dayStart, until)),
        schedule,
      );
      if (adGroupOn.length === 0) continue;
      const ads = this.state
        .adsOf(adGroup.adgroup_id)
        .map((ad) => ({
          id: ad.ad_id,
          weight: stableNoise(0.3, 1, ad.ad_id, 'weight'),
          on: intersect(adGroupOn, enabledIntervals(ad, dayStart, until)),
        }))
        .filter((ad) => ad.on.length > 0);
      if (ads.length === 0) continue;

      // The ad group delivers whenever at least one of its ads does.
      const delivering = unionOf(ads.map((ad) => ad.on));
      const spentEarlier = lifetime?.adGroups.get(adGroup.adgroup_id) ?? 0;
      let spentToday = 0;
      const demandAt = this.dailyDemand(campaign, adGroup, date, adGroupShares);
      const segmentSpend = segments.map((segment) => {
        const demand = demandAt(segment.start);
        const share =
          (hourWeights[segment.hour] ?? 0) *
          (overlapMs(delivering, segment.start, segment.end) / HOUR_MS);
        const cap = adGroupCap(campaign, adGroup, segment.start, spentToday, spentEarlier);
        const amount = Math.max(0, Math.min(demand * share, cap));
        spentToday += amount;
        return amount;
      });
      plans.push({ adGroup, ads, segmentSpend });
    }

    let campaignSpentToday = 0;
    segments.forEach((segment, k) => {
      const cap = remainingBudget(
        campaign,
        segment.start,
        campaignSpentToday,
        lifetime?.campaign ?? 0,
      );
      const wanted = plans.reduce((sum, plan) => sum + (plan.segmentSpend[k] ?? 0), 0);
      const allowed = Math.max(0, Math.min(wanted, cap));
      const scale = wanted > 0 ? allowed / wanted : 0;
      for (const plan of plans) plan.segmentSpend[k] = (plan.segmentSpend[k] ?? 0) * scale;
      campaignSpentToday += allowed;
    });

    const step = integerOnly ? 100 : 1;
    for (const plan of plans) {
      const { adGroup } = plan;
      const cpm =
        BASE_CPM_USD[campaign.objective_type] *
        ratio *
        noiseBetween(0.7, 1.35, adGroup.adgroup_id, date, 'cpm');
      // Each ad's share of a segment is its weighted time on over the group's.
      const groupWeights = segments.map((segment) =>
        plan.ads.reduce(
          (sum, other) => sum + other.weight * overlapMs(other.on, segment.start, segment.end),
          0,
        ),
      );
      for (const ad of plan.ads) {
        const ctr =
          BASE_CTR[campaign.objective_type] *
          stableNoise(0.6, 1.5, ad.id, 'ctr') *
          noiseBetween(0.85, 1.15, ad.id, date, 'ctr');
        const cvr =
          (CONVERSION_OBJECTIVES.has(campaign.objective_type) ? 0.032 : 0.004) *
          stableNoise(0.4, 1.8, ad.id, 'cvr') *
          noiseBetween(0.8, 1.2, ad.id, date, 'cvr');
        const totals = emptyTotals();
        const perHour = hourly ? hourStarts.map(() => emptyTotals()) : [];
        // Fractional amounts carry over between segments, so the parts add up to the day.
        let carrySpend = 0;
        let carryImpressions = 0;
        let carryClicks = 0;
        let carryConversions = 0;
        for (let k = 0; k < segments.length; k += 1) {
          const segment = segments[k] as Segment;
          const adMs = overlapMs(ad.on, segment.start, segment.end);
          if (adMs === 0) continue;
          const share = (ad.weight * adMs) / (groupWeights[k] ?? adMs);
          const spendExact = (plan.segmentSpend[k] ?? 0) * share * 100 + carrySpend;
          const spendHundredths = Math.floor(spendExact / step) * step;
          carrySpend = spendExact - spendHundredths;
          const impressionsExact = (spendHundredths / 100 / cpm) * 1000 + carryImpressions;
          const impressions = Math.floor(impressionsExact);
          carryImpressions = impressionsExact - impressions;
          const clicksExact = impressions * ctr + carryClicks;
          const clicks = Math.floor(clicksExact);
          carryClicks = clicksExact - clicks;
          const conversionsExact = clicks * cvr + carryConversions;
          const conversions = Math.floor(conversionsExact);
          carryConversions = conversionsExact - conversions;
          totals.spendHundredths += spendHundredths;
          totals.impressions += impressions;
          totals.clicks += clicks;
          totals.conversions += conversions;
          const hour = perHour[segment.hour];
          if (hour) {
            hour.spendHundredths += spendHundredths;
            hour.impressions += impressions;
            hour.clicks += clicks;
            hour.conversions += conversions;
          }
        }
        if (totals.spendHundredths > 0 || totals.impressions > 0) {
          result.ads.set(ad.id, totals);
          if (hourly) result.hourly?.set(ad.id, perHour);
        }
      }
    }
    return result;
  }

  /**
   * What an ad group would spend over a whole day if nothing stopped it, by the budget in
   * effect at a moment of the day (the day's noise is drawn once).
   */
  private dailyDemand(
    campaign: Campaign,
    adGroup: AdGroup,
    date: IsoDate,
    shares: Map<string, number>,
  ): (budgetMoment: number) => number {
    if (campaign.budget_optimize_on) {
      const noise = noiseBetween(0.8, 1.3, campaign.campaign_id, date, 'demand');
      const share = shares.get(adGroup.adgroup_id) ?? 0;
      return (budgetMoment) => {
        const budget = budgetAt(campaign, budgetMoment);
        const daily = campaign.budget_mode === 'BUDGET_MODE_TOTAL' ? budget / 30 : budget;
        return daily * share * noise;
      };
    }
    switch (adGroup.budget_mode) {
      case 'BUDGET_MODE_DAY': {
        const noise = noiseBetween(0.55, 1.25, adGroup.adgroup_id, date, 'demand');
        return (budgetMoment) => budgetAt(adGroup, budgetMoment) * noise;
      }
      case 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET': {
        const noise = noiseBetween(0.6, 1.25, adGroup.adgroup_id, date, 'demand');
        return (budgetMoment) => budgetAt(adGroup, budgetMoment) * noise;
      }
      case 'BUDGET_MODE_TOTAL': {
        const days = Math.max(
          1,
          Math.ceil((adGroup.schedule_end_time - adGroup.schedule_start_time) / 86_400_000),
        );
        const noise = noiseBetween(0.7, 1.02, adGroup.adgroup_id, date, 'demand');
        return (budgetMoment) => (budgetAt(adGroup, budgetMoment) / days) * noise;
      }
      default:
        return () => 0;
    }
  }
}

type StableKey = 'weight' | 'ctr' | 'cvr' | 'share';

/**
 * Noise that depends on an id alone (an ad's base click rate, its weight in its group): drawn
 * once per id rather than for every day it is simulated. Keyed by the id itself, whose hash
 * the engine keeps, so that a lookup builds no string.
 */
const stableNoiseMemo = new Map<string, Partial<Record<StableKey, number>>>();
const MAX_STABLE_NOISE = 200_000;

function stableNoise(min: number, max: number, id: string, key: StableKey): number {
  let known = stableNoiseMemo.get(id);
  if (!known) {
    if (stableNoiseMemo.size >= MAX_STABLE_NOISE) stableNoiseMemo.clear();
    known = {};
    stableNoiseMemo.set(id, known);
  }
  known[key] ??= unitNoise(id, key);
  return min + (max - min) * known[key];
}

/** Start and end instants of a date in a time zone; the same few days come up again and again. */
const dayBoundsMemo = new Map<string, readonly [number, number]>();

function dayBounds(date: IsoDate, timeZone: string): readonly [number, number] {
  const key = `${timeZone}|${date}`;
  const known = dayBoundsMemo.get(key);
  if (known) return known;
  const bounds = [startOfZonedDay(date, timeZone), endOfZonedDay(date, timeZone)] as const;
  if (dayBoundsMemo.size >= 50_000) dayBoundsMemo.clear();
  dayBoundsMemo.set(key, bounds);
  return bounds;
}

/** Activity weight of each hour of a day in a time zone; days of the same zone repeat. */
const hourWeightsMemo = new Map<string, number[]>();

function hourWeightsOf(timeZone: string, hourStarts: readonly number[]): number[] {
  const key = `${timeZone}|${hourStarts[0]}|${hourStarts.length}`;
  const known = hourWeightsMemo.get(key);
  if (known) return known;
  const weights = hourStarts.map((start) => HOUR_WEIGHTS[zonedParts(start, timeZone).hour] ?? 0);
  if (hourWeightsMemo.size >= 10_000) hourWeightsMemo.clear();
  hourWeightsMemo.set(key, weights);
  return weights;
}

function shareWeights(ids: string[]): Map<string, number> {
  const weights = ids.map((id) => stableNoise(0.4, 1, id, 'share'));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return new Map(ids.map((id, i) => [id, total > 0 ? (weights[i] ?? 0) / total : 0]));
}

interface Segment {
  start: number;
  end: number;
  hour: number;
}

/** Stretches of the day between hour boundaries and budget changes, each within one hour. */
function daySegments(
  dayStart: number,
  until: number,
  entities: ReadonlyArray<{ budgetHistory: ReadonlyArray<{ at: number }> }>,
): Segment[] {
  const cuts = new Set<number>([until]);
  for (let t = dayStart; t < until; t += HOUR_MS) cuts.add(t);
  for (const entity of entities) {
    for (const change of entity.budgetHistory) {
      if (change.at > dayStart && change.at < until) cuts.add(change.at);
    }
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  return bounds.slice(0, -1).map((start, i) => ({
    start,
    end: bounds[i + 1] ?? until,
    hour: Math.floor((start - dayStart) / HOUR_MS),
  }));
}

/** How much more an entity with this budget may spend, given what it spent already. */
function remainingBudget(
  entity: { budget_mode: BudgetMode; budgetHistory: BudgetChange[] },
  at: number,
  spentToday: number,
  spentBeforeToday: number,
): number {
  const budget = budgetAt(entity, at);
  switch (entity.budget_mode) {
    case 'BUDGET_MODE_DAY':
      return budget - spentToday;
    // Dynamic daily budgets may spend up to 125% of the budget on a single day.
    case 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET':
      return budget * 1.25 - spentToday;
    case 'BUDGET_MODE_TOTAL':
      return budget - spentBeforeToday - spentToday;
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/** Under budget optimization the campaign's budget alone limits its ad groups. */
function adGroupCap(
  campaign: Campaign,
  adGroup: AdGroup,
  at: number,
  spentToday: number,
  spentBeforeToday: number,
): number {
  if (campaign.budget_optimize_on) return Number.POSITIVE_INFINITY;
  return remainingBudget(adGroup, at, spentToday, spentBeforeToday);
}
