import { afterAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import { type CompanionProcess, startCompanionProcess } from '../helpers/companion-process';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { killServerProcesses } from '../helpers/server-process';

/**
 * A bulk-edit job survives the server being killed (SIGKILL, no chance to clean up) in the
 * middle: on the next start the journal tells which rows were done, which were in flight
 * (checked at TikTok) and which were still to send; the job finishes with every row
 * applied exactly once. The emulator runs in the test, so it outlives the server.
 */

const ROWS = 60;
let emulator: TestEmulator | null = null;
let companion: CompanionProcess | null = null;

afterAll(async () => {
  killServerProcesses();
  await emulator?.close();
  await companion?.removeData();
});

describe('a bulk-edit job across a killed server', () => {
  it('resumes after SIGKILL and applies every row exactly once', async () => {
    emulator = await startTestEmulator();
    await emulator.control.reset({ large_account_adgroups: ROWS });
    const large = (await emulator.control.state()).advertisers.find(
      (a) => a.name === 'Bayme Scale Test',
    );
    if (!large) throw new Error('no large account');
    const adGroups = (await emulator.control.state(large.advertiser_id)).adgroups.filter(
      (g) => !g.deleted && g.budget_mode === 'BUDGET_MODE_DAY',
    );
    expect(adGroups.length).toBeGreaterThanOrEqual(40);

    companion = await startCompanionProcess(emulator.url);
    const { api } = companion;
    let server = companion.server;
    const token = await emulator.control.mintToken([large.advertiser_id]);
    await api('POST', '/api/connections/import', { accessToken: token });

    const plan = await api<Plan>(
      'POST',
      `/api/ad-accounts/${large.advertiser_id}/bulk-edits/plans`,
      {
        level: 'adgroup',
        entityIds: adGroups.map((g) => g.adgroup_id),
        operation: { kind: 'budget', change: { type: 'percent', value: 40 } },
      },
    );
    // The emulator's clock is the real one here: late in the day an ad group may have spent
    // nearly its budget, and a raise below 105% of that is blocked (and left out of the count).
    const applicable = new Set(plan.rows.filter((r) => r.verdict === 'ok').map((r) => r.entityId));
    const blocked = plan.rows.filter((r) => r.verdict !== 'ok');
    expect(applicable.size, JSON.stringify(blocked)).toBeGreaterThanOrEqual(adGroups.length - 3);
    const applied = adGroups.filter((g) => applicable.has(g.adgroup_id));

    // Slow TikTok down so that the kill lands mid-job, with calls in flight.
    await emulator.control.clearCalls();
    await emulator.control.fault({ path: 'adgroup/update/', count: 1_000, delay_ms: 250 });
    const job = await api<Job>('POST', `/api/bulk-edits/plans/${plan.planId}/apply`);
    await expect
      .poll(
        async () =>
          (await emulator?.control.calls({ path: 'adgroup/update/' }))?.by_path['adgroup/update/']
            ?.count ?? 0,
        { timeout: 15_000, interval: 50 },
      )
      .toBeGreaterThanOrEqual(15);
    server.child.kill('SIGKILL');
    await server.exited;

    const before = await api<Job>('GET', `/api/bulk-edits/jobs/${job.jobId}`).catch(() => null);
    expect(before).toBeNull(); // the server is really gone

    // Let the requests TikTok had already received finish, then start again on the same data.
    const { control } = emulator;
    await expect
      .poll(() => control.unanswered('adgroup/update/'), { timeout: 15_000, interval: 50 })
      .toBe(0);
    await emulator.control.clearFaults();
    server = await companion.restart();
    let finished: Job | null = null;
    await expect
      .poll(
        async () => {
          finished = await api<Job>('GET', `/api/bulk-edits/jobs/${job.jobId}`);
          return finished.status;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe('finished');
    const result = finished as unknown as Job;
    expect(result.resumedAt).not.toBeNull();
    expect(result.counts).toMatchObject({
      total: adGroups.length,
      done: applied.length,
      skipped: adGroups.length - applied.length,
      failed: 0,
      conflict: 0,
      unknown: 0,
      remaining: 0,
    });

    // TikTok's side: every budget raised by exactly 40%, and each row was applied once.
    const state = await emulator.control.state(large.advertiser_id);
    for (const adGroup of applied) {
      const now = state.adgroups.find((g) => g.adgroup_id === adGroup.adgroup_id);
      expect(now?.budget).toBeCloseTo(Math.round(adGroup.budget * 140) / 100, 2);
    }
    const writes = await emulator.control.calls({ path: 'adgroup/update/' });
    expect(writes.by_path['adgroup/update/']?.codes['0']).toBe(applied.length);

    // The audit has one success per entity (a row confirmed after the restart included).
    const audit = await api<{ entries: Array<{ entityIds: string[]; outcome: string }> }>(
      'GET',
      `/api/audit?action=bulk_edit.budget&limit=500`,
    );
    const succeeded = new Set(
      audit.entries.filter((e) => e.outcome === 'success').map((e) => e.entityIds[0]),
    );
    expect(succeeded.size).toBe(applied.length);
  }, 120_000);
});
