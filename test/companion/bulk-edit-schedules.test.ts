import { describe, expect, it } from 'vitest';
import { bulkEditSuite, row, US } from '../helpers/bulk-edit-harness';

/**
 * Moving ad groups' end times in bulk, through the companion server's routes against the
 * real emulator over HTTP: shift by days or set a local date and time, TikTok's schedule
 * rules and the lifetime budget's minimum per scheduled day checked per row, the job, its
 * audit and its undo. The emulator's state is the judge of what changed at "TikTok".
 */

const START = Date.parse('2026-11-21T20:00:00.000Z'); // noon in Los Angeles
const AG = {
  broad: '1840158125589658770', // runs from now on (no end)
  springBroad: '1863474710353129194', // lifetime 2000, 40 days in, 20 to go
  springInterests: '1870328098788357200', // lifetime 1800, same schedule
};
const CAMPAIGN_SPRING = '1795055873644827705';

const h = bulkEditSuite(START);
const { call, applyAndWait, undoAndWait, tiktok } = h;

async function plan(entityIds: string[], change: unknown) {
  return h.plan('adgroup', entityIds, { kind: 'schedule', change });
}

async function ends(): Promise<Map<string, string>> {
  const state = await h.companion.emulator.control.state(US);
  return new Map(state.adgroups.map((g) => [g.adgroup_id, String(g.schedule_end_time)] as const));
}

describe('moving end times in bulk', () => {
  it('shifts ends by days, blocks a lifetime budget too small for the longer run, audits, and undo restores', async () => {
    const before = await ends();
    const p = await plan([AG.springBroad, AG.springInterests, AG.broad], {
      type: 'shift_end',
      days: 40,
    });
    const broad = row(p, AG.springBroad);
    expect(broad).toMatchObject({ field: 'schedule_end_time', verdict: 'ok' });
    expect(
      Date.parse(`${String(broad.after).replace(' ', 'T')}Z`) -
        Date.parse(`${String(broad.before).replace(' ', 'T')}Z`),
    ).toBe(40 * 86_400_000);
    // 60 → 100 scheduled days: TikTok's minimum becomes 20 USD × 100 = 2000 USD.
    expect(row(p, AG.springInterests)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'below_minimum',
    });
    expect(row(p, AG.broad)).toMatchObject({ verdict: 'blocked', reasonCode: 'no_end_time' });

    await h.companion.emulator.control.clearCalls();
    const job = await applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ total: 3, done: 1, skipped: 2, failed: 0 });
    const after = await ends();
    expect(after.get(AG.springBroad)).toBe(String(broad.after));
    expect(after.get(AG.springInterests)).toBe(before.get(AG.springInterests));
    expect((await h.companion.emulator.control.calls()).by_path['adgroup/update/']?.count).toBe(1);

    const audit = await call<{ entries: Array<Record<string, any>> }>(
      'GET',
      `/api/audit?action=bulk_edit.schedule&advertiserId=${US}`,
    );
    const entries = audit.body.entries.filter((e) => e.details.jobId === job.jobId);
    expect(entries).toEqual([
      expect.objectContaining({
        outcome: 'success',
        changes: [
          {
            entityId: AG.springBroad,
            field: 'schedule_end_time',
            before: broad.before,
            after: broad.after,
          },
        ],
      }),
    ]);

    const undo = await undoAndWait(job.jobId);
    expect(row(undo.plan, AG.springBroad)).toMatchObject({ after: broad.before, verdict: 'ok' });
    expect(undo.job.counts.done).toBe(1);
    expect((await ends()).get(AG.springBroad)).toBe(before.get(AG.springBroad));
  });

  it("sets an end typed in the account's time zone", async () => {
    const p = await plan([AG.springBroad], { type: 'set_end', endTime: '2026-12-24 23:59' });
    // Los Angeles is UTC−8 in December.
    expect(row(p, AG.springBroad)).toMatchObject({ after: '2026-12-25 07:59:00', verdict: 'ok' });
    await applyAndWait(p.planId);
    expect((await ends()).get(AG.springBroad)).toBe('2026-12-25 07:59:00');
  });

  it('blocks an end before the start, in the past or after 2037, before sending', async () => {
    await h.companion.emulator.control.clearCalls();
    const cases: Array<[unknown, string]> = [
      [{ type: 'shift_end', days: -61 }, 'end_before_start'],
      [{ type: 'shift_end', days: -25 }, 'end_in_past'],
      [{ type: 'set_end', endTime: '2038-06-01 00:00' }, 'end_too_late'],
    ];
    for (const [change, code] of cases) {
      const p = await plan([AG.springBroad], change);
      expect(row(p, AG.springBroad), JSON.stringify(change)).toMatchObject({
        verdict: 'blocked',
        reasonCode: code,
      });
    }
    expect((await h.companion.emulator.control.calls()).by_path['adgroup/update/']).toBeUndefined();

    const campaign = await call<{ error: { message: string } }>(
      'POST',
      `/api/ad-accounts/${US}/bulk-edits/plans`,
      {
        level: 'campaign',
        entityIds: [CAMPAIGN_SPRING],
        operation: { kind: 'schedule', change: { type: 'shift_end', days: 1 } },
      },
    );
    expect(campaign.status).toBe(400);
    expect(campaign.body.error.message).toMatch(/Schedules belong to ad groups/);
  });
});

describe("the emulator's schedule rules on adgroup/update/", () => {
  it('refuses an end before the start, in the past, or too long for a lifetime budget, with 40002', async () => {
    const update = (adgroupId: string, end: string) =>
      tiktok('adgroup/update/', { adgroup_id: adgroupId, schedule_end_time: end });
    expect(await update(AG.springBroad, '2020-01-01 00:00:00')).toMatchObject({
      code: 40002,
      message: expect.stringMatching(/after the start time/),
    });
    expect(await update(AG.springBroad, '2026-11-20 00:00:00')).toMatchObject({
      code: 40002,
      message: expect.stringMatching(/later than the current time/),
    });
    expect(await update(AG.springInterests, '2027-06-01 00:00:00')).toMatchObject({
      code: 40002,
      message: expect.stringMatching(/budget/i),
    });
    expect(await update(AG.broad, '2027-06-01 00:00:00')).toMatchObject({ code: 40002 });
    expect((await update(AG.springBroad, '2026-12-31 08:00:00')).code).toBe(0);
  });
});
