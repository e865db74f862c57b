import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BAYME_APP_ID } from '../../src/config';
import {
  addDays,
  compareDates,
  eachDate,
  endOfZonedDay,
  type IsoDate,
  zonedDate,
} from '../../src/lib/time-zone';
import { EmulatorClock } from '../core/clock';
import {
  type Ad,
  type AdGroup,
  type Advertiser,
  budgetAt,
  type Campaign,
  recordBudget,
  recordStatus,
} from '../state/model';
import { seedState } from '../state/seed';
import { EmulatorState } from '../state/store';
import { DeliverySimulator } from './delivery-simulator';

// 12:00 in Los Angeles, 20:00 in London, 05:00 the next day in Tokyo.
const NOW = Date.parse('2026-11-20T20:00:00Z');
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

interface World {
  state: EmulatorState;
  clock: EmulatorClock;
  simulator: DeliverySimulator;
}

function build(): World {
  const state = new EmulatorState();
  const clock = new EmulatorClock();
  clock.set(NOW);
  seedState(state, {
    now: NOW,
    app: { app_id: BAYME_APP_ID, secret: 'test-secret', name: 'Test app', redirect_uris: [] },
    largeAccountAdGroups: 0,
  });
  return { state, clock, simulator: new DeliverySimulator(state, clock) };
}

/** A simulator with no cache, so that a value cannot merely be remembered. */
const fresh = (world: World): DeliverySimulator => new DeliverySimulator(world.state, world.clock);

const cents = (amount: number): number => Math.round(amount * 100);

function campaignNamed(state: EmulatorState, name: string): Campaign {
  const campaign = [...state.campaigns.values()].find((c) => c.campaign_name === name);
  if (!campaign) throw new Error(`No seeded campaign named ${name}`);
  return campaign;
}

function adGroupNamed(state: EmulatorState, name: string): AdGroup {
  const adGroup = [...state.adGroups.values()].find((g) => g.adgroup_name === name);
  if (!adGroup) throw new Error(`No seeded ad group named ${name}`);
  return adGroup;
}

function advertiserOf(state: EmulatorState, entity: { advertiser_id: string }): Advertiser {
  const advertiser = state.advertisers.get(entity.advertiser_id);
  if (!advertiser) throw new Error(`No advertiser ${entity.advertiser_id}`);
  return advertiser;
}

/** The dates an entity existed, from its creation up to today, in its account's zone. */
function livedDates(world: World, entity: Campaign | AdGroup): IsoDate[] {
  const advertiser = advertiserOf(world.state, entity);
  return eachDate(
    zonedDate(entity.create_time, advertiser.timezone),
    zonedDate(world.clock.now(), advertiser.timezone),
  );
}

/** The budget in effect for a day: the last set before the day ended (or now, for today). */
function budgetForDay(world: World, entity: Campaign | AdGroup, date: IsoDate): number {
  const { timezone } = advertiserOf(world.state, entity);
  return budgetAt(entity, Math.min(endOfZonedDay(date, timezone), world.clock.now()) - 1);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('DeliverySimulator', () => {
  it('delivers in every seeded account', () => {
    const world = build();
    for (const advertiser of world.state.advertisers.values()) {
      const today = world.simulator.today(advertiser);
      const total = world.state
        .campaignsOf(advertiser.advertiser_id)
        .reduce(
          (sum, campaign) =>
            sum + world.simulator.spend('campaign', campaign, addDays(today, -29), today),
          0,
        );
      expect(total, advertiser.name).toBeGreaterThan(0);
    }
  });

  it('is deterministic: two identically seeded worlds report the same delivery', () => {
    const a = build();
    const b = build();
    let delivered = 0;
    for (const campaign of a.state.campaigns.values()) {
      const twin = b.state.campaigns.get(campaign.campaign_id);
      if (!twin) throw new Error('The two seedings disagree on campaign ids');
      const today = a.simulator.today(advertiserOf(a.state, campaign));
      for (const date of eachDate(addDays(today, -14), today)) {
        const left = a.simulator.campaignDay(campaign, date, { hourly: true });
        const right = b.simulator.campaignDay(twin, date, { hourly: true });
        expect([...left.ads]).toEqual([...right.ads]);
        expect(left.hourly).toEqual(right.hourly);
        delivered += left.ads.size;
      }
    }
    expect(delivered).toBeGreaterThan(0);
  });

  describe('budgets', () => {
    it('keeps every daily ad group within its daily budget, every day', () => {
      const world = build();
      let closest = 0;
      for (const adGroup of world.state.adGroups.values()) {
        const campaign = world.state.campaigns.get(adGroup.campaign_id);
        if (!campaign || campaign.budget_optimize_on) continue;
        const allowance =
          adGroup.budget_mode === 'BUDGET_MODE_DAY'
            ? 1
            : adGroup.budget_mode === 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET'
              ? 1.25
              : null;
        if (allowance === null) continue;
        for (const date of livedDates(world, adGroup)) {
          const budget = budgetForDay(world, adGroup, date);
          const spend = world.simulator.spend('adgroup', adGroup, date, date);
          expect(cents(spend), `${adGroup.adgroup_name} on ${date}`).toBeLessThanOrEqual(
            cents(budget * allowance),
          );
          if (adGroup.budget_mode === 'BUDGET_MODE_DAY')
            closest = Math.max(closest, spend / budget);
        }
      }
      // The cap must actually bind on some days, or this test could not fail.
      expect(closest).toBeGreaterThan(0.99);
    });

    it('keeps a CBO campaign within its daily budget, every day', () => {
      const world = build();
      const campaign = campaignNamed(world.state, 'US | Black Friday 2026 | CBO');
      expect(campaign.budget_optimize_on).toBe(true);
      let closest = 0;
      for (const date of livedDates(world, campaign)) {
        const budget = budgetForDay(world, campaign, date);
        const spend = world.simulator.spend('campaign', campaign, date, date);
        expect(cents(spend), date).toBeLessThanOrEqual(cents(budget));
        closest = Math.max(closest, spend / budget);
      }
      expect(closest).toBeGreaterThan(0.99);
    });

    it('keeps a daily campaign without CBO within the budget in effect each day', () => {
      const world = build();
      for (const name of ['US | Prospecting | Evergreen', 'JP | Retargeting']) {
        const campaign = campaignNamed(world.state, name);
        for (const date of livedDates(world, campaign)) {
          const spend = world.simulator.spend('campaign', campaign, date, date);
          expect(cents(spend), `${name} on ${date}`).toBeLessThanOrEqual(
            cents(budgetForDay(world, campaign, date)),
          );
        }
      }
    });

    it('never lets a lifetime campaign spend more than its lifetime budget', () => {
      const world = build();
      // Lifetime campaign without CBO over daily ad groups: allowed by §6 ("campaign
      // INFINITE/TOTAL allows any" ad group mode).
      const campaign = campaignNamed(world.state, 'US | Retargeting | Cart abandoners');
      campaign.budget_mode = 'BUDGET_MODE_TOTAL';
      campaign.budgetHistory = [{ at: campaign.create_time, budget: 1_000 }];
      world.state.touch();
      expect(
        cents(world.simulator.spendLifetime('campaign', campaign)),
        'lifetime spend',
      ).toBeLessThanOrEqual(cents(1_000));
    });
  });

  describe('levels agree', () => {
    it('makes each campaign the sum of its ad groups, and each ad group the sum of its ads', () => {
      const world = build();
      let nonZero = 0;
      for (const campaign of world.state.campaigns.values()) {
        const today = world.simulator.today(advertiserOf(world.state, campaign));
        const from = addDays(today, -29);
        const campaignSpend = cents(world.simulator.spend('campaign', campaign, from, today));
        let adGroupSum = 0;
        for (const adGroup of world.state.adGroupsOf(campaign.campaign_id)) {
          const adGroupSpend = cents(world.simulator.spend('adgroup', adGroup, from, today));
          const adSum = world.state
            .adsOf(adGroup.adgroup_id)
            .reduce((sum, ad) => sum + cents(world.simulator.spend('ad', ad, from, today)), 0);
          expect(adSum, adGroup.adgroup_name).toBe(adGroupSpend);
          adGroupSum += adGroupSpend;
        }
        expect(adGroupSum, campaign.campaign_name).toBe(campaignSpend);
        if (campaignSpend > 0) nonZero += 1;
      }
      expect(nonZero).toBeGreaterThanOrEqual(5);
    });

    it('adds hours up to the day, including a 25-hour DST day', () => {
      const world = build();
      const campaign = campaignNamed(world.state, 'US | Prospecting | Evergreen');
      for (const [date, hours] of [
        ['2026-11-01', 25],
        ['2026-11-02', 24],
      ] as const) {
        const day = world.simulator.campaignDay(campaign, date, { hourly: true });
        expect(day.hourStarts).toHaveLength(hours);
        expect(day.ads.size).toBeGreaterThan(0);
        for (const [adId, totals] of day.ads) {
          const perHour = day.hourly?.get(adId) ?? [];
          expect(perHour).toHaveLength(hours);
          expect(perHour.reduce((sum, h) => sum + h.spendHundredths, 0)).toBe(
            totals.spendHundredths,
          );
          expect(perHour.reduce((sum, h) => sum + h.impressions, 0)).toBe(totals.impressions);
          expect(perHour.reduce((sum, h) => sum + h.clicks, 0)).toBe(totals.clicks);
        }
        // Hourly detail and the daily figure agree.
        expect([...world.simulator.campaignDay(campaign, date).ads]).toEqual([...day.ads]);
      }
    });
  });

  describe('time', () => {
    it("grows today's spend as the clock moves, and leaves finished days alone", () => {
      const world = build();
      const adGroup = adGroupNamed(world.state, 'US | Broad 18-44 | Purchase');
      const campaign = campaignNamed(world.state, 'US | Prospecting | Evergreen');
      const today = world.simulator.today(advertiserOf(world.state, adGroup));
      expect(today).toBe('2026-11-20');
      const yesterday = addDays(today, -1);

      const todayAtNoon = world.simulator.spendToday('adgroup', adGroup);
      const yesterdayAtNoon = world.simulator.spend('adgroup', adGroup, yesterday, yesterday);
      const yesterdayAds = [...world.simulator.campaignDay(campaign, yesterday).ads];
      expect(todayAtNoon).toBeGreaterThan(0);

      world.clock.advance(3 * HOUR_MS);
      const later = fresh(world);
      expect(later.spendToday('adgroup', adGroup)).toBeGreaterThan(todayAtNoon);
      expect(later.spend('adgroup', adGroup, yesterday, yesterday)).toBe(yesterdayAtNoon);
      expect([...later.campaignDay(campaign, yesterday).ads]).toEqual(yesterdayAds);
    });

    it('keeps a day identical once it has ended, however late it is asked for', () => {
      const world = build();
      const campaign = campaignNamed(world.state, 'US | Prospecting | Evergreen');
      const dayEnd = endOfZonedDay('2026-11-20', 'America/Los_Angeles');
      world.clock.set(dayEnd);
      const justAfter = [...fresh(world).campaignDay(campaign, '2026-11-20').ads];
      expect(justAfter.length).toBeGreaterThan(0);
      world.clock.advance(5 * DAY_MS);
      expect([...fresh(world).campaignDay(campaign, '2026-11-20').ads]).toEqual(justAfter);
    });

    it('spends nothing on days that have not started', () => {
      const world = build();
      const campaign = campaignNamed(world.state, 'US | Prospecting | Evergreen');
      expect(world.simulator.spend('campaign', campaign, '2026-11-21', '2026-11-25')).toBe(0);
    });
  });

  describe('status changes', () => {
    it("freezes a paused ad group's spend for the rest of today", () => {
      const paused = build();
      const running = build();
      const name = 'US | Broad 18-44 | Purchase';
      const adGroup = adGroupNamed(paused.state, name);
      const atPause = paused.simulator.spendToday('adgroup', adGroup);
      expect(atPause).toBeGreaterThan(0);

      recordStatus(adGroup, NOW, false);
      paused.state.touch();
      for (const world of [paused, running]) world.clock.advance(6 * HOUR_MS);

      expect(fresh(paused).spendToday('adgroup', adGroup)).toBe(atPause);
      expect(
        fresh(running).spendToday('adgroup', adGroupNamed(running.state, name)),
      ).toBeGreaterThan(atPause);

      paused.clock.advance(DAY_MS);
      expect(fresh(paused).spend('adgroup', adGroup, '2026-11-21', '2026-11-21')).toBe(0);
      expect(fresh(paused).spend('adgroup', adGroup, '2026-11-20', '2026-11-20')).toBe(atPause);
    });

    it('freezes every ad group of a paused campaign', () => {
      const world = build();
      const campaign = campaignNamed(world.state, 'US | Prospecting | Evergreen');
      const before = world.state
        .adGroupsOf(campaign.campaign_id)
        .map((adGroup) => world.simulator.spendToday('adgroup', adGroup));
      recordStatus(campaign, NOW, false);
      world.state.touch();
      world.clock.advance(6 * HOUR_MS);
      const simulator = fresh(world);
      const after = world.state
        .adGroupsOf(campaign.campaign_id)
        .map((adGroup) => simulator.spendToday('adgroup', adGroup));
      expect(after).toEqual(before);
    });

    it('spends again after an ad group is re-enabled', () => {
      const world = build();
      const adGroup = adGroupNamed(world.state, 'US | Broad 18-44 | Purchase');
      recordStatus(adGroup, NOW, false);
      recordStatus(adGroup, NOW + HOUR_MS, true);
      world.state.touch();
      world.clock.advance(HOUR_MS);
      const whilePaused = fresh(world).spendToday('adgroup', adGroup);
      world.clock.advance(3 * HOUR_MS);
      expect(fresh(world).spendToday('adgroup', adGroup)).toBeGreaterThan(whilePaused);
    });

    it('spends nothing after deletion (seeded deleted campaigns, ad groups and ads)', () => {
      const world = build();
      let checked = 0;
      const entities: Array<readonly ['campaign' | 'adgroup' | 'ad', Campaign | AdGroup | Ad]> = [
        ...[...world.state.campaigns.values()].map((c) => ['campaign', c] as const),
        ...[...world.state.adGroups.values()].map((g) => ['adgroup', g] as const),
        ...[...world.state.ads.values()].map((a) => ['ad', a] as const),
      ];
      for (const [level, entity] of entities) {
        if (entity.deletedAt === null) continue;
        const { timezone } = advertiserOf(world.state, entity);
        const today = zonedDate(NOW, timezone);
        const dayAfter = addDays(zonedDate(entity.deletedAt, timezone), 1);
        if (compareDates(dayAfter, today) > 0) continue;
        expect(world.simulator.spend(level, entity, dayAfter, today), `${level}`).toBe(0);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(10);
    });

    it('stops an ad group deleted now: today is frozen and later days are empty', () => {
      const world = build();
      const adGroup = adGroupNamed(world.state, 'US | Site visitors 14d | Clicks');
      const campaign = campaignNamed(world.state, 'US | Retargeting | Cart abandoners');
      const atDeletion = world.simulator.spendToday('adgroup', adGroup);
      expect(atDeletion).toBeGreaterThan(0);

      adGroup.deletedAt = NOW;
      for (const ad of world.state.adsOf(adGroup.adgroup_id)) ad.deletedAt ??= NOW;
      world.state.touch();
      world.clock.advance(2 * DAY_MS);
      const simulator = fresh(world);

      expect(simulator.spend('adgroup', adGroup, '2026-11-20', '2026-11-20')).toBe(atDeletion);
      expect(simulator.spend('adgroup', adGroup, '2026-11-21', '2026-11-22')).toBe(0);
      const day = simulator.campaignDay(campaign, '2026-11-20', { hourly: true });
      const adIds = new Set(world.state.adsOf(adGroup.adgroup_id).map((ad) => ad.ad_id));
      for (const [adId, hours] of day.hourly ?? []) {
        if (!adIds.has(adId)) continue;
        hours.forEach((hour, h) => {
          if ((day.hourStarts[h] ?? 0) >= NOW) expect(hour.spendHundredths).toBe(0);
        });
      }
      // The rest of the campaign keeps delivering.
      expect(simulator.spend('campaign', campaign, '2026-11-21', '2026-11-21')).toBeGreaterThan(0);
    });
  });

  describe('budget changes', () => {
    it("does not alter yesterday's (or any earlier day's) spend", () => {
      const world = build();
      const adGroup = adGroupNamed(world.state, 'US | Broad 18-44 | Purchase');
      const campaign = campaignNamed(world.state, 'US | Prospecting | Evergreen');
      const from = '2026-11-01';
      const yesterday = '2026-11-19';
      const before = {
        adGroup: world.simulator.spend('adgroup', adGroup, from, yesterday),
        campaign: world.simulator.spend('campaign', campaign, from, yesterday),
        today: world.simulator.spendToday('adgroup', adGroup),
      };

      recordBudget(adGroup, NOW, 1_000);
      recordBudget(campaign, NOW, 5_000);
      world.state.touch();
      world.clock.advance(HOUR_MS);
      const simulator = fresh(world);

      expect(simulator.spend('adgroup', adGroup, from, yesterday)).toBe(before.adGroup);
      expect(simulator.spend('campaign', campaign, from, yesterday)).toBe(before.campaign);
      // The raise does take effect today.
      expect(simulator.spendToday('adgroup', adGroup)).toBeGreaterThan(before.today);
    });

    // A budget cut that passes the 105%-of-spend rule must not undo spend that already happened.
    it('does not rewrite the spend already delivered today', () => {
      const world = build();
      const adGroup = adGroupNamed(world.state, 'US | Broad 18-44 | Purchase');
      world.clock.advance(3 * HOUR_MS);
      const spentSoFar = fresh(world).spendToday('adgroup', adGroup);
      const newBudget = Math.max(20, Math.ceil(spentSoFar * 1.05));
      expect(newBudget).toBeLessThan(budgetAt(adGroup, world.clock.now()));

      recordBudget(adGroup, world.clock.now(), newBudget);
      world.state.touch();
      world.clock.advance(1_000);
      expect(fresh(world).spendToday('adgroup', adGroup)).toBeGreaterThanOrEqual(spentSoFar);
    });
  });

  describe('currency', () => {
    it('spends whole yen in a JPY account, per day and per hour', () => {
      const world = build();
      const japan = [...world.state.advertisers.values()].find((a) => a.currency === 'JPY');
      if (!japan) throw new Error('No JPY account in the seed');
      const today = world.simulator.today(japan);
      let total = 0;
      for (const campaign of world.state.campaignsOf(japan.advertiser_id)) {
        for (const date of eachDate(addDays(today, -29), today)) {
          const day = world.simulator.campaignDay(campaign, date, { hourly: date === today });
          for (const totals of day.ads.values()) {
            expect(totals.spendHundredths % 100).toBe(0);
            total += totals.spendHundredths;
          }
          for (const hours of day.hourly?.values() ?? []) {
            for (const hour of hours) expect(hour.spendHundredths % 100).toBe(0);
          }
        }
        const spend = world.simulator.spend('campaign', campaign, addDays(today, -29), today);
        expect(Number.isInteger(spend)).toBe(true);
      }
      expect(total).toBeGreaterThan(0);
    });

    it('spends in cents in a USD account', () => {
      const world = build();
      const campaign = campaignNamed(world.state, 'US | Prospecting | Evergreen');
      const day = world.simulator.campaignDay(campaign, '2026-11-19');
      const hundredths = [...day.ads.values()].map((totals) => totals.spendHundredths);
      expect(hundredths.some((value) => value % 100 !== 0)).toBe(true);
    });
  });
});
