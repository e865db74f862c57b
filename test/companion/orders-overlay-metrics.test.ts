import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityMetrics, LevelMetrics } from '../../companion-server/src/contract/ads-manager';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Bayme's own figures on the overlay metrics route, over real HTTP against the emulator:
 * orders attributed to known ad groups show as revenue, orders and ROAS (Bayme revenue ÷ the
 * row's TikTok spend) over days of the account's time zone; refunds count on their day; an
 * order in another currency stays apart until an admin gives a rate for its day; a new order
 * shows at once although TikTok's report is cached; and a server that takes no orders says
 * so (`bayme: null`) rather than showing zeros.
 *
 * The orders and exchange rates go in as an admin imports them: CSV files on the admin
 * routes (orders/orders-csv.ts, orders/currency-rates-csv.ts).
 */

/** Noon on 2026-11-21 in Los Angeles, the US account's zone, for both clocks. */
const START = Date.parse('2026-11-21T20:00:00.000Z');
const RANGE = { start: '2026-11-10', end: '2026-11-16' };
const REPORT_PATH = 'report/integrated/get/';

let companion: TestCompanion;
let base: string;
let us: string;

const SHOP = 'bayme-test.myshopify.com';
const ORDER_HEADER = 'shop,order_id,placed_at,currency,revenue,refunded,refunded_at,adgroup_id';

/** One CSV line of an order attributed to an ad group (refunded: amount and time, or none). */
function order(
  orderId: string,
  adgroupId: string,
  placedAt: string,
  revenue: string,
  currency = 'USD',
  refunded: [string, string] | null = null,
): string {
  return [SHOP, orderId, placedAt, currency, revenue, ...(refunded ?? ['', '']), adgroupId].join(
    ',',
  );
}

async function adminImport(path: string, csv: string): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...companion.as('admin'), 'content-type': 'application/json' },
    body: JSON.stringify({ csv }),
  });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

const importOrders = (...lines: string[]) =>
  adminImport('/api/orders/import', [ORDER_HEADER, ...lines].join('\n'));

async function metrics(query: Record<string, string> = {}): Promise<LevelMetrics> {
  const response = await fetch(
    `${base}/api/ad-accounts/${us}/metrics?${new URLSearchParams({ level: 'adgroup', ...RANGE, ...query })}`,
    { headers: companion.as('viewer') },
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as LevelMetrics;
}

function rowOf(body: LevelMetrics, id: string): EntityMetrics {
  const row = body.rows.find((r) => r.id === id);
  if (!row) throw new Error(`no row ${id}`);
  return row;
}

async function reportCalls(): Promise<number> {
  return (await companion.emulator.control.calls({ path: REPORT_PATH })).total;
}

describe('Bayme figures on the overlay metrics route', () => {
  let first: string;
  let second: string;
  let spendOf: (id: string) => number;

  /** Both clocks' shift from this machine's: a test moves it on. */
  let shiftMs = 0;
  let tiktokToken = '';

  beforeAll(async () => {
    shiftMs = START - Date.now();
    const now = () => new Date(Date.now() + shiftMs);
    companion = await startTestCompanion({}, { now });
    await companion.emulator.control.clock({ set: Date.now() + shiftMs });
    await companion.emulator.control.reset({});
    const state = await companion.emulator.control.state();
    const account = state.advertisers.find((a) => a.currency === 'USD');
    if (!account) throw new Error('no USD account');
    us = account.advertiser_id;
    const token = await companion.emulator.control.mintToken(
      state.advertisers.map((a) => a.advertiser_id),
    );
    tiktokToken = token;
    const imported = await companion.app.inject({
      method: 'POST',
      url: '/api/connections/import',
      headers: companion.as('admin'),
      payload: { accessToken: token },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    base = await companion.app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await companion.close();
  });

  it('says the server takes no orders (bayme null) while none is stored', async () => {
    const body = await metrics();
    expect(body.bayme).toBeNull();
    expect(body.rows.length).toBeGreaterThan(1);
    for (const row of body.rows) expect(row.bayme).toBeNull();
    const spending = body.rows.filter((row) => (row.current.spend ?? 0) > 0);
    expect(spending.length).toBeGreaterThan(1);
    [first, second] = spending.map((row) => row.id) as [string, string];
    const spend = new Map(body.rows.map((row) => [row.id, row.current.spend ?? 0]));
    spendOf = (id) => spend.get(id) ?? 0;
  });

  it('counts orders and refunds on days of the account’s zone, for exactly the rows', async () => {
    expect(
      await importOrders(
        order('1001', first, '2026-11-12T12:00:00-08:00', '100.00'),
        // 23:30 on the 16th in Los Angeles is already the 17th in UTC: still in the range.
        order('1002', first, '2026-11-16T23:30:00-08:00', '50.25'),
        // 00:30 on the 17th in Los Angeles: after the range.
        order('1003', first, '2026-11-17T00:30:00-08:00', '999.00'),
        // Before the range; its refund falls in it and reduces the range's revenue.
        order('1004', first, '2026-11-05T10:00:00-08:00', '70.00', 'USD', [
          '20.00',
          '2026-11-14T10:00:00-08:00',
        ]),
        order('1005', second, '2026-11-11T09:00:00-08:00', '40.00'),
        // An ad group that is not on the page is not in the answer.
        order('1006', '1799999999999999999', '2026-11-11T09:00:00-08:00', '500.00'),
      ),
    ).toMatchObject({ orders: { inserted: 6 }, refunds: { inserted: 1 } });
    const body = await metrics();
    // Received "now" on the server's clock (which started at START).
    const received = Date.parse(body.bayme?.latestOrderAt ?? '');
    expect(received).toBeGreaterThanOrEqual(START);
    expect(received).toBeLessThan(START + 600_000);
    expect(rowOf(body, first).bayme).toEqual({
      orders: 2,
      revenue: 130.25,
      refunds: 20,
      roas: 130.25 / spendOf(first),
      unconverted: [],
    });
    expect(rowOf(body, second).bayme).toEqual({
      orders: 1,
      revenue: 40,
      refunds: 0,
      roas: 40 / spendOf(second),
      unconverted: [],
    });
    expect(body.rows.some((row) => row.id === '1799999999999999999')).toBe(false);
    const others = body.rows.filter((row) => row.id !== first && row.id !== second);
    for (const row of others) {
      expect(row.bayme).toEqual({
        orders: 0,
        revenue: 0,
        refunds: 0,
        roas: (row.current.spend ?? 0) > 0 ? 0 : null,
        unconverted: [],
      });
    }
  });

  it('shows a new order at once, while TikTok’s report still comes from the cache', async () => {
    const calls = await reportCalls();
    await importOrders(order('1007', second, '2026-11-15T08:00:00-08:00', '10.00'));
    const body = await metrics();
    expect(await reportCalls()).toBe(calls);
    expect(rowOf(body, second).bayme?.orders).toBe(2);
    expect(rowOf(body, second).bayme?.revenue).toBe(50);
  });

  it('keeps revenue in another currency apart until a rate for its day is given', async () => {
    await importOrders(order('1008', second, '2026-11-13T12:00:00-08:00', '80.00', 'EUR'));
    const apart = rowOf(await metrics(), second).bayme;
    expect(apart).toMatchObject({
      orders: 3,
      revenue: 50,
      unconverted: [{ currency: 'EUR', revenue: 80, orders: 1 }],
    });

    await adminImport('/api/orders/currency-rates', 'date,from,to,rate\n2026-11-13,EUR,USD,1.1');
    const converted = rowOf(await metrics(), second).bayme;
    expect(converted).toMatchObject({ orders: 3, revenue: 138, unconverted: [] });
    expect(converted?.roas).toBeCloseTo(138 / spendOf(second), 10);
  });

  it('gives the range’s figures when the previous period is compared too', async () => {
    const body = await metrics({ compare: 'previous' });
    expect(body.compared).toBe(true);
    expect(rowOf(body, first).bayme?.revenue).toBe(130.25);
  });
  it('attributes one order to its ad, ad group and campaign from its landing URL, and an order naming no ad to none', async () => {
    const entities = async (level: 'ad' | 'adgroup') => {
      const response = await fetch(`${base}/api/ad-accounts/${us}/entities?level=${level}`, {
        headers: companion.as('viewer'),
      });
      return (
        (await response.json()) as { entities: Array<{ id: string; parentId: string | null }> }
      ).entities;
    };
    const campaignOf = new Map((await entities('adgroup')).map((g) => [g.id, g.parentId]));
    const adGroupOf = new Map((await entities('ad')).map((a) => [a.id, a.parentId]));
    const adRows = (await metrics({ level: 'ad' })).rows;
    const ad = adRows.find((row) => (row.current.spend ?? 0) > 0 && adGroupOf.get(row.id));
    if (!ad) throw new Error('no ad with delivery in the range');
    const adGroup = adGroupOf.get(ad.id) as string;
    const campaign = campaignOf.get(adGroup) as string;
    const allCampaigns = async () =>
      (await metrics({ level: 'campaign' })).rows.reduce(
        (total, row) => total + (row.bayme?.revenue ?? 0),
        0,
      );
    const before = {
      all: await allCampaigns(),
      ad: rowOf(await metrics({ level: 'ad' }), ad.id).bayme?.revenue ?? 0,
      adGroup: rowOf(await metrics({ level: 'adgroup' }), adGroup).bayme?.revenue ?? 0,
      campaign: rowOf(await metrics({ level: 'campaign' }), campaign).bayme?.revenue ?? 0,
    };
    const landing = `https://bayme.example/p?utm_source=tiktok&campaign_id=${campaign}&adgroup_id=${adGroup}&ad_id=${ad.id}`;
    await adminImport(
      '/api/orders/import',
      [
        'shop,order_id,placed_at,currency,revenue,landing_url',
        `${SHOP},2001,2026-11-14T12:00:00-08:00,USD,33.00,${landing}`,
        // TikTok's macros left unreplaced name no ad: unattributed, counted nowhere here.
        `${SHOP},2002,2026-11-14T12:00:00-08:00,USD,44.00,https://bayme.example/p?ad_id=__CID__`,
      ].join('\n'),
    );
    expect(rowOf(await metrics({ level: 'ad' }), ad.id).bayme?.revenue).toBeCloseTo(
      before.ad + 33,
      6,
    );
    expect(rowOf(await metrics({ level: 'adgroup' }), adGroup).bayme?.revenue).toBeCloseTo(
      before.adGroup + 33,
      6,
    );
    expect(rowOf(await metrics({ level: 'campaign' }), campaign).bayme?.revenue).toBeCloseTo(
      before.campaign + 33,
      6,
    );
    // The order naming no ad went to no campaign at all.
    expect(await allCampaigns()).toBeCloseTo(before.all + 33, 6);
  });
  it('gives an ad group with orders but no delivery in the range a row of its own, with no spend', async () => {
    // An ad group paused now delivers nothing on the days that follow.
    const paused = await fetch(`${companion.emulator.url}/open_api/v1.3/adgroup/status/update/`, {
      method: 'POST',
      headers: { 'Access-Token': tiktokToken, 'content-type': 'application/json' },
      body: JSON.stringify({
        advertiser_id: us,
        adgroup_ids: [second],
        operation_status: 'DISABLE',
      }),
    });
    expect(((await paused.json()) as { code: number }).code).toBe(0);
    shiftMs += 2 * 86_400_000;
    await companion.emulator.control.clock({ set: Date.now() + shiftMs });
    // Nov 22 in Los Angeles, a whole day after the pause.
    const day = { start: '2026-11-22', end: '2026-11-22' };
    expect((await metrics(day)).rows.some((row) => row.id === second)).toBe(false);
    await importOrders(order('3001', second, '2026-11-22T12:00:00-08:00', '25.00'));
    const row = rowOf(await metrics(day), second);
    expect(row.current.spend).toBe(0);
    expect(row.bayme).toEqual({ orders: 1, revenue: 25, refunds: 0, roas: null, unconverted: [] });
  });
});
