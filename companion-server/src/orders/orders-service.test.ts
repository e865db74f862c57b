import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { AuditLog } from '../storage/audit-log';
import { SqlDatabase } from '../storage/sql-database';
import { ORDERS_ROOM } from './orders-migrations';
import { OrdersService } from './orders-service';
import { SqliteOrderStore } from './sqlite-order-store';

/** The delivery steps' order and the transaction around a delivery (HTTP: test/companion/orders-ingest.test.ts). */

const SECRET = 'test-only-orders-service-secret-01';
const SHOP = 'bayme-test.myshopify.com';
const NOW = Date.parse('2026-12-05T12:00:00Z');

let dir: string;
let db: SqlDatabase;
let store: SqliteOrderStore;
let service: OrdersService;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orders-service-'));
  db = SqlDatabase.open({ file: join(dir, 'bayme.sqlite'), rooms: [ORDERS_ROOM] });
  const now = () => new Date(NOW);
  store = new SqliteOrderStore(db, { now });
  service = new OrdersService({
    store,
    atomically: (work) => db.transaction(work),
    audit: await AuditLog.open({ dir: join(dir, 'audit'), now }),
    config: { shops: [SHOP], webhookSecret: SECRET, webhookMaxAgeMs: 48 * 3_600_000 },
    now,
  });
});

afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const ORDER =
  '{"id":42,"created_at":"2026-12-05T10:00:00Z","updated_at":"2026-12-05T10:00:00Z","currency":"USD","total_price":"10.00","landing_site":null,"refunds":[{"id":7,"created_at":"2026-12-05T11:00:00Z","transactions":[{"kind":"refund","status":"success","amount":"2.00","currency":"USD"}]}]}';

function delivery(body: string, headers: Record<string, string> = {}) {
  return {
    rawBody: Buffer.from(body),
    headers: {
      'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
      'x-shopify-shop-domain': SHOP,
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': 'delivery-1',
      'x-shopify-triggered-at': new Date(NOW - 60_000).toISOString(),
      ...headers,
    },
  };
}

function statusOf(run: () => unknown): number {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.statusCode;
    throw error;
  }
  return 200;
}

describe('OrdersService webhooks', () => {
  it('stores the order and its refunds, and names the shop, topic and delivery for the log', () => {
    expect(service.receiveShopify(delivery(ORDER))).toEqual({
      source: 'shopify',
      shop: SHOP,
      topic: 'orders/create',
      deliveryId: 'delivery-1',
      status: 'stored',
      reason: null,
      order: 'inserted',
      refunds: 1,
    });
    expect(store.counts()).toEqual({ orders: 1, refunds: 1 });
  });

  it('forgets the delivery when storing it fails half-way, so that the retry is stored', () => {
    const upsertRefund = store.upsertRefund.bind(store);
    store.upsertRefund = () => {
      throw new Error('disk full');
    };
    expect(() => service.receiveShopify(delivery(ORDER))).toThrow('disk full');
    expect(store.counts()).toEqual({ orders: 0, refunds: 0 });
    store.upsertRefund = upsertRefund;
    expect(service.receiveShopify(delivery(ORDER)).status).toBe('stored');
    expect(service.receiveShopify(delivery(ORDER)).status).toBe('duplicate');
  });

  it('checks the signature before the shop, so that an unsigned probe learns nothing', () => {
    expect(
      statusOf(() =>
        service.receiveShopify(
          delivery(ORDER, {
            'x-shopify-shop-domain': 'other.myshopify.com',
            'x-shopify-hmac-sha256': 'x',
          }),
        ),
      ),
    ).toBe(401);
    expect(
      statusOf(() =>
        service.receiveShopify(delivery(ORDER, { 'x-shopify-shop-domain': 'other.myshopify.com' })),
      ),
    ).toBe(403);
  });

  it.each(['__proto__', 'constructor', 'toString', 'orders/delete'])(
    'ignores the topic %s without storing anything',
    (topic) => {
      expect(service.receiveShopify(delivery(ORDER, { 'x-shopify-topic': topic }))).toMatchObject({
        status: 'ignored',
      });
      expect(store.counts()).toEqual({ orders: 0, refunds: 0 });
    },
  );

  it('answers a Shopify test order "ignored" and keeps nothing of it, not even its delivery id', () => {
    const test = ORDER.replace('{"id":42,', '{"id":42,"test":true,');
    expect(service.receiveShopify(delivery(test))).toMatchObject({
      status: 'ignored',
      reason: 'A test order is not revenue: not stored.',
      order: null,
    });
    expect(store.counts()).toEqual({ orders: 0, refunds: 0 });
    // The same delivery id carrying a real order is not taken for a duplicate.
    expect(service.receiveShopify(delivery(ORDER)).status).toBe('stored');
  });

  it('ignores a stale delivery before reading its body', () => {
    const stale = delivery('not even JSON', {
      'x-shopify-triggered-at': new Date(NOW - 49 * 3_600_000).toISOString(),
    });
    expect(service.receiveShopify(stale)).toMatchObject({ status: 'ignored' });
  });

  it('answers 503 when the webhooks are not configured', () => {
    const off = new OrdersService({
      store,
      atomically: (work) => db.transaction(work),
      audit: undefined as never,
      config: { shops: [], webhookSecret: null, webhookMaxAgeMs: 3_600_000 },
      now: () => new Date(NOW),
    });
    expect(statusOf(() => off.receiveShopify(delivery(ORDER)))).toBe(503);
    expect(off.webhooksConfigured).toBe(false);
  });
});
