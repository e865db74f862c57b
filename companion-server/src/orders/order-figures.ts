import type { Level } from '../contract/ads-manager';
import { eachDate, endOfZonedDay, type IsoDate, startOfZonedDay } from '../lib/time-zone';
import { convertMicros } from './money';
import type { CurrencyRate, OrderStore } from './order-store';

/**
 * Bayme's own figures for TikTok entities: the orders attributed to them (order-store.ts),
 * over days of the ad account's time zone, in the ad account's currency. One reader for
 * every place that shows them — overlays, dashboard, exports, rules — so they agree.
 *
 * Orders count on the day they were placed and refunds on the day they happened, both in
 * the account's zone. Revenue in another currency is converted with the rate an admin gave
 * for that day (orders/currency rates); without one it is kept apart in `unconverted`, per
 * currency, and never added to the account's figure.
 */

/** One currency's revenue that could not be converted (no rate for its day). */
export interface UnconvertedRevenue {
  currency: string;
  /** Net of refunds, in that currency's units. */
  revenue: number;
  /** Of `BaymeFigures.orders`, those whose revenue this is. */
  orders: number;
}

export interface BaymeFigures {
  /** Every attributed order, whatever its currency (see `unconverted` for revenue left out). */
  orders: number;
  /** Revenue net of refunds, in the account's currency (converted where a rate was given). */
  revenue: number;
  /** Refunds that happened in the period, in the account's currency (included in `revenue`). */
  refunds: number;
  unconverted: UnconvertedRevenue[];
}

export interface EntityOrderFigures {
  totals: BaymeFigures;
  /** Per day of the range, in order; only when asked for. */
  daily: Array<{ date: IsoDate } & BaymeFigures> | null;
}

export interface OrderFiguresQuery {
  level: Extract<Level, 'campaign' | 'adgroup' | 'ad'>;
  entityIds: readonly string[];
  /** Inclusive days of the account's time zone. */
  start: IsoDate;
  end: IsoDate;
  timeZone: string;
  /** The ad account's currency: what everything is converted to. */
  currency: string;
  daily?: boolean;
}

export interface OrderFiguresDeps {
  store: OrderStore;
  /** TikTok's default click window is 7 days; admins change it (orders settings). */
  clickWindowDays: () => number;
}

const DAY_MS = 86_400_000;
const MICROS = 1_000_000;

export function emptyFigures(): BaymeFigures {
  return { orders: 0, revenue: 0, refunds: 0, unconverted: [] };
}

/** Revenue ÷ spend, as TikTok's ROAS is; null without spend. */
export function baymeRoas(figures: BaymeFigures, spend: number | null): number | null {
  return spend !== null && spend > 0 ? figures.revenue / spend : null;
}

interface Accumulator {
  orders: number;
  revenueMicros: number;
  refundMicros: number;
  unconverted: Map<string, { revenueMicros: number; orders: number }>;
}

function accumulator(): Accumulator {
  return { orders: 0, revenueMicros: 0, refundMicros: 0, unconverted: new Map() };
}

function figuresOf(acc: Accumulator): BaymeFigures {
  return {
    orders: acc.orders,
    revenue: (acc.revenueMicros - acc.refundMicros) / MICROS,
    refunds: acc.refundMicros / MICROS,
    unconverted: [...acc.unconverted.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, { revenueMicros, orders }]) => ({
        currency,
        revenue: revenueMicros / MICROS,
        orders,
      })),
  };
}

export class OrderFigures {
  readonly #deps: OrderFiguresDeps;

  constructor(deps: OrderFiguresDeps) {
    this.#deps = deps;
  }

  /** The figures of each entity asked for (entities without orders get zeros). */
  forEntities(query: OrderFiguresQuery): Map<string, EntityOrderFigures> {
    const days = eachDate(query.start, query.end);
    // Each day ends where the next begins: one zone lookup per day, not two (they cost).
    const starts = days.map((day) => startOfZonedDay(day, query.timeZone));
    starts.push(endOfZonedDay(query.end, query.timeZone));
    const periods = days.map((_, i) => [starts[i] as number, starts[i + 1] as number] as const);
    const totals = new Map<string, Accumulator>();
    const daily = new Map<string, Accumulator[]>();
    for (const id of query.entityIds) {
      totals.set(id, accumulator());
      if (query.daily) daily.set(id, days.map(accumulator));
    }
    if (query.entityIds.length > 0) {
      const rates = this.#rates(days, query.currency);
      const sums = this.#deps.store.attributedSums({
        level: query.level,
        entityIds: query.entityIds,
        periods,
        clickWindowMs: this.#deps.clickWindowDays() * DAY_MS,
      });
      for (const sum of sums) {
        const day = days[sum.period];
        const total = totals.get(sum.entityId);
        if (day === undefined || !total) continue;
        const targets = [total, daily.get(sum.entityId)?.[sum.period]].filter(
          (a): a is Accumulator => a !== undefined,
        );
        const rate = sum.currency === query.currency ? '1' : rates.get(`${day}|${sum.currency}`);
        for (const target of targets) {
          target.orders += sum.orders;
          if (rate === undefined) {
            const apart = target.unconverted.get(sum.currency) ?? { revenueMicros: 0, orders: 0 };
            apart.revenueMicros += sum.revenueMicros - sum.refundMicros;
            apart.orders += sum.orders;
            target.unconverted.set(sum.currency, apart);
            continue;
          }
          target.revenueMicros += convertMicros(sum.revenueMicros, rate);
          target.refundMicros += convertMicros(sum.refundMicros, rate);
        }
      }
    }
    const result = new Map<string, EntityOrderFigures>();
    for (const [id, total] of totals) {
      const perDay = daily.get(id);
      result.set(id, {
        totals: figuresOf(total),
        daily: perDay
          ? perDay.map((acc, i) => ({ date: days[i] as IsoDate, ...figuresOf(acc) }))
          : null,
      });
    }
    return result;
  }

  /** When the newest order was received, as ISO text (null: none yet). */
  latestOrderAt(): string | null {
    const at = this.#deps.store.latestReceivedAtMs();
    return at === null ? null : new Date(at).toISOString();
  }

  /** Rates to the account's currency by "day|currency". */
  #rates(days: readonly IsoDate[], currency: string): Map<string, string> {
    const rates = new Map<string, string>();
    for (const rate of this.#deps.store.ratesFor(days) as readonly CurrencyRate[]) {
      if (rate.to === currency) rates.set(`${rate.day}|${rate.from}`, rate.rate);
    }
    return rates;
  }
}
