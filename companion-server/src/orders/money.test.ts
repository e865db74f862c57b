import { describe, expect, it } from 'vitest';
import { AmountFormatError, convertMicros, formatMicros, isRate, parseAmountMicros } from './money';

describe('parseAmountMicros', () => {
  it.each([
    ['12', 12_000_000],
    ['12.5', 12_500_000],
    ['12.50', 12_500_000],
    ['12.345678', 12_345_678],
    ['0.000001', 1],
    ['0', 0],
    ['0.00', 0],
    ['007.10', 7_100_000],
    ['9007199254.740991', Number.MAX_SAFE_INTEGER],
  ])('reads %s exactly', (text, micros) => {
    expect(parseAmountMicros(text)).toBe(micros);
  });

  it('reads what floating point gets wrong', () => {
    expect(parseAmountMicros('0.1') + parseAmountMicros('0.2')).toBe(parseAmountMicros('0.3'));
    expect(parseAmountMicros('1.005')).toBe(1_005_000);
  });

  it('takes a minus sign only where the caller allows it', () => {
    expect(parseAmountMicros('-3.10', { allowNegative: true })).toBe(-3_100_000);
    expect(() => parseAmountMicros('-3.10')).toThrow(/negative amount is not allowed/);
    expect(Object.is(parseAmountMicros('-0.00', { allowNegative: true }), 0)).toBe(true);
  });

  it.each([
    ['12.3456789', /more than 6 decimals/],
    ['1e3', /exponents/],
    ['1.5E-2', /exponents/],
    ['1,000.00', /thousands separators/],
    ['1 000', /spaces/],
    ['12,50', /dot as the decimal separator/],
    ['', /empty/],
    ['   ', /empty/],
    [' 12', /spaces/],
    ['NaN', /write digits/],
    ['Infinity', /write digits/],
    ['0x10', /write digits/],
    ['+5', /plus sign/],
    ['.5', /both sides of the dot/],
    ['5.', /both sides of the dot/],
    ['--5', /write digits/],
    ['٣', /write digits/],
    ['9007199254.740992', /too large/],
    ['100000000000000000000', /too large/],
  ])('refuses %j', (text, reason) => {
    expect(() => parseAmountMicros(text, { allowNegative: true })).toThrow(AmountFormatError);
    expect(() => parseAmountMicros(text, { allowNegative: true })).toThrow(reason);
  });

  it('names the text it refused', () => {
    expect(() => parseAmountMicros('1,000.00')).toThrow('"1,000.00" is not an amount');
  });
});

describe('formatMicros', () => {
  it.each([
    [12_345_678, 6, '12.345678'],
    [12_345_678, 2, '12.35'],
    [12_344_999, 2, '12.34'],
    [12_345_000, 2, '12.35'],
    [-12_345_000, 2, '-12.35'],
    [-3_100_000, 2, '-3.10'],
    [500_000, 0, '1'],
    [-500_000, 0, '-1'],
    [499_999, 0, '0'],
    [-4_000, 2, '0.00'],
    [1, 6, '0.000001'],
    [0, 2, '0.00'],
    [Number.MAX_SAFE_INTEGER, 6, '9007199254.740991'],
  ])('%d micros at %d decimals → %s', (micros, decimals, text) => {
    expect(formatMicros(micros, decimals)).toBe(text);
  });

  it('round-trips with parseAmountMicros', () => {
    for (const text of ['0.000001', '12.5', '-3.1', '9007199254.740991']) {
      const micros = parseAmountMicros(text, { allowNegative: true });
      expect(parseAmountMicros(formatMicros(micros, 6), { allowNegative: true })).toBe(micros);
    }
  });

  it('refuses what is not a whole number of micros or a decimals count', () => {
    expect(() => formatMicros(1.5, 2)).toThrow(RangeError);
    expect(() => formatMicros(Number.MAX_SAFE_INTEGER + 1, 2)).toThrow(RangeError);
    expect(() => formatMicros(1, 7)).toThrow(RangeError);
    expect(() => formatMicros(1, -1)).toThrow(RangeError);
  });
});

describe('convertMicros', () => {
  it('multiplies exactly and rounds half away from zero', () => {
    expect(convertMicros(100_000_000, '0.9213')).toBe(92_130_000);
    expect(convertMicros(1, '0.5')).toBe(1);
    expect(convertMicros(1, '0.4999999')).toBe(0);
    expect(convertMicros(-1, '0.5')).toBe(-1);
    expect(convertMicros(3, '0.5')).toBe(2);
    expect(convertMicros(-3, '0.5')).toBe(-2);
    expect(convertMicros(12_345_678, '1')).toBe(12_345_678);
    expect(convertMicros(0, '151.37')).toBe(0);
  });

  it('keeps precision where floating point would not', () => {
    expect(convertMicros(3_000_000_000_000_001, '0.333333333333333333')).toBe(
      1_000_000_000_000_000,
    );
    expect(convertMicros(1_000_000_000_000_001, '1.000000000000000001')).toBe(
      1_000_000_000_000_001,
    );
    expect(convertMicros(2_500_000_000_000_005, '1.1')).toBe(2_750_000_000_000_006);
    expect(convertMicros(1_000_000_000_000_001, '0.1')).toBe(100_000_000_000_000);
    expect(convertMicros(333_333, '3')).toBe(999_999);
  });

  it('refuses rates that are not positive decimals, and results too large to be exact', () => {
    for (const rate of [
      '0',
      '0.000',
      '-1',
      '1e2',
      '1,5',
      '',
      ' 1',
      'NaN',
      '1.0000000000000000001',
    ]) {
      expect(() => convertMicros(1_000_000, rate)).toThrow(AmountFormatError);
    }
    expect(() => convertMicros(Number.MAX_SAFE_INTEGER, '2')).toThrow(/too large/);
  });
});

describe('isRate', () => {
  it.each([
    ['0.9213', true],
    ['151.37', true],
    ['1', true],
    ['0.000000000000000001', true],
    ['0', false],
    ['0.0', false],
    ['-0.9', false],
    ['1e-3', false],
    ['1.', false],
    ['.5', false],
    ['1 000', false],
    ['0.0000000000000000001', false],
  ])('%j → %s', (text, expected) => {
    expect(isRate(text)).toBe(expected);
  });
});
