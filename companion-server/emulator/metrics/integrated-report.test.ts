import { describe, expect, it } from 'vitest';
import { BAYME_APP_ID } from '../../src/config';
import { addDays, zonedDate } from '../../src/lib/time-zone';
import { EmulatorClock } from '../core/clock';
import type { Advertiser } from '../state/model';
import { seedState } from '../state/seed';
import { EmulatorState } from '../state/store';
import { DeliverySimulator } from './delivery-simulator';
import { computeReport, type ReportQuery, type ReportRow } from './integrated-report';
import { METRIC_CATALOG, type ReportLevel } from './metric-catalog';

// 12:00 in Los Angeles, 20:00 in London, 05:00 the next day in Tokyo.
const NOW = Date.parse('2026-11-20T20:00:00Z');
const LEVELS: ReportLevel[] = ['advertiser', 'campaign', 'adgroup', 'ad'];
const ID: Record<ReportLevel, NonNullable<ReportQuery['idDimension']>> = {
  advertiser: 'advertiser_id',
  campaign: 'campaign_id',
  adgroup: 'adgroup_id',
  ad: 'ad_id',
};

function build() {
  const state = new EmulatorState();
  const clock = new EmulatorClock();
  clock.set(NOW);
  seedState(state, {
    now: NOW,
    app: { app_id: BAYME_APP_ID, secret: 'test-secret', name: 'Test app', redirect_uris: [] },
    largeAccountAdGroups: 0,
  });
  giveEveryKindOfAd(state);
  return { state, simulator: new DeliverySimulator(state, clock) };
}

/**
 * The seed's ads all send people to websites. Turning a campaign of the USD and the JPY
 * accounts into app promotion, one into lead generation and an ad group into a Shop one puts
 * every event family in these reports, at every level.
 */
function giveEveryKindOfAd(state: EmulatorState): void {
  for (const currency of ['USD', 'JPY']) {
    const advertiser = [...state.advertisers.values()].find((a) => a.currency === currency);
    const campaigns = state.campaignsOf(advertiser?.advertiser_id ?? '');
    const [app, lead, shop] = campaigns.filter((c) => c.deletedAt === null);
    if (!app || !lead || !shop) throw new Error(`Too few ${currency} campaigns`);
    app.objective_type = 'APP_PROMOTION';
    lead.objective_type = 'LEAD_GENERATION';
    const [shopGroup] = state.adGroupsOf(shop.campaign_id);
    if (!shopGroup) throw new Error(`No ${currency} ad group`);
    shopGroup.product_source = 'STORE';
  }
}

const world = build();
const account = (currency: string): Advertiser => {
  const found = [...world.state.advertisers.values()].find((a) => a.currency === currency);
  if (!found) throw new Error(`No ${currency} account`);
  return found;
};

/** Every catalog metric a level allows with these dimensions. */
function metricsAt(level: ReportLevel, daily: boolean): string[] {
  return METRIC_CATALOG.filter(
    (metric) =>
      metric.levels.includes(level) && (!metric.dailyOnly || (daily && level === 'advertiser')),
  ).map((metric) => metric.name);
}

function run(
  advertiser: Advertiser,
  level: ReportLevel,
  overrides: Partial<ReportQuery> = {},
): { rows: ReportRow[]; total: Record<string, string | null> | null } {
  const today = zonedDate(NOW, advertiser.timezone);
  const daily = overrides.timeDimension === 'stat_time_day';
  const query: ReportQuery = {
    advertiser,
    level,
    idDimension: ID[level],
    timeDimension: null,
    metrics: metricsAt(level, daily),
    startDate: addDays(today, -6),
    endDate: addDays(today, -1),
    idFilters: {},
    statusScope: 'STATUS_NOT_DELETE',
    orderField: null,
    orderType: 'DESC',
    enableTotalMetrics: true,
    ...overrides,
  };
  const report = computeReport(query, world.state, world.simulator, NOW);
  return { rows: report.rows(0, report.rowCount), total: report.totalMetrics };
}

const n = (value: string | null | undefined): number => {
  if (value === null || value === undefined || value === '-') return Number.NaN;
  return Number(value);
};

const ADDITIVE = METRIC_CATALOG.filter(
  (metric) =>
    metric.kind === 'count' && metric.name !== 'reach' && !metric.unless?.includes('null'),
).map((metric) => metric.name);

/** `value` is `exact` written with `digits` decimals (rounded half up or half to even). */
function expectRounded(value: number, exact: number, digits: number, where: string): void {
  expect(Math.abs(value - exact), where).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9);
}

/** The relations TikTok's numbers keep, checked on one row's metrics. */
function expectConsistent(m: Record<string, string | null>, where: string): void {
  const v = (name: string) => n(m[name]);
  expect(v('video_play_actions'), where).toBeLessThanOrEqual(v('impressions'));
  expect(v('video_watched_2s'), where).toBeLessThanOrEqual(v('video_play_actions'));
  expect(v('video_watched_6s'), where).toBeLessThanOrEqual(v('video_watched_2s'));
  expect(v('video_views_p25'), where).toBeLessThanOrEqual(v('video_play_actions'));
  expect(v('video_views_p50'), where).toBeLessThanOrEqual(v('video_views_p25'));
  expect(v('video_views_p75'), where).toBeLessThanOrEqual(v('video_views_p50'));
  expect(v('video_views_p100'), where).toBeLessThanOrEqual(v('video_views_p75'));
  expect(v('engaged_view'), where).toBeLessThanOrEqual(v('video_play_actions'));
  expect(v('engaged_view'), where).toBeGreaterThanOrEqual(v('video_watched_6s'));
  expect(v('reach'), where).toBeLessThanOrEqual(v('impressions'));
  if (v('impressions') > 0) {
    expect(v('reach'), where).toBeGreaterThan(0);
    expectRounded(v('frequency'), v('impressions') / v('reach'), 2, where);
    expectRounded(v('ctr'), (v('clicks') / v('impressions')) * 100, 2, where);
    expectRounded(v('cpm'), (v('spend') / v('impressions')) * 1000, 3, where);
    expectRounded(v('cost_per_1000_reached'), (v('spend') / v('reach')) * 1000, 3, where);
    expectRounded(
      v('profile_visits_rate'),
      (v('profile_visits') / v('impressions')) * 100,
      2,
      where,
    );
  }
  if (v('clicks') > 0) {
    expectRounded(v('cpc'), v('spend') / v('clicks'), 3, where);
    expectRounded(v('conversion_rate'), (v('conversion') / v('clicks')) * 100, 2, where);
  }
  if (v('conversion') > 0) {
    expectRounded(v('cost_per_conversion'), v('spend') / v('conversion'), 3, where);
  }
  expect(v('vta_conversion') + v('cta_conversion') + v('engaged_view_through_conversions')).toBe(
    v('conversion'),
  );
  expect(v('engagements'), where).toBe(
    v('clicks') +
      v('likes') +
      v('comments') +
      v('shares') +
      v('follows') +
      v('profile_visits') +
      v('clicks_on_music_disc') +
      v('duet_clicks') +
      v('stitch_clicks') +
      v('sound_usage_clicks') +
      v('anchor_clicks') +
      v('clicks_on_hashtag_challenge'),
  );
  if ('result' in m) {
    expectRounded(v('result_rate'), (v('result') / v('impressions')) * 100, 2, where);
    if (v('result') > 0) {
      expectRounded(v('cost_per_result'), v('spend') / v('result'), 4, where);
    }
    expect(m.secondary_goal_result, where).toBeNull();
  }
}

describe('computeReport: the whole vocabulary', () => {
  for (const currency of ['USD', 'JPY']) {
    for (const level of LEVELS) {
      it(`writes every metric allowed at ${level} level, consistently (${currency})`, () => {
        const advertiser = account(currency);
        for (const timeDimension of [null, 'stat_time_day'] as const) {
          const { rows, total } = run(advertiser, level, { timeDimension });
          expect(rows.length).toBeGreaterThan(0);
          const metrics = metricsAt(level, timeDimension !== null);
          for (const row of rows) {
            expect(Object.keys(row.metrics).sort()).toEqual([...metrics].sort());
            for (const [name, value] of Object.entries(row.metrics)) {
              const metric = METRIC_CATALOG.find((m) => m.name === name);
              if (metric?.kind === 'attribute') continue;
              if (value === null) {
                expect(metric && 'unless' in metric ? metric.unless : [], name).toContain('null');
              } else if (value === '-') {
                // Only purchase value, on the account whose pixel reports none.
                expect(currency, name).toBe('JPY');
              } else if (metric?.kind === 'count') {
                expect(value, name).toMatch(/^-?\d+$/);
              } else if (metric?.kind === 'money') {
                expect(value, name).toMatch(/^\d+\.\d{3,4}$/);
              } else {
                expect(value, name).toMatch(/^\d+\.\d{2}$/);
              }
            }
            expectConsistent(row.metrics, `${level} ${JSON.stringify(row.dimensions)}`);
          }
          // Totals: every additive count is the sum of the rows; ratios follow the sums.
          expect(total).not.toBeNull();
          for (const name of ADDITIVE) {
            const sum = rows.reduce((s, row) => s + n(row.metrics[name]), 0);
            expect(n(total?.[name]), name).toBe(sum);
          }
          const spend = rows.reduce((s, row) => s + Math.round(n(row.metrics.spend) * 100), 0);
          expect(Math.round(n(total?.spend) * 100)).toBe(spend);
          expectConsistent(total ?? {}, `${level} total`);
        }
      });
    }
  }

  it('reports the events of app, lead generation, Shop and website ads, each on its own rows', () => {
    const { rows, total } = run(account('USD'), 'ad');
    for (const name of ['app_install', 'onsite_form', 'onsite_shopping', 'complete_payment']) {
      expect(n(total?.[name]), name).toBeGreaterThan(0);
    }
    const kinds = ['app_install', 'onsite_form', 'onsite_shopping', 'complete_payment'];
    for (const row of rows) {
      const present = kinds.filter((name) => n(row.metrics[name]) > 0);
      expect(present.length, JSON.stringify(row.dimensions)).toBeLessThanOrEqual(1);
    }
  });

  it('writes JPY money in whole yen and USD money in cents', () => {
    for (const [currency, unit] of [
      ['JPY', 100],
      ['USD', 1],
    ] as const) {
      const { rows } = run(account(currency), 'ad', { timeDimension: 'stat_time_day' });
      for (const row of rows) {
        expect(Math.round(n(row.metrics.spend) * 100) % unit).toBe(0);
        if (row.metrics.total_complete_payment_rate !== '-') {
          expect(Math.round(n(row.metrics.total_complete_payment_rate) * 100) % unit).toBe(0);
        }
      }
    }
  });

  it('adds ad rows up to their campaign, counter by counter', () => {
    const advertiser = account('USD');
    const campaigns = run(advertiser, 'campaign').rows;
    const ads = run(advertiser, 'ad').rows;
    for (const campaign of campaigns) {
      const id = campaign.dimensions.campaign_id;
      const own = ads.filter((row) => row.metrics.campaign_id === id);
      expect(own.length).toBeGreaterThan(0);
      for (const name of ADDITIVE.filter((name) => name in campaign.metrics)) {
        const sum = own.reduce((s, row) => s + n(row.metrics[name]), 0);
        expect(n(campaign.metrics[name]), `${name} of ${id}`).toBe(sum);
      }
    }
  });

  it("adds an ad's hours up to its day, counter by counter", () => {
    const advertiser = account('USD');
    const day = addDays(zonedDate(NOW, advertiser.timezone), -1);
    const range = { startDate: day, endDate: day };
    const daily = run(advertiser, 'ad', { ...range, timeDimension: 'stat_time_day' }).rows;
    const hourly = run(advertiser, 'ad', { ...range, timeDimension: 'stat_time_hour' }).rows;
    expect(hourly.length).toBeGreaterThan(daily.length * 10);
    for (const row of daily) {
      const hours = hourly.filter((h) => h.dimensions.ad_id === row.dimensions.ad_id);
      for (const name of ADDITIVE) {
        if (row.metrics[name] === '-' || hours[0]?.metrics[name] === '-') continue;
        const sum = hours.reduce((s, h) => s + n(h.metrics[name]), 0);
        expect(sum, name).toBe(n(row.metrics[name]));
      }
    }
    // Paid engaged views are offered for ID and ID + day reports only.
    expect(hourly[0]?.metrics.paid_engaged_view).toBe('-');
    expect(daily[0]?.metrics.paid_engaged_view).toMatch(/^\d+$/);
  });

  it('gives the same numbers to the same query', () => {
    const advertiser = account('GBP');
    const first = run(advertiser, 'adgroup', { timeDimension: 'stat_time_day' });
    const again = computeReport(
      {
        advertiser,
        level: 'adgroup',
        idDimension: 'adgroup_id',
        timeDimension: 'stat_time_day',
        metrics: metricsAt('adgroup', true),
        startDate: addDays(zonedDate(NOW, advertiser.timezone), -6),
        endDate: addDays(zonedDate(NOW, advertiser.timezone), -1),
        idFilters: {},
        statusScope: 'STATUS_NOT_DELETE',
        orderField: null,
        orderType: 'DESC',
        enableTotalMetrics: true,
      },
      build().state,
      build().simulator,
      NOW,
    );
    expect(again.rows(0, again.rowCount)).toEqual(first.rows);
  });

  it('orders rows by a metric, recomputed from the counts', () => {
    const { rows } = run(account('USD'), 'ad', { orderField: 'cpm', orderType: 'ASC' });
    const values = rows.map((row) => n(row.metrics.cpm));
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });
});
