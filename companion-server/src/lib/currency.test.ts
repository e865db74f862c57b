import { describe, expect, it } from 'vitest';
import {
  currencyRule,
  formatAmount,
  hasCurrencyPrecision,
  isSupportedCurrency,
  roundToCurrency,
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
