import { describe, expect, it } from 'vitest';
import {
  adNameProblem,
  adTextProblem,
  creativeChanges,
  landingPageUrlProblem,
  tikTokTextLength,
} from './ad-rules';

describe('tikTokTextLength', () => {
  it('counts Chinese, Japanese and Korean characters twice, the rest once', () => {
    expect(tikTokTextLength('Sale')).toBe(4);
    expect(tikTokTextLength('セール中')).toBe(8);
    expect(tikTokTextLength('新品 sale')).toBe(9);
    expect(tikTokTextLength('할인')).toBe(4);
    expect(tikTokTextLength('é')).toBe(1);
  });
});

describe('creative limits', () => {
  it('takes ad text of 1 to 100 counted characters, without emoji', () => {
    expect(adTextProblem('ad_text', 'x'.repeat(100))).toBeNull();
    expect(adTextProblem('ad_text', 'x'.repeat(101))).toMatch(/1-100/);
    expect(adTextProblem('ad_text', '日'.repeat(51))).toMatch(/1-100/);
    expect(adTextProblem('ad_text', ' ')).toMatch(/cannot be empty/);
    expect(adTextProblem('ad_text', 'Hot ☕')).toMatch(/emoji/);
  });

  it('takes names of up to 512 counted characters', () => {
    expect(adNameProblem('ad_name', 'あ'.repeat(256))).toBeNull();
    expect(adNameProblem('ad_name', 'あ'.repeat(257))).toMatch(/at most 512/);
  });

  it('takes http and https landing pages with a host, nothing else', () => {
    expect(
      landingPageUrlProblem('u', 'https://bayme.example/p?utm_campaign=__CAMPAIGN_NAME__'),
    ).toBeNull();
    expect(landingPageUrlProblem('u', 'http://bayme.example')).toBeNull();
    expect(landingPageUrlProblem('u', 'javascript:alert(1)')).toMatch(/http/);
    expect(landingPageUrlProblem('u', 'https://localhost/')).toMatch(/Not a valid URL/);
    expect(landingPageUrlProblem('u', '/relative')).toMatch(/Not a valid URL/);
  });
});

describe('creativeChanges', () => {
  const ad = {
    ad_name: 'A',
    ad_text: 'T',
    call_to_action: 'SHOP_NOW',
    landing_page_url: 'https://bayme.example/',
    video_id: 'v1',
    image_ids: [],
    identity_id: '1',
    identity_type: 'CUSTOMIZED_USER' as const,
    display_name: 'Bayme',
  };

  it('sends an ad back to review when viewers see the change, not for a new name', () => {
    expect(creativeChanges(ad, { ...ad })).toEqual({ changed: [], reviewed: false });
    expect(creativeChanges(ad, { ...ad, ad_name: 'B' })).toEqual({
      changed: ['ad_name'],
      reviewed: false,
    });
    expect(creativeChanges(ad, { ...ad, landing_page_url: 'https://bayme.example/x' })).toEqual({
      changed: ['landing_page_url'],
      reviewed: true,
    });
    expect(creativeChanges(ad, { ...ad, image_ids: ['i'] }).reviewed).toBe(true);
  });
});
