import { describe, expect, it } from 'vitest';
import {
  clickParametersOf,
  DEFAULT_TRACKING_TEMPLATE,
  lacksTrackingTemplate,
  NO_CLICK_IDS,
} from './attribution';

const CAMPAIGN = '1790000000000000001';
const ADGROUP = '1790000000000000002';
const AD = '1790000000000000003';
/** Beyond Number.MAX_SAFE_INTEGER: a number would change its last digits. */
const BIG_AD = '99999999999999999999';
const TTCLID = 'E.C.P.CqgBz1AmWNy-Ra_9a8XkZ2Q';

describe('clickParametersOf', () => {
  it('reads a full landing URL', () => {
    expect(
      clickParametersOf(
        `https://shop.example/products/mug?utm_source=tiktok&campaign_id=${CAMPAIGN}&adgroup_id=${ADGROUP}&ad_id=${AD}&ttclid=${TTCLID}`,
      ),
    ).toEqual({ campaignId: CAMPAIGN, adgroupId: ADGROUP, adId: AD, ttclid: TTCLID });
  });

  it("reads Shopify's landing_site, a path and query", () => {
    expect(
      clickParametersOf(`/products/mug?utm_source=tiktok&campaign_id=${CAMPAIGN}&ad_id=${AD}`),
    ).toEqual({ campaignId: CAMPAIGN, adgroupId: null, adId: AD, ttclid: null });
  });

  it("accepts the vendors' ad_group_id, preferring the default template's name", () => {
    expect(clickParametersOf(`/?ad_group_id=${ADGROUP}`).adgroupId).toBe(ADGROUP);
    expect(clickParametersOf(`/?ad_group_id=1&adgroup_id=${ADGROUP}`).adgroupId).toBe(ADGROUP);
  });

  it('keeps ids as strings, digit for digit', () => {
    const ids = clickParametersOf(`/?ad_id=${BIG_AD}&campaign_id=000123`);
    expect(ids.adId).toBe(BIG_AD);
    expect(ids.campaignId).toBe('000123');
  });

  it.each([
    ['an unreplaced macro', '__CID__'],
    ['an unreplaced campaign macro', '__CAMPAIGN_ID__'],
    ['any unreplaced macro', '__X__'],
    ['a misspelled macro', '_CID_'],
    ['an empty value', ''],
    ['a negative number', '-1790000000000000003'],
    ['an exponent', '1.79e18'],
    ['letters', 'abc'],
    ['more than 20 digits', '123456789012345678901'],
    ['non-ASCII digits', '١٢٣'],
    ['a decimal', '12.5'],
  ])('treats %s as absent', (_, value) => {
    expect(clickParametersOf(`/?ad_id=${encodeURIComponent(value)}`).adId).toBeNull();
  });

  it('takes the first valid value when a name repeats', () => {
    expect(clickParametersOf(`/?ad_id=__CID__&ad_id=${AD}&ad_id=1`).adId).toBe(AD);
  });

  it('decodes percent-encoded values', () => {
    expect(clickParametersOf(`/?ttclid=${encodeURIComponent(TTCLID)}`).ttclid).toBe(TTCLID);
  });

  it('ignores a ttclid that is a macro or not a token', () => {
    expect(clickParametersOf('/?ttclid=__CALLBACK_PARAM__').ttclid).toBeNull();
    expect(clickParametersOf('/?ttclid=a%20b').ttclid).toBeNull();
    expect(clickParametersOf(`/?ttclid=${'a'.repeat(501)}`).ttclid).toBeNull();
  });

  it.each([
    ['a port out of range', `https://shop.example:99999/?ad_id=${AD}`],
    ['a broken host', `http://[shop/?ad_id=${AD}`],
    ['no query', 'https://shop.example/products/mug'],
    ['the parameters only in the fragment', `https://shop.example/#ad_id=${AD}`],
    ['plain text', 'not a url at all'],
    ['empty text', ''],
  ])('names no ad for %s, without throwing', (_, url) => {
    expect(clickParametersOf(url)).toEqual(NO_CLICK_IDS);
  });

  it('reads malformed percent escapes without throwing', () => {
    expect(clickParametersOf(`/?x=%E0%A4%A&ad_id=${AD}`).adId).toBe(AD);
  });

  it('names no ad for null or undefined', () => {
    expect(clickParametersOf(null)).toEqual(NO_CLICK_IDS);
    expect(clickParametersOf(undefined)).toEqual(NO_CLICK_IDS);
  });

  it('reads parameters given separately, with the same rules', () => {
    expect(
      clickParametersOf({
        campaign_id: ` ${CAMPAIGN} `,
        ad_group_id: ADGROUP,
        ad_id: '__CID__',
        ttclid: null,
        email: 'never@read.example',
      }),
    ).toEqual({ campaignId: CAMPAIGN, adgroupId: ADGROUP, adId: null, ttclid: null });
  });
});

describe('lacksTrackingTemplate', () => {
  it('lists nothing when every parameter is there, filled or not', () => {
    expect(
      lacksTrackingTemplate(
        `https://shop.example/p?utm_source=tiktok&campaign_id=__CAMPAIGN_ID__&adgroup_id=${ADGROUP}&ad_id=__CID__`,
        DEFAULT_TRACKING_TEMPLATE,
      ),
    ).toEqual([]);
  });

  it("lists the template's names the URL lacks, in the template's order", () => {
    expect(
      lacksTrackingTemplate(
        'https://shop.example/p?utm_source=tiktok&ad_id=__CID__',
        DEFAULT_TRACKING_TEMPLATE,
      ),
    ).toEqual(['campaign_id', 'adgroup_id']);
    expect(lacksTrackingTemplate('https://shop.example/p', DEFAULT_TRACKING_TEMPLATE)).toEqual([
      'utm_source',
      'campaign_id',
      'adgroup_id',
      'ad_id',
    ]);
  });

  it('does not count a name found only in the path or fragment', () => {
    expect(lacksTrackingTemplate('https://shop.example/ad_id/p#ad_id=1', 'ad_id=__CID__')).toEqual([
      'ad_id',
    ]);
  });

  it('lists them all for a URL that cannot be read', () => {
    expect(lacksTrackingTemplate('http://[broken/?ad_id=1', '?ad_id=__CID__&ttclid=')).toEqual([
      'ad_id',
      'ttclid',
    ]);
  });

  it('reads a template with a leading "?", repeated or empty names', () => {
    expect(lacksTrackingTemplate('https://shop.example/?a=1', '?a=1&&b=2&b=3&=x')).toEqual(['b']);
  });
});
