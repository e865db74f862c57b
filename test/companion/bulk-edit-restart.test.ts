import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import {
  freePort,
  killServerProcesses,
  type RunningProcess,
  STAFF_KEY,
  startServerProcess,
} from '../helpers/server-process';

/**
 * A bulk-edit job survives the server being killed (SIGKILL, no chance to clean up) in the
 * middle: on the next start the journal tells which rows were done, which were in flight
 * (checked at TikTok) and which were still to send; the job finishes with every row
 * applied exactly once. The emulator runs in the test, so it outlives the server.
 */

const ROWS = 60;
let emulator: TestEmulator | null = null;
const directories: string[] = [];

afterAll(async () => {
  killServerProcesses();
  await emulator?.close();
  for (const dir of directories) await rm(dir, { recursive: true, force: true });
});

async function api<T>(
  base: string,
  key: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

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

    const dataDir = await mkdtemp(join(tmpdir(), 'bulk-edit-restart-'));
    directories.push(dataDir);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMULATOR_URL: emulator.url,
      LOG_LEVEL: 'warn',
    };
    const base = `http://127.0.0.1:${env.PORT}`;
    let server: RunningProcess = await startServerProcess(env);
    const key = server.banner.match(STAFF_KEY)?.[0] ?? '';
    const token = await emulator.control.mintToken([large.advertiser_id]);
    await api(base, key, 'POST', '/api/connections/import', { accessToken: token });

    const plan = await api<Plan>(
      base,
      key,
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
    const job = await api<Job>(base, key, 'POST', `/api/bulk-edits/plans/${plan.planId}/apply`);
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

    const before = await api<Job>(base, key, 'GET', `/api/bulk-edits/jobs/${job.jobId}`).catch(
      () => null,
    );
    expect(before).toBeNull(); // the server is really gone

    // Let the requests TikTok had already received finish, then start again on the same data.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await emulator.control.clearFaults();
    server = await startServerProcess(env);
    let finished: Job | null = null;
    await expect
      .poll(
        async () => {
          finished = await api<Job>(base, key, 'GET', `/api/bulk-edits/jobs/${job.jobId}`);
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
      base,
      key,
      'GET',
      `/api/audit?action=bulk_edit.budget&limit=500`,
    );
    const succeeded = new Set(
      audit.entries.filter((e) => e.outcome === 'success').map((e) => e.entityIds[0]),
    );
    expect(succeeded.size).toBe(applied.length);
  }, 120_000);
});
