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
/** Answers kept while no order, refund or rate changes: a page's views and its card's. */
const CACHED_ANSWERS = 32;
const MICROS = 1_000_000;

export function emptyFigures(): BaymeFigures {
  return { orders: 0, revenue: 0, refunds: 0, unconverted: [] };
}

/** Whether figures hold anything: an order, a refund, revenue, or revenue kept apart. */
export function hasOrders(figures: BaymeFigures): boolean {
  return (
    figures.orders !== 0 ||
    figures.revenue !== 0 ||
    figures.refunds !== 0 ||
    figures.unconverted.length > 0
  );
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

  /**
   * Answers by query, valid while the store's change mark stays the same. An Ads Manager view
   * asks for every row of the level at once (1,000 ad groups took 25 ms of SQL on the 2-core
   * VM, bench:orders-overlay), and asks again on every view: the same figures until an order,
   * a refund or a rate arrives. The first view after one costs the query again.
   */
  #cache = new Map<string, Map<string, EntityOrderFigures>>();
  #cacheMark: string | null = null;

  constructor(deps: OrderFiguresDeps) {
    this.#deps = deps;
  }

  /**
   * The figures of each entity asked for (entities without orders get zeros). The maps and
   * objects returned may be shared with other callers: read them, never change them.
   */
  forEntities(query: OrderFiguresQuery): Map<string, EntityOrderFigures> {
    const mark = this.#deps.store.changeMark();
    if (mark !== this.#cacheMark) {
      this.#cache.clear();
      this.#cacheMark = mark;
    }
    const key = [
      query.level,
      query.start,
      query.end,
      query.timeZone,
      query.currency,
      query.daily ? 'daily' : 'total',
      this.#deps.clickWindowDays(),
      query.entityIds.join(','),
    ].join('|');
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const answer = this.#compute(query);
    // Shared between callers from now on: frozen, so that none can change another's figures.
    for (const figures of answer.values()) {
      for (const part of [figures.totals, ...(figures.daily ?? [])]) {
        for (const apart of part.unconverted) Object.freeze(apart);
        Object.freeze(part.unconverted);
        Object.freeze(part);
      }
      if (figures.daily) Object.freeze(figures.daily);
      Object.freeze(figures);
    }
    if (this.#cache.size >= CACHED_ANSWERS) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(key, answer);
    return answer;
  }

  #compute(query: OrderFiguresQuery): Map<string, EntityOrderFigures> {
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
      for (const sum of this.#sums(query, periods)) {
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

  /**
   * The store's sums per entity, currency and day. Without a daily series, the whole range
   * is asked as one period first — one index range per entity instead of one per entity and
   * day (50 ms against a few for a week of 1,000 ad groups, bench:orders-overlay) — and only
   * the entities with revenue in another currency are asked again day by day, since each
   * day has its own rate. Sums over the whole range come back as the first day's.
   */
  #sums(query: OrderFiguresQuery, periods: ReadonlyArray<readonly [number, number]>) {
    const ask = (entityIds: readonly string[], asked: ReadonlyArray<readonly [number, number]>) =>
      this.#deps.store.attributedSums({
        level: query.level,
        entityIds,
        periods: asked,
        clickWindowMs: this.#deps.clickWindowDays() * DAY_MS,
      });
    const first = periods[0];
    const last = periods.at(-1);
    if (query.daily || !first || !last || periods.length === 1) {
      return ask(query.entityIds, periods);
    }
    const whole = ask(query.entityIds, [[first[0], last[1]]]);
    const foreign = new Set(
      whole.filter((sum) => sum.currency !== query.currency).map((sum) => sum.entityId),
    );
    if (foreign.size === 0) return whole;
    const byDay = ask([...foreign], periods).filter((sum) => sum.currency !== query.currency);
    return [...whole.filter((sum) => sum.currency === query.currency), ...byDay];
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
