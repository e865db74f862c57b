import { afterAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import { type CompanionProcess, startCompanionProcess } from '../helpers/companion-process';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { killServerProcesses } from '../helpers/server-process';

/**
 * A rename job survives the server being killed (SIGKILL) in the middle: on the next start
 * the journal's old and new names tell which rows TikTok applied (the name is the new one),
 * which are still to send (the old one), and every ad group ends with its new name, each
 * renamed by exactly one successful call; undo then puts every old name back.
 */

const ROWS = 40;
let emulator: TestEmulator | null = null;
let companion: CompanionProcess | null = null;

afterAll(async () => {
  killServerProcesses();
  await emulator?.close();
  await companion?.removeData();
});

describe('a rename job across a killed server', () => {
  it('resumes after SIGKILL, renames every row exactly once, and undo restores them', async () => {
    emulator = await startTestEmulator();
    await emulator.control.reset({ large_account_adgroups: ROWS });
    const large = (await emulator.control.state()).advertisers.find(
      (a) => a.name === 'Bayme Scale Test',
    );
    if (!large) throw new Error('no large account');
    const adGroups = (await emulator.control.state(large.advertiser_id)).adgroups.filter(
      (g) => !g.deleted,
    );
    expect(adGroups.length).toBeGreaterThanOrEqual(30);
    const oldNames = new Map(adGroups.map((g) => [g.adgroup_id, g.adgroup_name]));

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
        operation: { kind: 'name', change: { type: 'suffix', text: ' | 2027' } },
      },
    );
    expect(plan.summary.ok).toBe(adGroups.length);

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
      .toBeGreaterThanOrEqual(12);
    server.child.kill('SIGKILL');
    await server.exited;

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
      done: adGroups.length,
      failed: 0,
      conflict: 0,
      unknown: 0,
      remaining: 0,
    });

    // Every name has the suffix exactly once, and each ad group was renamed by one call.
    const state = await emulator.control.state(large.advertiser_id);
    for (const [id, name] of oldNames) {
      expect(state.adgroups.find((g) => g.adgroup_id === id)?.adgroup_name).toBe(`${name} | 2027`);
    }
    const writes = await emulator.control.calls({ path: 'adgroup/update/' });
    expect(writes.by_path['adgroup/update/']?.codes['0']).toBe(adGroups.length);

    const undo = await api<Plan>('POST', `/api/bulk-edits/jobs/${job.jobId}/undo`);
    expect(undo.summary.ok).toBe(adGroups.length);
    const undoJob = await api<Job>('POST', `/api/bulk-edits/plans/${undo.planId}/apply`);
    await expect
      .poll(async () => (await api<Job>('GET', `/api/bulk-edits/jobs/${undoJob.jobId}`)).status, {
        timeout: 60_000,
        interval: 250,
      })
      .toBe('finished');
    const restored = await emulator.control.state(large.advertiser_id);
    for (const [id, name] of oldNames) {
      expect(restored.adgroups.find((g) => g.adgroup_id === id)?.adgroup_name).toBe(name);
    }
  }, 120_000);
});
