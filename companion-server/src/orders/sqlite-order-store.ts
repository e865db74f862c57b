import type { SqlDatabase, SqlStatement, SqlValue } from '../storage/sql-database';
import { isTikTokId } from './attribution';
import { isRate } from './money';
import type {
  AttributedSum,
  CurrencyRate,
  FiguresQuery,
  ImportCounts,
  OrderRecord,
  OrderStore,
  RefundRecord,
  UnattributedQuery,
  UnattributedSum,
  UpsertOutcome,
} from './order-store';

/**
 * The order store on SQLite (room "orders", tables in orders-migrations.ts), through the
 * server's SqlDatabase. A write is one read of the stored version by primary key and one
 * upsert, both prepared once (SqlDatabase caches them); an import is one transaction around
 * the same statements; each figures call is one query however many periods and ids it asks.
 *
 * Records are checked on the way in (a clear error names the record, before SQLite's CHECK
 * constraints would answer with a bare constraint name), and rows are checked on the way out:
 * what is on disk is a boundary, and a corrupt row fails with an error naming it instead of
 * reaching a buyer's screen as a wrong figure.
 */

/** A record the store refuses (an ingestion bug, or a CSV row that escaped its checks). */
export class InvalidOrderRecordError extends Error {
  constructor(what: string, detail: string) {
    super(`${what} cannot be stored: ${detail}.`);
    this.name = 'InvalidOrderRecordError';
  }
}

/** A row on disk that does not read back as what the store wrote. */
export class OrderStoreCorruptError extends Error {
  constructor(where: string, detail: string) {
    super(
      `The order database has a corrupt row (${where}): ${detail}. Restore the database from a backup, or delete that row and import the shop's orders again.`,
    );
    this.name = 'OrderStoreCorruptError';
  }
}

export interface SqliteOrderStoreOptions {
  /** When a version is stored (`received_at`); the clock by default. */
  now?: () => Date;
}

const MAX_TEXT_LENGTH = 255;
const MAX_TTCLID_LENGTH = 500;
const CURRENCY = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A new version replaces the stored one unless it is older or the same in every column (a
 * retried delivery writes nothing and keeps its first receipt time). The version guard is in
 * the statement itself, so a write racing another process's never goes backwards.
 *
 * The outcome comes from the stored version read just before (by primary key) and the
 * changes count: RETURNING would say it in one statement, but SQLite buffers RETURNING rows
 * in a temporary table, which made an import of 100,000 orders about twice as slow.
 */
const UPSERT_ORDER = `INSERT INTO orders (shop, order_id, placed_at, currency, revenue_micros,
    cancelled, campaign_id, adgroup_id, ad_id, ttclid, clicked_at, source_updated_at, received_at)
  VALUES (@shop, @order_id, @placed_at, @currency, @revenue_micros, @cancelled, @campaign_id,
    @adgroup_id, @ad_id, @ttclid, @clicked_at, @source_updated_at, @received_at)
  ON CONFLICT (shop, order_id) DO UPDATE SET placed_at = excluded.placed_at,
    currency = excluded.currency, revenue_micros = excluded.revenue_micros,
    cancelled = excluded.cancelled, campaign_id = excluded.campaign_id,
    adgroup_id = excluded.adgroup_id, ad_id = excluded.ad_id, ttclid = excluded.ttclid,
    clicked_at = excluded.clicked_at, source_updated_at = excluded.source_updated_at,
    received_at = excluded.received_at
  WHERE excluded.source_updated_at >= orders.source_updated_at AND (
    excluded.source_updated_at <> orders.source_updated_at
    OR excluded.placed_at <> orders.placed_at OR excluded.currency <> orders.currency
    OR excluded.revenue_micros <> orders.revenue_micros OR excluded.cancelled <> orders.cancelled
    OR excluded.campaign_id IS NOT orders.campaign_id OR excluded.adgroup_id IS NOT orders.adgroup_id
    OR excluded.ad_id IS NOT orders.ad_id OR excluded.ttclid IS NOT orders.ttclid
    OR excluded.clicked_at IS NOT orders.clicked_at)`;

const ORDER_VERSION = `SELECT source_updated_at FROM orders WHERE shop = ? AND order_id = ?`;

/** Refunds carry no version of their own: a different refund under the same id replaces it. */
const UPSERT_REFUND = `INSERT INTO refunds (shop, refund_id, order_id, refunded_at, currency,
    amount_micros, received_at)
  VALUES (@shop, @refund_id, @order_id, @refunded_at, @currency, @amount_micros, @received_at)
  ON CONFLICT (shop, refund_id) DO UPDATE SET order_id = excluded.order_id,
    refunded_at = excluded.refunded_at, currency = excluded.currency,
    amount_micros = excluded.amount_micros, received_at = excluded.received_at
  WHERE excluded.order_id <> refunds.order_id OR excluded.refunded_at <> refunds.refunded_at
    OR excluded.currency <> refunds.currency OR excluded.amount_micros <> refunds.amount_micros`;

const REFUND_EXISTS = `SELECT 1 AS found FROM refunds WHERE shop = ? AND refund_id = ?`;

const UPSERT_RATE = `INSERT INTO currency_rates (day, from_currency, to_currency, rate)
  VALUES (?, ?, ?, ?)
  ON CONFLICT (day, from_currency, to_currency) DO UPDATE SET rate = excluded.rate`;

/**
 * The periods as rows: `[[start, end], …]` in one JSON parameter, so a daily series of 90
 * days is one query with a fixed text (prepared once), not 90 queries or 180 placeholders.
 * PostgreSQL would take the same JSON through jsonb_array_elements.
 */
const PERIODS = `periods AS MATERIALIZED (
    SELECT CAST(p.key AS INTEGER) AS period, json_extract(p.value, '$[0]') AS start_ms,
      json_extract(p.value, '$[1]') AS end_ms
    FROM json_each(@periods) AS p
  )`;

const LEVEL_COLUMNS = {
  campaign: 'campaign_id',
  adgroup: 'adgroup_id',
  ad: 'ad_id',
} as const satisfies Record<FiguresQuery['level'], string>;

/**
 * The figures of one level's entities: orders counted in the period they were placed in,
 * refunds of those orders in the period they happened in (a refund reduces revenue on its own
 * day, even for an order placed before the first period). An order counts if it is not
 * cancelled, its level id is one asked for, and it was placed within the click window of
 * its click (or the click time is unknown); its refunds follow the same rule.
 *
 * The periods come first in the joins (CROSS JOIN keeps that order in SQLite), so each
 * (period, id) pair is one range of the level's index (id, placed_at): the cost grows with
 * the orders counted and the pairs asked, never with the table. The refunds are found by
 * their time (refunds_by_time), then their order by its key.
 *
 * Exported for the query-plan test; the level's column comes from LEVEL_COLUMNS only.
 */
export function attributedSumsSql(level: FiguresQuery['level']): string {
  const id = LEVEL_COLUMNS[level];
  const counted = `o.${id} IN (SELECT value FROM json_each(@ids)) AND o.cancelled = 0
      AND (o.clicked_at IS NULL OR o.placed_at - o.clicked_at <= @click_window_ms)`;
  return `WITH ${PERIODS},
  placed AS (
    SELECT o.${id} AS entity_id, o.currency, p.period, COUNT(*) AS orders,
      SUM(o.revenue_micros) AS revenue_micros, 0 AS refund_micros
    FROM periods AS p CROSS JOIN orders AS o
    WHERE o.placed_at >= p.start_ms AND o.placed_at < p.end_ms AND ${counted}
    GROUP BY o.${id}, o.currency, p.period
  ),
  refunded AS (
    SELECT o.${id} AS entity_id, r.currency, p.period, 0 AS orders, 0 AS revenue_micros,
      SUM(r.amount_micros) AS refund_micros
    FROM periods AS p CROSS JOIN refunds AS r CROSS JOIN orders AS o
    WHERE r.refunded_at >= p.start_ms AND r.refunded_at < p.end_ms
      AND o.shop = r.shop AND o.order_id = r.order_id AND ${counted}
    GROUP BY o.${id}, r.currency, p.period
  )
  SELECT entity_id, currency, period, SUM(orders) AS orders,
    SUM(revenue_micros) AS revenue_micros, SUM(refund_micros) AS refund_micros
  FROM (SELECT * FROM placed UNION ALL SELECT * FROM refunded)
  GROUP BY entity_id, currency, period
  ORDER BY entity_id, currency, period`;
}

/** The partial index orders_unattributed holds exactly these orders. */
export const UNATTRIBUTED_SUMS_SQL = `WITH ${PERIODS}
  SELECT o.currency, p.period, COUNT(*) AS orders, SUM(o.revenue_micros) AS revenue_micros,
    COUNT(o.ttclid) AS tiktok_clicks
  FROM periods AS p CROSS JOIN orders AS o
  WHERE o.campaign_id IS NULL AND o.adgroup_id IS NULL AND o.ad_id IS NULL
    AND o.placed_at >= p.start_ms AND o.placed_at < p.end_ms AND o.cancelled = 0
  GROUP BY o.currency, p.period
  ORDER BY o.currency, p.period`;

export class SqliteOrderStore implements OrderStore {
  readonly #db: SqlDatabase;
  readonly #now: () => Date;
  /** Writes through this store that can change a figure (orders, refunds, rates). */
  #writes = 0;

  /** `db` must have been opened with ORDERS_ROOM (orders-migrations.ts). */
  constructor(db: SqlDatabase, options: SqliteOrderStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
  }

  /** One transaction, so the version read and the write see the same row. */
  upsertOrder(order: OrderRecord): UpsertOutcome {
    checkOrder(order);
    const receivedAtMs = this.#now().getTime();
    const writers = this.#writers();
    this.#writes += 1;
    return this.#db.transaction(() => writeOrder(writers, order, receivedAtMs));
  }

  upsertRefund(refund: RefundRecord): UpsertOutcome {
    checkRefund(refund);
    const receivedAtMs = this.#now().getTime();
    const writers = this.#writers();
    this.#writes += 1;
    return this.#db.transaction(() => writeRefund(writers, refund, receivedAtMs));
  }

  /**
   * This store's writes, and SQLite's own count of commits by other connections to the file
   * (`PRAGMA data_version`, which a connection's own commits leave alone).
   */
  changeMark(): string {
    const row = this.#db.prepare('PRAGMA data_version').get() as { data_version?: unknown };
    return `${this.#writes}.${String(row?.data_version ?? '?')}`;
  }

  recordDelivery(shop: string, deliveryId: string, receivedAtMs: number): boolean {
    checkText(shop, 'shop', `Delivery ${deliveryId}`);
    checkText(deliveryId, 'delivery id', `A delivery of ${shop}`);
    checkTime(receivedAtMs, 'receivedAtMs', `Delivery ${shop}/${deliveryId}`);
    const { changes } = this.#db
      .prepare('INSERT OR IGNORE INTO deliveries (shop, delivery_id, received_at) VALUES (?, ?, ?)')
      .run([shop, deliveryId, receivedAtMs]);
    return changes === 1;
  }

  pruneDeliveries(beforeMs: number): number {
    checkTime(beforeMs, 'beforeMs', 'The deliveries cutoff');
    return this.#db.prepare('DELETE FROM deliveries WHERE received_at < ?').run([beforeMs]).changes;
  }

  /**
   * One transaction: every record is written, or none (a record that fails its checks, an
   * order or refund given twice in the batch, or any database error rolls all of it back,
   * including updates to records stored before). Records already stored are upserted as by
   * upsertOrder / upsertRefund, so importing the same file twice changes nothing.
   */
  importAll(orders: readonly OrderRecord[], refunds: readonly RefundRecord[]): ImportCounts {
    const receivedAtMs = this.#now().getTime();
    const writers = this.#writers();
    this.#writes += 1;
    return this.#db.transaction(() => {
      const counts: ImportCounts = { orders: emptyOutcomes(), refunds: emptyOutcomes() };
      const seenOrders = new Set<string>();
      for (const order of orders) {
        checkOrder(order);
        once(seenOrders, order.shop, order.orderId, `Order ${order.shop}/${order.orderId}`);
        counts.orders[writeOrder(writers, order, receivedAtMs)] += 1;
      }
      const seenRefunds = new Set<string>();
      for (const refund of refunds) {
        checkRefund(refund);
        once(seenRefunds, refund.shop, refund.refundId, `Refund ${refund.shop}/${refund.refundId}`);
        counts.refunds[writeRefund(writers, refund, receivedAtMs)] += 1;
      }
      return counts;
    });
  }

  /** One transaction; a rate already given for that day and pair is replaced. */
  setRates(rates: readonly CurrencyRate[]): void {
    const upsert = this.#db.prepare(UPSERT_RATE);
    this.#writes += 1;
    this.#db.transaction(() => {
      for (const rate of rates) {
        checkRate(rate);
        upsert.run([rate.day, rate.from, rate.to, rate.rate]);
      }
    });
  }

  /** By day, then currency pair. */
  ratesFor(days: readonly string[]): CurrencyRate[] {
    if (days.length === 0) return [];
    return this.#db
      .prepare(
        `SELECT day, from_currency, to_currency, rate FROM currency_rates
         WHERE day IN (SELECT value FROM json_each(?))
         ORDER BY day, from_currency, to_currency`,
      )
      .all([JSON.stringify(days)])
      .map(rateFromRow);
  }

  /** Ordered by entity, currency and period. */
  attributedSums(query: FiguresQuery): AttributedSum[] {
    checkPeriods(query.periods);
    if (!Number.isSafeInteger(query.clickWindowMs) || query.clickWindowMs < 0) {
      throw new RangeError(
        `The click window must be a whole number of ms ≥ 0, not ${query.clickWindowMs}.`,
      );
    }
    if (query.entityIds.length === 0 || query.periods.length === 0) return [];
    return this.#db
      .prepare(attributedSumsSql(query.level))
      .all({
        periods: JSON.stringify(query.periods),
        ids: JSON.stringify(query.entityIds),
        click_window_ms: query.clickWindowMs,
      })
      .map((raw) => attributedFromRow(raw, query.periods.length));
  }

  /** Ordered by currency and period. */
  unattributedSums(query: UnattributedQuery): UnattributedSum[] {
    checkPeriods(query.periods);
    if (query.periods.length === 0) return [];
    return this.#db
      .prepare(UNATTRIBUTED_SUMS_SQL)
      .all({ periods: JSON.stringify(query.periods) })
      .map((raw) => unattributedFromRow(raw, query.periods.length));
  }

  latestReceivedAtMs(): number | null {
    const row = asRow(
      this.#db.prepare('SELECT MAX(received_at) AS at FROM orders').get(),
      'orders',
    );
    if (row.at === null) return null;
    return integerOf(row, 'at', 'the latest order received');
  }

  counts(): { orders: number; refunds: number } {
    const row = asRow(
      this.#db
        .prepare(
          'SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM refunds) AS refunds',
        )
        .get(),
      'counts',
    );
    return {
      orders: integerOf(row, 'orders', 'counts'),
      refunds: integerOf(row, 'refunds', 'counts'),
    };
  }

  /** Prepared once per import, not once per record (SqlDatabase caches, but by SQL text). */
  #writers(): Writers {
    return {
      orderVersion: this.#db.prepare(ORDER_VERSION),
      upsertOrder: this.#db.prepare(UPSERT_ORDER),
      refundExists: this.#db.prepare(REFUND_EXISTS),
      upsertRefund: this.#db.prepare(UPSERT_REFUND),
    };
  }
}

interface Writers {
  orderVersion: SqlStatement;
  upsertOrder: SqlStatement;
  refundExists: SqlStatement;
  upsertRefund: SqlStatement;
}

function writeOrder(writers: Writers, order: OrderRecord, receivedAtMs: number): UpsertOutcome {
  const where = `order ${order.shop}/${order.orderId}`;
  const stored = writers.orderVersion.get([order.shop, order.orderId]);
  const storedVersion =
    stored === undefined ? null : integerOf(asRow(stored, where), 'source_updated_at', where);
  if (storedVersion !== null && storedVersion > order.sourceUpdatedAtMs) return 'stale';
  const { changes } = writers.upsertOrder.run(orderParams(order, receivedAtMs));
  if (storedVersion === null) return 'inserted';
  return changes === 1 ? 'updated' : 'unchanged';
}

function writeRefund(writers: Writers, refund: RefundRecord, receivedAtMs: number): UpsertOutcome {
  const stored = writers.refundExists.get([refund.shop, refund.refundId]);
  const { changes } = writers.upsertRefund.run(refundParams(refund, receivedAtMs));
  if (stored === undefined) return 'inserted';
  return changes === 1 ? 'updated' : 'unchanged';
}

function orderParams(order: OrderRecord, receivedAtMs: number): Record<string, SqlValue> {
  return {
    shop: order.shop,
    order_id: order.orderId,
    placed_at: order.placedAtMs,
    currency: order.currency,
    revenue_micros: order.revenueMicros,
    cancelled: order.cancelled ? 1 : 0,
    campaign_id: order.click.campaignId,
    adgroup_id: order.click.adgroupId,
    ad_id: order.click.adId,
    ttclid: order.click.ttclid,
    clicked_at: order.click.clickedAtMs,
    source_updated_at: order.sourceUpdatedAtMs,
    received_at: receivedAtMs,
  };
}

function refundParams(refund: RefundRecord, receivedAtMs: number): Record<string, SqlValue> {
  return {
    shop: refund.shop,
    refund_id: refund.refundId,
    order_id: refund.orderId,
    refunded_at: refund.refundedAtMs,
    currency: refund.currency,
    amount_micros: refund.amountMicros,
    received_at: receivedAtMs,
  };
}

function emptyOutcomes(): Record<UpsertOutcome, number> {
  return { inserted: 0, updated: 0, unchanged: 0, stale: 0 };
}

/** Twice in one batch is ambiguous (which version is right?): the whole batch is refused. */
function once(seen: Set<string>, shop: string, id: string, what: string): void {
  const key = `${shop}\u0000${id}`;
  if (seen.has(key)) throw new InvalidOrderRecordError(what, 'it appears twice in the import');
  seen.add(key);
}

// Checks on the way in: explicit rather than a schema, as an import checks 100,000 records.

function checkOrder(order: OrderRecord): void {
  const what = `Order ${String(order.shop)}/${String(order.orderId)}`;
  checkText(order.shop, 'shop', what);
  checkText(order.orderId, 'order id', what);
  checkTime(order.placedAtMs, 'placedAtMs', what);
  checkCurrency(order.currency, 'currency', what);
  checkMicros(order.revenueMicros, 'revenueMicros', what);
  checkTime(order.sourceUpdatedAtMs, 'sourceUpdatedAtMs', what);
  if (typeof order.cancelled !== 'boolean') {
    throw new InvalidOrderRecordError(what, 'cancelled is not true or false');
  }
  const click = order.click;
  for (const key of ['campaignId', 'adgroupId', 'adId'] as const) {
    const id = click[key];
    if (id !== null && (typeof id !== 'string' || !isTikTokId(id))) {
      throw new InvalidOrderRecordError(what, `click.${key} is not a TikTok id (1–20 digits)`);
    }
  }
  const ttclid = click.ttclid;
  if (
    ttclid !== null &&
    (typeof ttclid !== 'string' || ttclid === '' || ttclid.length > MAX_TTCLID_LENGTH)
  ) {
    throw new InvalidOrderRecordError(
      what,
      `click.ttclid is empty or longer than ${MAX_TTCLID_LENGTH}`,
    );
  }
  if (click.clickedAtMs !== null) checkTime(click.clickedAtMs, 'click.clickedAtMs', what);
}

function checkRefund(refund: RefundRecord): void {
  const what = `Refund ${String(refund.shop)}/${String(refund.refundId)}`;
  checkText(refund.shop, 'shop', what);
  checkText(refund.refundId, 'refund id', what);
  checkText(refund.orderId, 'order id', what);
  checkTime(refund.refundedAtMs, 'refundedAtMs', what);
  checkCurrency(refund.currency, 'currency', what);
  checkMicros(refund.amountMicros, 'amountMicros', what);
}

function checkRate(rate: CurrencyRate): void {
  const what = `The rate of ${String(rate.day)} from ${String(rate.from)} to ${String(rate.to)}`;
  if (typeof rate.day !== 'string' || !DAY.test(rate.day) || !isCalendarDay(rate.day)) {
    throw new InvalidOrderRecordError(what, 'the day is not a date (YYYY-MM-DD)');
  }
  checkCurrency(rate.from, 'from', what);
  checkCurrency(rate.to, 'to', what);
  if (rate.from === rate.to) throw new InvalidOrderRecordError(what, 'from and to are the same');
  if (typeof rate.rate !== 'string' || !isRate(rate.rate)) {
    throw new InvalidOrderRecordError(
      what,
      `"${String(rate.rate)}" is not a positive decimal rate`,
    );
  }
}

function checkText(value: unknown, name: string, what: string): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT_LENGTH) {
    throw new InvalidOrderRecordError(
      what,
      `${name} is empty or longer than ${MAX_TEXT_LENGTH} characters`,
    );
  }
}

function checkTime(value: unknown, name: string, what: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidOrderRecordError(what, `${name} is not a time in epoch milliseconds`);
  }
}

function checkMicros(value: unknown, name: string, what: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidOrderRecordError(what, `${name} is not a whole number of micros ≥ 0`);
  }
}

function checkCurrency(value: unknown, name: string, what: string): void {
  if (typeof value !== 'string' || !CURRENCY.test(value)) {
    throw new InvalidOrderRecordError(what, `${name} is not an ISO 4217 code in capitals`);
  }
}

function isCalendarDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day);
}

function checkPeriods(periods: FiguresQuery['periods']): void {
  periods.forEach(([start, end], index) => {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end <= start) {
      throw new RangeError(
        `Period ${index} must be [start, end) in whole epoch milliseconds with end after start, not [${start}, ${end}).`,
      );
    }
  });
}

// Checks on the way out.

type Row = Record<string, unknown>;

function asRow(raw: unknown, where: string): Row {
  if (typeof raw !== 'object' || raw === null) {
    throw new OrderStoreCorruptError(where, 'the database returned something other than a row');
  }
  return raw as Row;
}

function integerOf(row: Row, column: string, where: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new OrderStoreCorruptError(
      where,
      `${column} is not a whole number that can be kept exactly`,
    );
  }
  return value;
}

function textOf(row: Row, column: string, where: string): string {
  const value = row[column];
  if (typeof value !== 'string' || value === '') {
    throw new OrderStoreCorruptError(where, `${column} is not text`);
  }
  return value;
}

function periodOf(row: Row, periodCount: number, where: string): number {
  const period = integerOf(row, 'period', where);
  if (period < 0 || period >= periodCount) {
    throw new OrderStoreCorruptError(where, `period ${period} is not one of the periods asked`);
  }
  return period;
}

function currencyOf(row: Row, where: string): string {
  const currency = textOf(row, 'currency', where);
  if (!CURRENCY.test(currency))
    throw new OrderStoreCorruptError(where, `currency "${currency}" is not an ISO 4217 code`);
  return currency;
}

function attributedFromRow(raw: unknown, periodCount: number): AttributedSum {
  const row = asRow(raw, 'attributed sums');
  const where = `orders of ${String(row.entity_id)} in ${String(row.currency)}`;
  const entityId = textOf(row, 'entity_id', where);
  if (!isTikTokId(entityId))
    throw new OrderStoreCorruptError(where, 'the entity id is not a TikTok id');
  return {
    entityId,
    currency: currencyOf(row, where),
    period: periodOf(row, periodCount, where),
    orders: integerOf(row, 'orders', where),
    revenueMicros: integerOf(row, 'revenue_micros', where),
    refundMicros: integerOf(row, 'refund_micros', where),
  };
}

function unattributedFromRow(raw: unknown, periodCount: number): UnattributedSum {
  const row = asRow(raw, 'unattributed sums');
  const where = `unattributed orders in ${String(row.currency)}`;
  return {
    currency: currencyOf(row, where),
    period: periodOf(row, periodCount, where),
    orders: integerOf(row, 'orders', where),
    revenueMicros: integerOf(row, 'revenue_micros', where),
    tiktokClicks: integerOf(row, 'tiktok_clicks', where),
  };
}

function rateFromRow(raw: unknown): CurrencyRate {
  const row = asRow(raw, 'currency rates');
  const where = `rate of ${String(row.day)} from ${String(row.from_currency)} to ${String(row.to_currency)}`;
  const day = textOf(row, 'day', where);
  if (!DAY.test(day)) throw new OrderStoreCorruptError(where, 'day is not YYYY-MM-DD');
  const rate = textOf(row, 'rate', where);
  if (!isRate(rate))
    throw new OrderStoreCorruptError(where, `"${rate}" is not a positive decimal rate`);
  const from = textOf(row, 'from_currency', where);
  const to = textOf(row, 'to_currency', where);
  if (!CURRENCY.test(from) || !CURRENCY.test(to)) {
    throw new OrderStoreCorruptError(where, 'a currency is not an ISO 4217 code');
  }
  return { day, from, to, rate };
}
