import { randomBytes } from 'node:crypto';
import { utcDateTime } from '../../src/lib/time-zone';

/**
 * A JSON integer too large for a JS number, written into the response as digits.
 * TikTok's OAuth `scope` array carries such numbers (e.g. 7543056879933489153); the
 * emulator reproduces them so that the client's handling of them is exercised.
 */
export class LargeJsonInteger {
  constructor(readonly digits: string) {
    if (!/^\d+$/.test(digits)) throw new RangeError(`Not an integer: ${digits}`);
  }
}

const LARGE_INTEGER_MARK = '\u0000large-integer:';

/** JSON.stringify that writes {@link LargeJsonInteger} values as bare digits. */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    item instanceof LargeJsonInteger ? `${LARGE_INTEGER_MARK}${item.digits}` : item,
  );
  return text.replace(/"\\u0000large-integer:(\d+)"/g, '$1');
}

/** TikTok request ids: a timestamp followed by random hex, e.g. `20261121220311A1B2C3D4E5F60718`. */
export function newRequestId(now: number): string {
  const stamp = utcDateTime(now).replace(/[-: ]/g, '');
  return stamp + randomBytes(8).toString('hex').toUpperCase();
}

export interface Envelope {
  code: number;
  message: string;
  request_id: string;
  data: unknown;
}

export function envelope(
  code: number,
  message: string,
  requestId: string,
  data: unknown,
): Envelope {
  return { code, message, request_id: requestId, data };
}
