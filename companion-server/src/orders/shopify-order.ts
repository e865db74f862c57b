import { z } from 'zod';
import { clickParametersOf } from './attribution';
import {
  AmountSchema,
  CurrencyCodeSchema,
  InstantSchema,
  type OrdersReceived,
  type PayloadReading,
  readPayload,
} from './order-payload';
import type { RefundRecord } from './order-store';

/**
 * Shopify's REST order payload (topics orders/create, orders/updated, orders/paid,
 * orders/cancelled) and refund payload (refunds/create), read down to what Bayme keeps.
 *
 * The schemas PICK fields: zod objects drop every key they do not name, so the customer,
 * email, phone, addresses, client_details (IP, user agent), note and line items of a payload
 * never leave this module — not into a record, a log or an error message. Error messages
 * name a field and what was expected, never a value.
 *
 * Ids: Shopify sends them as bare JSON integers. The text is read with
 * parseJsonKeepingLargeIntegers, which keeps any integer of more than 15 digits as its
 * digits; a shorter one is below 2^53, so the number JSON.parse makes of it is exact and
 * writes back as the same digits.
 */

const ShopifyIdSchema = z
  .union([
    z.string().regex(/^\d{1,20}$/),
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform(String);

const TransactionSchema = z.object({
  kind: z.string().optional(),
  status: z.string().optional(),
  amount: AmountSchema,
  currency: CurrencyCodeSchema.optional(),
});

const RefundSchema = z.object({
  id: ShopifyIdSchema,
  created_at: InstantSchema,
  transactions: z.array(TransactionSchema).default([]),
});

/** A refund as refunds/create sends it: the refund resource with its order's id. */
const RefundPayloadSchema = RefundSchema.extend({ order_id: ShopifyIdSchema });

const OrderPayloadSchema = z.object({
  id: ShopifyIdSchema,
  created_at: InstantSchema,
  /** When the order was placed; earlier than created_at for orders imported into Shopify. */
  processed_at: InstantSchema.nullish(),
  updated_at: InstantSchema,
  cancelled_at: InstantSchema.nullish(),
  currency: CurrencyCodeSchema,
  /**
   * total_price, not current_total_price: the store keeps what the order was paid before
   * refunds and counts each refund on its own day. current_total_price already has the
   * refunds taken off, so using it would take them off twice — and move them to the order's
   * day. (An order edited after it was placed keeps its first total here.)
   */
  total_price: AmountSchema,
  /** Path and query of the visit's first page: where TikTok's macros put the ad's ids. */
  landing_site: z.string().nullish(),
  refunds: z.array(RefundSchema).default([]),
  /** A test order (Shopify's test checkouts and Bogus Gateway): not revenue, never stored. */
  test: z.boolean().nullish(),
});

/** What a Shopify delivery brings; `test`: a test order, which the caller ignores. */
export interface ShopifyReceived extends OrdersReceived {
  test: boolean;
}

/** An order topic's body (orders/create, orders/updated, orders/paid, orders/cancelled). */
export function readShopifyOrder(shop: string, body: string): PayloadReading<ShopifyReceived> {
  const parsed = readPayload(OrderPayloadSchema, body);
  if (!parsed.ok) return parsed;
  const payload = parsed.value;
  const orderId = payload.id;
  const refunds: RefundRecord[] = [];
  for (const refund of payload.refunds) {
    const record = refundRecord(shop, orderId, refund, payload.currency);
    if (!record.ok) return record;
    if (record.refund) refunds.push(record.refund);
  }
  return {
    ok: true,
    value: {
      order: {
        shop,
        orderId,
        placedAtMs: payload.processed_at ?? payload.created_at,
        currency: payload.currency,
        revenueMicros: payload.total_price,
        // Shopify does not say when the landing happened: unknown, so the window cannot exclude it.
        click: { ...clickParametersOf(payload.landing_site ?? null), clickedAtMs: null },
        sourceUpdatedAtMs: payload.updated_at,
        cancelled: payload.cancelled_at !== null && payload.cancelled_at !== undefined,
      },
      refunds,
      test: payload.test === true,
    },
  };
}

/** refunds/create's body. */
export function readShopifyRefund(shop: string, body: string): PayloadReading<ShopifyReceived> {
  const parsed = readPayload(RefundPayloadSchema, body);
  if (!parsed.ok) return parsed;
  const record = refundRecord(shop, parsed.value.order_id, parsed.value, null);
  if (!record.ok) return record;
  // A refund's body does not say whether its order was a test order.
  return {
    ok: true,
    value: { order: null, refunds: record.refund ? [record.refund] : [], test: false },
  };
}

/**
 * The money a refund gave back: its successful refund transactions. A refund that only
 * restocks items has none and is not kept (it changes no revenue). Its currency is its
 * transactions' (in a shop selling in several currencies it may differ from the order's, and
 * is then kept apart, never added to the other).
 */
function refundRecord(
  shop: string,
  orderId: string,
  refund: z.infer<typeof RefundSchema>,
  orderCurrency: string | null,
): { ok: true; refund: RefundRecord | null } | { ok: false; problem: string } {
  const paid = refund.transactions.filter(
    (t) => (t.kind ?? 'refund') === 'refund' && (t.status ?? 'success') === 'success',
  );
  if (paid.length === 0) return { ok: true, refund: null };
  const currencies = new Set(paid.map((t) => t.currency ?? orderCurrency));
  const [currency] = currencies;
  if (currencies.size > 1 || !currency) {
    return {
      ok: false,
      problem:
        currencies.size > 1
          ? `refund ${refund.id}: its transactions are in different currencies.`
          : `refund ${refund.id}: its transactions do not say their currency.`,
    };
  }
  const amountMicros = paid.reduce((sum, t) => sum + t.amount, 0);
  if (!Number.isSafeInteger(amountMicros)) {
    return {
      ok: false,
      problem: `refund ${refund.id}: its amount is too large to be kept exactly.`,
    };
  }
  return {
    ok: true,
    refund: {
      shop,
      refundId: refund.id,
      orderId,
      refundedAtMs: refund.created_at,
      currency,
      amountMicros,
    },
  };
}
