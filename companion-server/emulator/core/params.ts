import { z } from 'zod';
import { ApiError, ReturnCode } from './api-error';

/**
 * Request parameters. GET parameters arrive as query-string text, with arrays and objects
 * JSON-encoded (`fields=["campaign_id"]`); POST bodies are JSON. The helpers here accept
 * both, so one schema describes an endpoint's parameters whichever way they came.
 *
 * The emulator is deliberately strict where TikTok may be lenient (ids must be strings of
 * digits, not numbers): a client that passes here also passes at TikTok.
 */

/** An error message for a type mismatch that says "missing" when the field is absent. */
export function typeError(message: string) {
  return (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'Missing data for required field.' : message;
}

/** A TikTok id: a string of digits. Numbers are rejected, since ids exceed 2^53. */
export const IdSchema = z
  .string({ error: typeError('Not a valid string.') })
  .regex(/^\d{1,20}$/, { error: 'Not a valid id (a string of digits).' });

/** Attach the TikTok return code an issue should produce (default: 40002). */
export function returnCodeIssue(message: string, returnCode: number) {
  return { code: 'custom' as const, message, params: { returnCode } };
}

function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A parameter that GET requests send JSON-encoded in the query string. */
export function jsonEncoded<T extends z.ZodType>(schema: T) {
  return z.preprocess(parseJsonText, schema);
}

/** An integer that GET requests send as text, optionally bounded. */
export function integer(bounds: { min?: number; max?: number } = {}) {
  let schema = z
    .number({ error: typeError('Not a valid integer.') })
    .int({ error: 'Not a valid integer.' });
  if (bounds.min !== undefined) {
    schema = schema.min(bounds.min, { error: `Must be at least ${bounds.min}.` });
  }
  if (bounds.max !== undefined) {
    schema = schema.max(bounds.max, { error: `Must be at most ${bounds.max}.` });
  }
  return z.preprocess(
    (value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value),
    schema,
  );
}

/** A boolean that GET requests send as text. */
export function boolean() {
  return z.preprocess(
    (value) => (value === 'true' ? true : value === 'false' ? false : value),
    z.boolean({ error: typeError('Not a valid boolean.') }),
  );
}

/** A list of ids, 1 to `max` of them; more than `max` is TikTok's "too many ids" (40011). */
export function idList(max: number) {
  return jsonEncoded(
    z
      .array(IdSchema, { error: typeError('Not a valid list.') })
      .min(1, { error: 'Length must be at least 1.' })
      .superRefine((ids, ctx) => {
        if (ids.length > max) {
          ctx.addIssue(
            returnCodeIssue(
              `At most ${max} ids per request; got ${ids.length}.`,
              ReturnCode.TOO_MANY_IDS,
            ),
          );
        }
      }),
  );
}

/** A money amount: a JSON number, or text holding one (GET). */
export function amount() {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    z.number({ error: typeError('Not a valid number.') }).finite({ error: 'Not a valid number.' }),
  );
}

function describeIssue(issue: z.core.$ZodIssue): { code: number; message: string } {
  const field = issue.path.map(String).join('.') || 'params';
  const returnCode =
    issue.code === 'custom' && typeof issue.params?.returnCode === 'number'
      ? issue.params.returnCode
      : ReturnCode.PARAMETER_ERROR;
  return { code: returnCode, message: `${field}: ${issue.message}` };
}

/** Parse raw parameters, or throw the ApiError TikTok would answer with. */
export function parseParams<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const first = result.error.issues[0];
  if (!first) throw new ApiError(ReturnCode.PARAMETER_ERROR, 'params: Invalid parameters.');
  const { code, message } = describeIssue(first);
  throw new ApiError(code, message);
}

/** A list of field names, each of which must be one the endpoint knows. */
export function fieldList(allowed: readonly string[]) {
  return jsonEncoded(
    z.array(z.string(), { error: typeError('Not a valid list.') }).superRefine((fields, ctx) => {
      if (fields.some((field) => !allowed.includes(field))) {
        ctx.addIssue({
          code: 'custom',
          message: `one or more value of the param is not acceptable, correct is [${allowed.join(', ')}]`,
        });
      }
    }),
  );
}

/** A `YYYY-MM-DD HH:MM:SS` time (UTC), as TikTok's schedule times are written. */
export const DateTimeSchema = z
  .string({ error: typeError('Not a valid string.') })
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, {
    error: 'Not a valid time (YYYY-MM-DD HH:MM:SS).',
  });

export function parseUtcDateTime(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}
