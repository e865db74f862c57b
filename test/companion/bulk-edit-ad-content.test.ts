import { describe, expect, it } from 'vitest';
import { bulkEditSuite, row, US } from '../helpers/bulk-edit-harness';

/**
 * Ads' landing pages and text in bulk, through the companion server against the real
 * emulator over HTTP: a tracking template added with TikTok's URL macros intact, parts
 * replaced, text found and replaced within TikTok's limits; every edited ad goes back to
 * TikTok's review, which the preview says, and which stands in the way of the next edit
 * (undo included) until the review ends.
 */

const START = Date.parse('2026-11-21T20:00:00.000Z'); // noon in Los Angeles
const DAY_MS = 86_400_000;
const SEEDED_URL = 'https://bayme.example/collections/new';
const SEEDED_TEXT = 'Cosy homes start here. Free delivery this week.';
const BROAD = {
  founder: '1998724062479835229',
  review: '1978743574580165790',
  demo: '1971194588397917743', // not selected: sent back as it is
};
const HOME_DECOR = { scenes: '1978644221483634430', gifts: '1992519207091670836' };
const TEMPLATE = [
  { key: 'utm_source', value: 'tiktok' },
  { key: 'utm_campaign', value: '__CAMPAIGN_NAME__' },
  { key: 'utm_content', value: '__CID_NAME__' },
  { key: 'ad_id', value: '__CID__' },
];

const h = bulkEditSuite(START);

async function ads(): Promise<Map<string, Record<string, any>>> {
  const state = await h.companion.emulator.control.state(US);
  return new Map(state.ads.map((ad) => [ad.ad_id, ad]));
}

const replaceText = (find: string, replace: string) => ({
  kind: 'ad_text',
  change: { type: 'replace', find, replace, regex: false, ignoreCase: false },
});

describe('landing pages in bulk', () => {
  it('adds a tracking template with the macros intact, warns of review, and undo waits for the review to end', async () => {
    const selected = [BROAD.founder, BROAD.review, HOME_DECOR.scenes];
    const p = await h.plan('ad', selected, {
      kind: 'landing_url',
      change: { type: 'params', params: TEMPLATE },
    });
    const tracked = `${SEEDED_URL}?utm_source=tiktok&utm_campaign=__CAMPAIGN_NAME__&utm_content=__CID_NAME__&ad_id=__CID__`;
    expect(row(p, BROAD.founder)).toMatchObject({
      field: 'landing_page_url',
      before: SEEDED_URL,
      after: tracked,
      verdict: 'ok',
      warning: expect.stringMatching(/^Goes back to TikTok's review/),
    });
    expect(p.notices?.[0]).toMatch(/2 ad groups/);

    await h.companion.emulator.control.clearCalls();
    const job = await h.applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ done: 3, failed: 0 });
    expect((await h.companion.emulator.control.calls()).by_path['ad/update/']?.count).toBe(2);
    const after = await ads();
    for (const id of selected) {
      expect(after.get(id)).toMatchObject({
        landing_page_url: tracked,
        secondary_status: 'AD_STATUS_REAUDIT',
      });
    }
    expect(after.get(BROAD.demo)).toMatchObject({
      landing_page_url: SEEDED_URL,
      secondary_status: 'AD_STATUS_DELIVERY_OK',
    });

    const audit = await h.call<{ entries: Array<Record<string, any>> }>(
      'GET',
      `/api/audit?action=bulk_edit.landing_page&advertiserId=${US}`,
    );
    expect(audit.body.entries.filter((e) => e.details.jobId === job.jobId)).toHaveLength(3);

    // TikTok refuses edits of ads in review: the undo says so and waits.
    const early = await h.call<Record<string, any>>(
      'POST',
      `/api/bulk-edits/jobs/${job.jobId}/undo`,
    );
    expect(early.status).toBe(200);
    expect(early.body.summary).toMatchObject({ ok: 0, blocked: 3 });
    expect(row(early.body as any, BROAD.founder)).toMatchObject({ reasonCode: 'ad_in_review' });

    // A day later the review is over (approved): the undo puts the old URLs back, with the
    // same warning, and the ads go back to review.
    await h.companion.emulator.control.clock({ set: START + DAY_MS + 3_600_000 });
    const undo = await h.undoAndWait(job.jobId);
    expect(row(undo.plan, BROAD.founder)).toMatchObject({
      before: tracked,
      after: SEEDED_URL,
      verdict: 'ok',
      warning: expect.stringMatching(/^Goes back to TikTok's review/),
    });
    expect(undo.job.counts.done).toBe(3);
    const restored = await ads();
    for (const id of selected) {
      expect(restored.get(id)).toMatchObject({
        landing_page_url: SEEDED_URL,
        secondary_status: 'AD_STATUS_REAUDIT',
      });
    }
  });

  it('sets or replaces part of a URL, blocks one TikTok refuses, and warns of a misspelled macro', async () => {
    const replace = await h.plan('ad', [BROAD.founder], {
      kind: 'landing_url',
      change: { type: 'replace', find: '/collections/new', replace: '/sale/black-friday' },
    });
    expect(row(replace, BROAD.founder).after).toBe('https://bayme.example/sale/black-friday');

    const broken = await h.plan('ad', [BROAD.founder], {
      kind: 'landing_url',
      change: { type: 'replace', find: 'https://', replace: 'www.' },
    });
    expect(row(broken, BROAD.founder)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'url_invalid',
    });

    const typo = await h.plan('ad', [BROAD.founder], {
      kind: 'landing_url',
      change: { type: 'set', url: 'https://bayme.example/sale?c=_CAMPAIGN_ID_' },
    });
    expect(row(typo, BROAD.founder)).toMatchObject({ verdict: 'ok' });
    expect(row(typo, BROAD.founder).warning).toMatch(
      /^_CAMPAIGN_ID_ is not TikTok macro.*Goes back to TikTok's review/,
    );

    const refused = await h.requestPlan('ad', [BROAD.founder], {
      kind: 'landing_url',
      change: { type: 'params', params: [{ key: 'a&b', value: '1' }] },
    });
    expect(refused.status).toBe(400);
    const wrongLevel = await h.requestPlan('adgroup', ['1840158125589658770'], {
      kind: 'landing_url',
      change: { type: 'set', url: 'https://bayme.example/' },
    });
    expect(wrongLevel.status).toBe(400);
    expect(wrongLevel.body.error?.message).toMatch(/belong to ads/);
  });
});

describe('ad text in bulk', () => {
  it('finds and replaces within TikTok’s limits, flags rejected ads, blocks ads in review, and undo restores', async () => {
    await h.review(HOME_DECOR.gifts, 'rejected', 'Unverified claim');
    await h.review(BROAD.demo, 'in_review');
    const p = await h.plan(
      'ad',
      [BROAD.founder, HOME_DECOR.gifts, BROAD.demo],
      replaceText('this week', 'all of December'),
    );
    expect(row(p, BROAD.founder)).toMatchObject({
      field: 'ad_text',
      before: SEEDED_TEXT,
      after: 'Cosy homes start here. Free delivery all of December.',
      verdict: 'ok',
    });
    expect(row(p, BROAD.founder).warning).toMatch(
      new RegExp(`Goes back to TikTok's review.*Ad ${BROAD.demo} of its ad group is in review`),
    );
    expect(row(p, HOME_DECOR.gifts)).toMatchObject({ verdict: 'ok' });
    expect(row(p, HOME_DECOR.gifts).warning).toMatch(
      /^Rejected in TikTok's review: this edit sends it/,
    );
    expect(row(p, BROAD.demo)).toMatchObject({ verdict: 'blocked', reasonCode: 'ad_in_review' });

    const job = await h.applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ done: 2, skipped: 1, failed: 0 });
    const after = await ads();
    expect(after.get(HOME_DECOR.gifts)).toMatchObject({
      ad_text: 'Cosy homes start here. Free delivery all of December.',
      secondary_status: 'AD_STATUS_REAUDIT',
    });
    expect(after.get(BROAD.demo)?.ad_text).toBe(SEEDED_TEXT);

    await h.review(BROAD.founder, 'approved');
    await h.review(HOME_DECOR.gifts, 'approved');
    const undo = await h.undoAndWait(job.jobId);
    expect(undo.job.counts.done).toBe(2);
    expect((await ads()).get(BROAD.founder)?.ad_text).toBe(SEEDED_TEXT);
  });

  it('blocks text TikTok refuses: over 100 characters as TikTok counts them, emoji, empty', async () => {
    const long = await h.plan('ad', [BROAD.founder], replaceText('Cosy', '心地よい'.repeat(8)));
    expect(row(long, BROAD.founder)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'text_too_long',
    });
    const emoji = await h.plan('ad', [BROAD.founder], replaceText('week.', 'week 🎁'));
    expect(row(emoji, BROAD.founder)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'text_refused',
    });
    const empty = await h.plan('ad', [BROAD.founder], replaceText(SEEDED_TEXT, ' '));
    expect(row(empty, BROAD.founder)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'text_refused',
    });
    const apply = await h.call<{ error: { message: string } }>(
      'POST',
      `/api/bulk-edits/plans/${long.planId}/apply`,
    );
    expect(apply.status).toBe(400);
  });
});
