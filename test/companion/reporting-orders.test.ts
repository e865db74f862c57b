import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob, Overview } from '../../companion-server/src/contract/reporting';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { rawApi } from '../helpers/raw-api';

/**
 * Bayme's figures in the dashboard and the CSV exports, over real HTTP (the companion
 * listening on a loopback port, the emulator as TikTok): orders put in through the admin's
 * CSV import, attributed to campaigns of two accounts, refunds on their own day, an order in
 * a second currency before and after its exchange rate is given, and orders that name no ad.
 * TikTok's spend is the emulator's own report, read straight from its API.
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const US = '7252569388304511798'; // USD, America/Los_Angeles
const UK = '7289168100723897842'; // GBP, Europe/London
const RANGE = { start: '2026-11-14', end: '2026-11-20' };

let companion: TestCompanion;
let origin = '';
let token = '';
/** Two US campaigns and one UK campaign with delivery in the range, with their spend. */
let campaignA = { id: '', spend: 0 };
let campaignB = { id: '', spend: 0 };
let campaignUk = { id: '', spend: 0 };

async function http(
  method: string,
  path: string,
  role: 'viewer' | 'admin' = 'viewer',
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: {
      ...companion.as(role),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

async function overview(advertiserIds: string[]): Promise<Overview> {
  const query = new URLSearchParams({ advertiserIds: advertiserIds.join(','), ...RANGE });
  const response = await http('GET', `/api/reports/overview?${query}`);
  expect(response.status, response.text).toBe(200);
  return JSON.parse(response.text) as Overview;
}

/** The CSV as rows of cells by column name (no cell of these exports holds a comma). */
function table(csv: string): { header: string[]; rows: Array<Record<string, string>> } {
  const [header = '', ...lines] = csv
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');
  const columns = header.split(',');
  return {
    header: columns,
    rows: lines.map((line) =>
      Object.fromEntries(line.split(',').map((cell, i) => [columns[i] ?? '', cell])),
    ),
  };
}

async function exportCsv(advertiserId: string, query: Record<string, string>) {
  const response = await http(
    'GET',
    `/api/ad-accounts/${advertiserId}/export.csv?${new URLSearchParams({ ...RANGE, ...query })}`,
  );
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  return table(response.text);
}

/** Spend per campaign over the range, from the emulator's own report. */
async function campaignSpend(advertiserId: string): Promise<Array<{ id: string; spend: number }>> {
  const answer = await rawApi(companion.emulator.url).get(
    'report/integrated/get/',
    {
      report_type: 'BASIC',
      advertiser_id: advertiserId,
      data_level: 'AUCTION_CAMPAIGN',
      dimensions: ['campaign_id'],
      metrics: ['spend'],
      start_date: RANGE.start,
      end_date: RANGE.end,
      page_size: 1000,
    },
    token,
  );
  expect(answer.body.code, answer.text).toBe(0);
  return (answer.body.data.list as Array<Record<string, any>>)
    .map((row) => ({ id: String(row.dimensions.campaign_id), spend: Number(row.metrics.spend) }))
    .filter((row) => row.spend > 0)
    .sort((a, b) => b.spend - a.spend);
}

function ordersCsv(): string {
  const rows = [
    'shop,order_id,placed_at,currency,revenue,refunded,refunded_at,landing_url,campaign_id,ttclid',
    // Campaign A: 100 on the 15th, 20 of it refunded on the 16th (Los Angeles days).
    `bayme.example,o1,2026-11-15T10:00:00-08:00,USD,100.00,20.00,2026-11-16T09:00:00-08:00,https://bayme.example/p?utm_source=tiktok&campaign_id=${campaignA.id},,`,
    // Still the 16th in Los Angeles, already the 17th in UTC.
    `bayme.example,o2,2026-11-16T23:30:00-08:00,USD,50.25,,,,${campaignA.id},`,
    // In euros: no rate yet.
    `bayme.example,o3,2026-11-16T12:00:00-08:00,EUR,30.00,,,,${campaignA.id},`,
    `bayme.example,o4,2026-11-18T08:00:00-08:00,USD,70.00,,,,${campaignB.id},`,
    `bayme.example,o5,2026-11-17T12:00:00Z,GBP,40.00,,,,${campaignUk.id},`,
    // The previous period (Nov 7–13).
    `bayme.example,o6,2026-11-10T12:00:00-08:00,USD,40.00,,,,${campaignA.id},`,
    // No TikTok ad named: two in USD (one from a TikTok click), one in EUR, one after the range.
    'bayme.example,o7,2026-11-19T12:00:00-08:00,USD,25.00,,,https://bayme.example/p?utm_source=mail,,',
    'bayme.example,o8,2026-11-19T13:00:00-08:00,USD,10.00,,,,,E.C.P.abc123',
    'bayme.example,o9,2026-11-20T10:00:00-08:00,EUR,15.00,,,,,',
    'bayme.example,o10,2026-11-21T10:00:00-08:00,USD,99.00,,,,,',
  ];
  return `${rows.join('\n')}\n`;
}

/** The companion's clock: moved on by a test to let its 30-second lists expire. */
let shiftMs = 0;

beforeAll(async () => {
  shiftMs = START - Date.now();
  companion = await startTestCompanion(
    { TIKTOK_ASYNC_REPORTS: 'true' },
    { now: () => new Date(Date.now() + shiftMs) },
  );
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
  await companion.emulator.control.reset({});
  await companion.emulator.control.settings({
    asyncReportsAllowlisted: true,
    asyncReportDelayMs: 100,
  });
  const state = await companion.emulator.control.state();
  token = await companion.emulator.control.mintToken(state.advertisers.map((a) => a.advertiser_id));
  await companion.app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${(companion.app.server.address() as AddressInfo).port}`;
  const imported = await http('POST', '/api/connections/import', 'admin', { accessToken: token });
  expect(imported.status, imported.text).toBe(200);
  const us = await campaignSpend(US);
  const uk = await campaignSpend(UK);
  if (us.length < 2 || uk.length < 1)
    throw new Error('The emulator’s accounts deliver too little.');
  [campaignA, campaignB] = us as [typeof campaignA, typeof campaignB];
  campaignUk = uk[0] as typeof campaignUk;
});

afterAll(async () => {
  await companion?.context.exports.settled();
  await companion?.close();
});

describe('Bayme figures in reports', () => {
  it('shows no Bayme figures and writes no Bayme columns while the server takes no orders', async () => {
    const answer = await overview([US, UK]);
    expect(answer.bayme).toBeNull();
    expect(answer.accounts.map((a) => a.bayme)).toEqual([null, null]);
    expect(answer.byCurrency.every((group) => group.bayme === null)).toBe(true);
    expect(answer.accounts[0]?.daily.every((day) => day.bayme === null)).toBe(true);
    const csv = await exportCsv(US, { level: 'campaign' });
    expect(csv.header.some((column) => column.startsWith('Bayme'))).toBe(false);
  });

  it('puts the imported orders beside TikTok’s figures: totals, days, currencies, unattributed', async () => {
    const imported = await http('POST', '/api/orders/import', 'admin', { csv: ordersCsv() });
    expect(imported.status, imported.text).toBe(200);
    await companion.emulator.control.clearCalls();

    const answer = await overview([US, UK]);
    const [us, uk] = answer.accounts;
    expect(us?.advertiserId).toBe(US);
    const spend = us?.totals?.spend ?? 0;
    // 100 + 50.25 + 70 − 20 refunded; the 30 EUR apart, with no rate.
    expect(us?.bayme).toEqual({
      orders: 4,
      revenue: 200.25,
      refunds: 20,
      roas: 200.25 / spend,
      unconverted: [{ currency: 'EUR', revenue: 30, orders: 1 }],
    });
    expect(us?.previousBayme).toMatchObject({ orders: 1, revenue: 40, refunds: 0 });
    expect(us?.previousBayme?.roas).toBeCloseTo(40 / (us?.previousTotals?.spend ?? 0), 10);
    expect(uk?.bayme).toMatchObject({ orders: 1, revenue: 40, unconverted: [] });

    // Days of the account's zone (Los Angeles): the refund on its own day, o2 on the 16th.
    const days = Object.fromEntries(
      (us?.daily ?? []).map((day) => [
        day.date,
        [day.bayme?.orders, day.bayme?.revenue, day.bayme?.unconverted.length],
      ]),
    );
    expect(days).toEqual({
      '2026-11-14': [0, 0, 0],
      '2026-11-15': [1, 100, 0],
      '2026-11-16': [2, 30.25, 1],
      '2026-11-17': [0, 0, 0],
      '2026-11-18': [1, 70, 0],
      '2026-11-19': [0, 0, 0],
      '2026-11-20': [0, 0, 0],
    });
    const the15th = us?.daily.find((day) => day.date === '2026-11-15');
    expect(the15th?.bayme?.roas).toBeCloseTo(100 / (the15th?.spend ?? 0), 10);

    // Totals per currency, never across: USD has the US account's figures only.
    const usd = answer.byCurrency.find((group) => group.currency === 'USD');
    const gbp = answer.byCurrency.find((group) => group.currency === 'GBP');
    expect(usd?.bayme?.revenue).toBe(200.25);
    expect(usd?.bayme?.unconverted).toEqual([{ currency: 'EUR', revenue: 30, orders: 1 }]);
    expect(gbp?.bayme?.revenue).toBe(40);

    // Orders naming no ad: their own line, per currency, in the range only (o10 is after it).
    expect(answer.bayme?.unattributed).toEqual([
      { currency: 'EUR', orders: 1, revenue: 15, tiktokClicks: 0 },
      { currency: 'USD', orders: 2, revenue: 35, tiktokClicks: 1 },
    ]);
    expect(answer.bayme?.unattributedTimeZone).toBe('America/Los_Angeles');
    expect(answer.bayme?.latestOrderAt).not.toBeNull();

    // TikTok's calls: the reports of the first view are reused (the dashboard's report cache),
    // while Bayme's figures are read afresh; the campaigns cost one listing per account.
    const calls = await companion.emulator.control.calls();
    expect(calls.by_path['report/integrated/get/']).toBeUndefined();
    expect(calls.by_path['campaign/get/']?.count).toBe(2);
  });

  it('converts the other currency once its rate is given for the day', async () => {
    const rates = await http('POST', '/api/orders/currency-rates', 'admin', {
      csv: 'date,from,to,rate\n2026-11-16,EUR,USD,1.1\n',
    });
    expect(rates.status, rates.text).toBe(200);
    const [us] = (await overview([US])).accounts;
    expect(us?.bayme).toMatchObject({ orders: 4, revenue: 233.25, unconverted: [] });
    expect(us?.daily.find((day) => day.date === '2026-11-16')?.bayme?.revenue).toBe(63.25);
  });

  it('writes Bayme’s columns in the CSV exports, per campaign and per day of the account', async () => {
    const byCampaign = await exportCsv(US, { level: 'campaign', breakdown: 'total' });
    expect(byCampaign.header.slice(-5)).toEqual([
      'Bayme orders',
      'Bayme revenue (USD)',
      'Bayme ROAS (x)',
      'Bayme revenue not converted',
      'currency',
    ]);
    const rowOf = (id: string) => byCampaign.rows.find((row) => row.campaign_id === id);
    expect(rowOf(campaignA.id)).toMatchObject({
      'Bayme orders': '3',
      'Bayme revenue (USD)': '163.25',
      'Bayme ROAS (x)': (163.25 / campaignA.spend).toFixed(2),
      'Bayme revenue not converted': '',
    });
    expect(rowOf(campaignB.id)).toMatchObject({
      'Bayme orders': '1',
      'Bayme revenue (USD)': '70.00',
    });
    const others = byCampaign.rows.filter(
      (row) => row.campaign_id !== campaignA.id && row.campaign_id !== campaignB.id,
    );
    expect(others.length).toBeGreaterThan(0);
    for (const row of others) expect(row['Bayme orders']).toBe('0');

    const daily = await exportCsv(US, { level: 'advertiser', breakdown: 'daily' });
    const day = (date: string) => daily.rows.find((row) => row.date === date);
    expect(day('2026-11-16')).toMatchObject({
      'Bayme orders': '2',
      'Bayme revenue (USD)': '63.25',
    });
    expect(day('2026-11-15')?.['Bayme revenue (USD)']).toBe('100.00');

    // Before the rate, the euros were written apart: a GBP account's rows show it too.
    const uk = await exportCsv(UK, { level: 'campaign', breakdown: 'daily' });
    const ukRow = uk.rows.find(
      (row) => row.campaign_id === campaignUk.id && row.date === '2026-11-17',
    );
    expect(ukRow).toMatchObject({ 'Bayme orders': '1', 'Bayme revenue (GBP)': '40.00' });
  });

  it('writes the same Bayme columns on the report-task path', async () => {
    const query = { level: 'campaign', breakdown: 'daily', ...RANGE };
    const expected = await exportCsv(US, query);
    const started = await http('POST', `/api/ad-accounts/${US}/exports`, 'viewer', query);
    expect(started.status, started.text).toBe(200);
    const job = JSON.parse(started.text) as ExportJob;
    expect(job.mode).toBe('async');
    await expect
      .poll(
        async () =>
          (JSON.parse((await http('GET', `/api/exports/${job.exportId}`)).text) as ExportJob)
            .status,
        { timeout: 20_000, interval: 200 },
      )
      .toBe('ready');
    const downloaded = await http('GET', `/api/exports/${job.exportId}/download`);
    expect(downloaded.status).toBe(200);
    const prepared = table(downloaded.text);
    expect(prepared.header).toEqual(expected.header);
    const key = (row: Record<string, string>) => `${row.campaign_id}|${row.date}`;
    const sorted = (rows: Array<Record<string, string>>) =>
      [...rows].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(prepared.rows)).toEqual(sorted(expected.rows));
    expect(
      prepared.rows.find((row) => row.campaign_id === campaignA.id && row.date === '2026-11-16'),
    ).toMatchObject({ 'Bayme orders': '2', 'Bayme revenue (USD)': '63.25' });
  });
  it('keeps counting the orders of a campaign deleted since, in its account’s figures', async () => {
    const before = (await overview([US])).accounts[0]?.bayme;
    expect(before?.orders).toBe(4);
    const deleted = await rawApi(companion.emulator.url).post(
      'campaign/status/update/',
      { advertiser_id: US, campaign_ids: [campaignB.id], operation_status: 'DELETE' },
      token,
    );
    expect(deleted.body.code).toBe(0);
    // Past the companion's 30-second lists: the account's campaigns are listed again.
    shiftMs += 31_000;
    await companion.emulator.control.clearCalls();
    const after = (await overview([US])).accounts[0]?.bayme;
    expect((await companion.emulator.control.calls()).by_path['campaign/get/']?.count).toBe(1);
    // o4 (70.00) was campaign B's: still the account's revenue, though B is gone.
    expect(after).toMatchObject({ orders: 4, revenue: before?.revenue });
  });
  it('writes a row for an ad with orders but no delivery in the range, after TikTok’s rows', async () => {
    // An ad paused now has no delivery on the days that follow.
    const snapshot = await companion.emulator.control.state(US);
    const quiet = snapshot.ads.find((ad) => !ad.deleted);
    if (!quiet) throw new Error('No US ad.');
    const paused = await rawApi(companion.emulator.url).post(
      'ad/status/update/',
      { advertiser_id: US, ad_ids: [quiet.ad_id], operation_status: 'DISABLE' },
      token,
    );
    expect(paused.body.code, paused.text).toBe(0);
    const twoDays = 2 * 86_400_000;
    shiftMs += twoDays;
    await companion.emulator.control.clock({ set: Date.now() + shiftMs });
    // Nov 22, a whole day after the pause (Los Angeles), with an order of the ad at noon.
    const day = { start: '2026-11-22', end: '2026-11-22' };
    const imported = await http('POST', '/api/orders/import', 'admin', {
      csv: `shop,order_id,placed_at,currency,revenue,ad_id\nbayme.example,q1,2026-11-22T12:00:00-08:00,USD,25.00,${quiet.ad_id}\n`,
    });
    expect(imported.status, imported.text).toBe(200);
    const csv = await exportCsv(US, { level: 'ad', breakdown: 'total', ...day });
    const rows = csv.rows.filter((r) => r.ad_id === quiet.ad_id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      'Spend (USD)': '0.00',
      'Bayme orders': '1',
      'Bayme revenue (USD)': '25.00',
      'Bayme ROAS (x)': '',
    });
    // After every row TikTok gave.
    expect(csv.rows.at(-1)?.ad_id).toBe(quiet.ad_id);
    expect(csv.rows.length).toBeGreaterThan(1);
  });
});
