import { describe, expect, it } from 'vitest';
import {
  encodeQueryPart,
  landingUrlProblem,
  newLandingUrl,
  setQueryParams,
  unknownMacros,
} from './landing-url-change';

const TEMPLATE = [
  { key: 'utm_source', value: 'tiktok' },
  { key: 'utm_campaign', value: '__CAMPAIGN_NAME__' },
  { key: 'ad_id', value: '__CID__' },
];

describe('setQueryParams', () => {
  it('adds a tracking template to a URL without a query, macros as typed', () => {
    expect(setQueryParams('https://bayme.example/sale', TEMPLATE)).toBe(
      'https://bayme.example/sale?utm_source=tiktok&utm_campaign=__CAMPAIGN_NAME__&ad_id=__CID__',
    );
  });

  it('replaces parameters in place, drops their duplicates, keeps the rest byte for byte', () => {
    const url =
      'https://bayme.example/p?q=red%20sofa&utm_source=ig&x=a+b&utm_source=fb&cid=__CID__#reviews';
    expect(setQueryParams(url, [{ key: 'utm_source', value: 'tiktok' }])).toBe(
      'https://bayme.example/p?q=red%20sofa&utm_source=tiktok&x=a+b&cid=__CID__#reviews',
    );
  });

  it('keeps the fragment after the query, and an empty query is none', () => {
    expect(setQueryParams('https://bayme.example/#top', [{ key: 'a', value: '1' }])).toBe(
      'https://bayme.example/?a=1#top',
    );
    expect(setQueryParams('https://bayme.example/?', [{ key: 'a', value: '1' }])).toBe(
      'https://bayme.example/?a=1',
    );
  });

  it('matches a parameter whose name was percent-encoded', () => {
    expect(
      setQueryParams('https://b.example/?utm%5Fsource=x', [{ key: 'utm_source', value: 'y' }]),
    ).toBe('https://b.example/?utm_source=y');
  });
});

describe('encodeQueryPart', () => {
  it('encodes what would break the query, keeps escapes and macros', () => {
    expect(encodeQueryPart('a b&c=d#e+f')).toBe('a%20b%26c%3Dd%23e%2Bf');
    expect(encodeQueryPart('50%25 off')).toBe('50%25%20off');
    expect(encodeQueryPart('100%')).toBe('100%25');
    expect(encodeQueryPart('__CID_NAME__')).toBe('__CID_NAME__');
    expect(encodeQueryPart('https://x.example/a?b')).toBe('https://x.example/a?b');
    expect(encodeQueryPart('café')).toBe('caf%C3%A9');
  });
});

describe('newLandingUrl', () => {
  const current = 'https://bayme.example/collections/new?utm_source=tiktok';
  it('sets, replaces a part, or sets parameters', () => {
    expect(newLandingUrl({ type: 'set', url: ' https://bayme.example/sale ' }, current)).toBe(
      'https://bayme.example/sale',
    );
    expect(
      newLandingUrl({ type: 'replace', find: '/collections/new', replace: '/sale' }, current),
    ).toBe('https://bayme.example/sale?utm_source=tiktok');
    expect(
      newLandingUrl({ type: 'params', params: [{ key: 'utm_medium', value: 'paid' }] }, current),
    ).toBe(`${current}&utm_medium=paid`);
  });
});

describe('landingUrlProblem', () => {
  it('takes http(s) with a host and refuses the rest', () => {
    expect(landingUrlProblem('https://bayme.example/?c=__CAMPAIGN_ID__')).toBeNull();
    expect(landingUrlProblem('bayme.example/sale')).toMatch(/not a valid URL/);
    expect(landingUrlProblem('mailto:a@b.example')).toMatch(/must start with https/);
    expect(landingUrlProblem('https://bayme.example/a b')).toMatch(/spaces/);
    expect(landingUrlProblem('')).toMatch(/empty/);
  });
});

describe('unknownMacros', () => {
  it('names macro-like words the edit brings that TikTok does not know', () => {
    expect(unknownMacros('https://a.example/', 'https://a.example/?c=__CAMPAIGN_ID__')).toEqual([]);
    expect(
      unknownMacros('https://a.example/', 'https://a.example/?c=_CAMPAIGN_ID_&n=__campaign_name__'),
    ).toEqual(['_CAMPAIGN_ID_', '__campaign_name__']);
    // Already there before the edit: not the edit's doing, not repeated.
    expect(unknownMacros('https://a.example/?x=__FOO__', 'https://b.example/?x=__FOO__')).toEqual(
      [],
    );
    // Ordinary parameter names are not macros.
    expect(unknownMacros('', 'https://a.example/?utm_source=tiktok&ad_id=1')).toEqual([]);
  });
});
