import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOfZonedDay } from '../lib/time-zone';
import { SqlDatabase } from '../storage/sql-database';
import { baymeRoas, OrderFigures } from './order-figures';
import type { OrderRecord } from './order-store';
import { ORDERS_ROOM } from './orders-migrations';
import { SqliteOrderStore } from './sqlite-order-store';

const ZONE = 'America/Los_Angeles';
const HOUR = 3_600_000;
const AD = '1820000000000000001';
const OTHER_AD = '1820000000000000002';

/** An order placed at `hour` o'clock on `day` in Los Angeles. */
function order(
  orderId: string,
  day: string,
  hour: number,
  amount: number,
  overrides: Partial<OrderRecord> = {},
): OrderRecord {
  const placedAtMs = startOfZonedDay(day, ZONE) + hour * HOUR;
  return {
    shop: 'bayme-demo',
    orderId,
    placedAtMs,
    currency: 'USD',
    revenueMicros: Math.round(amount * 1_000_000),
    click: {
      campaignId: '1800000000000000001',
      adgroupId: '1810000000000000001',
      adId: AD,
      ttclid: 'E.C.P.test',
      clickedAtMs: placedAtMs - HOUR,
    },
    sourceUpdatedAtMs: placedAtMs,
    cancelled: false,
    ...overrides,
  };
}

describe('OrderFigures', () => {
  let dir: string;
  let db: SqlDatabase;
  let store: SqliteOrderStore;
  let figures: OrderFigures;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'order-figures-'));
    db = SqlDatabase.open({ file: join(dir, 'bayme.sqlite'), rooms: [ORDERS_ROOM] });
    store = new SqliteOrderStore(db);
    figures = new OrderFigures({ store, clickWindowDays: () => 7 });
  });

  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const query = {
    level: 'ad' as const,
    entityIds: [AD, OTHER_AD],
    start: '2026-11-02',
    end: '2026-11-04',
    timeZone: ZONE,
    currency: 'USD',
    daily: true,
  };

  it("adds up an ad's orders over the account's days, refunds on the day they happen", () => {
    store.importAll(
      [
        order('1001', '2026-11-02', 10, 50),
        // 23:30 in Los Angeles is the next day in UTC: it still counts on Nov 3 here.
        order('1002', '2026-11-03', 23.5, 30.25),
        order('1003', '2026-11-04', 9, 19.75),
        // Outside the range.
        order('1000', '2026-11-01', 12, 999),
      ],
      [
        {
          shop: 'bayme-demo',
          refundId: 'r1',
          orderId: '1000',
          refundedAtMs: startOfZonedDay('2026-11-04', ZONE) + 12 * HOUR,
          currency: 'USD',
          amountMicros: 100_000_000,
        },
      ],
    );
    const result = figures.forEntities(query);
    const ad = result.get(AD);
    // The refund of an order placed before the range still reduces revenue on its own day.
    expect(ad?.totals).toEqual({ orders: 3, revenue: 0, refunds: 100, unconverted: [] });
    expect(ad?.daily?.map((d) => [d.date, d.orders, d.revenue])).toEqual([
      ['2026-11-02', 1, 50],
      ['2026-11-03', 1, 30.25],
      ['2026-11-04', 1, -80.25],
    ]);
    expect(result.get(OTHER_AD)?.totals).toEqual({
      orders: 0,
      revenue: 0,
      refunds: 0,
      unconverted: [],
    });
  });

  it('converts another currency with the rate of its day, and keeps it apart without one', () => {
    store.importAll(
      [
        order('2001', '2026-11-02', 10, 100, { currency: 'EUR' }),
        order('2002', '2026-11-03', 10, 100, { currency: 'EUR' }),
        order('2003', '2026-11-03', 11, 10),
      ],
      [],
    );
    store.setRates([{ day: '2026-11-02', from: 'EUR', to: 'USD', rate: '1.1' }]);
    const totals = figures.forEntities(query).get(AD)?.totals;
    // Without a daily series the range is asked whole, and again by day for the entities
    // with another currency only: the same totals.
    expect(figures.forEntities({ ...query, daily: false }).get(AD)).toEqual({
      totals,
      daily: null,
    });
    expect(totals).toEqual({
      orders: 3,
      revenue: 120,
      refunds: 0,
      unconverted: [{ currency: 'EUR', revenue: 100, orders: 1 }],
    });
    // ROAS is over what could be converted only: never silently mixed.
    expect(baymeRoas(totals ?? { orders: 0, revenue: 0, refunds: 0, unconverted: [] }, 60)).toBe(2);
  });

  it('leaves out orders placed more than the click window after their click', () => {
    const placed = order('3001', '2026-11-03', 12, 40);
    store.importAll(
      [
        { ...placed, click: { ...placed.click, clickedAtMs: placed.placedAtMs - 8 * 24 * HOUR } },
        order('3002', '2026-11-03', 13, 60),
      ],
      [],
    );
    expect(figures.forEntities(query).get(AD)?.totals.revenue).toBe(60);
    expect(figures.forEntities({ ...query, daily: false }).get(AD)?.totals.revenue).toBe(60);
    const wider = new OrderFigures({ store, clickWindowDays: () => 28 });
    expect(wider.forEntities(query).get(AD)?.totals.revenue).toBe(100);
  });

  it('has no ROAS without spend, and says when the latest order came', () => {
    expect(baymeRoas({ orders: 1, revenue: 10, refunds: 0, unconverted: [] }, 0)).toBeNull();
    expect(figures.latestOrderAt()).toBeNull();
    store.upsertOrder(order('4001', '2026-11-03', 12, 40));
    expect(figures.latestOrderAt()).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
