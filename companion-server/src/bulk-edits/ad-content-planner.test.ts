import { describe, expect, it } from 'vitest';
import type { BulkOperation } from '../contract/bulk-edits';
import { planAdText, planLandingUrl } from './ad-content-planner';
import { adSnapshotOf, type EntitySnapshot } from './entity-snapshots';
import type { RowTarget } from './planner';

function ad(landingPageUrl: string | null, adText: string | null): EntitySnapshot {
  return adSnapshotOf(
    { id: '1', name: 'Ad', deleted: false, operationStatus: 'ENABLE' },
    { adgroupId: 'g', landingPageUrl, adText, review: null },
  );
}

const op = (operation: BulkOperation): RowTarget => ({ kind: 'operation', operation });
const base = (field: 'landing_page_url' | 'ad_text') => ({
  entityId: '1',
  name: 'Ad',
  field,
  budgetMode: null,
  before: null,
});

describe('planLandingUrl', () => {
  const url = 'https://bayme.example/new?utm_source=ig';
  it('shows old → new, or unchanged', () => {
    const target = op({
      kind: 'landing_url',
      change: { type: 'params', params: [{ key: 'utm_source', value: 'tiktok' }] },
    });
    expect(planLandingUrl(base('landing_page_url'), target, ad(url, 'T'))).toMatchObject({
      before: url,
      after: 'https://bayme.example/new?utm_source=tiktok',
      verdict: 'ok',
      warning: null,
    });
    const same = op({ kind: 'landing_url', change: { type: 'set', url } });
    expect(planLandingUrl(base('landing_page_url'), same, ad(url, 'T')).verdict).toBe('unchanged');
  });

  it('blocks a URL TikTok refuses, and a relative edit of an ad without a landing page', () => {
    const broken = op({
      kind: 'landing_url',
      change: { type: 'replace', find: 'https://', replace: '' },
    });
    expect(planLandingUrl(base('landing_page_url'), broken, ad(url, 'T'))).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'url_invalid',
    });
    expect(planLandingUrl(base('landing_page_url'), broken, ad(null, 'T'))).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'url_invalid',
      reason: expect.stringMatching(/no landing page/),
    });
  });

  it('warns of a misspelled macro but lets it through (TikTok would take it)', () => {
    const typo = op({
      kind: 'landing_url',
      change: { type: 'params', params: [{ key: 'cid', value: '_CAMPAIGN_ID_' }] },
    });
    const row = planLandingUrl(base('landing_page_url'), typo, ad(url, 'T'));
    expect(row.verdict).toBe('ok');
    expect(row.warning).toMatch(/^_CAMPAIGN_ID_ is not TikTok macro/);
  });
});

describe('planAdText', () => {
  const text = 'Cosy homes start here. Free delivery this week.';
  const replace = (find: string, with_: string) =>
    op({
      kind: 'ad_text',
      change: { type: 'replace', find, replace: with_, regex: false, ignoreCase: false },
    });

  it('replaces every occurrence and checks TikTok’s 1–100 characters', () => {
    expect(
      planAdText(base('ad_text'), replace('this week', 'all month'), ad(null, text)),
    ).toMatchObject({ after: 'Cosy homes start here. Free delivery all month.', verdict: 'ok' });
    expect(
      planAdText(base('ad_text'), replace('Cosy', 'x'.repeat(60)), ad(null, text)),
    ).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'text_too_long',
    });
    // As TikTok counts Japanese: 47 − 4 + 28 × 2 = 99 fits, 47 − 4 + 32 × 2 = 107 does not.
    expect(
      planAdText(base('ad_text'), replace('Cosy', '心地よい'.repeat(7)), ad(null, text)).verdict,
    ).toBe('ok');
    expect(
      planAdText(base('ad_text'), replace('Cosy', '心地よい'.repeat(8)), ad(null, text)),
    ).toMatchObject({
      verdict: 'blocked',
      reason: expect.stringMatching(/counts 107 characters/),
    });
    expect(planAdText(base('ad_text'), replace(text, ' '), ad(null, text))).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'text_refused',
    });
    expect(planAdText(base('ad_text'), replace('.', ' 🔥'), ad(null, text))).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'text_refused',
    });
    expect(planAdText(base('ad_text'), replace('Nothing', 'x'), ad(null, text)).verdict).toBe(
      'unchanged',
    );
  });

  it('blocks an ad without text of its own', () => {
    expect(planAdText(base('ad_text'), replace('a', 'b'), ad(null, null))).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'not_supported',
    });
  });
});
