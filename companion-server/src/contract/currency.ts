/**
 * Money in TikTok's terms, for the server and the extension alike: each currency's "Budget
 * Verification Ratio" (budget ranges are the USD base range times the ratio) and its
 * precision. TikTok's precision is not ISO 4217's: HUF, TWD, IDR and the other currencies
 * marked "int" in shared/reference/tiktok-marketing-api.md §6 take and show whole amounts
 * only; every other currency of the table takes two decimals. The emulator enforces this
 * table, the planners predict it, and every screen writes amounts with it.
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

/** TikTok's largest budget in USD terms: a budget must stay below it times the ratio. */
const MAX_BUDGET_BASE = 10_000_000;

export function currencyRule(currency: string): CurrencyRule {
  const rule = RULES.get(currency);
  if (!rule) throw new RangeError(`No budget ratio is known for currency ${currency}`);
  return rule;
}

export function isSupportedCurrency(currency: string): boolean {
  return RULES.has(currency);
}

/**
 * How many decimals an amount of the currency has: TikTok's table first; for a currency it
 * does not list (an account TikTok opened since), ISO 4217's as the platform's Intl knows it,
 * so that an amount still shows rather than the page failing.
 */
export function currencyDigits(currency: string): number {
  const rule = RULES.get(currency);
  if (rule) return rule.integerOnly ? 0 : 2;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
}

/** The currency's smallest step: one unit where it takes whole amounts, a cent otherwise. */
export function smallestAmount(currency: string): number {
  return 10 ** -currencyDigits(currency);
}

/** TikTok's maximum budget in the currency; a budget must be less than it. */
export function maximumBudget(currency: string): number {
  return MAX_BUDGET_BASE * currencyRule(currency).ratio;
}

/** True when the amount has no more decimals than the currency allows. */
export function hasCurrencyPrecision(amount: number, currency: string): boolean {
  const scale = currencyRule(currency).integerOnly ? 1 : 100;
  const scaled = amount * scale;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** The amount rounded to what the currency allows (whole units or cents). */
export function roundToCurrency(amount: number, currency: string): number {
  const scale = currencyRule(currency).integerOnly ? 1 : 100;
  // toPrecision drops float noise first, so 1.005 × 100 (100.49999…) rounds to 101 cents.
  return Math.round(Number((amount * scale).toPrecision(12))) / scale;
}

/**
 * "10000000.00 USD": how TikTok's own error messages write an amount. Only the emulator, which
 * imitates those messages, writes amounts this way; people read `formatMoney`.
 */
export function formatAmount(amount: number, currency: string): string {
  const digits = currencyRule(currency).integerOnly ? 0 : 2;
  return `${amount.toFixed(digits)} ${currency}`;
}

export interface MoneyFormatOptions {
  /** Decimals to show; the currency's own by default. */
  fractionDigits?: number;
  /** K, M and B for thousands, millions and billions ($2.3K); one decimal at most. */
  compact?: boolean;
}

const formatters = new Map<string, Intl.NumberFormat>();

function moneyFormatter(currency: string, digits: number, compact: boolean): Intl.NumberFormat {
  const key = `${currency}|${compact ? 'compact' : digits}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(
      'en-US',
      compact
        ? {
            style: 'currency',
            currency,
            notation: 'compact',
            minimumFractionDigits: 0,
            // A decimal of thousands, not of the currency's unit: ¥2.3K is right for yen too.
            // Three figures at most: $152K rather than $152.3K; $2.3K keeps its decimal.
            maximumFractionDigits: 1,
            maximumSignificantDigits: 3,
            roundingPriority: 'lessPrecision',
            trailingZeroDisplay: 'stripIfInteger',
          }
        : {
            style: 'currency',
            currency,
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          },
    );
    formatters.set(key, found);
  }
  return found;
}

/**
 * An amount as a person reads it, in the currency's symbol and TikTok's precision:
 * "$10,000,000.00", "¥2,000", "HUF 20,000", "NT$1,500". The locale is fixed (en-US) so that
 * the server's messages and the extension's screens write the same amount the same way.
 */
export function formatMoney(
  amount: number,
  currency: string,
  options: MoneyFormatOptions = {},
): string {
  const digits = options.fractionDigits ?? currencyDigits(currency);
  try {
    return moneyFormatter(currency, digits, options.compact ?? false).format(amount);
  } catch {
    // Not a currency code Intl accepts: the figure with its code still says what it is.
    return `${amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
  }
}

/**
 * An amount before rounding to the currency, with the decimals that matter (up to four):
 * "¥2,415.35" for a raise to be rounded to "¥2,415".
 */
export function formatUnroundedMoney(amount: number, currency: string): string {
  const decimals = Math.min(
    4,
    (/\.(\d+)$/.exec(String(Number(amount.toFixed(4))))?.[1] ?? '').length,
  );
  return formatMoney(amount, currency, {
    fractionDigits: Math.max(decimals, currencyDigits(currency)),
  });
}
