/**
 * TikTok's "Budget Verification Ratio" per currency: budget ranges are the USD base range
 * times the ratio. Some currencies accept integers only; the rest take two decimals.
 * Source: shared/reference/tiktok-marketing-api.md §6. Published data, shared by the
 * emulator (which enforces it) and the bulk-edit planner (which predicts it).
 */
export interface CurrencyRule {
  ratio: number;
  integerOnly: boolean;
}

const RATIO_GROUPS: Array<{ ratio: number; decimal: string[]; integer: string[] }> = [
  {
    ratio: 1,
    decimal: [
      'USD',
      'EUR',
      'GBP',
      'AUD',
      'CAD',
      'NZD',
      'SGD',
      'CHF',
      'MYR',
      'AED',
      'SAR',
      'BRL',
      'ARS',
      'ILS',
      'PEN',
      'QAR',
      'RON',
    ],
    integer: ['HUF'],
  },
  { ratio: 4, decimal: ['PLN'], integer: [] },
  {
    ratio: 10,
    decimal: [
      'HKD',
      'CNY',
      'ZAR',
      'DKK',
      'SEK',
      'NOK',
      'TRY',
      'MXN',
      'THB',
      'CZK',
      'EGP',
      'GTQ',
      'HNL',
      'MOP',
      'NIO',
      'UAH',
      'UYU',
      'BOB',
    ],
    integer: ['TWD'],
  },
  { ratio: 50, decimal: ['PHP'], integer: [] },
  {
    ratio: 100,
    decimal: ['RUB', 'DZD', 'BDT', 'INR', 'KES', 'NGN', 'PKR'],
    integer: ['JPY', 'ISK'],
  },
  { ratio: 1_000, decimal: ['COP', 'CRC'], integer: ['KRW', 'CLP'] },
  { ratio: 10_000, decimal: [], integer: ['IDR', 'PYG', 'VND'] },
  { ratio: 100_000, decimal: ['VEF'], integer: [] },
];

const RULES = new Map<string, CurrencyRule>();
for (const group of RATIO_GROUPS) {
  for (const code of group.decimal) RULES.set(code, { ratio: group.ratio, integerOnly: false });
  for (const code of group.integer) RULES.set(code, { ratio: group.ratio, integerOnly: true });
}

export function currencyRule(currency: string): CurrencyRule {
  const rule = RULES.get(currency);
  if (!rule) throw new RangeError(`No budget ratio is known for currency ${currency}`);
  return rule;
}

export function isSupportedCurrency(currency: string): boolean {
  return RULES.has(currency);
}

/** True when the amount has no more decimals than the currency allows. */
export function hasCurrencyPrecision(amount: number, currency: string): boolean {
  const scale = currencyRule(currency).integerOnly ? 1 : 100;
  const scaled = amount * scale;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export function formatAmount(amount: number, currency: string): string {
  const digits = currencyRule(currency).integerOnly ? 0 : 2;
  return `${amount.toFixed(digits)} ${currency}`;
}

/** The amount rounded to what the currency allows (whole units or cents). */
export function roundToCurrency(amount: number, currency: string): number {
  const scale = currencyRule(currency).integerOnly ? 1 : 100;
  // toPrecision drops float noise first, so 1.005 × 100 (100.49999…) rounds to 101 cents.
  return Math.round(Number((amount * scale).toPrecision(12))) / scale;
}
