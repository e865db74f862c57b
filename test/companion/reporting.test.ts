import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { roundToCurrency } from '../../companion-server/src/contract/currency';
import type { Overview } from '../../companion-server/src/contract/reporting';
import { addDays } from '../../companion-server/src/lib/time-zone';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { rawApi } from '../helpers/raw-api';

/**
 * Reporting through the companion server against the real emulator over HTTP: dashboard
 * totals across currencies, daily series over windows longer than 30 days, and CSV exports
 * of more than 1,000 rows, including a report TikTok truncates (its 20,000-ad limit, lowered
 * in the emulator so a test can reach it) — always checked against the emulator's own report.
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const TODAY = '2026-11-21';
const US = '7252569388304511798';
const UK = '7289168100723897842';
const JP = '7214603950642735293';

let companion: TestCompanion;
let token = '';
let large = '';

/** The emulator's own report, every page, straight from its API (our client not involved). */
async function emulatorReport(
  params: Record<string, unknown>,
): Promise<Array<Record<string, any>>> {
  const rows: Array<Record<string, any>> = [];
  for (let page = 1; ; page += 1) {
    const answer = await rawApi(companion.emulator.url).get(
      'report/integrated/get/',
      { report_type: 'BASIC', page, page_size: 1000, ...params },
      token,
    );
    expect(answer.body.code, answer.text).toBe(0);
    rows.push(...(answer.body.data.list as Array<Record<string, any>>));
    if (page >= (answer.body.data.page_info as { total_page: number }).total_page) return rows;
  }
}

async function exportCsv(advertiserId: string, query: Record<string, string>) {
  const response = await companion.app.inject({
    method: 'GET',
    url: `/api/ad-accounts/${advertiserId}/export.csv?${new URLSearchParams(query)}`,
    headers: companion.as('viewer'),
  });
  return response;
}

function parseCsv(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => {
    const fields = line.split(',');
    return Object.fromEntries(columns.map((column, i) => [column, fields[i] ?? '']));
  });
}

beforeAll(async () => {
  const shiftMs = START - Date.now();
  companion = await startTestCompanion({}, { now: () => new Date(Date.now() + shiftMs) });
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
  await companion.emulator.control.reset({ large_account_adgroups: 1_200 });
  const state = await companion.emulator.control.state();
  large = state.advertisers.find((a) => a.name === 'Bayme Scale Test')?.advertiser_id ?? '';
  token = await companion.emulator.control.mintToken(state.advertisers.map((a) => a.advertiser_id));
  const response = await companion.app.inject({
    method: 'POST',
    url: '/api/connections/import',
    headers: companion.as('admin'),
    payload: { accessToken: token },
  });
  expect(response.statusCode, response.body).toBe(200);
});

afterAll(async () => {
  await companion?.close();
});

beforeEach(async () => {
  await companion.emulator.control.settings({ syncReportAdLimit: 20_000 });
  await companion.emulator.control.clearCalls();
});

describe('dashboard overview', () => {
  it('totals each account, groups totals by currency, and never adds currencies', async () => {
    const range = { start: addDays(TODAY, -44), end: addDays(TODAY, -1) }; // 44 days
    const response = await companion.app.inject({
      method: 'GET',
      url: `/api/reports/overview?advertiserIds=${US},${UK},${JP}&start=${range.start}&end=${range.end}`,
      headers: companion.as('viewer'),
    });
    expect(response.statusCode, response.body).toBe(200);
    const overview = response.json() as Overview;
    // Per account: two 30-day windows of the daily series, the totals and the previous totals.
    const calls = await companion.emulator.control.calls({ path: 'report/integrated/get/' });
    expect(calls.total).toBe(3 * 4);
    expect(overview.previousRange).toEqual({
      start: addDays(range.start, -44),
      end: addDays(range.start, -1),
    });
    expect(overview.byCurrency.map((g) => g.currency)).toEqual(['GBP', 'JPY', 'USD']);
    for (const group of overview.byCurrency) expect(group.advertiserIds).toHaveLength(1);

    for (const account of overview.accounts) {
      expect(account.problem).toBeNull();
      expect(account.daily).toHaveLength(44);
      const [truth] = await emulatorReport({
        advertiser_id: account.advertiserId,
        data_level: 'AUCTION_ADVERTISER',
        dimensions: ['advertiser_id'],
        metrics: ['spend', 'impressions', 'clicks', 'conversion'],
        start_date: range.start,
        end_date: range.end,
      });
      expect(account.totals?.spend).toBeCloseTo(Number(truth?.metrics.spend), 2);
      expect(account.totals?.impressions).toBe(Number(truth?.metrics.impressions));
      // The daily series adds up to the total.
      const dailySpend = account.daily.reduce((sum, day) => sum + (day.spend ?? 0), 0);
      expect(dailySpend).toBeCloseTo(account.totals?.spend ?? 0, 1);
      const group = overview.byCurrency.find((g) => g.currency === account.currency);
      expect(group?.totals.spend).toBeCloseTo(account.totals?.spend ?? 0, 2);
    }
  });

  it('adds accounts of one currency together, recomputing ratios from the sums', async () => {
    const range = { start: addDays(TODAY, -7), end: addDays(TODAY, -1) };
    const response = await companion.app.inject({
      method: 'GET',
      url: `/api/reports/overview?advertiserIds=${US},${large}&start=${range.start}&end=${range.end}`,
      headers: companion.as('viewer'),
    });
    const overview = response.json() as Overview;
    const usd = overview.byCurrency.find((g) => g.currency === 'USD');
    expect(usd?.advertiserIds.sort()).toEqual([US, large].sort());
    const [a, b] = overview.accounts;
    const clicks = (a?.totals?.clicks ?? 0) + (b?.totals?.clicks ?? 0);
    const impressions = (a?.totals?.impressions ?? 0) + (b?.totals?.impressions ?? 0);
    expect(usd?.totals.clicks).toBe(clicks);
    expect(usd?.totals.ctr).toBeCloseTo((clicks / impressions) * 100, 2);
  });

  it('refuses a bad range with a clear 400', async () => {
    for (const [query, message] of [
      [`start=${TODAY}&end=${addDays(TODAY, -3)}`, /before it starts/],
      [`start=2025-01-01&end=${TODAY}`, /365 days/],
      ['start=yesterday&end=today', /YYYY-MM-DD/],
    ] as const) {
      const response = await companion.app.inject({
        method: 'GET',
        url: `/api/reports/overview?advertiserIds=${US}&${query}`,
        headers: companion.as('viewer'),
      });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.message).toMatch(message);
    }
  });
});

describe('CSV exports', () => {
  it('exports a level with the emulator’s figures, as CSV a spreadsheet opens', async () => {
    const range = { start: addDays(TODAY, -7), end: addDays(TODAY, -1) };
    const response = await exportCsv(US, { level: 'campaign', ...range });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain(`${US}-campaign-total-`);
    expect(response.body.startsWith('\ufeffcampaign_id,campaign_name,Spend (USD),')).toBe(true);
    const rows = parseCsv(response.body);
    const truth = await emulatorReport({
      advertiser_id: US,
      data_level: 'AUCTION_CAMPAIGN',
      dimensions: ['campaign_id'],
      metrics: ['spend'],
      start_date: range.start,
      end_date: range.end,
      filtering: [
        { field_name: 'campaign_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' },
      ],
    });
    expect(rows).toHaveLength(truth.length);
    for (const row of truth) {
      const exported = rows.find((r) => r.campaign_id === row.dimensions.campaign_id);
      expect(Number(exported?.['Spend (USD)'])).toBeCloseTo(Number(row.metrics.spend), 2);
      expect(exported?.currency).toBe('USD');
    }
  });

  it('streams more than 1,000 rows, page after page', async () => {
    const range = { start: addDays(TODAY, -3), end: addDays(TODAY, -1) };
    const response = await exportCsv(large, { level: 'adgroup', ...range });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const rows = parseCsv(response.body);
    const truth = await emulatorReport({
      advertiser_id: large,
      data_level: 'AUCTION_ADGROUP',
      dimensions: ['adgroup_id'],
      metrics: ['spend'],
      start_date: range.start,
      end_date: range.end,
    });
    expect(truth.length).toBeGreaterThan(1_000);
    expect(rows).toHaveLength(truth.length);
    expect(new Set(rows.map((r) => r.adgroup_id)).size).toBe(rows.length);
    const bySpend = new Map(rows.map((r) => [r.adgroup_id, Number(r['Spend (USD)'])]));
    for (const row of truth) {
      expect(bySpend.get(row.dimensions.adgroup_id)).toBeCloseTo(Number(row.metrics.spend), 2);
    }
  }, 60_000);

  it('writes every column of every row as TikTok reports it, over several pages', async () => {
    const range = { start: addDays(TODAY, -2), end: addDays(TODAY, -1) };
    const response = await exportCsv(large, { level: 'ad', breakdown: 'daily', ...range });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const rows = parseCsv(response.body);
    const truth = await emulatorReport({
      advertiser_id: large,
      data_level: 'AUCTION_AD',
      dimensions: ['ad_id', 'stat_time_day'],
      metrics: [
        'spend',
        'impressions',
        'clicks',
        'ctr',
        'cpc',
        'conversion',
        'cost_per_conversion',
        'complete_payment_roas',
        'ad_name',
      ],
      filtering: [{ field_name: 'ad_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' }],
      start_date: range.start,
      end_date: range.end,
    });
    expect(truth.length).toBeGreaterThan(2_000);
    expect(rows).toHaveLength(truth.length);
    const byKey = new Map(rows.map((r) => [`${r.ad_id}|${r.date}`, r]));
    expect(byKey.size).toBe(rows.length);
    // A ratio whose denominator is zero is left empty rather than written as TikTok's 0;
    // money has cents, as USD takes them (halves up: 11.315 is 11.32, whatever its float),
    // and CTR is a percent with two decimals.
    const cents = (value: string) => roundToCurrency(Number(value), 'USD').toFixed(2);
    const ratio = (value: string, denominator: number) =>
      denominator === 0 || value === '-' ? '' : cents(value);
    for (const { dimensions: d, metrics: m } of truth) {
      const exported = byKey.get(`${d.ad_id}|${String(d.stat_time_day).slice(0, 10)}`);
      expect(exported).toEqual({
        ad_id: d.ad_id,
        ad_name: m.ad_name,
        date: String(d.stat_time_day).slice(0, 10),
        'Spend (USD)': cents(m.spend),
        Impressions: String(Number(m.impressions)),
        Clicks: String(Number(m.clicks)),
        'CTR (%)': ratio(m.ctr, Number(m.impressions)),
        'CPC (USD)': ratio(m.cpc, Number(m.clicks)),
        Conversions: String(Number(m.conversion)),
        'CPA (USD)': ratio(m.cost_per_conversion, Number(m.conversion)),
        'ROAS (x)': ratio(m.complete_payment_roas, Number(m.spend)),
        currency: 'USD',
      });
    }
  }, 60_000);

  it('writes a yen account’s money in whole yen, with the currency in the headers', async () => {
    const range = { start: addDays(TODAY, -7), end: addDays(TODAY, -1) };
    const response = await exportCsv(JP, { level: 'campaign', ...range });
    expect(response.statusCode, response.body).toBe(200);
    const header = response.body.replace(/^\ufeff/, '').split('\r\n')[0];
    expect(header).toBe(
      'campaign_id,campaign_name,Spend (JPY),Impressions,Clicks,CTR (%),CPC (JPY),Conversions,CPA (JPY),ROAS (x),currency',
    );
    const rows = parseCsv(response.body);
    expect(rows.length).toBeGreaterThan(0);
    const truth = await emulatorReport({
      advertiser_id: JP,
      data_level: 'AUCTION_CAMPAIGN',
      dimensions: ['campaign_id'],
      metrics: ['spend'],
      start_date: range.start,
      end_date: range.end,
      filtering: [
        { field_name: 'campaign_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' },
      ],
    });
    for (const row of truth) {
      const exported = rows.find((r) => r.campaign_id === row.dimensions.campaign_id);
      expect(exported?.['Spend (JPY)']).toBe(String(Math.round(Number(row.metrics.spend))));
    }
    for (const row of rows) {
      for (const column of ['Spend (JPY)', 'CPC (JPY)', 'CPA (JPY)']) {
        expect(row[column], column).toMatch(/^(\d+)?$/);
      }
      expect(row['CTR (%)']).toMatch(/^(\d+\.\d{2})?$/);
    }
  });

  it('exports daily rows over windows longer than 30 days', async () => {
    const range = { start: addDays(TODAY, -39), end: addDays(TODAY, -1) };
    const response = await exportCsv(US, { level: 'adgroup', breakdown: 'daily', ...range });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const rows = parseCsv(response.body);
    const byKey = new Map(rows.map((r) => [`${r.adgroup_id}|${r.date}`, r]));
    expect(byKey.size).toBe(rows.length); // no row twice
    expect(new Set(rows.map((r) => r.date)).size).toBe(39);
    let truthCount = 0;
    for (const window of [
      { start_date: range.start, end_date: addDays(range.start, 29) },
      { start_date: addDays(range.start, 30), end_date: range.end },
    ]) {
      const truth = await emulatorReport({
        advertiser_id: US,
        data_level: 'AUCTION_ADGROUP',
        dimensions: ['adgroup_id', 'stat_time_day'],
        metrics: ['spend'],
        filtering: [
          { field_name: 'adgroup_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' },
        ],
        ...window,
      });
      truthCount += truth.length;
      for (const row of truth) {
        const key = `${row.dimensions.adgroup_id}|${String(row.dimensions.stat_time_day).slice(0, 10)}`;
        expect(Number(byKey.get(key)?.['Spend (USD)'])).toBeCloseTo(Number(row.metrics.spend), 2);
      }
    }
    expect(rows).toHaveLength(truthCount);
  });

  it('splits a report TikTok truncates by campaign, and still exports every row once', async () => {
    const range = { start: addDays(TODAY, -3), end: addDays(TODAY, -1) };
    const complete = parseCsv((await exportCsv(large, { level: 'adgroup', ...range })).body);
    await companion.emulator.control.settings({ syncReportAdLimit: 500 });
    await companion.emulator.control.clearCalls();
    const split = parseCsv((await exportCsv(large, { level: 'adgroup', ...range })).body);
    expect(split).toHaveLength(complete.length);
    const spendOf = (rows: Array<Record<string, string>>) =>
      new Map(rows.map((r) => [r.adgroup_id, Number(r['Spend (USD)'])]));
    expect(spendOf(split)).toEqual(spendOf(complete));
    const calls = await companion.emulator.control.calls({ path: 'report/integrated/get/' });
    expect(calls.total).toBeGreaterThan(2);

    // Coarser than the split: the account's daily rows are added up from the parts.
    const accountComplete = parseCsv(
      (await exportCsv(large, { level: 'advertiser', breakdown: 'daily', ...range })).body,
    );
    await companion.emulator.control.settings({ syncReportAdLimit: 20_000 });
    const accountTruth = parseCsv(
      (await exportCsv(large, { level: 'advertiser', breakdown: 'daily', ...range })).body,
    );
    expect(accountComplete).toHaveLength(3);
    for (const row of accountTruth) {
      const merged = accountComplete.find((r) => r.date === row.date);
      expect(Number(merged?.['Spend (USD)'])).toBeCloseTo(Number(row['Spend (USD)']), 1);
      expect(Number(merged?.Impressions)).toBe(Number(row.Impressions));
    }
  }, 60_000);

  it('answers a proper error before any CSV when the request cannot be served', async () => {
    const bad = await exportCsv(US, { level: 'campaign', start: TODAY, end: addDays(TODAY, -1) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/before it starts/);
    const unknown = await exportCsv('1234567890123456789', {
      level: 'campaign',
      start: TODAY,
      end: TODAY,
    });
    expect(unknown.statusCode).toBe(404);
    const level = await exportCsv(US, { level: 'creative', start: TODAY, end: TODAY });
    expect(level.statusCode).toBe(400);
    const anonymous = await companion.app.inject({
      method: 'GET',
      url: `/api/ad-accounts/${US}/export.csv?level=campaign&start=${TODAY}&end=${TODAY}`,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
