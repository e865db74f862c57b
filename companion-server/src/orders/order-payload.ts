import { z } from 'zod';
import { parseJsonKeepingLargeIntegers } from '../lib/json-large-integers';
import { AmountFormatError, parseAmountMicros } from './money';
import type { OrderRecord, RefundRecord } from './order-store';

/**
 * What the ways orders come in (Shopify's webhooks, the generic webhook, the CSV import)
 * read alike: moments, currency codes, amounts, and a JSON body against its schema.
 *
 * What goes wrong is said by field and expectation only: a body may carry personal data, and
 * an error answer or a log line must never repeat any of it (zod's messages name what was
 * expected, not what was sent; the messages below do the same).
 */

/**
 * A moment: ISO 8601 with a date, a time to the second and a zone (`Z` or an offset such as
 * `-05:00`), as epoch milliseconds. A time without a zone is refused rather than guessed: the
 * same wall-clock time is a different day in Sydney and in Los Angeles, and orders are
 * counted per day of the ad account.
 */
export const InstantSchema = z.iso
  .datetime({
    offset: true,
    error: 'must be a date and time with its zone, e.g. 2026-12-01T10:15:00+01:00',
  })
  .transform((text) => Date.parse(text));

/** The milliseconds of `text`, or null when it is not an ISO 8601 date and time with a zone. */
export function parseInstant(text: string): number | null {
  const parsed = InstantSchema.safeParse(text);
  return parsed.success && Number.isFinite(parsed.data) ? parsed.data : null;
}

/** ISO 4217; stored upper case. */
export const CurrencyCodeSchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, { error: 'must be a three-letter currency code such as EUR' })
  .transform((code) => code.toUpperCase());

/** A decimal string ("12.50"), as shops write amounts, in micros (see money.ts). */
export const AmountSchema = z.string().transform((text, context) => {
  try {
    return parseAmountMicros(text);
  } catch (error) {
    if (!(error instanceof AmountFormatError)) throw error;
    context.addIssue({
      code: 'custom',
      message: 'must be a decimal amount in a string, such as "12.50" (at most 6 decimals)',
    });
    return z.NEVER;
  }
});

export type PayloadReading<T> = { ok: true; value: T } | { ok: false; problem: string };

/** What one delivery brings: an order (refunds/create brings none) and refunds. */
export interface OrdersReceived {
  order: OrderRecord | null;
  refunds: RefundRecord[];
}

/** Integers longer than 15 digits stay strings (ids); see lib/json-large-integers.ts. */
export function readPayload<T extends z.ZodType>(
  schema: T,
  body: string,
): PayloadReading<z.infer<T>> {
  let json: unknown;
  try {
    json = parseJsonKeepingLargeIntegers(body);
  } catch {
    return { ok: false, problem: 'The body is not JSON.' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: describeIssue(parsed.error) };
}

/** The first issue, by field. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'the body';
  return `${field}: ${(issue?.message ?? 'not accepted').replace(/\.+$/, '')}.`;
}
