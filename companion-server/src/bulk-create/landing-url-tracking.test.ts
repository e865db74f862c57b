import { describe, expect, it } from 'vitest';
import { DEFAULT_TRACKING_TEMPLATE } from '../orders/attribution';
import { withTrackingTemplate } from './landing-url-tracking';

describe('withTrackingTemplate', () => {
  it('appends the whole template to a page without a query, macros byte for byte', () => {
    expect(withTrackingTemplate('https://bayme.example/winter', DEFAULT_TRACKING_TEMPLATE)).toEqual(
      {
        url: `https://bayme.example/winter?${DEFAULT_TRACKING_TEMPLATE}`,
        added: ['utm_source', 'campaign_id', 'adgroup_id', 'ad_id'],
      },
    );
  });

  it('leaves parameters already there as they are, and the rest of the URL untouched', () => {
    const url = 'https://bayme.example/p?q=red%20sofa&utm_source=newsletter&x=a+b#reviews';
    expect(withTrackingTemplate(url, DEFAULT_TRACKING_TEMPLATE)).toEqual({
      url: 'https://bayme.example/p?q=red%20sofa&utm_source=newsletter&x=a+b&campaign_id=__CAMPAIGN_ID__&adgroup_id=__AID__&ad_id=__CID__#reviews',
      added: ['campaign_id', 'adgroup_id', 'ad_id'],
    });
  });

  it('changes nothing when every parameter is there, even with other values', () => {
    const url =
      'https://bayme.example/?ad_id=__CID__&adgroup_id=x&campaign_id=__CAMPAIGN_ID__&utm_source=tiktok';
    expect(withTrackingTemplate(url, DEFAULT_TRACKING_TEMPLATE)).toEqual({ url, added: [] });
  });

  it('counts a percent-encoded name as present, and keeps escapes in the template', () => {
    expect(
      withTrackingTemplate(
        'https://bayme.example/?utm%5Fsource=ig',
        'utm_source=tiktok&q=red%20sofa',
      ),
    ).toEqual({ url: 'https://bayme.example/?utm%5Fsource=ig&q=red%20sofa', added: ['q'] });
  });

  it('adds to an empty query without a stray "&"', () => {
    expect(withTrackingTemplate('https://bayme.example/?', 'a=__CID_NAME__').url).toBe(
      'https://bayme.example/?a=__CID_NAME__',
    );
  });
});
