import { describe, expect, it } from 'vitest';
import { ALL_HOURS, canonicalDayparting } from '../../companion-server/src/contract/dayparting';
import { type BulkEditHarness, bulkEditSuite, row, US } from '../helpers/bulk-edit-harness';

/**
 * Ad groups' start times and dayparting in bulk, through the companion server against the
 * real emulator over HTTP: a start moves only while it has not passed (TikTok freezes it
 * after), within TikTok's bounds and the lifetime budget's minimum for the new length; a
 * dayparting grid is set or copied from another ad group. Each with its job, audit and undo.
 */

const START = Date.parse('2026-11-21T20:00:00.000Z'); // noon in Los Angeles
const DAY_MS = 86_400_000;
const AG = {
  broad: '1840158125589658770', // started in September
  broad45: '1889035234624232194',
  homeDecor: '1894767388663798066',
};
/** Monday to Friday, 09:00–18:00 in the account's time zone. */
const OFFICE_HOURS =
  `${'0'.repeat(18)}${'1'.repeat(18)}${'0'.repeat(12)}`.repeat(5) + '0'.repeat(96);

const h = bulkEditSuite(START);
const utc = (instant: number) => new Date(instant).toISOString().slice(0, 19).replace('T', ' ');
const parse = (value: unknown) => Date.parse(`${String(value).replace(' ', 'T')}Z`);

/** Ad groups that have not started yet, for the sale: created at "TikTok" for the test. */
async function upcomingAdGroups(
  harness: BulkEditHarness,
  groups: Array<{ name: string; startDays: number; endDays: number; lifetime: number }>,
): Promise<string[]> {
  const campaign = await harness.tiktok('campaign/create/', {
    campaign_name: 'US | Holiday sale | Scheduled',
    objective_type: 'WEB_CONVERSIONS',
    budget_mode: 'BUDGET_MODE_INFINITE',
  });
  expect(campaign.code, campaign.message).toBe(0);
  const ids: string[] = [];
  for (const group of groups) {
    const created = await harness.tiktok('adgroup/create/', {
      campaign_id: campaign.data.campaign_id,
      adgroup_name: group.name,
      budget_mode: 'BUDGET_MODE_TOTAL',
      budget: group.lifetime,
      billing_event: 'OCPM',
      optimization_goal: 'CONVERT',
      pacing: 'PACING_MODE_SMOOTH',
      schedule_type: 'SCHEDULE_START_END',
      schedule_start_time: utc(START + group.startDays * DAY_MS),
      schedule_end_time: utc(START + group.endDays * DAY_MS),
      placement_type: 'PLACEMENT_TYPE_AUTOMATIC',
      location_ids: ['6252001'],
    });
    expect(created.code, created.message).toBe(0);
    ids.push(created.data.adgroup_id);
  }
  return ids;
}

async function adGroups(): Promise<Map<string, Record<string, any>>> {
  const state = await h.companion.emulator.control.state(US);
  return new Map(state.adgroups.map((g) => [g.adgroup_id, g]));
}

describe('start times in bulk', () => {
  it('moves starts that have not passed, re-checks lifetime budgets for the new length, audits, and undo restores', async () => {
    // 10 days for 500 USD (minimum 20 × 12 = 240 after the move); 5 days for 110 USD
    // (minimum 140 once it is 7 days long).
    const [roomy, tight] = await upcomingAdGroups(h, [
      { name: 'US | Holiday | Roomy', startDays: 3, endDays: 13, lifetime: 500 },
      { name: 'US | Holiday | Tight', startDays: 3, endDays: 8, lifetime: 110 },
    ]);
    if (!roomy || !tight) throw new Error('ad groups not created');
    const p = await h.plan('adgroup', [roomy, tight, AG.broad], {
      kind: 'schedule',
      change: { type: 'shift_start', days: -2 },
    });
    expect(row(p, roomy)).toMatchObject({
      field: 'schedule_start_time',
      before: utc(START + 3 * DAY_MS),
      after: utc(START + DAY_MS),
      verdict: 'ok',
    });
    expect(row(p, tight)).toMatchObject({ verdict: 'blocked', reasonCode: 'below_minimum' });
    expect(row(p, tight).reason).toMatch(/too small for 7 scheduled days/);
    expect(row(p, AG.broad)).toMatchObject({ verdict: 'blocked', reasonCode: 'start_frozen' });

    await h.companion.emulator.control.clearCalls();
    const job = await h.applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ done: 1, skipped: 2, failed: 0 });
    expect((await h.companion.emulator.control.calls()).by_path['adgroup/update/']?.count).toBe(1);
    expect(parse((await adGroups()).get(roomy)?.schedule_start_time)).toBe(START + DAY_MS);

    const audit = await h.call<{ entries: Array<Record<string, any>> }>(
      'GET',
      `/api/audit?action=bulk_edit.schedule&advertiserId=${US}`,
    );
    expect(audit.body.entries.filter((e) => e.details.jobId === job.jobId)).toEqual([
      expect.objectContaining({
        changes: [
          {
            entityId: roomy,
            field: 'schedule_start_time',
            before: utc(START + 3 * DAY_MS),
            after: utc(START + DAY_MS),
          },
        ],
      }),
    ]);

    const undo = await h.undoAndWait(job.jobId);
    expect(undo.job.counts.done).toBe(1);
    expect(parse((await adGroups()).get(roomy)?.schedule_start_time)).toBe(START + 3 * DAY_MS);
  });

  it('blocks a start in the past, after 2027 or after the end before sending; TikTok refuses a frozen start', async () => {
    const [upcoming] = await upcomingAdGroups(h, [
      { name: 'US | Holiday | Soon', startDays: 2, endDays: 12, lifetime: 1_000 },
    ]);
    if (!upcoming) throw new Error('ad group not created');
    const cases: Array<[string, string]> = [
      ['2026-11-20 09:00', 'start_in_past'],
      ['2028-01-02 09:00', 'start_too_late'],
      ['2026-12-24 09:00', 'end_before_start'],
    ];
    for (const [startTime, code] of cases) {
      const p = await h.plan('adgroup', [upcoming], {
        kind: 'schedule',
        change: { type: 'set_start', startTime },
      });
      expect(row(p, upcoming), startTime).toMatchObject({ verdict: 'blocked', reasonCode: code });
    }
    // What the planner predicts, the emulator enforces.
    const frozen = await h.tiktok('adgroup/update/', {
      adgroup_id: AG.broad,
      schedule_start_time: utc(START + DAY_MS),
    });
    expect(frozen.code).toBe(40002);
    expect(frozen.message).toMatch(/cannot be changed once the ad group has started/);
  });
});

describe('dayparting in bulk', () => {
  it('sets a grid, copies one from another ad group, audits, and undo puts every hour back', async () => {
    const p = await h.plan('adgroup', [AG.broad, AG.broad45], {
      kind: 'dayparting',
      change: { type: 'set', dayparting: OFFICE_HOURS },
    });
    expect(row(p, AG.broad)).toMatchObject({
      field: 'dayparting',
      before: ALL_HOURS,
      after: OFFICE_HOURS,
      verdict: 'ok',
    });
    const job = await h.applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ done: 2, failed: 0 });
    let state = await adGroups();
    expect(state.get(AG.broad)?.dayparting).toBe(OFFICE_HOURS);
    expect(state.get(AG.broad45)?.dayparting).toBe(OFFICE_HOURS);

    const again = await h.plan('adgroup', [AG.broad], {
      kind: 'dayparting',
      change: { type: 'set', dayparting: OFFICE_HOURS },
    });
    expect(row(again, AG.broad)).toMatchObject({ verdict: 'unchanged' });

    const copy = await h.plan('adgroup', [AG.homeDecor, AG.broad45], {
      kind: 'dayparting',
      change: { type: 'copy', fromAdgroupId: AG.broad },
    });
    expect(row(copy, AG.homeDecor)).toMatchObject({ after: OFFICE_HOURS, verdict: 'ok' });
    expect(row(copy, AG.broad45)).toMatchObject({ verdict: 'unchanged' });
    await h.applyAndWait(copy.planId);
    expect((await adGroups()).get(AG.homeDecor)?.dayparting).toBe(OFFICE_HOURS);

    const audit = await h.call<{ entries: Array<Record<string, any>> }>(
      'GET',
      `/api/audit?action=bulk_edit.dayparting&advertiserId=${US}`,
    );
    expect(audit.body.entries.filter((e) => e.details.jobId === job.jobId)).toHaveLength(2);

    const undo = await h.undoAndWait(job.jobId);
    expect(row(undo.plan, AG.broad)).toMatchObject({ after: ALL_HOURS, verdict: 'ok' });
    expect(undo.job.counts.done).toBe(2);
    state = await adGroups();
    expect(canonicalDayparting(state.get(AG.broad)?.dayparting)).toBe(ALL_HOURS);
    expect(canonicalDayparting(state.get(AG.broad45)?.dayparting)).toBe(ALL_HOURS);
  });

  it('refuses a bad grid before anything is read, and an unknown ad group to copy from', async () => {
    for (const dayparting of [
      OFFICE_HOURS.slice(1),
      '0'.repeat(336),
      `${OFFICE_HOURS.slice(1)}x`,
    ]) {
      const response = await h.requestPlan('adgroup', [AG.broad], {
        kind: 'dayparting',
        change: { type: 'set', dayparting },
      });
      expect(response.status).toBe(400);
    }
    const campaign = await h.requestPlan('campaign', ['1765549142363622598'], {
      kind: 'dayparting',
      change: { type: 'set', dayparting: OFFICE_HOURS },
    });
    expect(campaign.status).toBe(400);
    const copy = await h.plan('adgroup', [AG.broad], {
      kind: 'dayparting',
      change: { type: 'copy', fromAdgroupId: '1999999999999999999' },
    });
    expect(row(copy, AG.broad)).toMatchObject({ verdict: 'blocked', reasonCode: 'no_source' });
    // TikTok refuses a malformed grid too.
    const direct = await h.tiktok('adgroup/update/', {
      adgroup_id: AG.broad,
      dayparting: OFFICE_HOURS.slice(1),
    });
    expect(direct.code).toBe(40002);
    expect(direct.message).toMatch(/336 characters of 0 and 1/);
  });
});
