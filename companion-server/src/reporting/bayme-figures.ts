import type { BaymeValues } from '../contract/ads-manager';
import type { UnattributedOrders } from '../contract/reporting';
import type { IsoDate } from '../lib/time-zone';
import {
  type BaymeFigures,
  baymeRoas,
  type EntityOrderFigures,
  emptyFigures,
} from '../orders/order-figures';
import type { UnattributedSum } from '../orders/order-store';

/**
 * Bayme's figures as reports show them: added up over an account's campaigns or over the
 * accounts of one currency, with ROAS over TikTok's spend of the same rows. Pure.
 *
 * Sums are of amounts that are whole micro-units, kept so: adding binary fractions drifts
 * (0.1 + 0.2), and a buyer comparing with the shop's own report would see the drift.
 */

const MICROS = 1_000_000;

const toMicros = (amount: number) => Math.round(amount * MICROS);

/** Several figures in one currency as one (orders, revenue and refunds added; unconverted per currency). */
export function sumBaymeFigures(parts: readonly BaymeFigures[]): BaymeFigures {
  let orders = 0;
  let revenue = 0;
  let refunds = 0;
  const apart = new Map<string, { revenue: number; orders: number }>();
  for (const part of parts) {
    orders += part.orders;
    revenue += toMicros(part.revenue);
    refunds += toMicros(part.refunds);
    for (const unconverted of part.unconverted) {
      const sum = apart.get(unconverted.currency) ?? { revenue: 0, orders: 0 };
      sum.revenue += toMicros(unconverted.revenue);
      sum.orders += unconverted.orders;
      apart.set(unconverted.currency, sum);
    }
  }
  return {
    orders,
    revenue: revenue / MICROS,
    refunds: refunds / MICROS,
    unconverted: [...apart.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, sum]) => ({
        currency,
        revenue: sum.revenue / MICROS,
        orders: sum.orders,
      })),
  };
}

/**
 * The figures of several entities of one account (its campaigns) as the account's: totals,
 * and the daily series (one entry per day of the range, in order) when it was asked.
 */
export function sumEntityFigures(
  entities: Iterable<EntityOrderFigures>,
  days: readonly IsoDate[],
): { totals: BaymeFigures; daily: BaymeFigures[] } {
  const totals: BaymeFigures[] = [];
  const perDay: BaymeFigures[][] = days.map(() => []);
  for (const entity of entities) {
    totals.push(entity.totals);
    for (const [i, day] of (entity.daily ?? []).entries()) perDay[i]?.push(day);
  }
  return { totals: sumBaymeFigures(totals), daily: perDay.map((parts) => sumBaymeFigures(parts)) };
}

/** Figures as the contract carries them: with ROAS over TikTok's spend of the same row and days. */
export function baymeValuesOf(figures: BaymeFigures, spend: number | null): BaymeValues {
  return {
    orders: figures.orders,
    revenue: figures.revenue,
    refunds: figures.refunds,
    roas: baymeRoas(figures, spend),
    unconverted: figures.unconverted.map((u) => ({ ...u })),
  };
}

/** The contract's values back to figures (ROAS left out: it is recomputed over another spend). */
export function figuresOfValues(values: BaymeValues | null | undefined): BaymeFigures {
  if (!values) return emptyFigures();
  return {
    orders: values.orders,
    revenue: values.revenue,
    refunds: values.refunds,
    unconverted: values.unconverted,
  };
}

/** The store's unattributed sums of one period, per currency of the orders. */
export function unattributedOf(sums: readonly UnattributedSum[]): UnattributedOrders[] {
  const byCurrency = new Map<
    string,
    { orders: number; revenueMicros: number; tiktokClicks: number }
  >();
  for (const sum of sums) {
    const entry = byCurrency.get(sum.currency) ?? { orders: 0, revenueMicros: 0, tiktokClicks: 0 };
    entry.orders += sum.orders;
    entry.revenueMicros += sum.revenueMicros;
    entry.tiktokClicks += sum.tiktokClicks;
    byCurrency.set(sum.currency, entry);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, entry]) => ({
      currency,
      orders: entry.orders,
      revenue: entry.revenueMicros / MICROS,
      tiktokClicks: entry.tiktokClicks,
    }));
}
