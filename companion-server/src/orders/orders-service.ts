import { staffActor } from '../audit/actors';
import type { ServerConfig } from '../config';
import {
  type CsvProblem,
  type CsvRefused,
  GENERIC_HEADERS,
  type OrdersStatus,
  SHOPIFY_HEADERS,
  type WebhookResult,
} from '../contract/orders';
import { AppError } from '../errors';
import type { AuditLog } from '../storage/audit-log';
import type { Staff } from '../storage/state-schema';
import { MAX_PROBLEMS } from './csv-table';
import { readCurrencyRatesCsv } from './currency-rates-csv';
import { readGenericOrder } from './generic-order';
import type { OrdersReceived, PayloadReading } from './order-payload';
import type { ImportCounts, OrderStore } from './order-store';
import { readOrdersCsv } from './orders-csv';
import { readShopifyOrder, readShopifyRefund, type ShopifyReceived } from './shopify-order';
import { InvalidOrderRecordError } from './sqlite-order-store';
import { verifyWebhookSignature } from './webhook-verification';

/**
 * Orders coming in, behind the routes (routes/order-routes.ts): shop webhooks, and the admins'
 * CSV imports of past orders and exchange rates.
 *
 * A webhook delivery goes through, in this order:
 * 1. the webhooks are configured (shops and secret), else 503;
 * 2. the signature over the raw body, else 401. It comes before the shop: with one secret for
 *    every shop it needs no shop, so a stranger learns nothing about which shops exist; only
 *    a sender holding the secret is told a shop is unknown. (Were secrets per shop, an unknown
 *    shop would have to answer 401 like a bad signature, for the same reason.)
 * 3. the shop is configured, else 403;
 * 4. the topic is one Bayme reads, and the delivery is recent (X-Shopify-Triggered-At within
 *    ORDERS_WEBHOOK_MAX_AGE_HOURS), else 200 "ignored";
 * 5. the body reads as an order or refund, else 400 — with nothing stored, not even the
 *    delivery id, so that a corrected retry is not taken for a duplicate;
 *    a Shopify test order ("test": true) is answered 200 "ignored" and not stored: it is
 *    not revenue;
 * 6. in one transaction: the delivery id is recorded (seen before: 200 "duplicate") and the
 *    order and refunds are upserted; an older version than the stored one changes nothing.
 *    One transaction, so that a delivery that failed half-way is not remembered as received.
 *
 * Headers are not covered by the signature: a replayed body can come with a fresh delivery
 * id and trigger time. Those two only stop the shop's own retries cheaply; what makes a
 * replay harmless is step 6's version check (the order's updated_at), and upserts by id.
 *
 * The work is a few SQLite statements, well inside the 5 s Shopify gives for an answer, so it
 * is done before answering. Nothing here logs or returns any part of a body.
 */

export type OrdersConfig = ServerConfig['orders'];

export interface OrdersServiceDeps {
  store: OrderStore;
  /** Runs `work` in one database transaction (SqlDatabase.transaction). */
  atomically: <T>(work: () => T) => T;
  audit: AuditLog;
  config: OrdersConfig;
  now: () => Date;
}

export type WebhookSource = 'shopify' | 'generic';

export interface WebhookDelivery {
  /** The request body exactly as it arrived. */
  rawBody: Buffer;
  /** Header names in lower case, as Node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What the server log records of a delivery: never its body. */
export interface WebhookOutcome extends WebhookResult {
  source: WebhookSource;
  shop: string;
  topic: string | null;
  deliveryId: string | null;
}

/** The Shopify topics read, and the reading each needs (a Map: a topic is the sender's text). */
const SHOPIFY_TOPICS = new Map<
  string,
  (shop: string, body: string) => PayloadReading<ShopifyReceived>
>([
  ['orders/create', readShopifyOrder],
  ['orders/updated', readShopifyOrder],
  ['orders/paid', readShopifyOrder],
  ['orders/cancelled', readShopifyOrder],
  ['refunds/create', readShopifyRefund],
]);

const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;
const PRUNE_EVERY_MS = 3_600_000;

export class OrdersService {
  readonly #deps: OrdersServiceDeps;
  #prunedAtMs = 0;

  constructor(deps: OrdersServiceDeps) {
    this.#deps = deps;
  }

  get webhooksConfigured(): boolean {
    const { shops, webhookSecret } = this.#deps.config;
    return shops.length > 0 && webhookSecret !== null;
  }

  receiveShopify(delivery: WebhookDelivery): WebhookOutcome {
    const h = SHOPIFY_HEADERS;
    const shop = this.#authenticate(delivery, h.signature, h.shop);
    const deliveryId = this.#deliveryId(delivery, h.deliveryId);
    const topic = header(delivery, h.topic)?.trim().toLowerCase() ?? null;
    if (!topic) {
      throw new AppError(400, 'bad_request', `The ${h.topic} header is missing.`);
    }
    const base = { source: 'shopify' as const, shop, topic, deliveryId };
    const read = SHOPIFY_TOPICS.get(topic);
    if (read === undefined) {
      return { ...base, ...ignored('Bayme does not read this topic.') };
    }
    const triggeredAtMs = Date.parse(header(delivery, h.triggeredAt) ?? '');
    const ageMs = this.#deps.now().getTime() - triggeredAtMs;
    if (Number.isFinite(triggeredAtMs) && ageMs > this.#deps.config.webhookMaxAgeMs) {
      return { ...base, ...ignored('The delivery was triggered too long ago.') };
    }
    const reading = read(shop, bodyText(delivery));
    if (reading.ok && reading.value.test) {
      return { ...base, ...ignored('A test order is not revenue: not stored.') };
    }
    return { ...base, ...this.#store(shop, deliveryId, reading) };
  }

  receiveGeneric(delivery: WebhookDelivery): WebhookOutcome {
    const h = GENERIC_HEADERS;
    const shop = this.#authenticate(delivery, h.signature, h.shop);
    const deliveryId = this.#deliveryId(delivery, h.deliveryId);
    const reading = readGenericOrder(shop, bodyText(delivery));
    return {
      source: 'generic',
      shop,
      topic: null,
      deliveryId,
      ...this.#store(shop, deliveryId, reading),
    };
  }

  async importOrders(staff: Staff, csv: string): Promise<ImportCounts | CsvRefused> {
    const reading = readOrdersCsv(csv);
    if (!reading.ok) return refused(reading.problems);
    const counts = this.#deps.store.importAll(reading.orders, reading.refunds);
    await this.#deps.audit.append({
      actor: staffActor(staff),
      action: 'orders.import',
      outcome: 'success',
      message: `Imported ${reading.orders.length} orders and ${reading.refunds.length} refunds from a CSV file.`,
      details: { orders: counts.orders, refunds: counts.refunds },
    });
    return counts;
  }

  async importRates(staff: Staff, csv: string): Promise<{ rates: number } | CsvRefused> {
    const reading = readCurrencyRatesCsv(csv);
    if (!reading.ok) return refused(reading.problems);
    this.#deps.store.setRates(reading.rates);
    await this.#deps.audit.append({
      actor: staffActor(staff),
      action: 'orders.currency_rates.import',
      outcome: 'success',
      message: `Imported ${reading.rates.length} exchange rates from a CSV file.`,
      details: { rates: reading.rates.length },
    });
    return { rates: reading.rates.length };
  }

  status(): OrdersStatus {
    const { store, config } = this.#deps;
    const counts = store.counts();
    const latest = store.latestReceivedAtMs();
    return {
      orders: counts.orders,
      refunds: counts.refunds,
      latestOrderReceivedAt: latest === null ? null : new Date(latest).toISOString(),
      shops: [...config.shops],
      webhooksConfigured: this.webhooksConfigured,
      webhookMaxAgeHours: Math.round(config.webhookMaxAgeMs / 3_600_000),
    };
  }

  /** Steps 1–3: configured, signed, from a configured shop; the shop's name. */
  #authenticate(delivery: WebhookDelivery, signatureHeader: string, shopHeader: string): string {
    const { shops, webhookSecret } = this.#deps.config;
    if (shops.length === 0 || webhookSecret === null) {
      throw new AppError(
        503,
        'orders_webhooks_off',
        'This server does not take order webhooks: its administrator has not set ORDERS_SHOPS and the webhook secret.',
      );
    }
    if (
      !verifyWebhookSignature(delivery.rawBody, header(delivery, signatureHeader), webhookSecret)
    ) {
      throw new AppError(
        401,
        'bad_signature',
        `The ${signatureHeader} header is missing or is not the signature of this body with the shop's webhook secret.`,
      );
    }
    const shop = header(delivery, shopHeader)?.trim().toLowerCase() ?? '';
    if (!shops.includes(shop)) {
      throw new AppError(
        403,
        'unknown_shop',
        `The shop named in ${shopHeader} is not one this server takes orders from (ORDERS_SHOPS).`,
      );
    }
    return shop;
  }

  #deliveryId(delivery: WebhookDelivery, name: string): string | null {
    const value = header(delivery, name)?.trim();
    if (value === undefined || value === '') return null;
    if (!DELIVERY_ID.test(value)) {
      throw new AppError(
        400,
        'bad_request',
        `The ${name} header must be 1 to 200 printable characters.`,
      );
    }
    return value;
  }

  /** Steps 5–6. */
  #store(
    shop: string,
    deliveryId: string | null,
    reading: PayloadReading<OrdersReceived>,
  ): WebhookResult {
    if (!reading.ok) {
      throw new AppError(
        400,
        'malformed_order',
        `The body is not an order Bayme can read: ${reading.problem}`,
      );
    }
    const { store, atomically, now } = this.#deps;
    const nowMs = now().getTime();
    this.#pruneDeliveries(nowMs);
    const { order, refunds } = reading.value;
    try {
      return atomically((): WebhookResult => {
        if (deliveryId !== null && !store.recordDelivery(shop, deliveryId, nowMs)) {
          return { status: 'duplicate', reason: null, order: null, refunds: 0 };
        }
        const orderOutcome = order === null ? null : store.upsertOrder(order);
        let refundsWritten = 0;
        for (const refund of refunds) {
          const outcome = store.upsertRefund(refund);
          if (outcome === 'inserted' || outcome === 'updated') refundsWritten += 1;
        }
        const changed =
          orderOutcome === 'inserted' || orderOutcome === 'updated' || refundsWritten > 0;
        if (changed)
          return { status: 'stored', reason: null, order: orderOutcome, refunds: refundsWritten };
        return {
          status: 'ignored',
          reason:
            orderOutcome === 'stale'
              ? 'A newer version of this order is already stored.'
              : 'Nothing new: this version is already stored.',
          order: orderOutcome,
          refunds: 0,
        };
      });
    } catch (error) {
      if (!(error instanceof InvalidOrderRecordError)) throw error;
      // The store's own check (e.g. an id longer than it keeps): the sender's data, not a fault here.
      throw new AppError(
        400,
        'malformed_order',
        'The body is not an order Bayme can keep (an id or amount is out of range).',
      );
    }
  }

  /** Delivery ids are needed while a shop may still retry; after twice the maximum age, not. */
  #pruneDeliveries(nowMs: number): void {
    if (nowMs - this.#prunedAtMs < PRUNE_EVERY_MS) return;
    this.#prunedAtMs = nowMs;
    this.#deps.store.pruneDeliveries(nowMs - 2 * this.#deps.config.webhookMaxAgeMs);
  }
}

function ignored(reason: string): WebhookResult {
  return { status: 'ignored', reason, order: null, refunds: 0 };
}

function header(delivery: WebhookDelivery, name: string): string | undefined {
  const value = delivery.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bodyText(delivery: WebhookDelivery): string {
  return delivery.rawBody.toString('utf8');
}

function refused(problems: CsvProblem[]): CsvRefused {
  const count =
    problems.length >= MAX_PROBLEMS
      ? `at least ${problems.length} problems (the first ${problems.length} are listed)`
      : problems.length === 1
        ? 'a problem'
        : `${problems.length} problems`;
  return {
    error: {
      code: 'invalid_csv',
      message: `The file has ${count}; nothing was imported. Correct the file and import all of it again.`,
    },
    errors: problems,
  };
}
