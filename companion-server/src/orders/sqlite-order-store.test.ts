import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqlDatabase } from '../storage/sql-database';
import type { ClickParameters, FiguresQuery, OrderRecord, RefundRecord } from './order-store';
import { ORDERS_ROOM } from './orders-migrations';
import {
  attributedSumsSql,
  InvalidOrderRecordError,
  OrderStoreCorruptError,
  SqliteOrderStore,
  UNATTRIBUTED_SUMS_SQL,
} from './sqlite-order-store';

const SHOP = 'bayme-demo.myshopify.com';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Midnight in New York on Saturday 2026-10-31 (UTC-4); DST ends on Sunday 2026-11-01. */
const SAT = Date.parse('2026-10-31T04:00:00Z');
/** The Sunday of the change lasts 25 hours in New York. */
const SUN = SAT + DAY;
const MON = SUN + 25 * HOUR;
const TUE = MON + DAY;
const DAYS: FiguresQuery['periods'] = [
  [SAT, SUN],
  [SUN, MON],
  [MON, TUE],
];

const CAMPAIGN = '1790000000000000001';
const ADGROUP = '1790000000000000002';
const AD = '1790000000000000003';
const OTHER_AD = '1790000000000000004';
/** Beyond Number.MAX_SAFE_INTEGER: it must come back digit for digit. */
const BIG_AD = '99999999999999999999';

function click(overrides: Partial<ClickParameters> = {}): ClickParameters {
  return {
    campaignId: CAMPAIGN,
    adgroupId: ADGROUP,
    adId: AD,
    ttclid: 'E.C.P.abc',
    clickedAtMs: null,
    ...overrides,
  };
}

function order(orderId: string, overrides: Partial<OrderRecord> = {}): OrderRecord {
  return {
    shop: SHOP,
    orderId,
    placedAtMs: SAT + 10 * HOUR,
    currency: 'USD',
    revenueMicros: 50_000_000,
    click: click(),
    sourceUpdatedAtMs: SAT + 10 * HOUR,
    cancelled: false,
    ...overrides,
  };
}

function refund(refundId: string, orderId: string, overrides: Partial<RefundRecord> = {}) {
  return {
    shop: SHOP,
    refundId,
    orderId,
    refundedAtMs: SAT + 12 * HOUR,
    currency: 'USD',
    amountMicros: 10_000_000,
    ...overrides,
  } satisfies RefundRecord;
}

const query = (overrides: Partial<FiguresQuery> = {}): FiguresQuery => ({
  level: 'ad',
  entityIds: [AD],
  periods: DAYS,
  clickWindowMs: WEEK,
  ...overrides,
});

describe('SqliteOrderStore', () => {
  let dir: string;
  let db: SqlDatabase;
  let store: SqliteOrderStore;
  let nowMs: number;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sqlite-order-store-'));
    db = SqlDatabase.open({ file: join(dir, 'bayme.sqlite'), rooms: [ORDERS_ROOM] });
    nowMs = Date.parse('2026-11-03T09:00:00Z');
    store = new SqliteOrderStore(db, { now: () => new Date(nowMs) });
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('upsertOrder', () => {
    it('inserts, then leaves an identical version unchanged', () => {
      expect(store.upsertOrder(order('1001'))).toBe('inserted');
      nowMs += 60_000;
      expect(store.upsertOrder(order('1001'))).toBe('unchanged');
      expect(store.counts()).toEqual({ orders: 1, refunds: 0 });
      // A retried delivery is not a newly received order.
      expect(store.latestReceivedAtMs()).toBe(nowMs - 60_000);
    });

    it('updates with a newer version, and ignores an older one arriving later', () => {
      store.upsertOrder(order('1001'));
      const newer = order('1001', {
        revenueMicros: 45_000_000,
        sourceUpdatedAtMs: SAT + 11 * HOUR,
      });
      expect(store.upsertOrder(newer)).toBe('updated');
      const older = order('1001', { revenueMicros: 1, sourceUpdatedAtMs: SAT + 10 * HOUR + 1 });
      expect(store.upsertOrder(older)).toBe('stale');
      expect(store.attributedSums(query())[0]?.revenueMicros).toBe(45_000_000);
    });

    it('updates a version of the same time that differs', () => {
      store.upsertOrder(order('1001'));
      expect(store.upsertOrder(order('1001', { cancelled: true }))).toBe('updated');
      expect(store.attributedSums(query())).toEqual([]);
    });

    it('keeps orders apart by shop', () => {
      expect(store.upsertOrder(order('1001'))).toBe('inserted');
      expect(store.upsertOrder(order('1001', { shop: 'other.example' }))).toBe('inserted');
      expect(store.counts().orders).toBe(2);
    });

    it.each([
      ['an empty order id', { orderId: '' }, /order id is empty/],
      ['a lower-case currency', { currency: 'usd' }, /currency is not an ISO 4217 code/],
      ['a negative revenue', { revenueMicros: -1 }, /revenueMicros/],
      ['a fractional revenue', { revenueMicros: 1.5 }, /revenueMicros/],
      ['a time that is not a number', { placedAtMs: Number.NaN }, /placedAtMs/],
      ['an ad id that is a macro', { click: click({ adId: '__CID__' }) }, /click.adId/],
    ] as const)('refuses %s, naming the order', (_, overrides, reason) => {
      const bad = order('1001', overrides as Partial<OrderRecord>);
      expect(() => store.upsertOrder(bad)).toThrow(InvalidOrderRecordError);
      expect(() => store.upsertOrder(bad)).toThrow(reason);
      expect(store.counts().orders).toBe(0);
    });

    it('keeps an id beyond 2^53 digit for digit', () => {
      store.upsertOrder(order('1001', { click: click({ adId: BIG_AD }) }));
      const sums = store.attributedSums(query({ entityIds: [BIG_AD] }));
      expect(sums.map((s) => s.entityId)).toEqual([BIG_AD]);
    });
  });

  describe('upsertRefund', () => {
    it('inserts, leaves the same refund unchanged, updates a changed one', () => {
      expect(store.upsertRefund(refund('r1', '1001'))).toBe('inserted');
      expect(store.upsertRefund(refund('r1', '1001'))).toBe('unchanged');
      expect(store.upsertRefund(refund('r1', '1001', { amountMicros: 5_000_000 }))).toBe('updated');
      expect(store.counts()).toEqual({ orders: 0, refunds: 1 });
    });

    it('refuses a negative amount', () => {
      expect(() => store.upsertRefund(refund('r1', '1001', { amountMicros: -1 }))).toThrow(
        /amountMicros/,
      );
    });
  });

  describe('attributedSums', () => {
    it('sums orders per entity, currency and period, refunds on their own day', () => {
      store.upsertOrder(order('1001'));
      store.upsertOrder(order('1002', { placedAtMs: SUN + 20 * HOUR, revenueMicros: 30_000_000 }));
      // Refunded on Monday, for Saturday's order: Monday's revenue goes down, not Saturday's.
      store.upsertRefund(refund('r1', '1001', { refundedAtMs: MON + HOUR }));
      expect(store.attributedSums(query())).toEqual([
        {
          entityId: AD,
          currency: 'USD',
          period: 0,
          orders: 1,
          revenueMicros: 50_000_000,
          refundMicros: 0,
        },
        {
          entityId: AD,
          currency: 'USD',
          period: 1,
          orders: 1,
          revenueMicros: 30_000_000,
          refundMicros: 0,
        },
        {
          entityId: AD,
          currency: 'USD',
          period: 2,
          orders: 0,
          revenueMicros: 0,
          refundMicros: 10_000_000,
        },
      ]);
    });

    it('counts the refund of an order placed before the first period', () => {
      store.upsertOrder(order('0900', { placedAtMs: SAT - 3 * DAY }));
      store.upsertRefund(refund('r1', '0900', { refundedAtMs: SUN + HOUR }));
      expect(store.attributedSums(query())).toEqual([
        {
          entityId: AD,
          currency: 'USD',
          period: 1,
          orders: 0,
          revenueMicros: 0,
          refundMicros: 10_000_000,
        },
      ]);
    });

    it('counts a daylight-saving day of 25 hours whole, and the next day apart', () => {
      store.upsertOrder(order('late-sunday', { placedAtMs: SUN + 24 * HOUR + 30 * 60_000 }));
      store.upsertOrder(order('monday', { placedAtMs: MON }));
      const sums = store.attributedSums(query());
      expect(sums.map((s) => [s.period, s.orders])).toEqual([
        [1, 1],
        [2, 1],
      ]);
    });

    it('leaves out orders placed after the click window, counts those of unknown click time', () => {
      const placedAtMs = SAT + 10 * HOUR;
      store.upsertOrder(order('in-window', { click: click({ clickedAtMs: placedAtMs - WEEK }) }));
      store.upsertOrder(
        order('too-late', { click: click({ clickedAtMs: placedAtMs - WEEK - 1 }) }),
      );
      store.upsertOrder(order('unknown-click', { click: click({ clickedAtMs: null }) }));
      // The refund of an order outside the window is left out too.
      store.upsertRefund(refund('r-late', 'too-late'));
      store.upsertRefund(refund('r-unknown', 'unknown-click', { amountMicros: 2_000_000 }));
      const [saturday] = store.attributedSums(query());
      expect(saturday).toMatchObject({ period: 0, orders: 2, refundMicros: 2_000_000 });
      expect(store.attributedSums(query({ clickWindowMs: WEEK + 1 }))[0]?.orders).toBe(3);
    });

    it('counts nothing of a cancelled order, nor its refunds', () => {
      store.upsertOrder(order('1001', { cancelled: true }));
      store.upsertRefund(refund('r1', '1001'));
      expect(store.attributedSums(query())).toEqual([]);
    });

    it('keeps currencies apart', () => {
      store.upsertOrder(order('1001'));
      store.upsertOrder(order('1002', { currency: 'EUR', revenueMicros: 20_000_000 }));
      store.upsertRefund(refund('r1', '1002', { currency: 'EUR', amountMicros: 1_000_000 }));
      expect(
        store.attributedSums(query()).map((s) => [s.currency, s.revenueMicros, s.refundMicros]),
      ).toEqual([
        ['EUR', 20_000_000, 1_000_000],
        ['USD', 50_000_000, 0],
      ]);
    });

    it('sums by the level asked, for the ids asked only', () => {
      store.upsertOrder(order('1001'));
      store.upsertOrder(order('1002', { click: click({ adId: OTHER_AD }) }));
      store.upsertOrder(order('1003', { click: click({ adId: null, adgroupId: null }) }));
      const orders = (q: Partial<FiguresQuery>) =>
        store.attributedSums(query(q)).map((s) => [s.entityId, s.orders]);
      expect(orders({ level: 'campaign', entityIds: [CAMPAIGN] })).toEqual([[CAMPAIGN, 3]]);
      expect(orders({ level: 'adgroup', entityIds: [ADGROUP] })).toEqual([[ADGROUP, 2]]);
      expect(orders({ level: 'ad', entityIds: [AD, OTHER_AD, AD] })).toEqual([
        [AD, 1],
        [OTHER_AD, 1],
      ]);
      expect(orders({ level: 'ad', entityIds: [CAMPAIGN] })).toEqual([]);
    });

    it('counts an order in every period that holds it (a total beside the days)', () => {
      store.upsertOrder(order('1001'));
      const sums = store.attributedSums(query({ periods: [[SAT, TUE], ...DAYS] }));
      expect(sums.map((s) => [s.period, s.orders])).toEqual([
        [0, 1],
        [1, 1],
      ]);
    });

    it('asks nothing for no ids or no periods, and refuses a period that ends before it starts', () => {
      store.upsertOrder(order('1001'));
      expect(store.attributedSums(query({ entityIds: [] }))).toEqual([]);
      expect(store.attributedSums(query({ periods: [] }))).toEqual([]);
      expect(() => store.attributedSums(query({ periods: [[SUN, SAT]] }))).toThrow(
        /Period 0 must be/,
      );
      expect(() => store.attributedSums(query({ clickWindowMs: -1 }))).toThrow(/click window/);
    });

    it.each(['campaign', 'adgroup', 'ad'] as const)(
      'reads orders through the %s index, never a scan of all orders',
      (level) => {
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN ${attributedSumsSql(level)}`)
          .all({ periods: JSON.stringify(DAYS), ids: JSON.stringify([AD]), click_window_ms: WEEK })
          .map((row) => (row as { detail: string }).detail);
        const column = `${level}_id`;
        expect(plan).toContainEqual(
          `SEARCH o USING COVERING INDEX orders_by_${level} (${column}=? AND placed_at>? AND placed_at<?)`,
        );
        expect(plan).toContainEqual(
          'SEARCH r USING INDEX refunds_by_time (refunded_at>? AND refunded_at<?)',
        );
        expect(plan.filter((detail) => /^SCAN (o|r|orders|refunds)\b/.test(detail))).toEqual([]);
        expect(plan.join('\n')).not.toMatch(/AUTOMATIC/);
      },
    );
  });

  describe('unattributedSums', () => {
    it('counts orders naming no ad, per currency and period, with the TikTok clicks among them', () => {
      store.upsertOrder(order('attributed'));
      const none = click({ campaignId: null, adgroupId: null, adId: null, ttclid: null });
      store.upsertOrder(order('organic', { click: none }));
      store.upsertOrder(order('tiktok-click', { click: { ...none, ttclid: 'E.C.P.x' } }));
      store.upsertOrder(order('cancelled', { click: none, cancelled: true }));
      store.upsertOrder(order('eur', { click: none, currency: 'EUR', placedAtMs: MON }));
      expect(store.unattributedSums({ periods: DAYS })).toEqual([
        { currency: 'EUR', period: 2, orders: 1, revenueMicros: 50_000_000, tiktokClicks: 0 },
        { currency: 'USD', period: 0, orders: 2, revenueMicros: 100_000_000, tiktokClicks: 1 },
      ]);
    });

    it('reads the partial index of unattributed orders', () => {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${UNATTRIBUTED_SUMS_SQL}`)
        .all({ periods: JSON.stringify(DAYS) })
        .map((row) => (row as { detail: string }).detail);
      expect(plan).toContainEqual(
        'SEARCH o USING INDEX orders_unattributed (placed_at>? AND placed_at<?)',
      );
    });
  });

  describe('importAll', () => {
    it('writes everything and says what it did; importing again changes nothing', () => {
      store.upsertOrder(order('1001', { sourceUpdatedAtMs: SAT + 20 * HOUR }));
      const orders = [order('1001'), order('1002'), order('1003')];
      const refunds = [refund('r1', '1002')];
      expect(store.importAll(orders, refunds)).toEqual({
        orders: { inserted: 2, updated: 0, unchanged: 0, stale: 1 },
        refunds: { inserted: 1, updated: 0, unchanged: 0, stale: 0 },
      });
      expect(store.importAll(orders, refunds)).toEqual({
        orders: { inserted: 0, updated: 0, unchanged: 2, stale: 1 },
        refunds: { inserted: 0, updated: 0, unchanged: 1, stale: 0 },
      });
      expect(store.counts()).toEqual({ orders: 3, refunds: 1 });
    });

    it('writes nothing when a record in the middle is bad, and undoes its updates', () => {
      store.upsertOrder(order('1001'));
      const orders = [
        order('1001', { revenueMicros: 1, sourceUpdatedAtMs: SAT + 20 * HOUR }),
        order('1002'),
        order('1003', { currency: 'dollars' }),
        order('1004'),
      ];
      expect(() => store.importAll(orders, [])).toThrow(/Order .*\/1003 cannot be stored/);
      expect(store.counts()).toEqual({ orders: 1, refunds: 0 });
      expect(store.attributedSums(query())[0]?.revenueMicros).toBe(50_000_000);
    });

    it('writes nothing when a bad refund follows good orders', () => {
      expect(() =>
        store.importAll([order('1001')], [refund('r1', '1001', { amountMicros: 0.5 })]),
      ).toThrow(InvalidOrderRecordError);
      expect(store.counts()).toEqual({ orders: 0, refunds: 0 });
    });

    it('refuses the same order or refund twice in one import', () => {
      expect(() => store.importAll([order('1001'), order('1002'), order('1001')], [])).toThrow(
        /1001 cannot be stored: it appears twice in the import/,
      );
      expect(() =>
        store.importAll([order('1001')], [refund('r1', '1001'), refund('r1', '1001')]),
      ).toThrow(/r1 cannot be stored: it appears twice/);
      expect(store.counts()).toEqual({ orders: 0, refunds: 0 });
    });

    it('rolls back when the database itself refuses a row', () => {
      db.prepare(
        `CREATE TRIGGER refuse_1002 BEFORE INSERT ON orders WHEN NEW.order_id = '1002'
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
      ).run();
      expect(() => store.importAll([order('1001'), order('1002')], [])).toThrow(
        /refused by the test/,
      );
      expect(store.counts().orders).toBe(0);
    });
  });

  describe('deliveries', () => {
    it('records a delivery id once per shop, and forgets old ones', () => {
      expect(store.recordDelivery(SHOP, 'd-1', 1_000)).toBe(true);
      expect(store.recordDelivery(SHOP, 'd-1', 2_000)).toBe(false);
      expect(store.recordDelivery('other.example', 'd-1', 2_000)).toBe(true);
      expect(store.recordDelivery(SHOP, 'd-2', 3_000)).toBe(true);
      expect(store.pruneDeliveries(2_500)).toBe(2);
      // Forgotten: a delivery this old would be refused by its age before reaching the store.
      expect(store.recordDelivery(SHOP, 'd-1', 4_000)).toBe(true);
      expect(store.recordDelivery(SHOP, 'd-2', 4_000)).toBe(false);
    });
  });

  describe('rates', () => {
    it('replaces a rate given again and returns the days asked', () => {
      store.setRates([
        { day: '2026-10-31', from: 'EUR', to: 'USD', rate: '1.0842' },
        { day: '2026-11-01', from: 'EUR', to: 'USD', rate: '1.0850' },
        { day: '2026-11-01', from: 'CAD', to: 'USD', rate: '0.7210' },
      ]);
      store.setRates([{ day: '2026-10-31', from: 'EUR', to: 'USD', rate: '1.09' }]);
      expect(store.ratesFor(['2026-10-31', '2026-11-01', '2026-11-02'])).toEqual([
        { day: '2026-10-31', from: 'EUR', to: 'USD', rate: '1.09' },
        { day: '2026-11-01', from: 'CAD', to: 'USD', rate: '0.7210' },
        { day: '2026-11-01', from: 'EUR', to: 'USD', rate: '1.0850' },
      ]);
      expect(store.ratesFor([])).toEqual([]);
    });

    it('refuses bad rates and stores none of the batch', () => {
      const good = { day: '2026-10-31', from: 'EUR', to: 'USD', rate: '1.08' };
      for (const bad of [
        { ...good, rate: '0' },
        { ...good, rate: '1,08' },
        { ...good, day: '2026-02-30' },
        { ...good, from: 'eur' },
        { ...good, to: 'EUR' },
      ]) {
        expect(() => store.setRates([good, bad])).toThrow(InvalidOrderRecordError);
      }
      expect(store.ratesFor(['2026-10-31'])).toEqual([]);
    });
  });

  describe('status', () => {
    it('reports the latest receipt and the counts', () => {
      expect(store.latestReceivedAtMs()).toBeNull();
      expect(store.counts()).toEqual({ orders: 0, refunds: 0 });
      store.upsertOrder(order('1001'));
      nowMs += 5_000;
      store.upsertOrder(order('1002'));
      store.upsertRefund(refund('r1', '1001'));
      expect(store.latestReceivedAtMs()).toBe(nowMs);
      expect(store.counts()).toEqual({ orders: 2, refunds: 1 });
    });
  });

  describe('corrupt rows', () => {
    it('fails with an error naming the row instead of returning a wrong figure', () => {
      store.upsertOrder(order('1001'));
      // STRICT tables keep the types right; a value of the right type can still be wrong.
      db.prepare(`UPDATE orders SET currency = 'us$'`).run();
      expect(() => store.attributedSums(query())).toThrow(OrderStoreCorruptError);
      expect(() => store.attributedSums(query())).toThrow(/orders of 1790000000000000003 in us\$/);
    });

    it('refuses a stored rate that is not a rate', () => {
      store.setRates([{ day: '2026-10-31', from: 'EUR', to: 'USD', rate: '1.08' }]);
      db.prepare(`UPDATE currency_rates SET rate = 'one'`).run();
      expect(() => store.ratesFor(['2026-10-31'])).toThrow(/"one" is not a positive decimal rate/);
    });
  });
});
