import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEMO_CUSTOMER,
  demoOrderBody,
  demoRefundBody,
  shopifyWebhookRequest,
} from './demo-order-webhook';
import { readShopifyOrder, readShopifyRefund } from './shopify-order';

const SHOP = 'bayme-demo.myshopify.com';
const SECRET = 'test-only-demo-webhook-secret-0001';
const AD = {
  campaignId: '1800000000000000001',
  adgroupId: '1810000000000000002',
  adId: '1820000000000000003',
};
const PLACED = new Date('2026-12-05T10:15:00Z');

function order(test?: boolean): string {
  return demoOrderBody({
    orderId: '17964000000120001',
    placedAt: PLACED,
    currency: 'USD',
    totalPrice: '84.20',
    ad: AD,
    ttclid: 'E.C.P.demo42',
    ...(test === undefined ? {} : { test }),
  });
}

describe('the demo Shopify order webhook', () => {
  it('writes the order id as a bare JSON integer, as Shopify does', () => {
    expect(order()).toMatch(/^\{"id":17964000000120001,"name":"#20001",/);
  });

  it('carries personal data, and reads as an order of the ad with none of it', () => {
    const body = order();
    for (const value of [DEMO_CUSTOMER.email, DEMO_CUSTOMER.lastName, DEMO_CUSTOMER.ip]) {
      expect(body).toContain(value);
    }
    const reading = readShopifyOrder(SHOP, body);
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value).toEqual({
      order: {
        shop: SHOP,
        orderId: '17964000000120001',
        placedAtMs: PLACED.getTime(),
        currency: 'USD',
        revenueMicros: 84_200_000,
        click: { ...AD, ttclid: 'E.C.P.demo42', clickedAtMs: null },
        sourceUpdatedAtMs: PLACED.getTime(),
        cancelled: false,
      },
      refunds: [],
      test: false,
    });
  });

  it('sends a visit from elsewhere with no TikTok parameters, and a refund inside the order', () => {
    const body = demoOrderBody({
      orderId: '17964000000120002',
      placedAt: PLACED,
      currency: 'USD',
      totalPrice: '30.00',
      ad: null,
      ttclid: 'unused',
      refund: { refundId: '179640000001200021', refundedAt: new Date('2026-12-07T08:00:00Z') },
    });
    const reading = readShopifyOrder(SHOP, body);
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value.order?.click).toEqual({
      campaignId: null,
      adgroupId: null,
      adId: null,
      ttclid: null,
      clickedAtMs: null,
    });
    expect(reading.value.refunds).toEqual([
      {
        shop: SHOP,
        refundId: '179640000001200021',
        orderId: '17964000000120002',
        refundedAtMs: Date.parse('2026-12-07T08:00:00Z'),
        currency: 'USD',
        amountMicros: 30_000_000,
      },
    ]);
  });

  it('marks a test order when asked', () => {
    const reading = readShopifyOrder(SHOP, order(true));
    expect(reading.ok && reading.value.test).toBe(true);
  });

  it("refunds the order's money in its currency", () => {
    const body = demoRefundBody({
      refundId: '179640000001200011',
      orderId: '17964000000120001',
      refundedAt: new Date('2026-12-06T09:00:00Z'),
      currency: 'USD',
      amount: '84.20',
    });
    const reading = readShopifyRefund(SHOP, body);
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value.refunds).toEqual([
      {
        shop: SHOP,
        refundId: '179640000001200011',
        orderId: '17964000000120001',
        refundedAtMs: Date.parse('2026-12-06T09:00:00Z'),
        currency: 'USD',
        amountMicros: 84_200_000,
      },
    ]);
  });

  it("signs the exact body with the secret and sends Shopify's headers", () => {
    const body = order();
    const now = new Date('2026-12-05T10:15:01Z');
    const request = shopifyWebhookRequest('orders/create', body, {
      shop: SHOP,
      secret: SECRET,
      now,
      deliveryId: 'delivery-1',
    });
    expect(request.body).toBe(body);
    expect(request.headers).toEqual({
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SHOP,
      'x-shopify-webhook-id': 'delivery-1',
      'x-shopify-triggered-at': '2026-12-05T10:15:01.000Z',
      'x-shopify-api-version': '2025-10',
      'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
    });
  });

  it('refuses an order id that is not digits (it would not be valid JSON)', () => {
    expect(() =>
      demoOrderBody({
        orderId: '12,"x":1',
        placedAt: PLACED,
        currency: 'USD',
        totalPrice: '1.00',
        ad: AD,
        ttclid: 't',
      }),
    ).toThrow('digits only');
  });
});
