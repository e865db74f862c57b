import { describe, expect, it } from 'vitest';
import { encodeQuery } from './transport';

describe('encodeQuery', () => {
  it('JSON-encodes arrays and objects and writes scalars as text, as TikTok expects', () => {
    const params = encodeQuery({
      advertiser_id: '7252569388304511798',
      fields: ['campaign_id', 'budget'],
      filtering: { campaign_ids: ['1795055873644827705'] },
      page: 2,
      query_lifetime: true,
      skipped: undefined,
    });
    expect(params.get('advertiser_id')).toBe('7252569388304511798');
    expect(params.get('fields')).toBe('["campaign_id","budget"]');
    expect(params.get('filtering')).toBe('{"campaign_ids":["1795055873644827705"]}');
    expect(params.get('page')).toBe('2');
    expect(params.get('query_lifetime')).toBe('true');
    expect(params.has('skipped')).toBe(false);
  });
});
