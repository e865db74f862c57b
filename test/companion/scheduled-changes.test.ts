import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../companion-server/src/contract/audit';
import type { Job } from '../../companion-server/src/contract/bulk-edits';
import type {
  Firing,
  ScheduledChangeInput,
  ScheduledChangeView,
} from '../../companion-server/src/contract/scheduled-changes';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Scheduled changes against the emulator over HTTP, on a simulated clock: both clocks move
 * together and the test drives the scheduler's ticks itself (RULES_TICK_SECONDS=0), as
 * rules-simulated-day.test.ts does. Times are the US account's (America/Los_Angeles, PST in
 * December): "at 18:00 set these ad groups to $50, at 23:00 back to what they were", a
 * weekly firing on its weekday only, refusals, and the admins' switch.
 */

const US = '7252569388304511798';
/** Daily-budget ad groups of the US seed: $60 (spends ~$35 by 18:00), $50, and $80 paused. */
const BROAD_45 = '1889035234624232194';
const ATC_7D = '1811207659203137835';
const KITCHEN = '1840111043551616958';
/** $80 daily, for the weekly raise. */
const ATC_30D = '1859352136245632819';
/** Monday 2026-12-07, 17:00 in Los Angeles. */
const START = Date.parse('2026-12-08T01:00:00Z');

let companion: TestCompanion;
let shift = START - Date.now();

async function moveClocksTo(instant: number): Promise<void> {
  shift = instant - Date.now();
  await companion.emulator.control.clock({ set: Date.now() + shift });
}

async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  role: 'buyer' | 'admin' | 'viewer' = 'buyer',
): Promise<{ status: number; body: T }> {
  const response = await companion.app.inject({
    method,
    url,
    headers: companion.as(role),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: response.json() as T };
}

/** One scheduler tick, and every job it started finished. */
async function tick(): Promise<void> {
  await companion.context.ruleScheduler.tick();
  await companion.context.bulkEdits.settled();
}

/** Ad groups' budgets and statuses as TikTok has them now. */
async function adGroups(): Promise<Map<string, { budget: number; status: string }>> {
  const token = await companion.emulator.control.mintToken([US]);
  const response = await companion.emulator.api.get(
    'adgroup/get/',
    { advertiser_id: US, page_size: 1000 },
    token,
  );
  const list = (response.body.data as { list: Array<Record<string, unknown>> }).list;
  return new Map(
    list.map((g) => [
      String(g.adgroup_id),
      { budget: Number(g.budget), status: String(g.operation_status) },
    ]),
  );
}

async function budgets(ids: string[]): Promise<number[]> {
  const groups = await adGroups();
  return ids.map((id) => groups.get(id)?.budget ?? Number.NaN);
}

function change(overrides: Partial<ScheduledChangeInput>): ScheduledChangeInput {
  return {
    name: 'Evening push',
    enabled: true,
    advertiserId: US,
    level: 'adgroup',
    entityIds: [BROAD_45, ATC_7D, KITCHEN],
    operation: { kind: 'budget', change: { type: 'set', value: 50 } },
    when: { kind: 'once', at: '2026-12-07 18:00' },
    revert: { kind: 'once', at: '2026-12-07 23:00' },
    ...overrides,
  };
}

async function create(input: ScheduledChangeInput): Promise<ScheduledChangeView> {
  const { status, body } = await call<ScheduledChangeView>('POST', '/api/scheduled-changes', input);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function firings(changeId: string): Promise<Firing[]> {
  const { status, body } = await call<{ firings: Firing[] }>(
    'GET',
    `/api/scheduled-changes/${changeId}/firings`,
  );
  expect(status).toBe(200);
  return body.firings;
}

async function auditOf(firingId: string): Promise<AuditEntry[]> {
  const { body } = await call<{ entries: AuditEntry[] }>(
    'GET',
    '/api/audit?limit=500',
    undefined,
    'admin',
  );
  return body.entries.filter((e) => e.details.firingId === firingId);
}

beforeAll(async () => {
  companion = await startTestCompanion(
    { RULES_TICK_SECONDS: '0' },
    { now: () => new Date(Date.now() + shift) },
  );
  await moveClocksTo(START);
  const token = await companion.emulator.control.mintToken([US]);
  const imported = await call('POST', '/api/connections/import', { accessToken: token }, 'admin');
  expect(imported.status).toBe(200);
});

afterAll(async () => {
  await companion?.close();
});

describe('at 18:00 set these ad groups to $50, at 23:00 back to what they were', () => {
  it('changes them at 18:00 PST, puts back what it changed at 23:00 PST, audited as the change', async () => {
    const before = await budgets([BROAD_45, ATC_7D, KITCHEN]);
    expect(before).toEqual([60, 50, 80]);
    const evening = await create(change({}));
    expect(evening.timezone).toBe('America/Los_Angeles');
    expect(evening.nextFiring).toEqual({
      at: '2026-12-08T02:00:00.000Z',
      label: '2026-12-07 18:00 PST',
    });

    // 17:59: nothing yet.
    await moveClocksTo(Date.parse('2026-12-08T01:59:00Z'));
    await tick();
    expect(await firings(evening.id)).toEqual([]);
    expect(await budgets([BROAD_45, ATC_7D, KITCHEN])).toEqual(before);

    // 18:00: fired, on time.
    await moveClocksTo(Date.parse('2026-12-08T02:00:10Z'));
    await tick();
    expect(await budgets([BROAD_45, ATC_7D, KITCHEN])).toEqual([50, 50, 50]);
    const [fired] = await firings(evening.id);
    expect(fired).toMatchObject({
      status: 'done',
      trigger: 'schedule',
      slot: '2026-12-07T18:00',
      counts: { changed: 2, unchanged: 1, needsApproval: 0, blocked: 0, failed: 0 },
      revertAt: '2026-12-08T07:00:00.000Z',
      revertStatus: 'waiting',
      actedBy: companion.staffIds.buyer,
    });
    expect(fired?.message).toBe('Changed 2 of 3. 1 already at the new value.');
    const job = await call<Job>('GET', `/api/bulk-edits/jobs/${fired?.jobId}`);
    expect(job.body.purpose).toEqual({
      kind: 'schedule',
      changeId: evening.id,
      changeName: 'Evening push',
      firingId: fired?.firingId,
      revertOf: null,
    });
    expect(job.body.createdBy).toBe(companion.staffIds.buyer);

    // Each change is audited as the scheduled change's, acting as its creator.
    const entries = await auditOf(fired?.firingId as string);
    expect(entries.map((e) => e.entityIds[0]).sort()).toEqual([BROAD_45, KITCHEN].sort());
    for (const e of entries) {
      expect(e.action).toBe('bulk_edit.budget');
      expect(e.actor).toEqual({
        kind: 'schedule',
        staffId: companion.staffIds.buyer,
        email: 'buyer@bayme.example',
      });
      expect(e.message).toBe('By scheduled change “Evening push”, created by buyer@bayme.example.');
      expect(e.changes[0]).toMatchObject({ field: 'budget', after: 50 });
    }

    const view = await call<ScheduledChangeView>('GET', `/api/scheduled-changes/${evening.id}`);
    expect(view.body.nextFiring).toBeNull();
    expect(view.body.nextRevert).toEqual({
      at: '2026-12-08T07:00:00.000Z',
      label: '2026-12-07 23:00 PST',
    });
    expect(view.body.lastFiring?.firingId).toBe(fired?.firingId);

    // 22:59: still $50; the next ticks fire nothing more.
    await moveClocksTo(Date.parse('2026-12-08T06:59:00Z'));
    await tick();
    expect(await budgets([BROAD_45, ATC_7D, KITCHEN])).toEqual([50, 50, 50]);
    expect(await firings(evening.id)).toHaveLength(1);

    // 23:00: back to what they were; only what the firing changed.
    await moveClocksTo(Date.parse('2026-12-08T07:00:05Z'));
    await tick();
    expect(await budgets([BROAD_45, ATC_7D, KITCHEN])).toEqual(before);
    const [reverted] = await firings(evening.id);
    expect(reverted).toMatchObject({
      status: 'done',
      revertStatus: 'done',
      revertMessage: 'Put back 2 of 2.',
    });
    expect(reverted?.revertedAt?.slice(0, 16)).toBe('2026-12-08T07:00');
    const revertJob = await call<Job>('GET', `/api/bulk-edits/jobs/${reverted?.revertJobId}`);
    expect(revertJob.body.purpose).toMatchObject({ kind: 'schedule', revertOf: fired?.jobId });
    expect(revertJob.body.rows.map((r) => [r.entityId, r.before, r.after, r.state]).sort()).toEqual(
      [
        [BROAD_45, 50, 60, 'done'],
        [KITCHEN, 50, 80, 'done'],
      ].sort(),
    );
    const putBack = (await auditOf(fired?.firingId as string)).filter(
      (e) => e.details.revertOf === fired?.jobId,
    );
    expect(putBack).toHaveLength(2);
    expect(putBack[0]?.message).toBe(
      'Put back by scheduled change “Evening push”, created by buyer@bayme.example.',
    );

    // The change itself was audited when created.
    const { body } = await call<{ entries: AuditEntry[] }>(
      'GET',
      '/api/audit?action=scheduled_change.create',
      undefined,
      'admin',
    );
    expect(body.entries.some((e) => e.details.changeId === evening.id)).toBe(true);
  });
});

describe('every Wednesday at 07:00 raise the budget by 20%', () => {
  it('fires on its weekday only, once', async () => {
    // Tuesday 2026-12-08, 06:00 in Los Angeles.
    await moveClocksTo(Date.parse('2026-12-08T14:00:00Z'));
    const [start] = await budgets([ATC_30D]);
    const weekly = await create(
      change({
        name: 'Wednesday morning raise',
        entityIds: [ATC_30D],
        operation: { kind: 'budget', change: { type: 'percent', value: 20 } },
        when: { kind: 'weekly', days: [3], at: '07:00' },
        revert: null,
      }),
    );
    expect(weekly.nextFiring?.label).toBe('2026-12-09 07:00 PST');

    // Tuesday 07:00 and 07:30: not its day.
    await moveClocksTo(Date.parse('2026-12-08T15:00:00Z'));
    await tick();
    await moveClocksTo(Date.parse('2026-12-08T15:30:00Z'));
    await tick();
    expect(await firings(weekly.id)).toEqual([]);
    expect(await budgets([ATC_30D])).toEqual([start]);

    // Wednesday 06:59: not yet. 07:00: raised. 07:15: not again.
    await moveClocksTo(Date.parse('2026-12-09T14:59:00Z'));
    await tick();
    expect(await firings(weekly.id)).toEqual([]);
    await moveClocksTo(Date.parse('2026-12-09T15:00:00Z'));
    await tick();
    await moveClocksTo(Date.parse('2026-12-09T15:15:00Z'));
    await tick();
    const all = await firings(weekly.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      slot: '2026-12-09T07:00',
      trigger: 'schedule',
      status: 'done',
      revertAt: null,
      revertStatus: null,
    });
    expect(await budgets([ATC_30D])).toEqual([(start as number) * 1.2]);
    const view = await call<ScheduledChangeView>('GET', `/api/scheduled-changes/${weekly.id}`);
    expect(view.body.nextFiring?.label).toBe('2026-12-16 07:00 PST');
  });
});

describe('refusals', () => {
  it('refuses a one-off in the past with a clear 400, and a viewer with 403; stores nothing', async () => {
    const count = async () =>
      (await call<{ changes: ScheduledChangeView[] }>('GET', '/api/scheduled-changes')).body.changes
        .length;
    // Wednesday 2026-12-09, 07:15 in Los Angeles.
    await moveClocksTo(Date.parse('2026-12-09T15:15:00Z'));
    const before = await count();
    const past = await call<{ error: { code: string; message: string } }>(
      'POST',
      '/api/scheduled-changes',
      change({ when: { kind: 'once', at: '2026-12-09 07:00' }, revert: null }),
    );
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('invalid_scheduled_change');
    expect(past.body.error.message).toBe(
      'Invalid scheduled change: when.at: 2026-12-09 07:00 PST has passed (it is 2026-12-09 07:15 PST in the ad account’s time zone): choose a time in the future.',
    );

    const early = await call<{ error: { message: string } }>(
      'POST',
      '/api/scheduled-changes',
      change({
        when: { kind: 'once', at: '2026-12-09 20:00' },
        revert: { kind: 'once', at: '2026-12-09 19:00' },
      }),
    );
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('must come after the change');

    const rename = await call<{ error: { message: string } }>(
      'POST',
      '/api/scheduled-changes',
      change({
        when: { kind: 'once', at: '2026-12-09 20:00' },
        revert: null,
        operation: { kind: 'name', change: { type: 'prefix', text: 'X ' } },
      }),
    );
    expect(rename.status).toBe(400);
    expect(rename.body.error.message).toContain('budgets, bids or statuses');

    const adBudget = await call<{ error: { message: string } }>(
      'POST',
      '/api/scheduled-changes',
      change({ level: 'ad', when: { kind: 'once', at: '2026-12-09 20:00' }, revert: null }),
    );
    expect(adBudget.status).toBe(400);
    expect(adBudget.body.error.message).toContain('Ads have no budget or bid');

    const viewer = await call(
      'POST',
      '/api/scheduled-changes',
      change({ when: { kind: 'once', at: '2026-12-09 20:00' }, revert: null }),
      'viewer',
    );
    expect(viewer.status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe('the admins’ switch', () => {
  it('holds firings while off; a firing held under 6 h is made late, one held longer is missed', async () => {
    // Wednesday 2026-12-09, 08:00 in Los Angeles.
    await moveClocksTo(Date.parse('2026-12-09T16:00:00Z'));
    const [start] = await budgets([KITCHEN]);
    const soon = await create(
      change({
        name: 'Kitchen at 09:00',
        entityIds: [KITCHEN],
        operation: { kind: 'budget', change: { type: 'set', value: 70 } },
        when: { kind: 'once', at: '2026-12-09 09:00' },
        revert: null,
      }),
    );
    const later = await create(
      change({
        name: 'Kitchen at 10:00',
        entityIds: [KITCHEN],
        operation: { kind: 'budget', change: { type: 'set', value: 75 } },
        when: { kind: 'once', at: '2026-12-09 10:00' },
        revert: null,
      }),
    );
    const off = await call('PUT', '/api/rules/settings', { paused: true }, 'admin');
    expect(off.status).toBe(200);
    const listed = await call<{ settings: { paused: boolean } }>('GET', '/api/scheduled-changes');
    expect(listed.body.settings.paused).toBe(true);

    // 10:30: both times have passed, nothing fired.
    await moveClocksTo(Date.parse('2026-12-09T18:30:00Z'));
    await tick();
    expect(await firings(soon.id)).toEqual([]);
    expect(await firings(later.id)).toEqual([]);
    expect(await budgets([KITCHEN])).toEqual([start]);

    // 15:30, switched back on: 09:00 is 6.5 h ago (missed), 10:00 is 5.5 h ago (made late).
    await moveClocksTo(Date.parse('2026-12-09T23:30:00Z'));
    const on = await call('PUT', '/api/rules/settings', { paused: false }, 'admin');
    expect(on.status).toBe(200);
    await tick();
    const [missed] = await firings(soon.id);
    expect(missed).toMatchObject({ status: 'missed', slot: '2026-12-09T09:00', jobId: null });
    expect(missed?.message).toBe(
      'Not done: its time (2026-12-09 09:00 PST) passed 6.5 h ago, while the server was down or scheduled changes were switched off, and a change more than 6 h late is not made.',
    );
    const [late] = await firings(later.id);
    expect(late).toMatchObject({ status: 'done', trigger: 'catch_up', slot: '2026-12-09T10:00' });
    expect(await budgets([KITCHEN])).toEqual([75]);

    // Neither fires again.
    await tick();
    expect(await firings(soon.id)).toHaveLength(1);
    expect(await firings(later.id)).toHaveLength(1);
  });
});
