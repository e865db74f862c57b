import { describe, expect, it } from 'vitest';
import { DEFAULT_TRACKING_TEMPLATE } from './attribution';
import {
  normalizeTrackingTemplate,
  templateParams,
  trackingTemplateProblem,
} from './tracking-template';

describe('trackingTemplateProblem', () => {
  it('accepts the default template and the attribution vendors’ common one', () => {
    expect(trackingTemplateProblem(DEFAULT_TRACKING_TEMPLATE)).toBeNull();
    expect(
      trackingTemplateProblem(
        'utm_source=tiktok&utm_medium=paid&utm_campaign=__CAMPAIGN_NAME__&utm_content=__CID_NAME__&campaign_id=__CAMPAIGN_ID__&ad_group_id=__AID__&ad_id=__CID__&placement=__PLACEMENT__&g=__AID_NAME__',
      ),
    ).toBeNull();
  });

  it('accepts macros next to text, escapes and plain words with underscores', () => {
    expect(trackingTemplateProblem('c=tt-__CID__&d=__CID____AID__')).toBeNull();
    expect(trackingTemplateProblem('utm_campaign=spring_SALE_2026&q=red%20sofa')).toBeNull();
    expect(trackingTemplateProblem('?utm_source=tiktok')).toBeNull();
  });

  it.each([
    [
      'campaign_id=__CAMPAIGNID__',
      /"__CAMPAIGNID__" is not a TikTok macro.*Did you mean __CAMPAIGN_ID__\?/,
    ],
    ['ad_id=_CID_', /"_CID_" is not a TikTok macro.*Did you mean __CID__\?/],
    ['ad_id=__cid__', /"__cid__" is not a TikTok macro.*Did you mean __CID__\?/],
    ['ad_id=__CID_', /"__CID_" is not a TikTok macro/],
    ['ad_id=CID__', /"CID__" is not a TikTok macro/],
    ['x=__CAMPAIGN_NAME', /"__CAMPAIGN_NAME" is not a TikTok macro/],
    ['x=__UNKNOWN__', /"__UNKNOWN__" is not a TikTok macro(?!.*Did you mean)/],
    ['x=_SALE_', /"_SALE_" is not a TikTok macro/],
  ])('refuses the misspelled macro in %s', (template, message) => {
    expect(trackingTemplateProblem(template)).toMatch(message);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['utm_source=tiktok&&a=b', /Parameter 2 is empty/],
    ['utm_source', /has no "="/],
    ['=tiktok', /no name before "="/],
    ['utm_source=', /"utm_source" has no value/],
    ['utm source=tiktok', /name "utm source" may contain only/],
    ['a=1&a=2', /"a" appears twice/],
    ['a=red sofa', /cannot carry as it is.*%20/],
    ['a=50%', /cannot carry as it is/],
    ['a=x#y', /cannot carry as it is/],
  ])('refuses %j', (template, message) => {
    expect(trackingTemplateProblem(template)).toMatch(message);
  });

  it('takes at most 1,000 characters', () => {
    const long = (length: number) => `a=${'x'.repeat(length - 2)}`;
    expect(trackingTemplateProblem(long(1_000))).toBeNull();
    expect(trackingTemplateProblem(long(1_001))).toMatch(/1001 characters long; at most 1000/);
  });
});

describe('templateParams', () => {
  it('gives the pairs as typed, in order, without a leading ?', () => {
    expect(templateParams(` ?${DEFAULT_TRACKING_TEMPLATE} `)).toEqual([
      { key: 'utm_source', value: 'tiktok' },
      { key: 'campaign_id', value: '__CAMPAIGN_ID__' },
      { key: 'adgroup_id', value: '__AID__' },
      { key: 'ad_id', value: '__CID__' },
    ]);
    expect(templateParams('q=red%20sofa')).toEqual([{ key: 'q', value: 'red%20sofa' }]);
    expect(normalizeTrackingTemplate(' ?a=b ')).toBe('a=b');
  });
});
