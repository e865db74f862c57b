/**
 * Bayme's own orders, as the companion server keeps them: the narrow interface between the
 * parts that take orders in (shop webhooks, CSV import) and the parts that read Bayme's
 * figures (overlays, dashboard, exports, rules), and the storage behind it (SQLite through
 * better-sqlite3 today: sqlite-order-store.ts).
 *
 * What is kept of an order is exactly what attribution needs and nothing else: its shop and
 * id, times, amounts, currency and the TikTok parameters of the click that led to it. No
 * names, emails, addresses, phone numbers or IP addresses ever reach this interface: the
 * ingestion code drops them at the door (shopify-order.ts, generic-order.ts, orders-csv.ts).
 *
 * Money is in micro-units of its currency (1 USD = 1,000,000), as integers: shops send decimal
 * strings, and sums of binary floating point numbers drift. Ids are strings. Times are epoch
 * milliseconds (UTC); days are worked out in the ad account's time zone by the reader.
 *
 * The methods are synchronous, like better-sqlite3. A PostgreSQL implementation would offer
 * the same members returning promises; callers would then await them.
 */

/** The TikTok parameters of the click that led to an order (all null: not from TikTok). */
export interface ClickParameters {
  campaignId: string | null;
  adgroupId: string | null;
  adId: string | null;
  /** TikTok's click id: a TikTok click, even when the ad's ids are missing. */
  ttclid: string | null;
  /** When the click (the landing) happened, if the shop says; null: not known. */
  clickedAtMs: number | null;
}

export interface OrderRecord {
  /** The shop's domain or configured name: order ids are unique per shop only. */
  shop: string;
  orderId: string;
  placedAtMs: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** What the order was paid, before refunds (refunds are separate, on their own day). */
  revenueMicros: number;
  click: ClickParameters;
  /**
   * The shop's own last-change time of this version of the order: an older version arriving
   * later (deliveries are not ordered) changes nothing.
   */
  sourceUpdatedAtMs: number;
  /** Cancelled orders keep their row but count for nothing. */
  cancelled: boolean;
}

export interface RefundRecord {
  shop: string;
  refundId: string;
  orderId: string;
  refundedAtMs: number;
  currency: string;
  amountMicros: number;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged' | 'stale';

/** What an import did, record by record (for the admin's answer: "1,200 new, 30 unchanged"). */
export interface ImportCounts {
  orders: Record<UpsertOutcome, number>;
  /** Refunds are never `stale` (they carry no version): a changed refund is `updated`. */
  refunds: Record<UpsertOutcome, number>;
}

export interface CurrencyRate {
  /** The day the rate is for (YYYY-MM-DD, as the admin gave it). */
  day: string;
  from: string;
  to: string;
  /** Units of `to` per unit of `from`, as a decimal string (kept exact). */
  rate: string;
}

/** The orders and refunds attributed to one entity of a level, in one currency, per period. */
export interface AttributedSum {
  /** The entity at the level asked (campaign, ad group or ad id). */
  entityId: string;
  currency: string;
  /** Index into the periods asked (see FiguresQuery.periods). */
  period: number;
  orders: number;
  revenueMicros: number;
  refundMicros: number;
}

export interface FiguresQuery {
  level: 'campaign' | 'adgroup' | 'ad';
  /** The entities whose figures are wanted (the level's ids of one ad account). */
  entityIds: readonly string[];
  /**
   * Half-open intervals [startMs, endMs) — one for a total, one per day for a daily series
   * (days of the ad account's time zone, so 23 or 25 hours around daylight saving changes).
   * Orders count in the period they were placed in, refunds in the period they happened in.
   */
  periods: ReadonlyArray<readonly [number, number]>;
  /** An order counts only if placed at most this long after its click (when the click time is known). */
  clickWindowMs: number;
}

export interface UnattributedQuery {
  periods: ReadonlyArray<readonly [number, number]>;
}

/**
 * Orders with no TikTok ad named in their click (no campaign, ad group or ad id at all), not
 * cancelled, per currency and period: shown, never spread. An order that names an ad but was
 * placed after its click window is neither attributed nor unattributed: it counts nowhere.
 * Refunds are not counted here.
 */
export interface UnattributedSum {
  currency: string;
  period: number;
  orders: number;
  revenueMicros: number;
  /** Of these, orders that did come from a TikTok click (ttclid) whose ad is not named. */
  tiktokClicks: number;
}

export interface OrderStore {
  /**
   * Insert or update by (shop, orderId); an older `sourceUpdatedAtMs` than the stored one is
   * `stale`, the same version identical in every field `unchanged` (nothing is written).
   */
  upsertOrder(order: OrderRecord): UpsertOutcome;
  /** Insert or update by (shop, refundId); never `stale`, the same refund again is `unchanged`. */
  upsertRefund(refund: RefundRecord): UpsertOutcome;
  /**
   * Records a webhook delivery id; false if it was seen before (a retry or a replay), in which
   * case the caller changes nothing.
   */
  recordDelivery(shop: string, deliveryId: string, receivedAtMs: number): boolean;
  /** Forgets delivery ids older than this (they are only needed while a shop may retry). */
  pruneDeliveries(beforeMs: number): number;
  /**
   * All or nothing: every record is written, or (on any error) none. Each record is upserted
   * as by upsertOrder / upsertRefund; the same order or refund twice in one import is an error.
   */
  importAll(orders: readonly OrderRecord[], refunds: readonly RefundRecord[]): ImportCounts;
  setRates(rates: readonly CurrencyRate[]): void;
  /** The rates known for these days, any currency pair. */
  ratesFor(days: readonly string[]): CurrencyRate[];
  attributedSums(query: FiguresQuery): AttributedSum[];
  unattributedSums(query: UnattributedQuery): UnattributedSum[];
  /** The newest order received (by the time it was stored), for "latest order received". */
  latestReceivedAtMs(): number | null;
  /**
   * Changes whenever orders, refunds or rates may have changed, through this store or any
   * other connection to the same database: readers may keep what they computed while it
   * stays the same (order-figures.ts).
   */
  changeMark(): string;
  /** How many orders and refunds are stored (for the admin's status and the benchmarks). */
  counts(): { orders: number; refunds: number };
}
