import { describe, expect, it } from 'vitest';
import type { BaymeFigures, EntityOrderFigures } from '../orders/order-figures';
import {
  baymeValuesOf,
  figuresOfValues,
  sumBaymeFigures,
  sumEntityFigures,
  unattributedOf,
} from './bayme-figures';

/** Bayme's figures added up for accounts and currencies, and ROAS over TikTok's spend. */

const figures = (partial: Partial<BaymeFigures>): BaymeFigures => ({
  orders: 0,
  revenue: 0,
  refunds: 0,
  unconverted: [],
  ...partial,
});

describe('sumBaymeFigures', () => {
  it('adds orders, revenue and refunds without binary drift', () => {
    const sum = sumBaymeFigures([
      figures({ orders: 1, revenue: 0.1, refunds: 0.01 }),
      figures({ orders: 2, revenue: 0.2, refunds: 0.02 }),
    ]);
    // 0.1 + 0.2 in binary is 0.30000000000000004.
    expect(sum).toEqual(figures({ orders: 3, revenue: 0.3, refunds: 0.03 }));
  });

  it('keeps revenue with no rate apart, one entry per currency, in order', () => {
    const sum = sumBaymeFigures([
      figures({
        orders: 2,
        revenue: 10,
        unconverted: [{ currency: 'GBP', revenue: 3, orders: 1 }],
      }),
      figures({
        orders: 3,
        revenue: 5,
        unconverted: [
          { currency: 'GBP', revenue: 4.5, orders: 1 },
          { currency: 'EUR', revenue: 12.5, orders: 1 },
        ],
      }),
    ]);
    expect(sum.revenue).toBe(15);
    expect(sum.unconverted).toEqual([
      { currency: 'EUR', revenue: 12.5, orders: 1 },
      { currency: 'GBP', revenue: 7.5, orders: 2 },
    ]);
  });

  it('is zero for nothing', () => {
    expect(sumBaymeFigures([])).toEqual(figures({}));
  });
});

describe('sumEntityFigures', () => {
  it('adds campaigns into the account, day by day', () => {
    const days = ['2026-11-19', '2026-11-20'];
    const entity = (a: number, b: number): EntityOrderFigures => ({
      totals: figures({ orders: 2, revenue: a + b }),
      daily: [
        { date: '2026-11-19', ...figures({ orders: 1, revenue: a }) },
        { date: '2026-11-20', ...figures({ orders: 1, revenue: b }) },
      ],
    });
    const sum = sumEntityFigures([entity(10, 20), entity(1, 2)], days);
    expect(sum.totals).toEqual(figures({ orders: 4, revenue: 33 }));
    expect(sum.daily.map((d) => d.revenue)).toEqual([11, 22]);
  });

  it('has no days when none were asked', () => {
    const sum = sumEntityFigures([{ totals: figures({ orders: 1, revenue: 5 }), daily: null }], []);
    expect(sum).toEqual({ totals: figures({ orders: 1, revenue: 5 }), daily: [] });
  });
});

describe('baymeValuesOf', () => {
  it('divides Bayme revenue by TikTok spend, and has no ROAS without spend', () => {
    const day = figures({ orders: 4, revenue: 250 });
    expect(baymeValuesOf(day, 100).roas).toBe(2.5);
    expect(baymeValuesOf(day, 0).roas).toBeNull();
    expect(baymeValuesOf(day, null).roas).toBeNull();
    expect(figuresOfValues(baymeValuesOf(day, 100))).toEqual(day);
    expect(figuresOfValues(null)).toEqual(figures({}));
  });
});

describe('unattributedOf', () => {
  it('groups the store’s sums per currency', () => {
    expect(
      unattributedOf([
        { currency: 'USD', period: 0, orders: 2, revenueMicros: 30_500_000, tiktokClicks: 1 },
        { currency: 'EUR', period: 0, orders: 1, revenueMicros: 9_990_000, tiktokClicks: 0 },
        { currency: 'USD', period: 0, orders: 1, revenueMicros: 1_000_000, tiktokClicks: 1 },
      ]),
    ).toEqual([
      { currency: 'EUR', orders: 1, revenue: 9.99, tiktokClicks: 0 },
      { currency: 'USD', orders: 3, revenue: 31.5, tiktokClicks: 2 },
    ]);
  });
});
