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

describe('the whole catalog over HTTP', () => {
  it.each(LEVELS)(
    'answers every metric allowed at %s, as strings, with totals that add up',
    async (level, name, idDimension) => {
      const metrics = allowedAt(name).map((metric) => metric.name);
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
        expect(number(m.video_play_actions)).toBeLessThanOrEqual(number(m.impressions));
        expect(number(m.video_views_p25)).toBeGreaterThanOrEqual(number(m.video_views_p50));
        expect(number(m.video_views_p50)).toBeGreaterThanOrEqual(number(m.video_views_p75));
        expect(number(m.video_views_p75)).toBeGreaterThanOrEqual(number(m.video_views_p100));
        expect(number(m.reach)).toBeLessThanOrEqual(number(m.impressions));
        expect(number(m.frequency)).toBeCloseTo(number(m.impressions) / number(m.reach), 2);
      }
      // Counts add up; ratios of the totals come from the summed counts, not averages.
      for (const metric of ['impressions', 'clicks', 'conversion', 'video_watched_2s', 'likes']) {
        const sum = list.reduce((s: number, row: any) => s + number(row.metrics[metric]), 0);
        expect(number(total[metric]), metric).toBe(sum);
      }
      const spend = list.reduce((s: number, row: any) => s + cents(row.metrics.spend), 0);
      expect(cents(total.spend)).toBe(spend);
      expect(number(total.ctr)).toBeCloseTo(
        (number(total.clicks) / number(total.impressions)) * 100,
        1,
      );
      expect(total.cpc).toBe((cents(total.spend) / 100 / number(total.clicks)).toFixed(3));
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
