import type { FastifyRequest } from 'fastify';
import {
  GENERIC_HEADERS,
  genericWebhook,
  SHOPIFY_HEADERS,
  shopifyWebhook,
} from '../contract/orders';
import { verifyWebhookSignature } from './webhook-verification';

/**
 * Which requests the per-address rate limit (RATE_LIMIT_PER_MINUTE) lets through uncounted:
 * order webhooks correctly signed with the shops' secret. A shop's burst (a sale, a backfill
 * of orders/updated) comes from a few of Shopify's addresses — or from one, behind a proxy —
 * and dropping it would lose orders until Shopify's retries; the signature already proves
 * the sender holds the secret. A delivery that is unsigned or badly signed is counted like any
 * anonymous request, so a flood of forgeries is still limited per address.
 *
 * It runs before the handler, so a signed delivery's HMAC is computed twice: microseconds for
 * a body of a few kilobytes.
 */

const SIGNATURE_HEADERS = new Map<string, string>([
  [shopifyWebhook.path, SHOPIFY_HEADERS.signature],
  [genericWebhook.path, GENERIC_HEADERS.signature],
]);

export function signedWebhookExemption(
  secret: string | null,
): (request: FastifyRequest) => boolean {
  return (request) => {
    if (secret === null) return false;
    const headerName = SIGNATURE_HEADERS.get(request.routeOptions.url ?? '');
    // The webhook routes take their body as bytes (routes/order-routes.ts).
    if (headerName === undefined || !Buffer.isBuffer(request.body)) return false;
    const value = request.headers[headerName];
    return verifyWebhookSignature(request.body, Array.isArray(value) ? value[0] : value, secret);
  };
}
