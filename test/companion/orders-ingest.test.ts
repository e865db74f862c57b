import { createHmac } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Orders coming in over real HTTP (the app listening on loopback, so that the signed bytes
 * are the bytes on the wire): Shopify's webhooks and the generic one — signed, badly signed,
 * unknown shops, malformed bodies, retries, replays, stale deliveries, refunds — the admins'
 * CSV imports of orders and exchange rates, and the promise that no personal data is kept:
 * after payloads full of it, no file of the data directory holds any of it.
 */

/** Obviously fake: tests only. */
const SECRET = 'test-only-orders-webhook-secret-0001';
const SHOP = 'bayme-test.myshopify.com';
const GENERIC_SHOP = 'eu-shop';
const CAMPAIGN = '1800000000000000001';
const ADGROUP = '1800000000000000002';
const AD = '1800000000000000003';

/** Personal data that must never reach the data directory. */
const PERSONAL = {
  email: 'zq-unique-8842@example.test',
  firstName: 'Quillonia',
  lastName: 'Zephyrwood',
  phone: '+1-555-0199-7731',
  address: '77 Zephyr Lane',
  city: 'Quillville',
  ip: '198.51.100.77',
  userAgent: 'QuillBrowser/9.9',
  note: 'ring-the-zephyr-bell',
};

let companion: TestCompanion;
let base: string;
let deliveries = 0;

const sign = (body: string | Buffer, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('base64');

interface Sent {
  status: number;
  text: string;
  json: () => Record<string, unknown>;
}

async function post(
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<Sent> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    // The exact bytes: the signature is over them.
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

interface ShopifySend {
  topic?: string;
  shop?: string;
  deliveryId?: string;
  triggeredAt?: string;
  signature?: string;
}

function shopify(body: string | Buffer, options: ShopifySend = {}): Promise<Sent> {
  deliveries += 1;
  return post('/api/orders/webhooks/shopify', body, {
    'x-shopify-topic': options.topic ?? 'orders/create',
    'x-shopify-shop-domain': options.shop ?? SHOP,
    'x-shopify-webhook-id': options.deliveryId ?? `delivery-${deliveries}`,
    'x-shopify-triggered-at': options.triggeredAt ?? new Date().toISOString(),
    'x-shopify-api-version': '2025-10',
    'x-shopify-hmac-sha256': options.signature ?? sign(body),
  });
}

/** A Shopify order body, with bare integer ids and the personal data Shopify sends. */
function shopifyOrder(id: string, fields: Record<string, unknown> = {}): string {
  const order = {
    id: 0,
    name: '#1001',
    email: PERSONAL.email,
    phone: PERSONAL.phone,
    contact_email: PERSONAL.email,
    browser_ip: PERSONAL.ip,
    created_at: '2026-12-01T10:15:30-05:00',
    processed_at: '2026-12-01T10:15:30-05:00',
    updated_at: '2026-12-01T10:20:00-05:00',
    cancelled_at: null,
    currency: 'USD',
    total_price: '120.50',
    current_total_price: '120.50',
    landing_site: `/products/mug?utm_source=tiktok&campaign_id=${CAMPAIGN}&adgroup_id=${ADGROUP}&ad_id=${AD}&ttclid=E.C.P.zz`,
    note: PERSONAL.note,
    customer: {
      id: 207119551,
      email: PERSONAL.email,
      first_name: PERSONAL.firstName,
      last_name: PERSONAL.lastName,
      phone: PERSONAL.phone,
      default_address: { address1: PERSONAL.address, city: PERSONAL.city },
    },
    billing_address: {
      first_name: PERSONAL.firstName,
      address1: PERSONAL.address,
      city: PERSONAL.city,
      phone: PERSONAL.phone,
    },
    shipping_address: {
      name: `${PERSONAL.firstName} ${PERSONAL.lastName}`,
      address1: PERSONAL.address,
    },
    client_details: { browser_ip: PERSONAL.ip, user_agent: PERSONAL.userAgent },
    line_items: [{ id: 866550311766439000, title: 'Mug', price: '120.50', quantity: 1 }],
    refunds: [],
    ...fields,
  };
  // The id as Shopify writes it: a bare JSON integer.
  return JSON.stringify(order).replace('"id":0,', `"id":${id},`);
}

function shopifyRefund(id: string, orderId: string, amount: string, createdAt: string): string {
  return `{"id":${id},"order_id":${orderId},"created_at":"${createdAt}","note":"${PERSONAL.note}","user_id":5,"restock":true,"transactions":[{"id":1,"kind":"refund","status":"success","amount":"${amount}","currency":"USD","gateway":"bogus","receipt":{"email":"${PERSONAL.email}"}}]}`;
}

function generic(body: string | Buffer, headers: Record<string, string> = {}): Promise<Sent> {
  return post('/api/orders/webhooks/generic', body, {
    'x-bayme-shop': GENERIC_SHOP,
    'x-bayme-hmac-sha256': sign(body),
    ...headers,
  });
}

interface OrderRow {
  shop: string;
  order_id: string;
  placed_at: number;
  currency: string;
  revenue_micros: number;
  cancelled: number;
  campaign_id: string | null;
  adgroup_id: string | null;
  ad_id: string | null;
  ttclid: string | null;
  clicked_at: number | null;
  source_updated_at: number;
}

function storedOrder(shop: string, orderId: string): OrderRow | undefined {
  return companion.context.sql
    .prepare('SELECT * FROM orders WHERE shop = ? AND order_id = ?')
    .get([shop, orderId]) as OrderRow | undefined;
}

function storedRefunds(shop: string, orderId: string) {
  return companion.context.sql
    .prepare(
      'SELECT refund_id, refunded_at, currency, amount_micros FROM refunds WHERE shop = ? AND order_id = ? ORDER BY refund_id',
    )
    .all([shop, orderId]);
}

const counts = () => companion.context.ordersService.status();

beforeAll(async () => {
  companion = await startTestCompanion({
    ORDERS_SHOPS: `${SHOP},${GENERIC_SHOP}`,
    ORDERS_WEBHOOK_SECRET: SECRET,
  });
  base = await companion.app.listen({ host: '127.0.0.1', port: 0 });
}, 30_000);

afterAll(async () => {
  await companion?.close();
});

describe('Shopify webhooks', () => {
  it('stores a signed order: its id, times, amount, currency and ad', async () => {
    const sent = await shopify(shopifyOrder('5678901234567'));
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json()).toEqual({ status: 'stored', reason: null, order: 'inserted', refunds: 0 });
    expect(storedOrder(SHOP, '5678901234567')).toMatchObject({
      placed_at: Date.parse('2026-12-01T15:15:30Z'),
      currency: 'USD',
      revenue_micros: 120_500_000,
      cancelled: 0,
      campaign_id: CAMPAIGN,
      adgroup_id: ADGROUP,
      ad_id: AD,
      ttclid: 'E.C.P.zz',
      clicked_at: null,
      source_updated_at: Date.parse('2026-12-01T15:20:00Z'),
    });
  });

  it('keeps a 19-digit order id exactly', async () => {
    const sent = await shopify(shopifyOrder('9007199254740993123'));
    expect(sent.status, sent.text).toBe(200);
    expect(storedOrder(SHOP, '9007199254740993123')?.order_id).toBe('9007199254740993123');
  });

  describe('refuses with 401 and stores nothing', () => {
    // A 19-digit id: parsing and re-serializing the JSON rounds it, as a proxy that re-encodes would.
    const id = '1111111111111111111';
    const body = shopifyOrder(id);
    const reserialized = JSON.stringify(JSON.parse(body));
    it.each([
      ['signed with another secret', sign(body, 'test-only-wrong-secret-00000000'), body],
      ['a body changed by one byte', sign(body), Buffer.from(body.replace('"120.50"', '"120.59"'))],
      ['the same JSON serialized again', sign(body), reserialized],
      ['no signature', '', body],
      ['a signature that is not base64', 'not-a-signature!', body],
      ['a hex signature', createHmac('sha256', SECRET).update(body).digest('hex'), body],
    ] as const)('%s', async (_label, signature, sentBody) => {
      expect(reserialized).not.toBe(body);
      const before = counts();
      const sent = await shopify(sentBody, { signature });
      expect(sent.status, sent.text).toBe(401);
      expect(sent.json()).toMatchObject({ error: { code: 'bad_signature' } });
      expect(sent.text).not.toContain('120.5');
      expect(storedOrder(SHOP, id)).toBeUndefined();
      expect(counts()).toEqual(before);
    });
  });

  it('answers 403 to a signed delivery from a shop not configured, and 401 when unsigned', async () => {
    const body = shopifyOrder('2222222222222');
    const unknown = await shopify(body, { shop: 'someone-else.myshopify.com' });
    expect(unknown.status, unknown.text).toBe(403);
    expect(unknown.json()).toMatchObject({ error: { code: 'unknown_shop' } });
    // Without the secret, nobody can tell a configured shop from another.
    const probe = await shopify(body, {
      shop: 'someone-else.myshopify.com',
      signature: sign(body, 'test-only-guess-0000000000'),
    });
    expect(probe.status).toBe(401);
    expect(storedOrder('someone-else.myshopify.com', '2222222222222')).toBeUndefined();
  });

  it('answers 400 to a signed body that is not an order, without echoing it or remembering the delivery', async () => {
    const before = counts();
    const broken = `{"id":3333333333333,"email":"${PERSONAL.email}","total_price":`;
    const sent = await shopify(broken, { deliveryId: 'delivery-broken-then-fixed' });
    expect(sent.status, sent.text).toBe(400);
    expect(sent.json()).toMatchObject({ error: { code: 'malformed_order' } });
    expect(sent.text).not.toContain(PERSONAL.email);
    const wrongType = await shopify(shopifyOrder('3333333333333', { total_price: 120.5 }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.json()).toMatchObject({
      error: { message: expect.stringContaining('total_price') },
    });
    expect(counts()).toEqual(before);
    // The sender corrects the body and sends it with the same delivery id: not a duplicate.
    const fixed = await shopify(shopifyOrder('3333333333333'), {
      deliveryId: 'delivery-broken-then-fixed',
    });
    expect(fixed.json()).toMatchObject({ status: 'stored', order: 'inserted' });
  });

  it('takes a retry with the same delivery id as a duplicate', async () => {
    const body = shopifyOrder('4444444444444');
    const first = await shopify(body, { deliveryId: 'delivery-retried' });
    expect(first.json()).toMatchObject({ status: 'stored' });
    const retry = await shopify(body, { deliveryId: 'delivery-retried' });
    expect(retry.status).toBe(200);
    expect(retry.json()).toEqual({ status: 'duplicate', reason: null, order: null, refunds: 0 });
  });

  it('keeps the newest version when an older one is replayed after an update', async () => {
    const id = '5555555555555';
    const original = shopifyOrder(id);
    expect((await shopify(original)).json()).toMatchObject({ order: 'inserted' });
    const updated = shopifyOrder(id, {
      updated_at: '2026-12-02T09:00:00-05:00',
      total_price: '99.00',
      cancelled_at: '2026-12-02T09:00:00-05:00',
    });
    const update = await shopify(updated, { topic: 'orders/cancelled' });
    expect(update.json()).toEqual({ status: 'stored', reason: null, order: 'updated', refunds: 0 });
    // The first version again, under a new delivery id (a late delivery, or a replay).
    const replay = await shopify(original, { topic: 'orders/updated' });
    expect(replay.status).toBe(200);
    expect(replay.json()).toMatchObject({ status: 'ignored', order: 'stale' });
    expect(storedOrder(SHOP, id)).toMatchObject({ revenue_micros: 99_000_000, cancelled: 1 });
    // The same version once more changes nothing either.
    expect((await shopify(updated, { topic: 'orders/updated' })).json()).toMatchObject({
      status: 'ignored',
      order: 'unchanged',
    });
  });

  it('ignores a delivery triggered longer ago than the maximum age, storing nothing', async () => {
    const sent = await shopify(shopifyOrder('6666666666666'), {
      triggeredAt: new Date(Date.now() - 49 * 3_600_000).toISOString(),
    });
    expect(sent.status).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'ignored', order: null });
    expect(storedOrder(SHOP, '6666666666666')).toBeUndefined();
  });

  it('ignores topics it does not read', async () => {
    const sent = await shopify('{"id":1}', { topic: 'customers/create' });
    expect(sent.status).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'ignored' });
  });

  it('stores refunds from refunds/create and from an order body, each on its own day', async () => {
    const id = '7777777777777';
    await shopify(shopifyOrder(id));
    const refund = await shopify(
      shopifyRefund('880000000001', id, '20.25', '2026-12-03T09:00:00-05:00'),
      {
        topic: 'refunds/create',
      },
    );
    expect(refund.json()).toEqual({ status: 'stored', reason: null, order: null, refunds: 1 });
    const withRefunds = shopifyOrder(id, {
      updated_at: '2026-12-04T10:00:00-05:00',
      refunds: [
        {
          id: 0,
          created_at: '2026-12-04T10:00:00-05:00',
          transactions: [{ kind: 'refund', status: 'success', amount: '5.00', currency: 'USD' }],
        },
      ],
    }).replace('"refunds":[{"id":0,', '"refunds":[{"id":880000000002,');
    expect((await shopify(withRefunds, { topic: 'orders/updated' })).json()).toMatchObject({
      status: 'stored',
      refunds: 1,
    });
    expect(storedRefunds(SHOP, id)).toEqual([
      {
        refund_id: '880000000001',
        refunded_at: Date.parse('2026-12-03T14:00:00Z'),
        currency: 'USD',
        amount_micros: 20_250_000,
      },
      {
        refund_id: '880000000002',
        refunded_at: Date.parse('2026-12-04T15:00:00Z'),
        currency: 'USD',
        amount_micros: 5_000_000,
      },
    ]);
  });

  it('takes JSON only (415 for another type), with or without a charset', async () => {
    const body = shopifyOrder('1212121212121');
    const asText = await post('/api/orders/webhooks/shopify', body, {
      'content-type': 'text/plain',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SHOP,
      'x-shopify-hmac-sha256': sign(body),
    });
    expect(asText.status).toBe(415);
    expect(storedOrder(SHOP, '1212121212121')).toBeUndefined();
    const withCharset = await post('/api/orders/webhooks/shopify', body, {
      'content-type': 'application/json; charset=utf-8',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SHOP,
      'x-shopify-hmac-sha256': sign(body),
    });
    expect(withCharset.json()).toMatchObject({ status: 'stored', order: 'inserted' });
  });

  it('refuses a body larger than 1 MiB', async () => {
    const body = shopifyOrder('8888888888888', { note: 'x'.repeat(1024 * 1024) });
    const sent = await shopify(body);
    expect(sent.status).toBe(413);
  });
});

describe('the generic webhook', () => {
  const order = (fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      order_id: 'G-1001',
      placed_at: '2026-12-01T18:04:11+01:00',
      currency: 'EUR',
      revenue: '49.90',
      updated_at: '2026-12-01T18:04:11+01:00',
      touches: [
        {
          url: `https://shop.example/?campaign_id=${CAMPAIGN}&adgroup_id=${ADGROUP}&ad_id=${AD}`,
          at: '2026-12-01T17:00:00+01:00',
        },
        { url: 'https://shop.example/?utm_source=newsletter', at: '2026-12-01T17:30:00+01:00' },
      ],
      refunds: [{ refund_id: 'GR-1', refunded_at: '2026-12-05T10:00:00+01:00', amount: '9.90' }],
      customer: {
        email: PERSONAL.email,
        name: `${PERSONAL.firstName} ${PERSONAL.lastName}`,
        ip: PERSONAL.ip,
      },
      shipping: { address: PERSONAL.address, phone: PERSONAL.phone },
      ...fields,
    });

  it('stores a signed order with its last TikTok touch and its refund', async () => {
    const sent = await generic(order(), { 'x-bayme-delivery-id': 'g-1' });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json()).toEqual({ status: 'stored', reason: null, order: 'inserted', refunds: 1 });
    expect(storedOrder(GENERIC_SHOP, 'G-1001')).toMatchObject({
      currency: 'EUR',
      revenue_micros: 49_900_000,
      ad_id: AD,
      clicked_at: Date.parse('2026-12-01T16:00:00Z'),
    });
    expect(storedRefunds(GENERIC_SHOP, 'G-1001')).toEqual([
      {
        refund_id: 'GR-1',
        refunded_at: Date.parse('2026-12-05T09:00:00Z'),
        currency: 'EUR',
        amount_micros: 9_900_000,
      },
    ]);
    const retry = await generic(order(), { 'x-bayme-delivery-id': 'g-1' });
    expect(retry.json()).toMatchObject({ status: 'duplicate' });
  });

  it('refuses a bad signature (401), an unknown shop (403) and a malformed order (400)', async () => {
    const body = order({ order_id: 'G-2002' });
    expect((await generic(body, { 'x-bayme-hmac-sha256': sign(`${body} `) })).status).toBe(401);
    expect((await generic(body, { 'x-bayme-shop': 'other-shop' })).status).toBe(403);
    expect((await generic(body, { 'x-bayme-shop': '' })).status).toBe(403);
    const malformed = order({ order_id: 'G-2002', revenue: 49.9 });
    const sent = await generic(malformed);
    expect(sent.status).toBe(400);
    expect(sent.json()).toMatchObject({ error: { message: expect.stringContaining('revenue') } });
    expect(sent.text).not.toContain(PERSONAL.email);
    expect(storedOrder(GENERIC_SHOP, 'G-2002')).toBeUndefined();
  });
});

describe('CSV imports (admin)', () => {
  const HEADER =
    'shop,order_id,placed_at,currency,revenue,refunded,refunded_at,landing_url,campaign_id,adgroup_id,ad_id,ttclid,clicked_at';

  async function importCsv(path: string, csv: string, role: 'admin' | 'buyer' = 'admin') {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...companion.as(role) },
      body: JSON.stringify({ csv }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('imports past orders with their refunds and clicks', async () => {
    const sent = await importCsv(
      '/api/orders/import',
      [
        HEADER,
        `csv-shop,C-1,2026-11-01T10:00:00+01:00,EUR,80.00,10.00,2026-11-03T12:00:00+01:00,https://shop.example/?ad_id=${AD},,,,,`,
        `csv-shop,C-2,2026-11-02T10:00:00Z,USD,15,,,,${CAMPAIGN},${ADGROUP},,,2026-11-02T09:00:00Z`,
      ].join('\n'),
    );
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({
      orders: { inserted: 2, updated: 0, unchanged: 0, stale: 0 },
      refunds: { inserted: 1, updated: 0, unchanged: 0, stale: 0 },
    });
    expect(storedOrder('csv-shop', 'C-1')).toMatchObject({ revenue_micros: 80_000_000, ad_id: AD });
    expect(storedOrder('csv-shop', 'C-2')).toMatchObject({
      campaign_id: CAMPAIGN,
      adgroup_id: ADGROUP,
      clicked_at: Date.parse('2026-11-02T09:00:00Z'),
    });
    expect(storedRefunds('csv-shop', 'C-1')).toHaveLength(1);
  });

  it('answers 422 with every problem at its line and column, and imports none of the rows', async () => {
    const before = counts();
    const sent = await importCsv(
      '/api/orders/import',
      [
        HEADER,
        'csv-shop,C-10,2026-11-01T10:00:00+01:00,EUR,80.00,,,,,,,,',
        'csv-shop,C-11,2026-11-01 10:00,EUR,80.00,,,,,,,,',
        'csv-shop,C-12,2026-11-01T10:00:00Z,EUR,1e3,,,,,,,,',
      ].join('\n'),
    );
    expect(sent.status).toBe(422);
    expect(sent.body.error).toMatchObject({ code: 'invalid_csv' });
    expect(
      (sent.body.errors as Array<{ line: number; column: string }>).map((e) => [e.line, e.column]),
    ).toEqual([
      [3, 'placed_at'],
      [4, 'revenue'],
    ]);
    expect(storedOrder('csv-shop', 'C-10')).toBeUndefined();
    expect(counts()).toEqual(before);
  });

  it('refuses a column of personal data, naming it', async () => {
    const sent = await importCsv(
      '/api/orders/import',
      `shop,order_id,placed_at,currency,revenue,customer_email\ncsv-shop,C-20,2026-11-01T10:00:00Z,EUR,1,${PERSONAL.email}`,
    );
    expect(sent.status).toBe(422);
    expect(sent.body.errors).toEqual([
      expect.objectContaining({
        line: 1,
        column: 'customer_email',
        message: expect.stringContaining('personal data'),
      }),
    ]);
    expect(storedOrder('csv-shop', 'C-20')).toBeUndefined();
  });

  it('imports exchange rates, all or none', async () => {
    const bad = await importCurrencyRatesCsv(
      'date,from,to,rate\n2026-11-01,EUR,USD,1.08\n2026-11-02,EUR,USD,0',
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ line: 3, column: 'rate' })]);
    expect(
      companion.context.sql
        .prepare("SELECT count(*) AS n FROM currency_rates WHERE day = '2026-11-01'")
        .get(),
    ).toEqual({ n: 0 });

    const good = await importCurrencyRatesCsv(
      'date,from,to,rate\n2026-11-01,EUR,USD,1.08\n2026-11-02,eur,usd,1.0815',
    );
    expect(good).toEqual({ status: 200, body: { rates: 2 } });
    expect(
      companion.context.sql
        .prepare('SELECT day, from_currency, to_currency, rate FROM currency_rates ORDER BY day')
        .all(),
    ).toEqual([
      { day: '2026-11-01', from_currency: 'EUR', to_currency: 'USD', rate: '1.08' },
      { day: '2026-11-02', from_currency: 'EUR', to_currency: 'USD', rate: '1.0815' },
    ]);

    async function importCurrencyRatesCsv(csv: string) {
      return importCsv('/api/orders/currency-rates', csv);
    }
  });

  it('is for admins only', async () => {
    const sent = await importCsv('/api/orders/import', `${HEADER}\n`, 'buyer');
    expect(sent.status).toBe(403);
  });
});

describe('the status', () => {
  it('gives counts, the latest order received and the shops, never the secret', async () => {
    const response = await fetch(`${base}/api/orders/status`, { headers: companion.as('buyer') });
    const text = await response.text();
    expect(response.status).toBe(200);
    const status = JSON.parse(text);
    expect(status).toMatchObject({
      shops: [SHOP, GENERIC_SHOP],
      webhooksConfigured: true,
      webhookMaxAgeHours: 48,
    });
    expect(status.orders).toBeGreaterThan(5);
    expect(Date.parse(status.latestOrderReceivedAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(text).not.toContain(SECRET);
  });
});

describe('personal data', () => {
  it('is in no file of the data directory, the SQLite file and its WAL included', async () => {
    // Once more, everything at once, so that this test stands on its own.
    expect((await shopify(shopifyOrder('9999999999999'))).status).toBe(200);
    expect(
      (
        await shopify(
          shopifyRefund('880000000099', '9999999999999', '1.00', '2026-12-05T00:00:00Z'),
          { topic: 'refunds/create' },
        )
      ).status,
    ).toBe(200);
    const genericBody = JSON.stringify({
      order_id: 'G-PII',
      placed_at: '2026-12-01T18:04:11+01:00',
      currency: 'EUR',
      revenue: '1.00',
      updated_at: '2026-12-01T18:04:11+01:00',
      landing_url: `https://shop.example/?ad_id=${AD}&email=${encodeURIComponent(PERSONAL.email)}`,
      email: PERSONAL.email,
      name: `${PERSONAL.firstName} ${PERSONAL.lastName}`,
      phone: PERSONAL.phone,
      address: `${PERSONAL.address}, ${PERSONAL.city}`,
      ip: PERSONAL.ip,
    });
    expect((await generic(genericBody)).status).toBe(200);
    await companion.context.audit.settled();

    const files = await filesUnder(companion.dataDir);
    const names = files.map((file) => file.slice(companion.dataDir.length));
    expect(names).toContain('/bayme.sqlite');
    expect(names).toContain('/bayme.sqlite-wal');
    const found: string[] = [];
    for (const file of files) {
      const bytes = await readFile(file);
      for (const [kind, value] of Object.entries(PERSONAL)) {
        for (const form of [value, encodeURIComponent(value)]) {
          if (bytes.includes(Buffer.from(form, 'utf8'))) found.push(`${kind} in ${file}`);
        }
      }
    }
    expect(found).toEqual([]);
    // The check itself can fail: the scan reads what the database holds, and the orders are there.
    const holdingAdId = [];
    for (const file of files) {
      if ((await readFile(file)).includes(Buffer.from(AD, 'utf8'))) holdingAdId.push(file);
    }
    expect(holdingAdId.some((file) => file.includes('bayme.sqlite'))).toBe(true);
    expect(storedOrder(SHOP, '9999999999999')).toBeDefined();
    expect(storedOrder(GENERIC_SHOP, 'G-PII')).toMatchObject({ ad_id: AD });
  });
});

describe('a server without order webhooks configured', () => {
  let bare: TestCompanion;
  let bareBase: string;

  beforeAll(async () => {
    bare = await startTestCompanion();
    bareBase = await bare.app.listen({ host: '127.0.0.1', port: 0 });
  }, 30_000);

  afterAll(async () => {
    await bare?.close();
  });

  it('answers 503 to webhooks, and says so in the status', async () => {
    const body = shopifyOrder('1010101010101');
    const response = await fetch(`${bareBase}/api/orders/webhooks/shopify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'orders/create',
        'x-shopify-shop-domain': SHOP,
        'x-shopify-hmac-sha256': sign(body),
      },
      body,
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'orders_webhooks_off' } });
    const status = await fetch(`${bareBase}/api/orders/status`, { headers: bare.as('buyer') });
    expect(await status.json()).toMatchObject({ shops: [], webhooksConfigured: false, orders: 0 });
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
