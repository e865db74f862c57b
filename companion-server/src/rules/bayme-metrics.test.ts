import { describe, expect, it } from 'vitest';
import type { LevelMetricsService } from '../ads-manager/metrics-service';
import type { ConnectionService } from '../connections/connection-service';
import type { MetricValues } from '../contract/ads-manager';
import type { Condition, RuleInput, RuleWindow } from '../contract/rules';
import { startOfZonedDay } from '../lib/time-zone';
import type { Campaign } from '../marketing-api/campaigns';
import type { MarketingApiClient } from '../marketing-api/client';
import { OrderFigures } from '../orders/order-figures';
import type { AttributedSum, FiguresQuery, OrderStore } from '../orders/order-store';
import { CycleData } from './cycle-data';
import { judgeRule } from './rule-evaluator';

/**
 * The Bayme metrics of rules: revenue from the orders attributed to each entity over the
 * rule's window, in the account's zone and currency, and ROAS over TikTok's spend of the same
 * window; missing (never zero) where the figures cannot be trusted.
 */

const ACCOUNT = '7252569388304511798';
const ZONE = 'America/New_York';
/** 2026-12-06 15:00 in New York. */
const NOW = Date.parse('2026-12-06T20:00:00Z');
const WINNER = '1800000000000000001';
const LOSER = '1800000000000000002';
const IDLE = '1800000000000000003';
const LAST_7: RuleWindow = { kind: 'last_days', days: 7, includeToday: false };

function campaign(id: string, created: string): Campaign {
  return {
    campaign_id: id,
    campaign_name: `Campaign ${id.slice(-1)}`,
    advertiser_id: ACCOUNT,
    objective_type: 'TRAFFIC',
    budget_mode: 'BUDGET_MODE_DAY',
    budget: 100,
    operation_status: 'ENABLE',
    create_time: created,
    modify_time: created,
  };
}

const spendOnly = (spend: number | null): MetricValues => ({
  spend,
  impressions: null,
  clicks: null,
  ctr: null,
  cpc: null,
  conversions: null,
  cpa: null,
  roas: null,
});

interface World {
  /** Per entity: the sums the store answers (period 0 only, whatever the days). */
  sums: AttributedSum[];
  spend: Record<string, number | null>;
  latestOrderMs: number | null;
}

function cycle(world: World) {
  const queries: FiguresQuery[] = [];
  const reportsRead: string[] = [];
  const store = {
    attributedSums(query: FiguresQuery) {
      queries.push(query);
      return world.sums.filter((sum) => query.entityIds.includes(sum.entityId));
    },
    ratesFor: () => [],
    latestReceivedAtMs: () => world.latestOrderMs,
    // Each test's world is fixed while it runs.
    changeMark: () => 'fixed',
  } as unknown as OrderStore;
  const connections = {
    adAccount: () => ({ advertiserId: ACCOUNT, currency: 'USD', timezone: ZONE }),
    withAdvertiserToken: (_id: string, call: (token: string) => unknown) => call('token'),
  } as unknown as ConnectionService;
  const marketingApi = {
    campaigns: {
      list: async () => [
        campaign(WINNER, '2026-10-01 12:00:00'),
        campaign(LOSER, '2026-11-20 03:00:00'),
        campaign(IDLE, '2026-11-25 12:00:00'),
      ],
    },
  } as unknown as MarketingApiClient;
  const levelMetrics = {
    get: async (_id: string, _level: string, range: { start: string; end: string }) => {
      reportsRead.push(`${range.start}..${range.end}`);
      return {
        rows: Object.entries(world.spend).map(([id, spend]) => ({ id, current: spendOnly(spend) })),
      };
    },
  } as unknown as LevelMetricsService;
  const data = new CycleData({
    connections,
    marketingApi,
    levelMetrics,
    orderFigures: new OrderFigures({ store, clickWindowDays: () => 7 }),
    now: () => new Date(NOW),
  });
  return { data, queries, reportsRead };
}

const sum = (entityId: string, revenue: number, refunds = 0, currency = 'USD'): AttributedSum => ({
  entityId,
  currency,
  period: 0,
  orders: 2,
  revenueMicros: revenue * 1_000_000,
  refundMicros: refunds * 1_000_000,
});

function rule(condition: Condition, window: RuleWindow = LAST_7): RuleInput {
  return {
    name: 'Bayme',
    enabled: true,
    scope: {
      advertiserIds: [ACCOUNT],
      level: 'campaign',
      name: null,
      statuses: null,
      campaignIds: null,
      entityIds: null,
    },
    groups: [{ conditions: [{ ...condition, left: { ...condition.left, window } }] }],
    minimumData: null,
    action: { kind: 'pause' },
    until: null,
    schedule: { every: { kind: 'hourly' }, days: null, hours: null },
    cooldownHours: 0,
    maxActionsPerRun: 10,
    notify: { onAction: false, onApprovalNeeded: false, onFailure: false, webhookUrl: null },
  };
}

const roasBelow = (value: number): Condition => ({
  left: { metric: 'bayme_roas', window: LAST_7 },
  comparison: 'lt',
  right: { kind: 'number', value },
});
const revenueBelow = (value: number): Condition => ({
  left: { metric: 'bayme_revenue', window: LAST_7 },
  comparison: 'lt',
  right: { kind: 'number', value },
});

const byEntity = (judgements: Awaited<ReturnType<typeof judgeRule>>['judgements']) =>
  Object.fromEntries(
    judgements.map((j) => [j.entity.id, { values: j.values, verdict: j.verdict.kind }]),
  );

describe('Bayme metrics in rules', () => {
  it('Bayme ROAS is the orders’ revenue net of refunds ÷ TikTok’s spend of the same window', async () => {
    const { data, queries, reportsRead } = cycle({
      sums: [sum(WINNER, 300, 20), sum(LOSER, 50)],
      spend: { [WINNER]: 100, [LOSER]: 100 },
      latestOrderMs: NOW - 60_000,
    });
    const judged = await judgeRule(rule(roasBelow(1)), data, NOW);
    expect(byEntity(judged.judgements)).toEqual({
      [WINNER]: { values: { 'bayme_roas@last_7d': 2.8 }, verdict: 'no_match' },
      [LOSER]: { values: { 'bayme_roas@last_7d': 0.5 }, verdict: 'change' },
      // No spend, no ROAS: not judged, never paused on a missing figure.
      [IDLE]: { values: { 'bayme_roas@last_7d': null }, verdict: 'no_data' },
    });
    expect(judged.judgements[1]?.conditions[0]?.text).toBe('Bayme ROAS last 7 days (0.50) < 1');
    // Days of the account's zone, yesterday back 7: Nov 29 – Dec 5, New York midnights.
    expect(reportsRead).toEqual(['2026-11-29..2026-12-05']);
    expect(queries).toHaveLength(1);
    // The whole window in one period (its revenue is all in the account's currency).
    const periods = queries[0]?.periods ?? [];
    expect(periods).toHaveLength(1);
    expect(periods[0]?.[0]).toBe(startOfZonedDay('2026-11-29', ZONE));
    expect(periods[0]?.[1]).toBe(startOfZonedDay('2026-12-06', ZONE));
    expect(queries[0]).toMatchObject({
      level: 'campaign',
      entityIds: [WINNER, LOSER, IDLE],
      clickWindowMs: 7 * 86_400_000,
    });
  });

  it('Bayme revenue is in the account’s currency, zero without orders, and needs no TikTok report', async () => {
    const { data, reportsRead } = cycle({
      sums: [sum(WINNER, 300, 20)],
      spend: {},
      latestOrderMs: NOW - 60_000,
    });
    const judged = await judgeRule(rule(revenueBelow(100)), data, NOW);
    expect(byEntity(judged.judgements)).toEqual({
      [WINNER]: { values: { 'bayme_revenue@last_7d': 280 }, verdict: 'no_match' },
      [LOSER]: { values: { 'bayme_revenue@last_7d': 0 }, verdict: 'change' },
      [IDLE]: { values: { 'bayme_revenue@last_7d': 0 }, verdict: 'change' },
    });
    expect(reportsRead).toEqual([]);
  });

  it('revenue in a currency without a rate makes the figure missing, not smaller', async () => {
    const { data } = cycle({
      sums: [sum(WINNER, 300), sum(WINNER, 900, 0, 'EUR')],
      spend: { [WINNER]: 100 },
      latestOrderMs: NOW - 60_000,
    });
    const revenue = await judgeRule(rule(revenueBelow(1_000)), data, NOW);
    expect(byEntity(revenue.judgements)[WINNER]).toEqual({
      values: { 'bayme_revenue@last_7d': null },
      verdict: 'no_data',
    });
    const roas = await judgeRule(rule(roasBelow(5)), data, NOW);
    expect(byEntity(roas.judgements)[WINNER]?.values).toEqual({ 'bayme_roas@last_7d': null });
  });

  it('a server that has never received an order has no Bayme figures at all', async () => {
    const { data, queries } = cycle({
      sums: [],
      spend: { [WINNER]: 100 },
      latestOrderMs: null,
    });
    const judged = await judgeRule(rule(revenueBelow(10)), data, NOW);
    expect(judged.judgements.map((j) => [j.values, j.verdict.kind])).toEqual([
      [{ 'bayme_revenue@last_7d': null }, 'no_data'],
      [{ 'bayme_revenue@last_7d': null }, 'no_data'],
      [{ 'bayme_revenue@last_7d': null }, 'no_data'],
    ]);
    expect(queries).toEqual([]);
  });

  it('over the lifetime, orders are read from the day the oldest entity was created', async () => {
    const { data, queries } = cycle({
      sums: [sum(WINNER, 10)],
      spend: {},
      latestOrderMs: NOW - 60_000,
    });
    await judgeRule(rule(revenueBelow(10), { kind: 'lifetime' }), data, NOW);
    const periods = queries[0]?.periods ?? [];
    // 2026-10-01 12:00 UTC is 08:00 in New York: Oct 1 to Dec 6 (today), asked as one period.
    expect(periods).toHaveLength(1);
    expect(periods[0]?.[0]).toBe(startOfZonedDay('2026-10-01', ZONE));
    expect(periods[0]?.[1]).toBe(startOfZonedDay('2026-12-07', ZONE));
  });
});
