import { z } from 'zod';
import { IsoDateTimeSchema } from './common';
import { defineRoute } from './route';

/**
 * Bayme's own orders coming in: the shops' signed webhooks, and the admins' CSV imports of
 * past orders and of exchange rates. The webhook routes are public (no staff key): the
 * signature over the raw body, made with the shop's webhook secret, is their authorization,
 * checked before anything else (orders/orders-service.ts). They take the body as bytes, so
 * they are registered by hand (routes/order-routes.ts), with these contracts describing them.
 */

export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export const UpsertOutcomeSchema = z.enum(['inserted', 'updated', 'unchanged', 'stale']);

/** What became of a delivery. A 2xx either way: the shop must not retry it. */
export const WebhookResultSchema = z.object({
  status: z.enum(['stored', 'duplicate', 'ignored']),
  /** Why nothing was stored (ignored), in a few words; null when stored or a duplicate. */
  reason: z.string().nullable(),
  /** What became of the order it carried; null when it carried none (refunds/create). */
  order: UpsertOutcomeSchema.nullable(),
  /** Refunds inserted or changed. */
  refunds: z.number().int().min(0),
});
export type WebhookResult = z.infer<typeof WebhookResultSchema>;

/**
 * Shopify's order webhooks (orders/create, orders/updated, orders/paid, orders/cancelled,
 * refunds/create), with Shopify's headers: X-Shopify-Hmac-Sha256, X-Shopify-Shop-Domain,
 * X-Shopify-Topic, X-Shopify-Webhook-Id, X-Shopify-Triggered-At.
 */
export const shopifyWebhook = defineRoute({
  method: 'POST',
  path: '/api/orders/webhooks/shopify',
  access: 'public',
  response: WebhookResultSchema,
  bodyLimitBytes: WEBHOOK_BODY_LIMIT_BYTES,
});

/**
 * Any other shop's orders, in the generic format (orders/generic-order.ts): headers
 * X-Bayme-Shop (the shop's configured name), X-Bayme-Hmac-Sha256 (signed as Shopify signs)
 * and, optionally, X-Bayme-Delivery-Id (a retry with the same id is a duplicate).
 */
export const genericWebhook = defineRoute({
  method: 'POST',
  path: '/api/orders/webhooks/generic',
  access: 'public',
  response: WebhookResultSchema,
  bodyLimitBytes: WEBHOOK_BODY_LIMIT_BYTES,
});

export const SHOPIFY_HEADERS = {
  signature: 'x-shopify-hmac-sha256',
  shop: 'x-shopify-shop-domain',
  topic: 'x-shopify-topic',
  deliveryId: 'x-shopify-webhook-id',
  triggeredAt: 'x-shopify-triggered-at',
} as const;

export const GENERIC_HEADERS = {
  signature: 'x-bayme-hmac-sha256',
  shop: 'x-bayme-shop',
  deliveryId: 'x-bayme-delivery-id',
} as const;

// Admin imports ------------------------------------------------------------------------------

/** 32 MiB of CSV; as a JSON string it may take up to twice that (escaped quotes). */
export const MAX_IMPORT_CSV_BYTES = 32 * 1024 * 1024;

export const CsvImportBodySchema = z.object({
  csv: z
    .string()
    .min(1, { error: 'The CSV is empty.' })
    .max(MAX_IMPORT_CSV_BYTES, { error: 'The CSV is larger than 32 MiB; split it.' }),
});

export const CsvProblemSchema = z.object({
  /** The row as a spreadsheet numbers it; the header is line 1. */
  line: z.number().int().min(1),
  /** The column's name; null for a problem with the whole row or file. */
  column: z.string().nullable(),
  message: z.string(),
});
export type CsvProblem = z.infer<typeof CsvProblemSchema>;

/** 422: nothing was imported. Also an ordinary error body, for callers that read only that. */
export const CsvRefusedSchema = z.object({
  error: z.object({ code: z.literal('invalid_csv'), message: z.string() }),
  errors: z.array(CsvProblemSchema),
});
export type CsvRefused = z.infer<typeof CsvRefusedSchema>;

const OutcomeCountsSchema = z.object({
  inserted: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  stale: z.number().int().min(0),
});

export const OrdersImportedSchema = z.object({
  orders: OutcomeCountsSchema,
  refunds: OutcomeCountsSchema,
});

/** Past orders from a CSV file (orders/orders-csv.ts): all rows, or none. */
export const importOrders = defineRoute({
  method: 'POST',
  path: '/api/orders/import',
  access: 'admin',
  body: CsvImportBodySchema,
  response: z.union([OrdersImportedSchema, CsvRefusedSchema]),
  bodyLimitBytes: 2 * MAX_IMPORT_CSV_BYTES + 4096,
});

/** Exchange rates per day from a CSV file (orders/currency-rates-csv.ts): all rows, or none. */
export const importCurrencyRates = defineRoute({
  method: 'POST',
  path: '/api/orders/currency-rates',
  access: 'admin',
  body: CsvImportBodySchema,
  response: z.union([z.object({ rates: z.number().int().min(0) }), CsvRefusedSchema]),
  bodyLimitBytes: 2 * MAX_IMPORT_CSV_BYTES + 4096,
});

// Status -------------------------------------------------------------------------------------

export const OrdersStatusSchema = z.object({
  orders: z.number().int().min(0),
  refunds: z.number().int().min(0),
  /** When the newest order was received (stored), whatever its source. */
  latestOrderReceivedAt: IsoDateTimeSchema.nullable(),
  /** The shops whose webhooks are taken (names only). */
  shops: z.array(z.string()),
  /** Shops and their secret are set: the webhooks take orders. */
  webhooksConfigured: z.boolean(),
  /** Deliveries triggered longer ago than this are ignored. */
  webhookMaxAgeHours: z.number().int().min(1),
});
export type OrdersStatus = z.infer<typeof OrdersStatusSchema>;

export const ordersStatus = defineRoute({
  method: 'GET',
  path: '/api/orders/status',
  access: 'buyer',
  response: OrdersStatusSchema,
});
