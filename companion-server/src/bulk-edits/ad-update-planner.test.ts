import { describe, expect, it } from 'vitest';
import type { PlanRow } from '../contract/bulk-edits';
import { type AdGroupAds, adUpdateNotice, checkAdUpdate } from './ad-update-planner';
import { type AdReviewState, adSnapshotOf, type EntitySnapshot } from './entity-snapshots';

function ad(id: string, review: AdReviewState = null, adgroupId = 'g1'): EntitySnapshot {
  return adSnapshotOf(
    { id, name: `Ad ${id}`, deleted: false, operationStatus: 'ENABLE' },
    { adgroupId, landingPageUrl: 'https://bayme.example/', adText: 'Text', review },
  );
}

function okRow(id: string, field: PlanRow['field'], after: string): PlanRow {
  return {
    entityId: id,
    name: `Ad ${id}`,
    field,
    budgetMode: null,
    before: 'before',
    after,
    changePercent: null,
    verdict: 'ok',
    reasonCode: null,
    reason: null,
  };
}

const GROUPS = new Map<string, AdGroupAds>([
  ['g1', { live: 3, inReview: [] }],
  ['g2', { live: 21, inReview: [] }],
  ['g3', { live: 2, inReview: ['9'] }],
]);

describe('checkAdUpdate', () => {
  it('passes a rename of an approved ad without a warning', () => {
    expect(checkAdUpdate(okRow('1', 'name', 'New'), ad('1'), GROUPS)).toMatchObject({
      verdict: 'ok',
      warning: null,
    });
  });

  it('blocks an ad in review, whatever the field', () => {
    for (const field of ['name', 'landing_page_url', 'ad_text'] as const) {
      expect(checkAdUpdate(okRow('1', field, 'x'), ad('1', 'in_review'), GROUPS)).toMatchObject({
        verdict: 'blocked',
        reasonCode: 'ad_in_review',
      });
    }
  });

  it('counts names as TikTok does: Japanese characters twice', () => {
    const fits = `${'a'.repeat(12)}${'あ'.repeat(250)}`; // 512
    expect(checkAdUpdate(okRow('1', 'name', fits), ad('1'), GROUPS).verdict).toBe('ok');
    expect(checkAdUpdate(okRow('1', 'name', `${fits}a`), ad('1'), GROUPS)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'name_too_long',
    });
  });

  it('blocks an ad whose group holds more ads than one ad/update/ takes', () => {
    expect(checkAdUpdate(okRow('1', 'name', 'x'), ad('1', null, 'g2'), GROUPS)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'too_many_ads',
    });
  });

  it('warns that a landing page or text edit goes back to review, and that a rejected ad is reviewed again', () => {
    expect(checkAdUpdate(okRow('1', 'ad_text', 'x'), ad('1'), GROUPS).warning).toMatch(
      /^Goes back to TikTok's review/,
    );
    expect(
      checkAdUpdate(okRow('1', 'landing_page_url', 'x'), ad('1', 'rejected'), GROUPS).warning,
    ).toMatch(/^Rejected in TikTok's review: this edit sends it to be reviewed again/);
    expect(checkAdUpdate(okRow('1', 'name', 'x'), ad('1', 'rejected'), GROUPS).warning).toMatch(
      /a new name does not change that/,
    );
  });

  it('says when a sibling in review is sent back unchanged', () => {
    expect(checkAdUpdate(okRow('1', 'name', 'x'), ad('1', null, 'g3'), GROUPS).warning).toBe(
      'Ad 9 of its ad group is in review: sent back unchanged with this edit.',
    );
  });

  it('leaves rows the field already blocked or left unchanged as they are', () => {
    const unchanged = { ...okRow('1', 'name', 'x'), verdict: 'unchanged' as const };
    expect(checkAdUpdate(unchanged, ad('1', 'in_review'), GROUPS)).toBe(unchanged);
  });
});

describe('adUpdateNotice', () => {
  it('counts the ad groups sent whole and the other ads resent as they are', () => {
    const rows = [okRow('1', 'name', 'x'), okRow('2', 'name', 'x'), okRow('3', 'name', 'x')];
    const groupOf = (id: string) => (id === '3' ? 'g3' : 'g1');
    expect(adUpdateNotice(rows, groupOf, GROUPS)).toMatch(
      /for each of the 2 ad groups.*\(2 other ads resent as they are\)/,
    );
    const blocked = rows.map((r) => ({ ...r, verdict: 'blocked' as const }));
    expect(adUpdateNotice(blocked, groupOf, GROUPS)).toBeNull();
  });
});
