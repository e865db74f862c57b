import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * The per-address rate limit (RATE_LIMIT_PER_MINUTE) and the order webhooks: a shop's burst
 * of correctly signed deliveries from one address is never throttled (the signature is the
 * gate), while unsigned or badly signed ones still count and are cut off like any anonymous
 * request. See orders/signed-webhook-exemption.ts.
 */

/** Obviously fake: tests only. */
const SECRET = 'test-only-orders-rate-limit-secret-01';
const SHOP = 'bayme-burst.myshopify.com';
const LIMIT = 10;

let companion: TestCompanion;

beforeAll(async () => {
  companion = await startTestCompanion({
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
    ORDERS_SHOPS: SHOP,
    ORDERS_WEBHOOK_SECRET: SECRET,
  });
});

afterAll(async () => {
  await companion.close();
});

function order(id: number): string {
  const at = new Date().toISOString();
  return `{"id":${id},"created_at":"${at}","updated_at":"${at}","currency":"USD","total_price":"12.00","landing_site":"/?ad_id=1800000000000000003"}`;
}

function send(body: string, signature: string, path = '/api/orders/webhooks/shopify') {
  return companion.app.inject({
    method: 'POST',
    url: path,
    remoteAddress: '203.0.113.50',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SHOP,
      'x-shopify-webhook-id': `burst-${body.length}-${signature.slice(0, 8)}-${Math.random()}`,
      'x-shopify-triggered-at': new Date().toISOString(),
      'x-shopify-hmac-sha256': signature,
      'x-bayme-shop': SHOP,
      'x-bayme-hmac-sha256': signature,
    },
    payload: body,
  });
}

const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('base64');

describe('order webhooks and the per-address rate limit', () => {
  it('takes a burst of signed deliveries from one address beyond the limit, and still limits forgeries', async () => {
    const statuses: number[] = [];
    for (let id = 1; id <= 3 * LIMIT; id += 1) {
      const body = order(id);
      statuses.push((await send(body, sign(body))).statusCode);
    }
    expect(statuses).toEqual(Array(3 * LIMIT).fill(200));
    expect(companion.context.orderStore.counts().orders).toBe(3 * LIMIT);

    // Badly signed: counted from the first, refused with 401 up to the limit, then 429.
    const forged: number[] = [];
    for (let id = 1; id <= LIMIT + 3; id += 1) {
      forged.push((await send(order(1000 + id), sign('another body'))).statusCode);
    }
    expect(forged).toEqual([...Array(LIMIT).fill(401), 429, 429, 429]);

    // The address is limited for anonymous requests now, yet the shop's orders still come in,
    // on both webhook routes.
    const body = order(5000);
    expect((await send(body, sign(body))).statusCode).toBe(200);
    const generic = `{"order_id":"g-1","placed_at":"${new Date().toISOString()}","updated_at":"${new Date().toISOString()}","currency":"USD","revenue":"5.00"}`;
    const genericAnswer = await send(generic, sign(generic), '/api/orders/webhooks/generic');
    expect(genericAnswer.statusCode, genericAnswer.body).toBe(200);
    expect(companion.context.orderStore.counts().orders).toBe(3 * LIMIT + 2);
  });
});
