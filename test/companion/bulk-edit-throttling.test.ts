import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { callAs, connectAdvertisers } from '../helpers/companion-calls';

/**
 * A bulk-edit job waits out TikTok's throttling instead of failing rows: a storm of 40100
 * answers longer than the transport's own retries, first on the conflict re-read and then on
 * the writes, during a 40-row job (over HTTP against the emulator, its state the judge).
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const ROWS = 40;

let companion: TestCompanion;
let advertiserId = '';
let ids: string[] = [];

const call = <T>(method: 'GET' | 'POST', url: string, payload?: unknown) =>
  callAs<T>(companion, 'buyer', method, url, payload);

beforeAll(async () => {
  const shiftMs = START - Date.now();
  companion = await startTestCompanion({}, { now: () => new Date(Date.now() + shiftMs) });
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
  await companion.emulator.control.reset({ large_account_adgroups: ROWS });
  const state = await companion.emulator.control.state();
  advertiserId = state.advertisers.find((a) => a.name === 'Bayme Scale Test')?.advertiser_id ?? '';
  ids = (await companion.emulator.control.state(advertiserId)).adgroups
    .filter((g) => !g.deleted && g.budget_mode === 'BUDGET_MODE_DAY')
    .map((g) => g.adgroup_id)
    .slice(0, ROWS);
  await connectAdvertisers(companion, [advertiserId]);
  await companion.context.bulkEdits.setGuardrails(
    { id: companion.staffIds.admin, email: 'admin@bayme.example', role: 'admin' },
    { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
  );
});

afterAll(async () => {
  await companion?.close();
});

describe('bulk-edit jobs under throttling', () => {
  it('waits out a storm of 40100 on reads and writes and finishes every row', async () => {
    expect(ids.length).toBe(ROWS);
    const plan = await call<Plan>('POST', `/api/ad-accounts/${advertiserId}/bulk-edits/plans`, {
      level: 'adgroup',
      entityIds: ids,
      operation: { kind: 'budget', change: { type: 'percent', value: 10 } },
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    await companion.emulator.control.clearCalls();
    // More refusals in a row than the transport retries one call (6 attempts): the re-read
    // alone gets 8; the writes, ten in flight, get 70 (every one of the first ten calls is
    // refused six times, and again after the job's first wait).
    await companion.emulator.control.fault({ path: 'adgroup/get/', count: 8, code: 40100 });
    await companion.emulator.control.fault({ path: 'adgroup/update/', count: 70, code: 40100 });

    const applied = await call<Job>('POST', `/api/bulk-edits/plans/${plan.body.planId}/apply`);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    // While it waits, the running job says why it is slow.
    const messages = new Set<string | null>();
    let job = applied.body;
    while (job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = (await call<Job>('GET', `/api/bulk-edits/jobs/${applied.body.jobId}`)).body;
      if (job.status === 'running') messages.add(job.statusMessage);
    }
    await companion.context.bulkEdits.settled();
    expect([...messages]).toContain(
      "Waiting for TikTok's rate limit: TikTok asked us to slow down.",
    );

    expect(job.status).toBe('finished');
    expect(job.statusMessage).toBeNull();
    expect(job.counts, JSON.stringify(job.rows.filter((r) => r.state !== 'done'))).toMatchObject({
      total: ROWS,
      done: ROWS,
      failed: 0,
      remaining: 0,
    });
    const calls = await companion.emulator.control.calls();
    expect(calls.by_path['adgroup/get/']?.codes['40100']).toBe(8);
    expect(calls.by_path['adgroup/update/']?.codes['40100']).toBe(70);
    // Each row applied once, with its new value.
    expect(calls.by_path['adgroup/update/']?.codes['0']).toBe(ROWS);
    const after = await companion.emulator.control.state(advertiserId);
    for (const row of job.rows) {
      const adGroup = after.adgroups.find((g) => g.adgroup_id === row.entityId);
      expect(adGroup?.budget).toBeCloseTo(Number(row.after), 2);
    }
  }, 120_000);
});
