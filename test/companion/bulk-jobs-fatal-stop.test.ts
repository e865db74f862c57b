import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateJob, CreatePlan } from '../../companion-server/src/contract/bulk-create';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import { adGroupRow, campaignRow, createCsv } from '../helpers/bulk-create-csv';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { callAs, connectAdvertisers } from '../helpers/companion-calls';
import { readJournalLines, sentWithoutOutcome } from '../helpers/job-journals';

/**
 * A fatal error stops a job's worker pool: when the ad account's token is revoked in the
 * middle of a bulk edit or a bulk create, the calls already sent come back (refused) and are
 * journaled, no further row is sent, and the job ends as stopped with what to do. The journal
 * accounts for every call TikTok received (the emulator's call log is the judge).
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const ROWS = 60;
const US = '7252569388304511798';
const REAUTHORIZE = /no longer accepts this ad account's authorization/;

let companion: TestCompanion;
let large = '';

beforeAll(async () => {
  const shiftMs = START - Date.now();
  companion = await startTestCompanion({}, { now: () => new Date(Date.now() + shiftMs) });
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
  await companion.emulator.control.reset({ large_account_adgroups: ROWS });
  const state = await companion.emulator.control.state();
  large = state.advertisers.find((a) => a.name === 'Bayme Scale Test')?.advertiser_id ?? '';
  await companion.context.bulkEdits.setGuardrails(
    { id: companion.staffIds.admin, email: 'admin@bayme.example', role: 'admin' },
    { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
  );
});

afterAll(async () => {
  await companion?.close();
});

/** Calls TikTok received on a path, by answer code. */
async function codes(path: string): Promise<Record<string, number>> {
  return (await companion.emulator.control.calls({ path })).by_path[path]?.codes ?? {};
}

/** Wait until TikTok has received `count` calls on a path. */
async function untilCalls(path: string, count: number): Promise<void> {
  await expect
    .poll(async () => (await companion.emulator.control.calls({ path })).total, {
      timeout: 15_000,
      interval: 25,
    })
    .toBeGreaterThanOrEqual(count);
}

describe('a revoked token in the middle of a job', () => {
  it('stops a bulk edit: no row sent after it, every sent call journaled with its outcome', async () => {
    const token = await connectAdvertisers(companion, [large]);
    const ids = (await companion.emulator.control.state(large)).adgroups
      .filter((g) => !g.deleted && g.budget_mode === 'BUDGET_MODE_DAY')
      .map((g) => g.adgroup_id);
    const plan = await callAs<Plan>(
      companion,
      'buyer',
      'POST',
      `/api/ad-accounts/${large}/bulk-edits/plans`,
      {
        level: 'adgroup',
        entityIds: ids,
        operation: { kind: 'budget', change: { type: 'percent', value: 10 } },
      },
    );
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    const rows = plan.body.rows.filter((r) => r.verdict === 'ok').length;
    expect(rows).toBeGreaterThan(40);

    await companion.emulator.control.clearCalls();
    await companion.emulator.control.fault({
      path: 'adgroup/update/',
      count: 1_000,
      delay_ms: 200,
    });
    const applied = await callAs<Job>(
      companion,
      'buyer',
      'POST',
      `/api/bulk-edits/plans/${plan.body.planId}/apply`,
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    await untilCalls('adgroup/update/', 12);
    await companion.emulator.control.revokeToken(token);
    await companion.context.bulkEdits.settled();
    await companion.emulator.control.clearFaults();

    const job = (
      await callAs<Job>(companion, 'viewer', 'GET', `/api/bulk-edits/jobs/${applied.body.jobId}`)
    ).body;
    expect(job.status).toBe('stopped');
    expect(job.statusMessage).toMatch(REAUTHORIZE);
    expect(job.counts.failed).toBeGreaterThan(0);
    expect(job.counts.unknown).toBe(0);
    // The pool stopped taking rows: many were never sent.
    expect(job.counts.remaining).toBeGreaterThan(10);
    expect(job.counts.done + job.counts.failed + job.counts.remaining).toBe(rows);

    const journal = await readJournalLines(companion.dataDir, 'bulk-edits', job.jobId);
    expect(sentWithoutOutcome(journal)).toEqual([]);
    expect(journal.at(-1)).toMatchObject({ t: 'end', status: 'stopped' });
    // What TikTok received is exactly what the journal says was sent and answered.
    const received = await codes('adgroup/update/');
    const outcomes = journal.filter((r) => r.t === 'row');
    expect(received['0'] ?? 0).toBe(outcomes.filter((r) => r.state === 'done').length);
    expect(received['40105']).toBe(outcomes.filter((r) => r.state === 'failed').length);
    expect(Object.keys(received).filter((code) => code !== '0' && code !== '40105')).toEqual([]);
    // Nothing more goes out after the stop.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await codes('adgroup/update/')).toEqual(received);
  }, 60_000);

  it('stops a bulk create: no row sent after it, every sent create journaled with its outcome', async () => {
    const token = await connectAdvertisers(companion, [US]);
    const AD_GROUPS = 30;
    const csv = createCsv([
      campaignRow({ name: 'Revoked | Campaign' }),
      ...Array.from({ length: AD_GROUPS }, (_, i) =>
        adGroupRow({ ref: `g${i + 1}`, name: `Revoked | Ad group ${i + 1}` }),
      ),
    ]);
    const plan = await callAs<CreatePlan>(
      companion,
      'buyer',
      'POST',
      `/api/ad-accounts/${US}/bulk-create/plans`,
      { csv },
    );
    expect(plan.body.canApply, JSON.stringify(plan.body)).toBe(true);

    await companion.emulator.control.clearCalls();
    await companion.emulator.control.fault({
      path: 'adgroup/create/',
      count: 1_000,
      delay_ms: 300,
    });
    const applied = await callAs<CreateJob>(
      companion,
      'buyer',
      'POST',
      `/api/bulk-create/plans/${plan.body.planId}/apply`,
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    await untilCalls('adgroup/create/', 5);
    await companion.emulator.control.revokeToken(token);
    await companion.context.bulkCreate.settled();
    await companion.emulator.control.clearFaults();

    const job = (
      await callAs<CreateJob>(
        companion,
        'viewer',
        'GET',
        `/api/bulk-create/jobs/${applied.body.jobId}`,
      )
    ).body;
    expect(job.status).toBe('stopped');
    expect(job.statusMessage).toMatch(REAUTHORIZE);
    expect(job.counts.failed).toBeGreaterThan(0);
    expect(job.counts.remaining).toBeGreaterThan(5);
    expect(job.rows.some((row) => row.state === 'in_flight')).toBe(false);

    const journal = await readJournalLines(companion.dataDir, 'bulk-create', job.jobId);
    expect(sentWithoutOutcome(journal)).toEqual([]);
    expect(journal.at(-1)).toMatchObject({ t: 'end', status: 'stopped' });
    const received = await codes('adgroup/create/');
    const groupRows = new Set(job.rows.filter((r) => r.type === 'adgroup').map((r) => r.row));
    const outcomes = journal.filter((r) => r.t === 'row' && groupRows.has(r.row ?? -1));
    expect(received['0'] ?? 0).toBe(outcomes.filter((r) => r.state === 'created').length);
    expect(received['40105']).toBe(outcomes.filter((r) => r.state === 'failed').length);
    // TikTok has exactly the ad groups the job says it created.
    const created = (await companion.emulator.control.state(US)).adgroups.filter((g) =>
      g.adgroup_name.startsWith('Revoked | Ad group'),
    );
    expect(created.map((g) => g.adgroup_id).sort()).toEqual(
      job.rows
        .filter((r) => r.type === 'adgroup' && r.state === 'created')
        .map((r) => r.entityId)
        .sort(),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await codes('adgroup/create/')).toEqual(received);
  }, 60_000);
});
