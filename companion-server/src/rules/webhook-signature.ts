import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How the rules' webhook deliveries prove they come from this server: an HMAC-SHA256 with
 * the shared secret (RULES_WEBHOOK_SECRET) over `<timestamp>.<raw body>`, sent as
 * `X-Bayme-Signature: sha256=<hex>` beside `X-Bayme-Timestamp: <Unix seconds>`.
 *
 * The timestamp is inside the signature so that a captured delivery cannot be replayed
 * later: a receiver recomputes the signature over the exact bytes it received (before any
 * JSON parsing), compares it in constant time, and rejects a timestamp more than
 * MAX_WEBHOOK_AGE_SECONDS (5 minutes) away from its own clock. Each attempt of a delivery is
 * signed afresh, so a retry is not rejected as old; a receiver that must act only once uses
 * `bayme.deliveryId` in the body.
 */

export const SIGNATURE_HEADER = 'X-Bayme-Signature';
export const TIMESTAMP_HEADER = 'X-Bayme-Timestamp';
export const MAX_WEBHOOK_AGE_SECONDS = 5 * 60;

export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8');
  return `sha256=${mac.digest('hex')}`;
}

/** Constant time over equal lengths; a header of another length (or none) is simply false. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  rawBody: string,
  header: string | undefined,
): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(header, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A receiver's replay check: the timestamp is Unix seconds within the allowed age of now. */
export function isFreshWebhookTimestamp(
  timestamp: string,
  now: Date,
  maxAgeSeconds = MAX_WEBHOOK_AGE_SECONDS,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(now.getTime() / 1_000 - Number(timestamp)) <= maxAgeSeconds;
}
