import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  METRIC_CATALOG,
  type ReportLevel,
} from '../../companion-server/emulator/metrics/metric-catalog';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { addDays, cents, localDate, START, world } from './support';

/**
 * Reference §7.1 and TikTok's metric catalog: every metric of the emulator's catalog, asked
 * for over HTTP at every data level that allows it, comes back as TikTok writes it and agrees
 * with the others; metrics it does not know, or asks for where TikTok refuses them, answer
 * 40002.
 */

const LA = 'America/Los_Angeles';
const US_YESTERDAY = addDays(localDate(START, LA), -1);

type Level = 'AUCTION_ADVERTISER' | 'AUCTION_CAMPAIGN' | 'AUCTION_ADGROUP' | 'AUCTION_AD';
const LEVELS: Array<[Level, ReportLevel, string]> = [
  ['AUCTION_ADVERTISER', 'advertiser', 'advertiser_id'],
  ['AUCTION_CAMPAIGN', 'campaign', 'campaign_id'],
  ['AUCTION_ADGROUP', 'adgroup', 'adgroup_id'],
  ['AUCTION_AD', 'ad', 'ad_id'],
];

let emulator: TestEmulator;
let token: string;
let usId: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ startAt: START });
  token = await emulator.control.mintToken();
  usId = world(await emulator.control.state()).account('USD').advertiser_id;
});

afterAll(() => emulator.close());

function report(level: Level, params: Record<string, unknown>) {
  return emulator.api.get(
    'report/integrated/get/',
    {
      advertiser_id: usId,
      report_type: 'BASIC',
      data_level: level,
      page_size: 1000,
      start_date: addDays(US_YESTERDAY, -6),
      end_date: US_YESTERDAY,
      ...params,
    },
    token,
  );
}

const allowedAt = (level: ReportLevel) =>
  METRIC_CATALOG.filter(
    (metric) => metric.levels.includes(level) && (!metric.dailyOnly || level === 'advertiser'),
  );

const number = (value: unknown) => Number(value);

const COUNTS = new Set(
  METRIC_CATALOG.filter((metric) => metric.kind === 'count').map((metric) => metric.name),
);

/** The base metrics every chunk carries, for the relations checked on each row. */
const BASE = ['spend', 'impressions', 'clicks', 'reach', 'frequency', 'ctr', 'cpc', 'conversion'];

/**
 * The catalog in requests of at most this many metrics: all of it in one GET would pass the
 * 16 KB that HTTP servers (Node's among them) allow for a request's head.
 */
const CHUNK = 200;

function chunks(names: string[]): string[][] {
  const rest = names.filter((name) => !BASE.includes(name));
  const out: string[][] = [];
  for (let i = 0; i < rest.length; i += CHUNK) out.push([...BASE, ...rest.slice(i, i + CHUNK)]);
  return out;
}

/** `value` is `exact` written with `digits` decimals (either way at a half). */
const written = (value: unknown, exact: number, digits: number) =>
  Math.abs(number(value) - exact) <= 0.5 * 10 ** -digits + 1e-9;

describe('the whole catalog over HTTP', () => {
  it.each(LEVELS)(
    'answers every metric allowed at %s, as strings, with totals that add up',
    async (level, name, idDimension) => {
      const allowed = allowedAt(name).map((metric) => metric.name);
      expect(allowed.length).toBeGreaterThan(CHUNK);
      for (const metrics of chunks(allowed)) {
        const response = await report(level, {
          dimensions: [idDimension, 'stat_time_day'],
          metrics,
          enable_total_metrics: true,
        });

        expect(response.body.code, response.body.message).toBe(0);
        const { list, total_metrics: total } = response.body.data;
        expect(list.length).toBeGreaterThan(0);
        for (const row of list) {
          expect(Object.keys(row.metrics).sort()).toEqual([...metrics].sort());
          for (const [metric, value] of Object.entries(row.metrics)) {
            // TikTok sends null for the secondary-goal results of ad groups without one.
            if (value !== null) expect(typeof value, metric).toBe('string');
          }
          const m = row.metrics;
          expect(number(m.reach)).toBeLessThanOrEqual(number(m.impressions));
          expect(number(m.frequency)).toBeCloseTo(number(m.impressions) / number(m.reach), 2);
          if ('video_play_actions' in m) {
            expect(number(m.video_play_actions)).toBeLessThanOrEqual(number(m.impressions));
            expect(number(m.video_views_p25)).toBeGreaterThanOrEqual(number(m.video_views_p50));
            expect(number(m.video_views_p50)).toBeGreaterThanOrEqual(number(m.video_views_p75));
            expect(number(m.video_views_p75)).toBeGreaterThanOrEqual(number(m.video_views_p100));
          }
        }
        // Counts add up; ratios of the totals come from the summed counts, not averages.
        for (const metric of metrics) {
          // Reach counts people, who may be reached on several days: it does not add up.
          if (metric === 'reach' || !COUNTS.has(metric)) continue;
          const values = list.map((row: any) => row.metrics[metric]);
          if (values.some((value: unknown) => value === '-')) continue;
          const sum = values.reduce((s: number, value: string) => s + number(value), 0);
          expect(number(total[metric]), metric).toBe(sum);
        }
        const spend = list.reduce((s: number, row: any) => s + cents(row.metrics.spend), 0);
        expect(cents(total.spend)).toBe(spend);
        expect(number(total.ctr)).toBeCloseTo(
          (number(total.clicks) / number(total.impressions)) * 100,
          1,
        );
        expect(written(total.cpc, cents(total.spend) / 100 / number(total.clicks), 3)).toBe(true);
      }
    },
  );

  it('writes a row as TikTok does: 3-decimal money, 4 for cost per result, 2 for rates', async () => {
    const response = await report('AUCTION_ADGROUP', {
      dimensions: ['adgroup_id'],
      metrics: ['spend', 'cpc', 'cost_per_result', 'ctr', 'frequency', 'result', 'campaign_name'],
    });

    expect(response.body.code).toBe(0);
    for (const { metrics } of response.body.data.list) {
      expect(metrics.spend).toMatch(/^\d+\.\d{3}$/);
      expect(metrics.cpc).toMatch(/^\d+\.\d{3}$/);
      expect(metrics.cost_per_result).toMatch(/^\d+\.\d{4}$/);
      expect(metrics.ctr).toMatch(/^\d+\.\d{2}$/);
      expect(metrics.frequency).toMatch(/^\d+\.\d{2}$/);
      expect(metrics.result).toMatch(/^\d+$/);
      expect(metrics.campaign_name).toMatch(/^US \|/);
    }
  });
});

describe('event families over HTTP', () => {
  it('writes website and offline events as their names document, row by row', async () => {
    const response = await report('AUCTION_AD', {
      dimensions: ['ad_id', 'stat_time_day'],
      metrics: [
        'spend',
        'clicks',
        'initiate_checkout',
        'cost_per_initiate_checkout',
        'initiate_checkout_rate',
        'value_per_initiate_checkout',
        'total_initiate_checkout_value',
        'offline_shopping_events',
        'offline_shopping_events_value',
        'offline_shopping_events_roas',
        'complete_payment',
        'vta_complete_payment',
        'total_landing_page_view',
      ],
    });

    expect(response.body.code, response.body.message).toBe(0);
    const list = response.body.data.list;
    expect(list.some((row: any) => number(row.metrics.initiate_checkout) > 0)).toBe(true);
    for (const { metrics: m } of list) {
      const spend = cents(m.spend) / 100;
      const checkouts = number(m.initiate_checkout);
      expect(checkouts).toBeLessThanOrEqual(number(m.clicks));
      expect(number(m.total_landing_page_view)).toBeLessThanOrEqual(number(m.clicks));
      expect(number(m.vta_complete_payment)).toBeLessThanOrEqual(number(m.complete_payment));
      expect(written(m.cost_per_initiate_checkout, checkouts > 0 ? spend / checkouts : 0, 3)).toBe(
        true,
      );
      expect(number(m.initiate_checkout_rate)).toBeCloseTo(
        number(m.clicks) > 0 ? (checkouts / number(m.clicks)) * 100 : 0,
        1,
      );
      const value = cents(m.total_initiate_checkout_value) / 100;
      expect(written(m.value_per_initiate_checkout, checkouts > 0 ? value / checkouts : 0, 3)).toBe(
        true,
      );
      expect(number(m.offline_shopping_events_roas)).toBeCloseTo(
        spend > 0 ? cents(m.offline_shopping_events_value) / 100 / spend : 0,
        1,
      );
    }
  });

  it('offers ID-only metrics with an ID dimension, by day, and "-" by the hour', async () => {
    const metrics = ['spend', 'day7_retention', 'onsite_destination_visits'];
    const daily = await report('AUCTION_CAMPAIGN', {
      dimensions: ['campaign_id', 'stat_time_day'],
      metrics,
    });
    const hourly = await report('AUCTION_CAMPAIGN', {
      dimensions: ['campaign_id', 'stat_time_hour'],
      metrics,
      start_date: US_YESTERDAY,
      end_date: US_YESTERDAY,
    });
    const withoutId = await report('AUCTION_CAMPAIGN', {
      dimensions: ['stat_time_day'],
      metrics,
    });

    expect(daily.body.code, daily.body.message).toBe(0);
    for (const { metrics: m } of daily.body.data.list) expect(m.day7_retention).toMatch(/^\d+$/);
    expect(hourly.body.code, hourly.body.message).toBe(0);
    for (const { metrics: m } of hourly.body.data.list) {
      expect([m.day7_retention, m.onsite_destination_visits]).toEqual(['-', '-']);
    }
    expect(withoutId.body.code).toBe(40002);
    expect(withoutId.body.message).toContain('day7_retention needs an ID dimension');
  });

  it.each([
    'offline_preferred_leads',
    'offline_perferred_leads',
    'onsite_cost_per_total_registration',
    'website_total_start_trial',
    'tageview_rate',
  ])('answers 40002 for %s, a name the docs do not agree on', async (metric) => {
    const response = await report('AUCTION_CAMPAIGN', {
      dimensions: ['campaign_id'],
      metrics: ['spend', metric],
    });

    expect(response.body.code).toBe(40002);
    expect(response.body.message).toMatch(
      /^metrics: one or more value of the param is not acceptable/,
    );
  });
});

describe('metrics TikTok refuses', () => {
  it("answers 40002 with TikTok's wording for a metric it does not know", async () => {
    const response = await report('AUCTION_CAMPAIGN', {
      dimensions: ['campaign_id'],
      metrics: ['spend', 'no_such_metric'],
    });

    expect(response.body.code).toBe(40002);
    expect(response.body.message).toMatch(
      /^metrics: one or more value of the param is not acceptable, correct is \[[a-z0-9_, ]+\]$/,
    );
    expect(response.body.message).toContain(' spend,');
    expect(response.body.message).toContain('video_watched_6s');
    expect(response.body.message).not.toContain('no_such_metric');
  });

  it.each([
    ['AUCTION_CAMPAIGN', 'campaign_id', 'campaign_id'],
    ['AUCTION_ADVERTISER', 'advertiser_id', 'campaign_name'],
    ['AUCTION_CAMPAIGN', 'campaign_id', 'adgroup_name'],
    ['AUCTION_ADGROUP', 'adgroup_id', 'ad_name'],
    ['AUCTION_ADGROUP', 'adgroup_id', 'adgroup_id'],
    ['AUCTION_CAMPAIGN', 'campaign_id', 'result'],
    ['AUCTION_CAMPAIGN', 'campaign_id', 'cash_spend'],
  ] as const)('refuses at %s (%s) the metric %s', async (level, idDimension, metric) => {
    const response = await report(level, { dimensions: [idDimension], metrics: ['spend', metric] });

    expect(response.body.code).toBe(40002);
    expect(response.body.message).toContain(`${metric} is not supported at ${level}`);
  });

  it('refuses attribute metrics without an ID dimension', async () => {
    const response = await report('AUCTION_CAMPAIGN', {
      dimensions: ['stat_time_day'],
      metrics: ['spend', 'campaign_name'],
    });

    expect(response.body.code).toBe(40002);
    expect(response.body.message).toContain('campaign_name needs an ID dimension');
  });

  it('takes cash_spend and voucher_spend only by day, at advertiser level', async () => {
    const daily = await report('AUCTION_ADVERTISER', {
      dimensions: ['advertiser_id', 'stat_time_day'],
      metrics: ['spend', 'cash_spend', 'voucher_spend'],
    });
    const whole = await report('AUCTION_ADVERTISER', {
      dimensions: ['advertiser_id'],
      metrics: ['spend', 'cash_spend'],
    });

    expect(daily.body.code).toBe(0);
    for (const { metrics } of daily.body.data.list) {
      expect(metrics.cash_spend).toBe(metrics.spend);
      expect(metrics.voucher_spend).toBe('0.000');
    }
    expect(whole.body.code).toBe(40002);
    expect(whole.body.message).toContain('stat_time_day');
  });

  it('refuses to order rows by an attribute metric', async () => {
    const response = await report('AUCTION_AD', {
      dimensions: ['ad_id'],
      metrics: ['spend', 'ad_name'],
      order_field: 'ad_name',
    });

    expect(response.body.code).toBe(40002);
  });
});
