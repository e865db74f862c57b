import { z } from 'zod';
import { clickParametersOf, NO_CLICK_IDS } from './attribution';
import {
  AmountSchema,
  CurrencyCodeSchema,
  InstantSchema,
  type OrdersReceived,
  type PayloadReading,
  readPayload,
} from './order-payload';
import type { ClickParameters, OrderRecord } from './order-store';

/**
 * Bayme's generic order webhook, for a shop that is not on Shopify. One JSON object per
 * order, sent again whenever the order changes (signed like Shopify's: see
 * webhook-verification.ts):
 *
 * ```json
 * {
 *   "order_id": "A-10023",
 *   "placed_at": "2026-12-01T18:04:11+01:00",
 *   "currency": "EUR",
 *   "revenue": "12.50",
 *   "cancelled": false,
 *   "updated_at": "2026-12-02T09:00:00+01:00",
 *   "landing_url": "https://shop.example/p/1?campaign_id=1800…&adgroup_id=1800…&ad_id=1800…",
 *   "clicked_at": "2026-12-01T17:52:40+01:00",
 *   "refunds": [{ "refund_id": "R-1", "refunded_at": "2026-12-03T10:00:00+01:00", "amount": "4.00" }]
 * }
 * ```
 *
 * - `order_id`, `placed_at`, `currency`, `revenue` (a decimal string, before refunds) and
 *   `updated_at` are required. `updated_at` orders the versions of an order: one older than
 *   the stored version changes nothing, so deliveries may arrive in any order.
 * - Times are ISO 8601 with their zone. Amounts are decimal strings in the order's currency
 *   (up to 6 decimals), never JSON numbers, which cannot hold every decimal exactly.
 * - The click: either `landing_url` (a URL, or a path and query) with an optional
 *   `clicked_at`, or `touches`: `[{ "url": "…", "at": "…" }, …]`, the visits that led to the
 *   order. Last click: of the touches whose URL names a TikTok ad or carries a `ttclid`, the
 *   latest at or before `placed_at` wins (a later one did not lead to this order; on equal
 *   times the later in the list wins); touches from elsewhere are not clicks on TikTok. No
 *   such touch: the order is unattributed. Sending both forms is refused as ambiguous.
 * - `refunds` are each counted on their own day, in the order's currency.
 * - Any other key is ignored and never stored: send no personal data, but what is sent by
 *   mistake goes no further than this reading.
 */

/** The shop's own ids: printable text of a sane length. */
const ShopIdSchema = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(100, { error: 'must be at most 100 characters' })
  .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' });

/** A landing URL, or a path and query; long enough for any real one. */
const LandingSchema = z.string().max(8_192, { error: 'must be at most 8192 characters' });

export const MAX_TOUCHES = 100;
export const MAX_REFUNDS = 1_000;

const GenericOrderSchema = z
  .object({
    order_id: ShopIdSchema,
    placed_at: InstantSchema,
    currency: CurrencyCodeSchema,
    revenue: AmountSchema,
    cancelled: z.boolean().default(false),
    updated_at: InstantSchema,
    landing_url: LandingSchema.nullish(),
    clicked_at: InstantSchema.nullish(),
    touches: z
      .array(z.object({ url: LandingSchema, at: InstantSchema }))
      .max(MAX_TOUCHES, { error: `must list at most ${MAX_TOUCHES} touches` })
      .optional(),
    refunds: z
      .array(
        z.object({ refund_id: ShopIdSchema, refunded_at: InstantSchema, amount: AmountSchema }),
      )
      .max(MAX_REFUNDS, { error: `must list at most ${MAX_REFUNDS} refunds` })
      .default([]),
  })
  .refine(
    (order) =>
      order.touches === undefined ||
      ((order.landing_url ?? null) === null && (order.clicked_at ?? null) === null),
    { error: 'send either landing_url (and clicked_at) or touches, not both', path: ['touches'] },
  );

type GenericOrder = z.infer<typeof GenericOrderSchema>;

export function readGenericOrder(
  shop: string,
  body: string,
): PayloadReading<OrdersReceived & { order: OrderRecord }> {
  const parsed = readPayload(GenericOrderSchema, body);
  if (!parsed.ok) return parsed;
  const payload = parsed.value;
  return {
    ok: true,
    value: {
      order: {
        shop,
        orderId: payload.order_id,
        placedAtMs: payload.placed_at,
        currency: payload.currency,
        revenueMicros: payload.revenue,
        click: clickOf(payload),
        sourceUpdatedAtMs: payload.updated_at,
        cancelled: payload.cancelled,
      },
      refunds: payload.refunds.map((refund) => ({
        shop,
        refundId: refund.refund_id,
        orderId: payload.order_id,
        refundedAtMs: refund.refunded_at,
        currency: payload.currency,
        amountMicros: refund.amount,
      })),
    },
  };
}

function clickOf(order: GenericOrder): ClickParameters {
  if (order.touches === undefined) {
    return {
      ...clickParametersOf(order.landing_url ?? null),
      clickedAtMs: order.clicked_at ?? null,
    };
  }
  return lastTikTokTouch(order.touches, order.placed_at);
}

/** The last-click rule of the touches form (see the format above). */
export function lastTikTokTouch(
  touches: ReadonlyArray<{ url: string; at: number }>,
  placedAtMs: number,
): ClickParameters {
  let best: ClickParameters | null = null;
  for (const touch of touches) {
    if (touch.at > placedAtMs) continue;
    if (best !== null && best.clickedAtMs !== null && touch.at < best.clickedAtMs) continue;
    const ids = clickParametersOf(touch.url);
    const fromTikTok = Object.values(ids).some((value) => value !== null);
    if (fromTikTok) best = { ...ids, clickedAtMs: touch.at };
  }
  return best ?? { ...NO_CLICK_IDS, clickedAtMs: null };
}
