import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateJob, CreatePlan } from '../../companion-server/src/contract/bulk-create';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import type { Role } from '../../companion-server/src/contract/common';
import { pruneHistory } from '../../companion-server/src/storage/retention';
import { campaignRow, createCsv } from '../helpers/bulk-create-csv';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Retention through the companion's routes, with an injected clock moved forward instead of
 * waiting: finished bulk-edit journals (and their index entries) after JOB_RETENTION_DAYS,
 * export files after EXPORT_FILE_RETENTION_MINUTES, rotated audit files whose newest entry is
 * older than AUDIT_RETENTION_DAYS. A pass of `pruneHistory` is what the daily timer runs.
 */

const US = '7252569388304511798';
const AD_GROUPS = ['1840158125589658770', '1894767388663798066'];
const DAY_MS = 24 * 60 * 60_000;

let companion: TestCompanion;
let shiftMs = 0;
const now = () => new Date(Date.now() + shiftMs);

async function call<T>(
  method: 'GET' | 'POST',
  url: string,
  role: Role,
  payload?: Record<string, unknown>,
): Promise<{ status: number; body: T }> {
  const response = await companion.app.inject({
    method,
    url,
    headers: companion.as(role),
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: response.statusCode, body: response.json() as T };
}

async function finishedJob(status: 'DISABLE' | 'ENABLE'): Promise<Job> {
  const plan = await call<Plan>('POST', `/api/ad-accounts/${US}/bulk-edits/plans`, 'buyer', {
    level: 'adgroup',
    entityIds: AD_GROUPS,
    operation: { kind: 'status', status },
  });
  expect(plan.status, JSON.stringify(plan.body)).toBe(200);
  const applied = await call<Job>(
    'POST',
    `/api/bulk-edits/plans/${plan.body.planId}/apply`,
    'buyer',
  );
  expect(applied.status, JSON.stringify(applied.body)).toBe(200);
  await companion.context.bulkEdits.settled();
  return (await call<Job>('GET', `/api/bulk-edits/jobs/${applied.body.jobId}`, 'viewer')).body;
}

async function finishedCreate(name: string): Promise<CreateJob> {
  const plan = await call<CreatePlan>('POST', `/api/ad-accounts/${US}/bulk-create/plans`, 'buyer', {
    csv: createCsv([campaignRow({ name })]),
  });
  expect(plan.status, JSON.stringify(plan.body)).toBe(200);
  const applied = await call<CreateJob>(
    'POST',
    `/api/bulk-create/plans/${plan.body.planId}/apply`,
    'buyer',
  );
  expect(applied.status, JSON.stringify(applied.body)).toBe(200);
  await companion.context.bulkCreate.settled();
  return (await call<CreateJob>('GET', `/api/bulk-create/jobs/${applied.body.jobId}`, 'viewer'))
    .body;
}

function prune() {
  return pruneHistory({
    dataDir: companion.dataDir,
    retention: companion.config.retention,
    bulkEdits: companion.context.bulkEdits,
    bulkCreate: companion.context.bulkCreate,
    exports: companion.context.exports,
    log: pino({ level: 'silent' }),
    now,
  });
}

beforeAll(async () => {
  companion = await startTestCompanion({}, { now });
  const token = await companion.emulator.control.mintToken([US]);
  const response = await companion.app.inject({
    method: 'POST',
    url: '/api/connections/import',
    headers: companion.as('admin'),
    payload: { accessToken: token },
  });
  expect(response.statusCode, response.body).toBe(200);
});

afterAll(async () => {
  await companion?.close();
});

describe('history retention', () => {
  it('indexes a finished job and deletes its journal and entry after JOB_RETENTION_DAYS', async () => {
    expect(companion.config.retention).toEqual({
      jobDays: 90,
      exportFileMinutes: 60,
      auditDays: 400,
    });
    shiftMs = 0;
    const old = await finishedJob('DISABLE');
    expect(old.counts).toMatchObject({ total: 2, done: 2 });
    shiftMs = 30 * DAY_MS;
    const recent = await finishedJob('ENABLE');
    expect(recent.counts.done).toBe(2);

    const jobsDir = join(companion.dataDir, 'bulk-edits', 'jobs');
    const indexFile = join(companion.dataDir, 'bulk-edits', 'job-index.json');
    const indexed = JSON.parse(await readFile(indexFile, 'utf8')) as {
      version: number;
      jobs: Array<{ header: { jobId: string }; counts: { done: number } }>;
    };
    expect(indexed.version).toBe(1);
    expect(indexed.jobs.map((j) => j.header.jobId)).toEqual([old.jobId, recent.jobId]);

    // 89 days after the first job finished: nothing is old enough yet.
    shiftMs = 89 * DAY_MS;
    expect((await prune()).jobs).toBe(0);
    expect((await call<Job>('GET', `/api/bulk-edits/jobs/${old.jobId}`, 'viewer')).status).toBe(
      200,
    );

    shiftMs = 91 * DAY_MS;
    expect((await prune()).jobs).toBe(1);
    expect((await call('GET', `/api/bulk-edits/jobs/${old.jobId}`, 'viewer')).status).toBe(404);
    const listed = await call<{ jobs: Job[] }>('GET', '/api/bulk-edits/jobs?limit=50', 'viewer');
    expect(listed.body.jobs.map((j) => j.jobId)).toEqual([recent.jobId]);
    expect((await readdir(jobsDir)).sort()).toEqual([`${recent.jobId}.jsonl`]);
    const after = JSON.parse(await readFile(indexFile, 'utf8')) as typeof indexed;
    expect(after.jobs.map((j) => j.header.jobId)).toEqual([recent.jobId]);
    // The remaining job's rows still come from its journal.
    const details = await call<Job>('GET', `/api/bulk-edits/jobs/${recent.jobId}`, 'viewer');
    expect(details.body.rows.map((r) => r.state)).toEqual(['done', 'done']);
  });

  it('deletes finished bulk-create journals after JOB_RETENTION_DAYS too', async () => {
    shiftMs = 0;
    const old = await finishedCreate('Retention test: old');
    expect(old.status).toBe('finished');
    shiftMs = 30 * DAY_MS;
    const recent = await finishedCreate('Retention test: recent');
    const jobsDir = join(companion.dataDir, 'bulk-create', 'jobs');
    expect((await readdir(jobsDir)).sort()).toEqual(
      [`${old.jobId}.jsonl`, `${recent.jobId}.jsonl`].sort(),
    );

    shiftMs = 91 * DAY_MS;
    expect((await prune()).jobs).toBe(1);
    expect((await call('GET', `/api/bulk-create/jobs/${old.jobId}`, 'viewer')).status).toBe(404);
    expect((await readdir(jobsDir)).sort()).toEqual([`${recent.jobId}.jsonl`]);
    const kept = await call<CreateJob>('GET', `/api/bulk-create/jobs/${recent.jobId}`, 'viewer');
    expect(kept.body.rows.map((r) => r.state)).toEqual(['created']);
  });

  it('deletes export files after EXPORT_FILE_RETENTION_MINUTES', async () => {
    shiftMs = 0;
    const dir = join(companion.dataDir, 'exports', 'exp_0123456789abcdef0123');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '0.csv'), 'campaign_id,spend\n1,2\n');
    const written = new Date();
    await utimes(dir, written, written);

    shiftMs = 59 * 60_000;
    await prune();
    expect(await readdir(join(companion.dataDir, 'exports'))).toEqual(['exp_0123456789abcdef0123']);
    shiftMs = 61 * 60_000;
    await prune();
    expect(await readdir(join(companion.dataDir, 'exports'))).toEqual([]);
  });

  it('deletes whole rotated audit files past AUDIT_RETENTION_DAYS, never the current one', async () => {
    shiftMs = 0;
    const dir = join(companion.dataDir, 'audit');
    await companion.context.audit.settled();
    const [current] = await readdir(dir).then((names) => names.filter((n) => n.endsWith('.jsonl')));
    expect(current).toMatch(/^audit-\d{8}T\d{6}-1\.jsonl$/);
    const entry = (daysAgo: number, id: string) =>
      `${JSON.stringify({
        id,
        at: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
        actor: { kind: 'system', staffId: null, email: null },
        action: 'staff.add',
        outcome: 'success',
        message: 'old entry',
      })}\n`;
    // Rotated files (sequence 0, below the current file's): one whose newest entry is 401 days
    // old, one with an old entry followed by one 399 days old.
    await writeFile(join(dir, 'audit-20250101T000000-0.jsonl'), entry(410, 'a') + entry(401, 'b'));
    await writeFile(join(dir, 'audit-20250102T000000-0.jsonl'), entry(410, 'c') + entry(399, 'd'));

    const result = await prune();
    expect(result.auditFiles).toEqual(['audit-20250101T000000-0.jsonl']);
    expect((await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort()).toEqual([
      'audit-20250102T000000-0.jsonl',
      current,
    ]);

    // Years later the current file is still kept, however old its entries are.
    shiftMs = 5 * 365 * DAY_MS;
    await prune();
    expect((await readdir(dir)).filter((n) => n.endsWith('.jsonl'))).toEqual([current]);
    expect((await call('GET', '/api/audit?limit=5', 'admin')).status).toBe(200);
  });
});
