import { describe, expect, it } from 'vitest';
import { bulkEditSuite, row, US } from '../helpers/bulk-edit-harness';

/**
 * Renaming campaigns and ad groups in bulk, through the companion server's routes against
 * the real emulator over HTTP: find and replace (plain and regular expression), prefix,
 * template, TikTok's name rules checked per row before anything is sent, the job, its audit
 * and its undo. The emulator's state is the judge of what changed at "TikTok".
 */

const START = Date.parse('2026-11-21T20:00:00.000Z'); // noon in Los Angeles
const AG = {
  broad: '1840158125589658770', // US | Broad 18-44 | Purchase
  broad45: '1889035234624232194', // US | Broad 45+ | Purchase
  springBroad: '1863474710353129194', // US | Spring | Traffic broad
};
const CAMPAIGN = {
  evergreen: '1765549142363622598', // US | Prospecting | Evergreen
  retargeting: '1705916137701765061', // US | Retargeting | Cart abandoners
  spring: '1795055873644827705', // US | Spring launch | Lifetime
};

const h = bulkEditSuite(START);
const { call, applyAndWait, undoAndWait, tiktok } = h;

async function plan(level: 'campaign' | 'adgroup', entityIds: string[], change: unknown) {
  return h.plan(level, entityIds, { kind: 'name', change });
}

async function names(): Promise<Map<string, string>> {
  const state = await h.companion.emulator.control.state(US);
  return new Map([
    ...state.campaigns.map((c) => [c.campaign_id, c.campaign_name] as const),
    ...state.adgroups.map((g) => [g.adgroup_id, g.adgroup_name] as const),
  ]);
}

describe('renaming in bulk', () => {
  it('finds and replaces in ad-group names, audits each rename, and undo restores the old names', async () => {
    const p = await plan('adgroup', [AG.broad, AG.broad45, AG.springBroad], {
      type: 'replace',
      find: 'Broad',
      replace: 'Wide',
      regex: false,
      ignoreCase: false,
    });
    expect(row(p, AG.broad)).toMatchObject({
      field: 'name',
      before: 'US | Broad 18-44 | Purchase',
      after: 'US | Wide 18-44 | Purchase',
      verdict: 'ok',
    });
    // Case-sensitive by default: "broad" in lower case is not "Broad".
    expect(row(p, AG.springBroad)).toMatchObject({ verdict: 'unchanged' });
    expect(p.summary).toMatchObject({ ok: 2, unchanged: 1, blocked: 0 });
    // Nothing changed at TikTok by the preview.
    expect((await names()).get(AG.broad)).toBe('US | Broad 18-44 | Purchase');

    await h.companion.emulator.control.clearCalls();
    const job = await applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ total: 3, done: 2, skipped: 1, failed: 0 });
    const after = await names();
    expect(after.get(AG.broad)).toBe('US | Wide 18-44 | Purchase');
    expect(after.get(AG.broad45)).toBe('US | Wide 45+ | Purchase');
    const calls = await h.companion.emulator.control.calls();
    expect(calls.by_path['adgroup/update/']?.count).toBe(2);

    const audit = await call<{ entries: Array<Record<string, any>> }>(
      'GET',
      `/api/audit?action=bulk_edit.name&advertiserId=${US}`,
    );
    const entries = audit.body.entries.filter((e) => e.details.jobId === job.jobId);
    expect(entries).toHaveLength(2);
    expect(entries.find((e) => e.entityIds[0] === AG.broad)).toMatchObject({
      outcome: 'success',
      changes: [
        {
          entityId: AG.broad,
          field: 'name',
          before: 'US | Broad 18-44 | Purchase',
          after: 'US | Wide 18-44 | Purchase',
        },
      ],
    });

    const undo = await undoAndWait(job.jobId);
    expect(row(undo.plan, AG.broad)).toMatchObject({
      before: 'US | Wide 18-44 | Purchase',
      after: 'US | Broad 18-44 | Purchase',
      verdict: 'ok',
    });
    expect(undo.job.counts.done).toBe(2);
    const restored = await names();
    expect(restored.get(AG.broad)).toBe('US | Broad 18-44 | Purchase');
    expect(restored.get(AG.broad45)).toBe('US | Broad 45+ | Purchase');
  });

  it('renames campaigns with a regular expression, a prefix and a template', async () => {
    const regex = await plan('campaign', [CAMPAIGN.evergreen, CAMPAIGN.retargeting], {
      type: 'replace',
      find: '^US \\| (\\w+) \\|',
      replace: 'US-$1 |',
      regex: true,
      ignoreCase: false,
    });
    expect(regex.rows.map((r) => r.after)).toEqual([
      'US-Prospecting | Evergreen',
      'US-Retargeting | Cart abandoners',
    ]);
    await applyAndWait(regex.planId);
    expect((await names()).get(CAMPAIGN.evergreen)).toBe('US-Prospecting | Evergreen');

    const prefix = await plan('campaign', [CAMPAIGN.spring], { type: 'prefix', text: '[Ended] ' });
    await applyAndWait(prefix.planId);
    expect((await names()).get(CAMPAIGN.spring)).toBe('[Ended] US | Spring launch | Lifetime');

    // {date} is today in the account's time zone (Los Angeles), {budget} without currency.
    const template = await plan('campaign', [CAMPAIGN.evergreen, CAMPAIGN.retargeting], {
      type: 'template',
      template: '{name} · {id} · {date} · {budget}',
    });
    expect(row(template, CAMPAIGN.evergreen).after).toBe(
      `US-Prospecting | Evergreen · ${CAMPAIGN.evergreen} · 2026-11-21 · 500.00`,
    );
    expect(row(template, CAMPAIGN.retargeting).after).toBe(
      `US-Retargeting | Cart abandoners · ${CAMPAIGN.retargeting} · 2026-11-21 · `,
    );
    const job = await applyAndWait(template.planId);
    expect(job.counts.done).toBe(2);
    expect((await names()).get(CAMPAIGN.evergreen)).toBe(row(template, CAMPAIGN.evergreen).after);
  });

  it('blocks, per row and before sending, what TikTok would refuse', async () => {
    await h.companion.emulator.control.clearCalls();
    const long = await plan('adgroup', [AG.broad], { type: 'prefix', text: 'x'.repeat(490) });
    expect(row(long, AG.broad)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'name_too_long',
      reason: expect.stringMatching(/at most 512/),
    });

    const emoji = await plan('campaign', [CAMPAIGN.evergreen], { type: 'suffix', text: ' 🔥' });
    expect(row(emoji, CAMPAIGN.evergreen)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'name_refused',
      reason: expect.stringMatching(/emoji/),
    });

    // Another campaign of the account has the name; and two selected rows would share one.
    const taken = await plan('campaign', [CAMPAIGN.evergreen], {
      type: 'template',
      template: 'US | Spring launch | Lifetime',
    });
    expect(row(taken, CAMPAIGN.evergreen)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'duplicate_name',
      reason: expect.stringContaining(CAMPAIGN.spring),
    });
    const twice = await plan('campaign', [CAMPAIGN.evergreen, CAMPAIGN.retargeting], {
      type: 'template',
      template: 'Q4',
    });
    expect(twice.rows.map((r) => r.reasonCode)).toEqual(['duplicate_name', 'duplicate_name']);
    // Ad groups may share a name: TikTok does not require them to be unique.
    const adGroups = await plan('adgroup', [AG.broad, AG.broad45], {
      type: 'template',
      template: 'Q4',
    });
    expect(adGroups.summary.ok).toBe(2);

    // Nothing was sent to an update route for any of it.
    const calls = await h.companion.emulator.control.calls();
    expect(calls.by_path['campaign/update/']).toBeUndefined();
    expect(calls.by_path['adgroup/update/']).toBeUndefined();

    const apply = await call<{ message: string }>(
      'POST',
      `/api/bulk-edits/plans/${taken.planId}/apply`,
    );
    expect(apply.status).toBe(400);
  });

  it('refuses an invalid or dangerous regular expression, and ad renames, with a clear 400', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      [
        'adgroup',
        { type: 'replace', find: '(unclosed', replace: '', regex: true, ignoreCase: false },
        /regular expression/,
      ],
      [
        'adgroup',
        { type: 'replace', find: '(a+)+$', replace: '', regex: true, ignoreCase: false },
        /repeated group/,
      ],
      [
        'adgroup',
        { type: 'replace', find: 'x'.repeat(101), replace: '', regex: false, ignoreCase: false },
        /At most 100/,
      ],
      ['adgroup', { type: 'prefix', text: '' }, /prefix/],
    ];
    for (const [level, change, message] of cases) {
      const response = await call<{ error: { message: string } }>(
        'POST',
        `/api/ad-accounts/${US}/bulk-edits/plans`,
        {
          level,
          entityIds: [AG.broad],
          operation: { kind: 'name', change },
        },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.message).toMatch(message);
    }
  });

  it('leaves a row renamed by someone else since the preview alone, as a conflict', async () => {
    const p = await plan('adgroup', [AG.broad, AG.broad45], { type: 'suffix', text: ' v2' });
    expect(
      (
        await tiktok('adgroup/update/', {
          adgroup_id: AG.broad,
          adgroup_name: 'Renamed in Ads Manager',
        })
      ).code,
    ).toBe(0);
    const job = await applyAndWait(p.planId);
    expect(row(job, AG.broad)).toMatchObject({ state: 'conflict' });
    expect(row(job, AG.broad45)).toMatchObject({ state: 'done' });
    expect((await names()).get(AG.broad)).toBe('Renamed in Ads Manager');
  });
});

describe("the emulator's name rules on the update routes", () => {
  it('refuses long names, emoji and a campaign name already taken, with 40002 and the reason', async () => {
    const long = await tiktok('adgroup/update/', {
      adgroup_id: AG.broad,
      adgroup_name: 'x'.repeat(513),
    });
    expect(long).toMatchObject({ code: 40002, message: expect.stringMatching(/at most 512/) });
    const emoji = await tiktok('campaign/update/', {
      campaign_id: CAMPAIGN.evergreen,
      campaign_name: 'Sale 🔥',
    });
    expect(emoji).toMatchObject({ code: 40002, message: expect.stringMatching(/emoji/) });
    const taken = await tiktok('campaign/update/', {
      campaign_id: CAMPAIGN.evergreen,
      campaign_name: 'US | Spring launch | Lifetime',
    });
    expect(taken).toMatchObject({ code: 40002, message: expect.stringMatching(/already exists/) });
    // A campaign keeping its own name is not a clash with itself.
    const same = await tiktok('campaign/update/', {
      campaign_id: CAMPAIGN.spring,
      campaign_name: 'US | Spring launch | Lifetime',
    });
    expect(same.code).toBe(0);
  });
});
