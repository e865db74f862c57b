import { describe, expect, it } from 'vitest';
import { parseJsonKeepingLargeIntegers } from './json-large-integers';

describe('parseJsonKeepingLargeIntegers', () => {
  it('keeps an OAuth scope id above 2^53 exactly, as a string', () => {
    expect(parseJsonKeepingLargeIntegers('{"scope":[1,7543056879933489153]}')).toEqual({
      scope: [1, '7543056879933489153'],
    });
  });

  it.each([
    ['999999999999999', 999_999_999_999_999],
    ['-999999999999999', -999_999_999_999_999],
    ['0', 0],
    ['-0', -0],
    ['42', 42],
    ['-7', -7],
    ['9007199254740', 9_007_199_254_740],
  ])('leaves %s (15 digits or fewer) a number', (literal, expected) => {
    expect(parseJsonKeepingLargeIntegers(`{"n":${literal}}`)).toEqual({ n: expected });
  });

  it.each([
    ['1000000000000000', '1000000000000000'],
    ['9007199254740993', '9007199254740993'],
    ['-7543056879933489153', '-7543056879933489153'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
  ])('turns %s (more than 15 digits) into the exact string', (literal, expected) => {
    expect(parseJsonKeepingLargeIntegers(`{"n":${literal}}`)).toEqual({ n: expected });
  });

  it('handles large integers at the top level, in arrays and next to whitespace', () => {
    expect(parseJsonKeepingLargeIntegers('7543056879933489153')).toBe('7543056879933489153');
    expect(parseJsonKeepingLargeIntegers('[ 7543056879933489153 ,\n 2 ]')).toEqual([
      '7543056879933489153',
      2,
    ]);
    expect(
      parseJsonKeepingLargeIntegers('{"a":{"b":[7543056879933489153,{"c":1234567890123456}]}}'),
    ).toEqual({ a: { b: ['7543056879933489153', { c: '1234567890123456' }] } });
  });

  it.each([
    '12345678901234567.5',
    '1234567890123456789e2',
    '1234567890123456789E-2',
    '1.5e+300',
    '-2.25',
    '1e5',
    '20.000',
  ])('leaves the decimal or exponent number %s a number', (literal) => {
    expect(parseJsonKeepingLargeIntegers(`{"n":${literal}}`)).toEqual({ n: Number(literal) });
  });

  // Floats serialised by JS or Python often carry 16-17 fractional digits.
  it.each([
    '0.30000000000000004',
    '3.3333333333333335',
    '-0.0000000000000001',
    '1.2345678901234567e+2',
  ])('leaves %s, whose fraction has more than 15 digits, a number', (literal) => {
    expect(parseJsonKeepingLargeIntegers(`{"n":${literal}}`)).toEqual({ n: Number(literal) });
  });

  it('leaves digits inside strings alone, ids included', () => {
    expect(
      parseJsonKeepingLargeIntegers('{"advertiser_id":"7543056879933489153","n":"12"}'),
    ).toEqual({ advertiser_id: '7543056879933489153', n: '12' });
  });

  it('leaves digits in keys alone', () => {
    expect(parseJsonKeepingLargeIntegers('{"7543056879933489153":1}')).toEqual({
      '7543056879933489153': 1,
    });
  });

  it('is not fooled by escaped quotes or backslashes inside strings', () => {
    const text = String.raw`{"s":"say \"12345678901234567890\" twice","b":"\\","n":12345678901234567890}`;
    expect(parseJsonKeepingLargeIntegers(text)).toEqual({
      s: 'say "12345678901234567890" twice',
      b: '\\',
      n: '12345678901234567890',
    });
  });

  it('is not fooled by unicode escapes', () => {
    expect(parseJsonKeepingLargeIntegers(String.raw`["\u00e9 1234567890123456789", 5]`)).toEqual([
      'é 1234567890123456789',
      5,
    ]);
  });

  it('parses literals and empty containers like JSON.parse', () => {
    const text = '{"t":true,"f":false,"z":null,"a":[],"o":{},"n":-1.5}';
    expect(parseJsonKeepingLargeIntegers(text)).toEqual(JSON.parse(text));
  });

  it('matches JSON.parse on a typical TikTok envelope', () => {
    const text =
      '{"code":0,"message":"OK","request_id":"2026112011223344","data":{"list":[{"metrics":{"spend":"20.000"},"dimensions":{"campaign_id":"1790000000000000001"}}],"page_info":{"page":1,"page_size":10,"total_number":1,"total_page":1}}}';
    expect(parseJsonKeepingLargeIntegers(text)).toEqual(JSON.parse(text));
  });

  it.each([
    '',
    '{',
    '{"a":}',
    '{"a":1,}',
    '{"scope":[1,7543056879933489153',
    "{'a':1}",
    '[1 2]',
    'undefined',
  ])('throws a SyntaxError on the invalid JSON %j', (text) => {
    expect(() => parseJsonKeepingLargeIntegers(text)).toThrow(SyntaxError);
  });
});
