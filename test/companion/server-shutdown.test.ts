import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
 * The server as staff run it, stopped with SIGTERM in the middle of a bulk-edit job: it stops
 * accepting, gives the job until SHUTDOWN_TIMEOUT_SECONDS (less a margin), exits 0 with its
 * journal whole, and the next start lists finished jobs from the job index (not their
 * journals), reads a finished job's rows from its journal on demand, and resumes the
 * interrupted job so that every row is applied exactly once.
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

async function waitForStatus(base: string, key: string, jobId: string): Promise<Job> {
  let job: Job | null = null;
  await expect
    .poll(
      async () => {
        job = await api<Job>(base, key, 'GET', `/api/bulk-edits/jobs/${jobId}`);
        return job.status;
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBe('finished');
  return job as unknown as Job;
}

describe('graceful shutdown and the job index across restarts', () => {
  it('exits 0 on SIGTERM mid-job with a whole journal; the next start uses the index and resumes', async () => {
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

    const dataDir = await mkdtemp(join(tmpdir(), 'server-shutdown-'));
    directories.push(dataDir);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMULATOR_URL: emulator.url,
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_SECONDS: '3',
    };
    const base = `http://127.0.0.1:${env.PORT}`;
    let server: RunningProcess = await startServerProcess(env);
    const key = server.banner.match(STAFF_KEY)?.[0] ?? '';
    const token = await emulator.control.mintToken([large.advertiser_id]);
    await api(base, key, 'POST', '/api/connections/import', { accessToken: token });
    const plans = `/api/ad-accounts/${large.advertiser_id}/bulk-edits/plans`;

    // A small job that finishes before the shutdown: it goes into the index.
    const small = await api<Plan>(base, key, 'POST', plans, {
      level: 'adgroup',
      entityIds: adGroups.slice(0, 2).map((g) => g.adgroup_id),
      operation: { kind: 'status', status: 'DISABLE' },
    });
    const smallJob = await api<Job>(
      base,
      key,
      'POST',
      `/api/bulk-edits/plans/${small.planId}/apply`,
    );
    const smallDone = await waitForStatus(base, key, smallJob.jobId);
    expect(smallDone.counts).toMatchObject({ total: 2, done: 2 });

    const plan = await api<Plan>(base, key, 'POST', plans, {
      level: 'adgroup',
      entityIds: adGroups.map((g) => g.adgroup_id),
      operation: { kind: 'budget', change: { type: 'percent', value: 40 } },
    });
    const applicable = new Set(plan.rows.filter((r) => r.verdict === 'ok').map((r) => r.entityId));
    expect(applicable.size).toBeGreaterThanOrEqual(adGroups.length - 3);
    const applied = adGroups.filter((g) => applicable.has(g.adgroup_id));

    // TikTok slowed down: the job is far from done when the signal comes.
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
      .toBeGreaterThanOrEqual(10);
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    // close-with-grace exits 1 when the deadline passes: 0 means everything closed in time.
    expect(await server.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(3_000 + 1_500);
    expect(server.output()).toContain('SIGTERM received: closing.');

    // The interrupted job's journal is whole: every line is a record, none torn.
    const jobsDir = join(dataDir, 'bulk-edits', 'jobs');
    const lines = (await readFile(join(jobsDir, `${job.jobId}.jsonl`), 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '');
    const records = lines.map((line) => JSON.parse(line) as { t: string });
    expect(records[0]?.t).toBe('job');
    expect(records.some((r) => r.t === 'end')).toBe(false);

    // The index holds the finished job, not the interrupted one.
    const index = JSON.parse(await readFile(join(dataDir, 'bulk-edits', 'job-index.json'), 'utf8'));
    expect(index.jobs.map((j: { header: { jobId: string } }) => j.header.jobId)).toEqual([
      smallJob.jobId,
    ]);

    // Cut the finished job's journal down to its first record: a start that replayed it would
    // take the job for one still running. With the index, it is listed as it ended.
    const smallJournal = join(jobsDir, `${smallJob.jobId}.jsonl`);
    const wholeJournal = await readFile(smallJournal, 'utf8');
    await writeFile(smallJournal, `${wholeJournal.split('\n')[0]}\n`);

    await emulator.control.clearFaults();
    server = await startServerProcess({ ...env, SHUTDOWN_TIMEOUT_SECONDS: '10' });
    const listed = await api<{ jobs: Job[] }>(base, key, 'GET', '/api/bulk-edits/jobs?limit=10');
    const listedSmall = listed.jobs.find((j) => j.jobId === smallJob.jobId);
    expect(listedSmall).toMatchObject({ status: 'finished', counts: { done: 2, total: 2 } });
    expect(listedSmall?.canUndo).toBe(true);
    // Its rows are read from the journal when asked for (here the cut-down one).
    const cut = await api<Job>(base, key, 'GET', `/api/bulk-edits/jobs/${smallJob.jobId}`);
    expect(cut.rows.map((r) => r.state)).toEqual(['pending', 'pending']);
    await writeFile(smallJournal, wholeJournal);
    const restored = await api<Job>(base, key, 'GET', `/api/bulk-edits/jobs/${smallJob.jobId}`);
    expect(restored.rows.map((r) => r.state)).toEqual(['done', 'done']);

    // The interrupted job resumes and every row is applied exactly once.
    const resumed = await waitForStatus(base, key, job.jobId);
    expect(resumed.resumedAt).not.toBeNull();
    expect(resumed.counts).toMatchObject({
      total: adGroups.length,
      done: applied.length,
      failed: 0,
      conflict: 0,
      unknown: 0,
      remaining: 0,
    });
    const state = await emulator.control.state(large.advertiser_id);
    for (const adGroup of applied) {
      const now = state.adgroups.find((g) => g.adgroup_id === adGroup.adgroup_id);
      expect(now?.budget).toBeCloseTo(Math.round(adGroup.budget * 140) / 100, 2);
    }
    const writes = await emulator.control.calls({ path: 'adgroup/update/' });
    expect(writes.by_path['adgroup/update/']?.codes['0']).toBe(applied.length);

    // Now indexed too, and an idle server stops at once.
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const reindexed = JSON.parse(
      await readFile(join(dataDir, 'bulk-edits', 'job-index.json'), 'utf8'),
    );
    expect(reindexed.jobs.map((j: { header: { jobId: string } }) => j.header.jobId).sort()).toEqual(
      [smallJob.jobId, job.jobId].sort(),
    );
  }, 120_000);
});
