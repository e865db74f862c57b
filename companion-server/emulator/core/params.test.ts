import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './api-error';
import {
  amount,
  boolean,
  DateTimeSchema,
  fieldList,
  IdSchema,
  idList,
  integer,
  jsonEncoded,
  parseParams,
  parseUtcDateTime,
  typeError,
} from './params';

/** The ApiError parseParams throws, or a failure when it does not throw one. */
function rejection(schema: z.ZodType, raw: unknown): { code: number; message: string } {
  try {
    parseParams(schema, raw);
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`Expected ${JSON.stringify(raw)} to be refused`);
}

const ID = '7512649815700963329';

describe('IdSchema', () => {
  const schema = z.object({ advertiser_id: IdSchema });

  it.each([ID, '1', '12345678901234567890'])('accepts %s as the same string', (id) => {
    expect(parseParams(schema, { advertiser_id: id })).toEqual({ advertiser_id: id });
  });

  it.each([
    [{}, 'advertiser_id: Missing data for required field.'],
    [{ advertiser_id: 7512649815700963 }, 'advertiser_id: Not a valid string.'],
    [{ advertiser_id: null }, 'advertiser_id: Not a valid string.'],
    [{ advertiser_id: '' }, 'advertiser_id: Not a valid id (a string of digits).'],
    [{ advertiser_id: '12a' }, 'advertiser_id: Not a valid id (a string of digits).'],
    [{ advertiser_id: '-1' }, 'advertiser_id: Not a valid id (a string of digits).'],
    [{ advertiser_id: ' 123' }, 'advertiser_id: Not a valid id (a string of digits).'],
    [
      { advertiser_id: '123456789012345678901' },
      'advertiser_id: Not a valid id (a string of digits).',
    ],
  ])('refuses %j with 40002: %s', (raw, message) => {
    expect(rejection(schema, raw)).toEqual({ code: 40002, message });
  });
});

describe('idList', () => {
  const schema = z.object({ campaign_ids: idList(100) });
  const ids = (n: number) => Array.from({ length: n }, (_, i) => String(1_000 + i));

  it('reads a JSON-encoded list (GET) and a plain array (POST) alike', () => {
    expect(parseParams(schema, { campaign_ids: '["1","2"]' })).toEqual({
      campaign_ids: ['1', '2'],
    });
    expect(parseParams(schema, { campaign_ids: ['1', '2'] })).toEqual({ campaign_ids: ['1', '2'] });
  });

  it('accepts exactly the maximum', () => {
    expect(parseParams(schema, { campaign_ids: ids(100) }).campaign_ids).toHaveLength(100);
    expect(
      parseParams(schema, { campaign_ids: JSON.stringify(ids(100)) }).campaign_ids,
    ).toHaveLength(100);
  });

  it('refuses one more than the maximum with 40011', () => {
    expect(rejection(schema, { campaign_ids: ids(101) })).toEqual({
      code: 40011,
      message: 'campaign_ids: At most 100 ids per request; got 101.',
    });
    expect(rejection(schema, { campaign_ids: JSON.stringify(ids(101)) }).code).toBe(40011);
  });

  it('applies a small maximum too (status updates take 20)', () => {
    const batch = z.object({ adgroup_ids: idList(20) });
    expect(parseParams(batch, { adgroup_ids: ids(20) }).adgroup_ids).toHaveLength(20);
    expect(rejection(batch, { adgroup_ids: ids(21) })).toEqual({
      code: 40011,
      message: 'adgroup_ids: At most 20 ids per request; got 21.',
    });
  });

  it.each([
    [{ campaign_ids: [] }, 'campaign_ids: Length must be at least 1.'],
    [{ campaign_ids: '[]' }, 'campaign_ids: Length must be at least 1.'],
    [{}, 'campaign_ids: Missing data for required field.'],
    [{ campaign_ids: 'not json' }, 'campaign_ids: Not a valid list.'],
    [{ campaign_ids: '{"a":1}' }, 'campaign_ids: Not a valid list.'],
    [{ campaign_ids: '[1,2]' }, 'campaign_ids.0: Not a valid string.'],
    [{ campaign_ids: ['1', 'x'] }, 'campaign_ids.1: Not a valid id (a string of digits).'],
  ])('refuses %j with 40002: %s', (raw, message) => {
    expect(rejection(schema, raw)).toEqual({ code: 40002, message });
  });

  it('reports a nested path with the 40011 code', () => {
    const nested = z.object({ filtering: jsonEncoded(z.object({ campaign_ids: idList(100) })) });
    const filtering = JSON.stringify({ campaign_ids: ids(101) });
    expect(rejection(nested, { filtering })).toEqual({
      code: 40011,
      message: 'filtering.campaign_ids: At most 100 ids per request; got 101.',
    });
  });
});

describe('jsonEncoded', () => {
  const schema = z.object({
    filtering: jsonEncoded(z.object({ campaign_ids: z.array(z.string()).optional() })).optional(),
  });

  it('decodes a JSON object sent as text', () => {
    expect(parseParams(schema, { filtering: '{"campaign_ids":["1"]}' })).toEqual({
      filtering: { campaign_ids: ['1'] },
    });
  });

  it('takes an object as it is', () => {
    expect(parseParams(schema, { filtering: { campaign_ids: ['2'] } })).toEqual({
      filtering: { campaign_ids: ['2'] },
    });
  });

  it('leaves an optional parameter out when absent', () => {
    expect(parseParams(schema, {})).toEqual({});
  });

  it('refuses malformed JSON with a message naming the field', () => {
    const { code, message } = rejection(schema, { filtering: '{"campaign_ids":' });
    expect(code).toBe(40002);
    expect(message).toMatch(/^filtering: /);
  });

  it('keeps text that is valid JSON but of the wrong shape refused', () => {
    const { message } = rejection(schema, { filtering: '{"campaign_ids":"1"}' });
    expect(message).toMatch(/^filtering\.campaign_ids: /);
  });
});

describe('integer', () => {
  const schema = z.object({ page_size: integer({ min: 1, max: 1_000 }) });

  it.each([
    ['1', 1],
    ['10', 10],
    ['1000', 1_000],
    [1, 1],
    [1_000, 1_000],
  ])('reads %j as %i', (value, expected) => {
    expect(parseParams(schema, { page_size: value })).toEqual({ page_size: expected });
  });

  it.each([
    ['0', 'page_size: Must be at least 1.'],
    [0, 'page_size: Must be at least 1.'],
    ['-5', 'page_size: Must be at least 1.'],
    ['1001', 'page_size: Must be at most 1000.'],
    [1_001, 'page_size: Must be at most 1000.'],
    ['1.5', 'page_size: Not a valid integer.'],
    [1.5, 'page_size: Not a valid integer.'],
    ['ten', 'page_size: Not a valid integer.'],
    [' 10', 'page_size: Not a valid integer.'],
    ['', 'page_size: Not a valid integer.'],
    [true, 'page_size: Not a valid integer.'],
    [undefined, 'page_size: Missing data for required field.'],
  ])('refuses %j with 40002: %s', (value, message) => {
    expect(rejection(schema, { page_size: value })).toEqual({ code: 40002, message });
  });

  it('has no bounds unless asked for', () => {
    const free = z.object({ n: integer() });
    expect(parseParams(free, { n: '-12' })).toEqual({ n: -12 });
    expect(parseParams(free, { n: 10_000_000 })).toEqual({ n: 10_000_000 });
  });
});

describe('boolean', () => {
  const schema = z.object({ allow_partial_success: boolean() });

  it.each([
    ['true', true],
    ['false', false],
    [true, true],
    [false, false],
  ])('reads %j as %s', (value, expected) => {
    expect(parseParams(schema, { allow_partial_success: value })).toEqual({
      allow_partial_success: expected,
    });
  });

  it.each([
    ['TRUE', 'allow_partial_success: Not a valid boolean.'],
    ['1', 'allow_partial_success: Not a valid boolean.'],
    [1, 'allow_partial_success: Not a valid boolean.'],
    ['yes', 'allow_partial_success: Not a valid boolean.'],
    [undefined, 'allow_partial_success: Missing data for required field.'],
  ])('refuses %j: %s', (value, message) => {
    expect(rejection(schema, { allow_partial_success: value })).toEqual({ code: 40002, message });
  });
});

describe('fieldList', () => {
  const allowed = ['campaign_id', 'campaign_name', 'budget'];
  const schema = z.object({ fields: fieldList(allowed).optional() });

  it('reads known fields, JSON-encoded or not', () => {
    expect(parseParams(schema, { fields: '["campaign_id","budget"]' })).toEqual({
      fields: ['campaign_id', 'budget'],
    });
    expect(parseParams(schema, { fields: ['campaign_name'] })).toEqual({
      fields: ['campaign_name'],
    });
    expect(parseParams(schema, { fields: '[]' })).toEqual({ fields: [] });
  });

  it('refuses an unknown field with TikTok\'s "not acceptable" text listing the allowed ones', () => {
    expect(rejection(schema, { fields: '["campaign_id","spend"]' })).toEqual({
      code: 40002,
      message:
        'fields: one or more value of the param is not acceptable, correct is [campaign_id, campaign_name, budget]',
    });
  });

  it('refuses text that is not a list', () => {
    expect(rejection(schema, { fields: 'campaign_id' })).toEqual({
      code: 40002,
      message: 'fields: Not a valid list.',
    });
  });
});

describe('amount', () => {
  const schema = z.object({ budget: amount() });

  it.each([
    ['50', 50],
    ['50.25', 50.25],
    [50.25, 50.25],
    [0, 0],
  ])('reads %j as %d', (value, expected) => {
    expect(parseParams(schema, { budget: value })).toEqual({ budget: expected });
  });

  it.each([
    ['abc', 'budget: Not a valid number.'],
    ['', 'budget: Not a valid number.'],
    ['1e999', 'budget: Not a valid number.'],
    [Number.POSITIVE_INFINITY, 'budget: Not a valid number.'],
    [undefined, 'budget: Missing data for required field.'],
  ])('refuses %j: %s', (value, message) => {
    expect(rejection(schema, { budget: value })).toEqual({ code: 40002, message });
  });
});

describe('typeError', () => {
  const message = typeError('Not a valid string.');

  it('says "missing" when the field is absent and the given text otherwise', () => {
    expect(message({ input: undefined })).toBe('Missing data for required field.');
    expect(message({})).toBe('Missing data for required field.');
    expect(message({ input: 5 })).toBe('Not a valid string.');
    expect(message({ input: null })).toBe('Not a valid string.');
  });
});

describe('parseParams', () => {
  const schema = z.object({ advertiser_id: IdSchema, page: integer({ min: 1 }).optional() });

  it('returns the parsed parameters', () => {
    expect(parseParams(schema, { advertiser_id: ID, page: '2' })).toEqual({
      advertiser_id: ID,
      page: 2,
    });
  });

  it('treats missing parameters (undefined or null) as an empty object', () => {
    expect(rejection(schema, undefined)).toEqual({
      code: 40002,
      message: 'advertiser_id: Missing data for required field.',
    });
    expect(rejection(schema, null).message).toBe('advertiser_id: Missing data for required field.');
  });

  it('reports only the first problem, as "field: message"', () => {
    expect(rejection(schema, { page: '0' })).toEqual({
      code: 40002,
      message: 'advertiser_id: Missing data for required field.',
    });
  });

  it('names "params" when the problem is not in a field', () => {
    expect(rejection(IdSchema, 5)).toEqual({ code: 40002, message: 'params: Not a valid string.' });
  });

  it('throws an ApiError', () => {
    expect(() => parseParams(schema, {})).toThrow(ApiError);
  });
});

describe('DateTimeSchema and parseUtcDateTime', () => {
  it('reads TikTok schedule times as UTC', () => {
    const text = parseParams(DateTimeSchema, '2026-11-20 12:30:00');
    expect(parseUtcDateTime(text)).toBe(Date.parse('2026-11-20T12:30:00Z'));
  });

  it.each(['2026-11-20T12:30:00', '2026-11-20', '2026-11-20 12:30'])('refuses %j', (text) => {
    expect(rejection(DateTimeSchema, text)).toEqual({
      code: 40002,
      message: 'params: Not a valid time (YYYY-MM-DD HH:MM:SS).',
    });
  });
});
