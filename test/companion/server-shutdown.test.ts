import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CreateJob, CreatePlan } from '../../companion-server/src/contract/bulk-create';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import { adGroupRow, adRow, campaignRow, createCsv } from '../helpers/bulk-create-csv';
import { type CompanionProcess, startCompanionProcess } from '../helpers/companion-process';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { readJournalLines, sentWithoutOutcome } from '../helpers/job-journals';
import type { ServerApi } from '../helpers/server-api';
import { killServerProcesses } from '../helpers/server-process';

/**
 * The server as staff run it, stopped with SIGTERM in the middle of a job: it stops
 * accepting, stops the job between rows, gives the calls already sent until
 * SHUTDOWN_TIMEOUT_SECONDS (less a margin) to finish and be journaled, and exits 0 with a
 * journal that accounts for every call sent and has no end. The next start lists finished
 * jobs from the job index (not their journals), reads a finished job's rows from its journal
 * on demand, and resumes the interrupted job so that every row is applied exactly once. For
 * bulk edits and bulk creates alike.
 */

const ROWS = 60;
const US = '7252569388304511798';
let emulator: TestEmulator | null = null;
const companions: CompanionProcess[] = [];

afterAll(async () => {
  killServerProcesses();
  await emulator?.close();
  for (const companion of companions) await companion.removeData();
});

async function waitForStatus<T extends { status: string }>(api: ServerApi, path: string) {
  let job: T | null = null;
  await expect
    .poll(
      async () => {
        job = await api<T>('GET', path);
        return job.status;
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBe('finished');
  return job as unknown as T;
}

async function callCount(path: string, code?: string): Promise<number> {
  const summary = (await emulator?.control.calls({ path }))?.by_path[path];
  return (code === undefined ? summary?.count : summary?.codes[code]) ?? 0;
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

    const companion = await startCompanionProcess(emulator.url, { SHUTDOWN_TIMEOUT_SECONDS: '3' });
    companions.push(companion);
    const { api, dataDir } = companion;
    let server = companion.server;
    const token = await emulator.control.mintToken([large.advertiser_id]);
    await api('POST', '/api/connections/import', { accessToken: token });
    const plans = `/api/ad-accounts/${large.advertiser_id}/bulk-edits/plans`;

    // A small job that finishes before the shutdown: it goes into the index.
    const small = await api<Plan>('POST', plans, {
      level: 'adgroup',
      entityIds: adGroups.slice(0, 2).map((g) => g.adgroup_id),
      operation: { kind: 'status', status: 'DISABLE' },
    });
    const smallJob = await api<Job>('POST', `/api/bulk-edits/plans/${small.planId}/apply`);
    const smallDone = await waitForStatus<Job>(api, `/api/bulk-edits/jobs/${smallJob.jobId}`);
    expect(smallDone.counts).toMatchObject({ total: 2, done: 2 });

    const plan = await api<Plan>('POST', plans, {
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
    const job = await api<Job>('POST', `/api/bulk-edits/plans/${plan.planId}/apply`);
    await expect
      .poll(() => callCount('adgroup/update/'), { timeout: 15_000, interval: 50 })
      .toBeGreaterThanOrEqual(10);
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    // close-with-grace exits 1 when the deadline passes: 0 means everything closed in time.
    expect(await server.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(3_000 + 1_500);
    expect(server.output()).toContain('SIGTERM received: closing.');

    // The interrupted job's journal is whole (every line a record, none torn), has no end,
    // and accounts for every call sent: each has its outcome, so none is in doubt.
    const jobsDir = join(dataDir, 'bulk-edits', 'jobs');
    const records = await readJournalLines(dataDir, 'bulk-edits', job.jobId);
    expect(records[0]?.t).toBe('job');
    expect(records.some((r) => r.t === 'end')).toBe(false);
    expect(sentWithoutOutcome(records)).toEqual([]);
    const doneBefore = records.filter((r) => r.t === 'row' && r.state === 'done').length;
    expect(doneBefore).toBe(await callCount('adgroup/update/', '0'));
    expect(doneBefore).toBeLessThan(applied.length);

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
    server = await companion.restart({ SHUTDOWN_TIMEOUT_SECONDS: '10' });
    const listed = await api<{ jobs: Job[] }>('GET', '/api/bulk-edits/jobs?limit=10');
    const listedSmall = listed.jobs.find((j) => j.jobId === smallJob.jobId);
    expect(listedSmall).toMatchObject({ status: 'finished', counts: { done: 2, total: 2 } });
    expect(listedSmall?.canUndo).toBe(true);
    // Its rows are read from the journal when asked for (here the cut-down one).
    const cut = await api<Job>('GET', `/api/bulk-edits/jobs/${smallJob.jobId}`);
    expect(cut.rows.map((r) => r.state)).toEqual(['pending', 'pending']);
    await writeFile(smallJournal, wholeJournal);
    const restored = await api<Job>('GET', `/api/bulk-edits/jobs/${smallJob.jobId}`);
    expect(restored.rows.map((r) => r.state)).toEqual(['done', 'done']);

    // The interrupted job resumes and every row is applied exactly once.
    const resumed = await waitForStatus<Job>(api, `/api/bulk-edits/jobs/${job.jobId}`);
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
    expect(await callCount('adgroup/update/', '0')).toBe(applied.length);

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

  it('stops a bulk-create job between rows on SIGTERM; the restart creates the rest once; later starts read its index', async () => {
    emulator ??= await startTestEmulator();
    await emulator.control.reset();
    await emulator.control.clearFaults();
    const identityId = String((await emulator.control.state(US)).ads[0]?.identity_id ?? '');
    const companion = await startCompanionProcess(emulator.url, { SHUTDOWN_TIMEOUT_SECONDS: '5' });
    companions.push(companion);
    const { api, dataDir } = companion;
    let server = companion.server;
    await api('POST', '/api/connections/import', {
      accessToken: await emulator.control.mintToken([US]),
    });

    const AD_GROUPS = 24;
    const csv = createCsv([
      campaignRow({ name: 'Shutdown | Campaign' }),
      ...Array.from({ length: AD_GROUPS }, (_, i) =>
        adGroupRow({ ref: `g${i + 1}`, name: `Shutdown | Ad group ${i + 1}` }),
      ),
      adRow(1, identityId, { parent: 'g1', name: 'Shutdown | Ad 1' }),
    ]);
    const plan = await api<CreatePlan>('POST', `/api/ad-accounts/${US}/bulk-create/plans`, { csv });
    expect(plan.canApply).toBe(true);

    // TikTok is slow to create ad groups: the signal comes with the first ones in flight.
    await emulator.control.clearCalls();
    await emulator.control.fault({ path: 'adgroup/create/', count: 1_000, delay_ms: 500 });
    const job = await api<CreateJob>('POST', `/api/bulk-create/plans/${plan.planId}/apply`);
    await expect
      .poll(() => callCount('adgroup/create/'), { timeout: 15_000, interval: 25 })
      .toBeGreaterThanOrEqual(3);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    // No end, and every create that was sent has its outcome: the restart has nothing to check.
    const records = await readJournalLines(dataDir, 'bulk-create', job.jobId);
    expect(records.some((r) => r.t === 'end')).toBe(false);
    expect(sentWithoutOutcome(records)).toEqual([]);
    const createdBefore = records.filter((r) => r.t === 'row' && r.state === 'created').length;
    const adGroupsBefore = await callCount('adgroup/create/', '0');
    expect(createdBefore).toBe(1 + adGroupsBefore);
    expect(adGroupsBefore).toBeLessThan(AD_GROUPS);

    await emulator.control.clearFaults();
    await emulator.control.clearCalls();
    server = await companion.restart();
    const finished = await waitForStatus<CreateJob>(api, `/api/bulk-create/jobs/${job.jobId}`);
    expect(finished.counts).toMatchObject({
      total: AD_GROUPS + 2,
      created: AD_GROUPS + 2,
      failed: 0,
      remaining: 0,
    });
    // The rest was sent once each; nothing created before the shutdown was asked for again.
    expect(await callCount('campaign/create/')).toBe(0);
    expect(await callCount('adgroup/create/')).toBe(AD_GROUPS - adGroupsBefore);
    const state = await emulator.control.state(US);
    expect(state.campaigns.filter((c) => c.campaign_name === 'Shutdown | Campaign')).toHaveLength(
      1,
    );
    for (let i = 1; i <= AD_GROUPS; i += 1) {
      const named = state.adgroups.filter((g) => g.adgroup_name === `Shutdown | Ad group ${i}`);
      expect(named, `ad group ${i}`).toHaveLength(1);
    }
    expect(state.ads.filter((a) => a.ad_name === 'Shutdown | Ad 1')).toHaveLength(1);

    // Finished: it is in the bulk-create index. Cut its journal to the first record: a start
    // that replayed journals would take it for a job to resume (and ask TikTok again).
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const index = JSON.parse(
      await readFile(join(dataDir, 'bulk-create', 'job-index.json'), 'utf8'),
    );
    expect(index.jobs).toEqual([
      expect.objectContaining({
        header: expect.objectContaining({ jobId: job.jobId }),
        status: 'finished',
        counts: expect.objectContaining({ created: AD_GROUPS + 2 }),
      }),
    ]);
    const journal = join(dataDir, 'bulk-create', 'jobs', `${job.jobId}.jsonl`);
    const whole = await readFile(journal, 'utf8');
    await writeFile(journal, `${whole.split('\n')[0]}\n`);
    await emulator.control.clearCalls();
    server = await companion.restart();
    // How it ended comes from the index; its rows from the journal, when asked for.
    const listed = await api<CreateJob>('GET', `/api/bulk-create/jobs/${job.jobId}`);
    expect(listed.status).toBe('finished');
    expect(listed.rows.every((row) => row.state === 'pending')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const paths = Object.keys((await emulator.control.calls()).by_path);
    expect(paths.filter((path) => path.startsWith('ad') || path.startsWith('campaign'))).toEqual(
      [],
    );
    await writeFile(journal, whole);
    const restored = await api<CreateJob>('GET', `/api/bulk-create/jobs/${job.jobId}`);
    expect(restored.counts.created).toBe(AD_GROUPS + 2);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);
});
