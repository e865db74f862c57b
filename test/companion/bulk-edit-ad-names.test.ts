import { describe, expect, it } from 'vitest';
import { bulkEditSuite, row, US } from '../helpers/bulk-edit-harness';

/**
 * Renaming ads in bulk through the companion server against the real emulator over HTTP.
 * TikTok's ad/update/ takes an ad group's whole list of ads: the preview says so, the job
 * sends one call per ad group with every live ad, unchanged but for the edit, and the
 * emulator (which deletes an ad left out) is the judge that nothing else changed.
 */

const START = Date.parse('2026-11-21T20:00:00.000Z'); // noon in Los Angeles
const BROAD = {
  id: '1840158125589658770', // US | Broad 18-44 | Purchase: three live ads
  founder: '1998724062479835229', // Founder story v1
  review: '1978743574580165790', // Customer review montage v2
  demo: '1971194588397917743', // Product demo 15s v3
};
const BF_BROAD = {
  id: '1849091869425433287', // US | BF | Broad: two live ads, one deleted
  founder: '1904429061001901638', // Founder story v1
  teaser: '1903121534062061787', // Limited drop teaser v3
  deleted: '1918052102475245861',
};

const h = bulkEditSuite(START);
const suffix = (text: string) => ({ kind: 'name', change: { type: 'suffix', text } });

async function ads(): Promise<Map<string, Record<string, any>>> {
  const state = await h.companion.emulator.control.state(US);
  return new Map(state.ads.map((ad) => [ad.ad_id, ad]));
}

/** An ad as ad/update/ takes it back, from the emulator's state. */
function creative(ad: Record<string, any> | undefined): Record<string, unknown> {
  if (!ad) throw new Error('no such ad');
  return {
    ad_id: ad.ad_id,
    ad_name: ad.ad_name,
    ad_format: ad.ad_format,
    ad_text: ad.ad_text,
    identity_id: ad.identity_id,
    identity_type: ad.identity_type,
    display_name: ad.display_name,
    video_id: ad.video_id,
    call_to_action: ad.call_to_action,
    landing_page_url: ad.landing_page_url,
  };
}

describe('renaming ads in bulk', () => {
  it("sends each ad group's whole list once, leaves the other ads as they were, audits, and undo restores", async () => {
    const before = await ads();
    const p = await h.plan('ad', [BROAD.founder, BROAD.review, BF_BROAD.founder], suffix(' · EU'));
    expect(row(p, BROAD.founder)).toMatchObject({
      field: 'name',
      before: 'Founder story v1',
      after: 'Founder story v1 · EU',
      verdict: 'ok',
      warning: null,
    });
    expect(p.summary).toMatchObject({ ok: 3, blocked: 0 });
    // The preview says how TikTok's route is used: 2 groups, one other ad in each resent.
    expect(p.notices).toEqual([
      expect.stringMatching(/whole list of ads.*2 ad groups.*2 other ads/),
    ]);

    await h.companion.emulator.control.clearCalls();
    const job = await h.applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ total: 3, done: 3, failed: 0, conflict: 0 });
    const calls = await h.companion.emulator.control.calls();
    expect(calls.by_path['ad/update/']?.count).toBe(2);
    // One read of the rows against the preview, then each group read right before its call.
    expect(calls.by_path['ad/get/']?.count).toBe(3);

    const after = await ads();
    expect(after.get(BROAD.founder)?.ad_name).toBe('Founder story v1 · EU');
    expect(after.get(BROAD.review)?.ad_name).toBe('Customer review montage v2 · EU');
    expect(after.get(BF_BROAD.founder)?.ad_name).toBe('Founder story v1 · EU');
    // The ads not selected were sent back as they were: not deleted, not changed at all.
    expect(after.get(BROAD.demo)).toEqual(before.get(BROAD.demo));
    expect(after.get(BF_BROAD.teaser)).toEqual(before.get(BF_BROAD.teaser));
    expect(after.get(BF_BROAD.deleted)).toEqual(before.get(BF_BROAD.deleted));
    // A new name is not something viewers see: no new review.
    expect(after.get(BROAD.founder)?.secondary_status).toBe('AD_STATUS_DELIVERY_OK');

    const audit = await h.call<{ entries: Array<Record<string, any>> }>(
      'GET',
      `/api/audit?action=bulk_edit.name&advertiserId=${US}`,
    );
    const entries = audit.body.entries.filter((e) => e.details.jobId === job.jobId);
    expect(entries.map((e) => e.changes[0])).toEqual(
      expect.arrayContaining([
        {
          entityId: BROAD.founder,
          field: 'name',
          before: 'Founder story v1',
          after: 'Founder story v1 · EU',
        },
      ]),
    );
    expect(entries).toHaveLength(3);

    await h.companion.emulator.control.clearCalls();
    const undo = await h.undoAndWait(job.jobId);
    expect(row(undo.plan, BROAD.review)).toMatchObject({
      before: 'Customer review montage v2 · EU',
      after: 'Customer review montage v2',
      verdict: 'ok',
    });
    expect(undo.job.counts.done).toBe(3);
    expect((await h.companion.emulator.control.calls()).by_path['ad/update/']?.count).toBe(2);
    const restored = await ads();
    for (const id of [BROAD.founder, BROAD.review, BF_BROAD.founder]) {
      expect(restored.get(id)?.ad_name).toBe(before.get(id)?.ad_name);
    }
  });

  it('blocks what TikTok refuses per row: a name too long as TikTok counts it, emoji, an ad in review', async () => {
    await h.review(BROAD.demo, 'in_review');
    const p = await h.plan('ad', [BROAD.founder, BROAD.review, BROAD.demo, BF_BROAD.founder], {
      kind: 'name',
      change: {
        type: 'replace',
        find: '^(Customer.*)$',
        // 26 + 250 × 2 = 526 as TikTok counts Japanese: too long, though 276 code units.
        replace: `$1${'あ'.repeat(250)}`,
        regex: true,
        ignoreCase: false,
      },
    });
    expect(row(p, BROAD.review)).toMatchObject({ verdict: 'blocked', reasonCode: 'name_too_long' });
    expect(row(p, BROAD.review).reason).toMatch(/counts 526 characters/);
    expect(row(p, BROAD.founder)).toMatchObject({ verdict: 'unchanged' });

    const emoji = await h.plan('ad', [BROAD.founder, BROAD.demo], suffix(' 🔥'));
    expect(row(emoji, BROAD.founder)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'name_refused',
    });
    expect(row(emoji, BROAD.demo)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'name_refused',
    });

    const renamed = await h.plan('ad', [BROAD.founder, BROAD.demo], suffix(' v2'));
    expect(row(renamed, BROAD.demo)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'ad_in_review',
    });
    // Its sibling goes ahead; the preview says the ad in review is sent back unchanged.
    expect(row(renamed, BROAD.founder)).toMatchObject({ verdict: 'ok' });
    expect(row(renamed, BROAD.founder).warning).toMatch(
      new RegExp(`Ad ${BROAD.demo} of its ad group is in review: sent back unchanged`),
    );
    const job = await h.applyAndWait(renamed.planId);
    expect(job.counts).toMatchObject({ done: 1, skipped: 1, failed: 0 });
    const after = await ads();
    expect(after.get(BROAD.founder)?.ad_name).toBe('Founder story v1 v2');
    expect(after.get(BROAD.demo)).toMatchObject({
      ad_name: 'Product demo 15s v3',
      secondary_status: 'AD_STATUS_REAUDIT',
      deleted: false,
    });

    // TikTok itself refuses the same: the emulator's answer to a direct call.
    const direct = await h.tiktok('ad/update/', {
      adgroup_id: BROAD.id,
      creatives: [
        creative(after.get(BROAD.founder)),
        creative(after.get(BROAD.review)),
        { ...creative(after.get(BROAD.demo)), ad_name: 'Product demo 15s v3 v2' },
      ],
    });
    expect(direct.code).toBe(40002);
    expect(direct.message).toMatch(/is in review and cannot be edited/);
  });

  it('renames a rejected ad, saying the new name does not change the verdict', async () => {
    await h.review(BF_BROAD.teaser, 'rejected', 'Misleading claim');
    const p = await h.plan('ad', [BF_BROAD.teaser], suffix(' (fixed)'));
    expect(row(p, BF_BROAD.teaser)).toMatchObject({ verdict: 'ok' });
    expect(row(p, BF_BROAD.teaser).warning).toMatch(/Rejected in TikTok's review/);
    const job = await h.applyAndWait(p.planId);
    expect(job.counts.done).toBe(1);
    expect((await ads()).get(BF_BROAD.teaser)).toMatchObject({
      ad_name: 'Limited drop teaser v3 (fixed)',
      secondary_status: 'AD_STATUS_AUDIT_DENY',
    });
  });

  it("sends another person's edit of a sibling made after the preview as it is now, and leaves a row renamed meanwhile alone", async () => {
    const p = await h.plan('ad', [BROAD.founder, BROAD.review], suffix(' · EU'));
    const before = await ads();
    const current = (id: string) => creative(before.get(id));
    // Someone renames one selected ad and the unselected sibling in Ads Manager meanwhile.
    const meanwhile = await h.tiktok('ad/update/', {
      adgroup_id: BROAD.id,
      creatives: [
        current(BROAD.founder),
        { ...current(BROAD.review), ad_name: 'Renamed in Ads Manager' },
        { ...current(BROAD.demo), ad_name: 'Demo renamed in Ads Manager' },
      ],
    });
    expect(meanwhile.code, meanwhile.message).toBe(0);

    const job = await h.applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ done: 1, conflict: 1 });
    expect(job.rows.find((r) => r.entityId === BROAD.review)?.message).toMatch(/Left alone/);
    const after = await ads();
    expect(after.get(BROAD.founder)?.ad_name).toBe('Founder story v1 · EU');
    expect(after.get(BROAD.review)?.ad_name).toBe('Renamed in Ads Manager');
    expect(after.get(BROAD.demo)?.ad_name).toBe('Demo renamed in Ads Manager');
  });
});
