/**
 * Money as the orders keep it: integers of micro-units (1 USD = 1,000,000 micros), read from
 * and written to decimal strings exactly. Shops send amounts as decimal strings ("12.50");
 * going through binary floating point ("0.1 + 0.2") would make sums drift by fractions of a
 * cent that a buyer comparing with the shop's own report would see. Pure.
 */

const MICRO_DECIMALS = 6;
const MICROS = 1_000_000n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An amount or a rate that cannot be read exactly. */
export class AmountFormatError extends Error {
  constructor(text: string, reason: string) {
    super(`"${shorten(text)}" is not an amount: ${reason}.`);
    this.name = 'AmountFormatError';
  }
}

export interface ParseAmountOptions {
  /**
   * Whether a minus sign is allowed. Off by default: an order's total and a refund's amount
   * are both positive (a refund is subtracted where it is counted, never stored negative).
   */
  allowNegative?: boolean;
}

const AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * "12", "12.5", "12.345678", "-3.10" (with `allowNegative`) → micros. Refused, with the
 * reason: more than 6 decimals, exponents ("1e3"), thousands separators ("1,000.00"),
 * a decimal comma, signs other than a leading minus, spaces, empty text, "NaN", and amounts
 * beyond Number.MAX_SAFE_INTEGER micros (about 9 billion units), which a number could not
 * hold exactly.
 */
export function parseAmountMicros(text: string, options: ParseAmountOptions = {}): number {
  const match = AMOUNT.exec(text);
  if (match === null) throw new AmountFormatError(text, whyNotAnAmount(text));
  const [, sign = '', whole = '', fraction = ''] = match;
  if (fraction.length > MICRO_DECIMALS) {
    throw new AmountFormatError(text, `it has more than ${MICRO_DECIMALS} decimals`);
  }
  if (sign === '-' && options.allowNegative !== true) {
    throw new AmountFormatError(text, 'it is negative, and a negative amount is not allowed here');
  }
  const magnitude = BigInt(whole) * MICROS + BigInt(fraction.padEnd(MICRO_DECIMALS, '0'));
  if (magnitude > MAX_SAFE) {
    throw new AmountFormatError(text, 'it is too large to be kept exactly');
  }
  // No "-0": a zero refund is 0 whatever its sign.
  return magnitude === 0n ? 0 : Number(sign === '-' ? -magnitude : magnitude);
}

function whyNotAnAmount(text: string): string {
  if (text.trim() === '') return 'it is empty';
  if (text !== text.trim() || /\s/.test(text)) return 'it contains spaces';
  if (/^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$/.test(text)) return 'exponents are not allowed';
  if (/^-?\d{1,3}([,'’_ ]\d{3})+(\.\d+)?$/.test(text)) {
    return 'thousands separators are not allowed (write 1234.50, not 1,234.50)';
  }
  if (/^-?\d+,\d+$/.test(text)) return 'use a dot as the decimal separator (12.50, not 12,50)';
  if (text.startsWith('+')) return 'write it without a plus sign';
  if (/^-?\.\d+$/.test(text) || /^-?\d+\.$/.test(text)) {
    return 'write digits on both sides of the dot (0.50, 12.00)';
  }
  return 'write digits with an optional dot and up to 6 decimals, like 12.50';
}

/**
 * Micros as a decimal string with `decimals` decimals (0–6), for display and CSV: rounded
 * half away from zero when fewer than 6 decimals are asked ("12.345" at 2 → "12.35").
 */
export function formatMicros(micros: number, decimals: number): string {
  checkMicros(micros);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MICRO_DECIMALS) {
    throw new RangeError(`decimals must be a whole number from 0 to 6, not ${decimals}.`);
  }
  const negative = micros < 0;
  const step = 10n ** BigInt(MICRO_DECIMALS - decimals);
  const magnitude = BigInt(Math.abs(micros));
  const rounded = (magnitude + step / 2n) / step;
  const unit = 10n ** BigInt(decimals);
  const whole = (rounded / unit).toString();
  const fraction = decimals === 0 ? '' : `.${(rounded % unit).toString().padStart(decimals, '0')}`;
  return `${negative && rounded !== 0n ? '-' : ''}${whole}${fraction}`;
}

const RATE = /^(\d+)(?:\.(\d+))?$/;
/** Enough for any published exchange rate; a longer one is more likely a pasting error. */
const MAX_RATE_DECIMALS = 18;
const MAX_RATE_LENGTH = 40;

/**
 * Whether `text` is an exchange rate this module can apply exactly: a positive decimal
 * ("0.9213", "151.37") with at most 18 decimals, no sign, exponent or separator.
 */
export function isRate(text: string): boolean {
  const match = text.length <= MAX_RATE_LENGTH ? RATE.exec(text) : null;
  if (match === null) return false;
  const fraction = match[2] ?? '';
  return fraction.length <= MAX_RATE_DECIMALS && /[1-9]/.test(text);
}

/**
 * `micros` of one currency times `rate` (units of the other per unit of this one, a decimal
 * string kept exact: see isRate), rounded half away from zero to a whole micro. BigInt
 * arithmetic: the product of a large amount and a long rate goes beyond what a number holds.
 */
export function convertMicros(micros: number, rate: string): number {
  checkMicros(micros);
  const match = isRate(rate) ? RATE.exec(rate) : null;
  if (match === null) {
    throw new AmountFormatError(rate, 'it is not a rate (a positive decimal like 0.9213)');
  }
  const [, whole = '', fraction = ''] = match;
  const scale = 10n ** BigInt(fraction.length);
  const product = BigInt(Math.abs(micros)) * BigInt(`${whole}${fraction}`);
  const rounded = (product * 2n + scale) / (scale * 2n);
  if (rounded > MAX_SAFE) {
    throw new RangeError(`${micros} micros at rate ${rate} is too large to be kept exactly.`);
  }
  if (rounded === 0n) return 0;
  return micros < 0 ? -Number(rounded) : Number(rounded);
}

function checkMicros(micros: number): void {
  if (!Number.isSafeInteger(micros)) {
    throw new RangeError(`An amount in micros must be a safe whole number, not ${micros}.`);
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
