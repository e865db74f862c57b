import type {
  EntityMetrics,
  MetricValues,
} from '../../../companion-server/src/contract/ads-manager';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import type { AccountOverview, Overview } from '../../../companion-server/src/contract/reporting';
import { eachDate } from '../../../companion-server/src/lib/time-zone';

/** Ad accounts and figures for the reporting components' tests. */

export const US_EAST = '7252569388304511001';
export const US_WEST = '7252569388304511002';
export const GERMANY = '7252569388304511003';
export const BROKEN = '7252569388304511004';

const account = (
  advertiserId: string,
  name: string,
  currency: string,
  timezone: string,
): AdAccountView => ({
  advertiserId,
  name,
  currency,
  timezone,
  status: 'STATUS_ENABLE',
  health: 'ok',
  connectionId: 'conn_0123456789',
  connectedAt: '2026-11-01T10:00:00.000Z',
});

export const AD_ACCOUNTS: AdAccountView[] = [
  account(US_EAST, 'Bayme US East', 'USD', 'America/New_York'),
  account(US_WEST, 'Bayme US West', 'USD', 'America/Los_Angeles'),
  account(GERMANY, 'Bayme DE', 'EUR', 'Europe/Berlin'),
  account(BROKEN, 'Bayme UK', 'GBP', 'Europe/London'),
];

export function metrics(values: Partial<MetricValues> = {}): MetricValues {
  return {
    spend: 0,
    impressions: 0,
    clicks: 0,
    ctr: null,
    cpc: null,
    conversions: 0,
    cpa: null,
    roas: null,
    ...values,
  };
}

export const RANGE = { start: '2026-11-14', end: '2026-11-20' };
export const PREVIOUS_RANGE = { start: '2026-11-07', end: '2026-11-13' };

function accountOverview(view: AdAccountView, spendPerDay: number): AccountOverview {
  const daily = eachDate(RANGE.start, RANGE.end).map((date, i) => ({
    ...metrics({ spend: spendPerDay + i, conversions: 2 + (i % 3) }),
    date,
  }));
  return {
    advertiserId: view.advertiserId,
    name: view.name,
    currency: view.currency,
    timezone: view.timezone,
    totals: metrics({ spend: spendPerDay * 7 }),
    previousTotals: metrics({ spend: spendPerDay * 6 }),
    daily,
    purchaseValue: null,
    problem: null,
  };
}

/**
 * Two USD accounts, one EUR account, and a GBP account TikTok would not answer for: the
 * server's totals come per currency (USD 1,500 vs 1,200 before; EUR 300 vs 400 before).
 */
export function overview(
  advertiserIds: string[] = AD_ACCOUNTS.map((a) => a.advertiserId),
): Overview {
  const all: AccountOverview[] = [
    accountOverview(AD_ACCOUNTS[0] as AdAccountView, 100),
    accountOverview(AD_ACCOUNTS[1] as AdAccountView, 50),
    accountOverview(AD_ACCOUNTS[2] as AdAccountView, 40),
    {
      ...accountOverview(AD_ACCOUNTS[3] as AdAccountView, 0),
      totals: null,
      previousTotals: null,
      daily: [],
      problem: 'TikTok no longer accepts the authorization for this ad account: re-authorize it.',
    },
  ];
  const accounts = all.filter((a) => advertiserIds.includes(a.advertiserId));
  const groups = [
    {
      currency: 'USD',
      advertiserIds: [US_EAST, US_WEST],
      totals: metrics({
        spend: 1500,
        impressions: 120_000,
        clicks: 2400,
        conversions: 150,
        cpa: 10,
        roas: 2.5,
      }),
      previousTotals: metrics({
        spend: 1200,
        impressions: 100_000,
        clicks: 2000,
        conversions: 109,
        cpa: 11.11,
        roas: 2,
      }),
    },
    {
      currency: 'EUR',
      advertiserIds: [GERMANY],
      totals: metrics({ spend: 300, conversions: 20, cpa: 15 }),
      previousTotals: metrics({ spend: 400, conversions: 20, cpa: 20 }),
    },
  ];
  return {
    range: RANGE,
    previousRange: PREVIOUS_RANGE,
    accounts,
    byCurrency: groups
      .map((group) => ({
        ...group,
        advertiserIds: group.advertiserIds.filter((id) => advertiserIds.includes(id)),
      }))
      .filter((group) => group.advertiserIds.length > 0),
    fetchedAt: '2026-11-21T08:00:00.000Z',
  };
}

export function entity(
  id: string,
  name: string | null,
  current: Partial<MetricValues>,
  previous: Partial<MetricValues> | null,
): EntityMetrics {
  return { id, name, current: metrics(current), previous: previous ? metrics(previous) : null };
}

export function levelMetricsAnswer(
  advertiserId: string,
  level: 'campaign' | 'adgroup' | 'ad',
  rows: EntityMetrics[],
  currency = 'USD',
) {
  return {
    advertiserId,
    level,
    currency,
    timezone: 'America/New_York',
    range: RANGE,
    previousRange: PREVIOUS_RANGE,
    compared: true,
    fetchedAt: '2026-11-21T08:00:00.000Z',
    includesToday: false,
    reportsPurchaseValue: true,
    rows,
  };
}

export const CAMPAIGNS = [
  entity(
    '1800000000000000001',
    'Spring sale',
    { spend: 500, conversions: 50, cpa: 10 },
    { spend: 400, conversions: 40, cpa: 10 },
  ),
  entity(
    '1800000000000000002',
    'Black Friday',
    { spend: 900, conversions: 60, cpa: 15 },
    { spend: 1000, conversions: 50, cpa: 20 },
  ),
  entity('1800000000000000003', 'Retargeting', { spend: 100, conversions: 40, cpa: 2.5 }, null),
];
