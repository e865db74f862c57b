import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shop webhooks are signed the way Shopify signs them: the base64 of HMAC-SHA256 over the
 * raw request body, keyed with a shared secret. The generic webhook uses the same scheme, so
 * one check serves both.
 *
 * The body must be the bytes as they arrived: parsing and re-serializing JSON changes spaces,
 * key order or number spellings, and the signature no longer matches.
 */

/** 32 bytes of HMAC-SHA256 in base64: 43 characters and one `=` of padding. */
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

export function webhookSignature(rawBody: Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * True when `header` is the body's signature. Anything that is not a well-formed base64
 * SHA-256 (missing, wrong length, other characters) is a plain mismatch: Node's base64
 * decoder skips characters it does not know, so the header's form is checked before decoding.
 * The comparison takes the same time wherever the first difference is.
 */
export function verifyWebhookSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  secret: string,
): boolean {
  if (header === undefined) return false;
  const sent = header.trim();
  if (!BASE64_SHA256.test(sent)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const presented = Buffer.from(sent, 'base64');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
