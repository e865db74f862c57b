import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  currencyRule,
  formatAmount,
  formatMoney,
  formatUnroundedMoney,
  hasCurrencyPrecision,
  isSupportedCurrency,
  maximumBudget,
  roundToCurrency,
  smallestAmount,
} from './currency';

describe('currencyRule', () => {
  it.each([
    ['USD', 1, false],
    ['EUR', 1, false],
    ['GBP', 1, false],
    ['RON', 1, false],
    ['HUF', 1, true],
    ['PLN', 4, false],
    ['HKD', 10, false],
    ['BOB', 10, false],
    ['TWD', 10, true],
    ['PHP', 50, false],
    ['INR', 100, false],
    ['RUB', 100, false],
    ['JPY', 100, true],
    ['ISK', 100, true],
    ['COP', 1_000, false],
    ['CRC', 1_000, false],
    ['KRW', 1_000, true],
    ['CLP', 1_000, true],
    ['IDR', 10_000, true],
    ['PYG', 10_000, true],
    ['VND', 10_000, true],
    ['VEF', 100_000, false],
  ])('%s has ratio %i (integers only: %s)', (currency, ratio, integerOnly) => {
    expect(currencyRule(currency)).toEqual({ ratio, integerOnly });
  });

  it('covers every currency of the reference table', () => {
    const table: Record<number, string[]> = {
      1: 'USD EUR GBP AUD CAD NZD SGD CHF MYR AED SAR BRL ARS ILS PEN QAR RON HUF'.split(' '),
      4: ['PLN'],
      10: 'HKD CNY ZAR DKK SEK NOK TRY MXN THB CZK EGP GTQ HNL MOP NIO UAH UYU BOB TWD'.split(' '),
      50: ['PHP'],
      100: 'RUB DZD BDT INR KES NGN PKR JPY ISK'.split(' '),
      1000: 'COP CRC KRW CLP'.split(' '),
      10000: 'IDR PYG VND'.split(' '),
      100000: ['VEF'],
    };
    const integerOnly = new Set(['HUF', 'TWD', 'JPY', 'ISK', 'KRW', 'CLP', 'IDR', 'PYG', 'VND']);
    for (const [ratio, currencies] of Object.entries(table)) {
      for (const currency of currencies) {
        expect(currencyRule(currency), currency).toEqual({
          ratio: Number(ratio),
          integerOnly: integerOnly.has(currency),
        });
      }
    }
  });

  it('refuses a currency without a documented ratio', () => {
    expect(() => currencyRule('XYZ')).toThrow(RangeError);
    expect(() => currencyRule('usd')).toThrow(/no budget ratio is known for currency usd/i);
    expect(isSupportedCurrency('XYZ')).toBe(false);
    expect(isSupportedCurrency('JPY')).toBe(true);
  });
});

describe('hasCurrencyPrecision', () => {
  it.each([
    [50, 'USD', true],
    [50.5, 'USD', true],
    [50.25, 'USD', true],
    [0.29, 'USD', true],
    [0.01, 'USD', true],
    [9_999_999.99, 'USD', true],
    [50.001, 'USD', false],
    [50.125, 'USD', false],
    [0.005, 'USD', false],
    [19.99, 'PLN', true],
    [19.999, 'PLN', false],
    [999_999_999_999.99, 'VEF', true],
    [2_000, 'JPY', true],
    [2_000.5, 'JPY', false],
    [1_999.99, 'JPY', false],
    [20_000, 'KRW', true],
    [20_000.1, 'KRW', false],
    [200_000, 'IDR', true],
    [200_000.01, 'IDR', false],
    [20, 'HUF', true],
    [20.5, 'HUF', false],
    [200.5, 'TWD', false],
  ])('%d %s: %s', (amount, currency, expected) => {
    expect(hasCurrencyPrecision(amount, currency)).toBe(expected);
  });
});

describe('formatAmount', () => {
  it.each([
    [50, 'USD', '50.00 USD'],
    [0.5, 'GBP', '0.50 GBP'],
    [2_000, 'JPY', '2000 JPY'],
    [50_000, 'KRW', '50000 KRW'],
    [1e12, 'VEF', '1000000000000.00 VEF'],
  ])('%d %s reads %s', (amount, currency, expected) => {
    expect(formatAmount(amount, currency)).toBe(expected);
  });
});

describe('roundToCurrency', () => {
  it('rounds to cents, or to whole units where the currency has no decimals', () => {
    expect(roundToCurrency(1.005, 'USD')).toBe(1.01);
    expect(roundToCurrency(110.00000000000001, 'USD')).toBe(110);
    expect(roundToCurrency(57.123, 'EUR')).toBe(57.12);
    expect(roundToCurrency(2_200.5, 'JPY')).toBe(2_201);
    expect(roundToCurrency(2_200.4, 'KRW')).toBe(2_200);
  });
});

describe('currencyDigits and smallestAmount: TikTok precision, not ISO 4217', () => {
  it.each([
    // ISO gives HUF, TWD and IDR two decimals; TikTok takes whole amounts only.
    ['HUF', 0],
    ['TWD', 0],
    ['IDR', 0],
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['PYG', 0],
    ['VND', 0],
    ['USD', 2],
    ['GBP', 2],
    ['PLN', 2],
    ['VEF', 2],
  ])('%s has %i decimals', (currency, digits) => {
    expect(currencyDigits(currency)).toBe(digits);
    expect(smallestAmount(currency)).toBe(digits === 0 ? 1 : 0.01);
  });

  it('falls back to ISO 4217 for a currency outside TikTok’s table', () => {
    expect(currencyDigits('KWD')).toBe(3);
    expect(currencyDigits('BHD')).toBe(3);
    expect(currencyDigits('not a code')).toBe(2);
  });
});

describe('maximumBudget', () => {
  it('is 10,000,000 in USD terms times the ratio', () => {
    expect(maximumBudget('USD')).toBe(10_000_000);
    expect(maximumBudget('PLN')).toBe(40_000_000);
    expect(maximumBudget('JPY')).toBe(1_000_000_000);
    expect(maximumBudget('VEF')).toBe(1e12);
  });
});

describe('formatMoney', () => {
  it.each([
    [10_000_000, 'USD', '$10,000,000.00'],
    [9_999_999_999.99, 'USD', '$9,999,999,999.99'],
    [0.5, 'GBP', '£0.50'],
    [1234.5, 'EUR', '€1,234.50'],
    [2_000, 'JPY', '¥2,000'],
    [50_000, 'KRW', '₩50,000'],
    // Whole amounts in TikTok's integer currencies, whatever ISO says; a no-break space
    // keeps a code and its figure on one line.
    [20_000, 'HUF', 'HUF\u00a020,000'],
    [1_500, 'TWD', 'NT$1,500'],
    [200_000, 'IDR', 'IDR\u00a0200,000'],
    [200, 'PLN', 'PLN\u00a0200.00'],
    [-12.5, 'USD', '-$12.50'],
  ])('%d %s reads %s', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });

  it('takes other decimals when asked, and writes K, M and B when compact', () => {
    expect(formatMoney(2_415.35, 'JPY', { fractionDigits: 2 })).toBe('¥2,415.35');
    expect(formatMoney(2_345, 'USD', { compact: true })).toBe('$2.3K');
    expect(formatMoney(152_340, 'USD', { compact: true })).toBe('$152K');
    expect(formatMoney(1_000, 'GBP', { compact: true })).toBe('£1K');
    expect(formatMoney(1_234_567, 'JPY', { compact: true })).toBe('¥1.2M');
    expect(formatMoney(9_999_999_999.99, 'USD', { compact: true })).toBe('$10B');
  });

  it('still writes an amount whose code Intl does not accept', () => {
    expect(formatMoney(1234.5, 'US')).toBe('1,234.50 US');
  });
});

describe('formatUnroundedMoney', () => {
  it('shows the decimals a rounding drops, up to four', () => {
    expect(formatUnroundedMoney(2_415.35, 'JPY')).toBe('¥2,415.35');
    expect(formatUnroundedMoney(110.00000000000001, 'USD')).toBe('$110.00');
    expect(formatUnroundedMoney(57.123456, 'EUR')).toBe('€57.1235');
    expect(formatUnroundedMoney(2_000, 'JPY')).toBe('¥2,000');
  });
});
