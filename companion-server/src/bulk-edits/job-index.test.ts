import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobIndex, type JobSummary } from './job-index';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'job-index-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function summary(jobId: string, createdAt: string): JobSummary {
  return {
    header: {
      jobId,
      planId: 'plan_0123456789abcdef0123',
      advertiserId: '7252569388304511798',
      level: 'adgroup',
      operation: { kind: 'status', status: 'DISABLE' },
      purpose: { kind: 'edit' },
      currency: 'USD',
      createdBy: 'stf_0123456789abcdef0123',
      createdByEmail: 'buyer@bayme.example',
      createdAt,
    },
    status: 'finished',
    finishedAt: createdAt,
    resumedAt: null,
    statusMessage: null,
    counts: { total: 2, done: 2, failed: 0, conflict: 0, skipped: 0, unknown: 0, remaining: 0 },
  };
}

describe('JobIndex', () => {
  it('keeps summaries across opens, in creation order, and forgets removed ones', async () => {
    const file = join(dir, 'bulk-edits', 'job-index.json');
    const first = await JobIndex.open(file);
    expect(first.unreadable).toBe(false);
    expect([...first.index.all()]).toEqual([]);
    await first.index.put([
      summary('job_bbbbbb', '2026-01-02T00:00:00.000Z'),
      summary('job_aaaaaa', '2026-01-01T00:00:00.000Z'),
    ]);
    await first.index.remove(['job_bbbbbb']);
    const written = JSON.parse(await readFile(file, 'utf8')) as { jobs: JobSummary[] };
    expect(written.jobs.map((j) => j.header.jobId)).toEqual(['job_aaaaaa']);
    const again = await JobIndex.open(file);
    expect(again.index.get('job_aaaaaa')).toEqual(
      summary('job_aaaaaa', '2026-01-01T00:00:00.000Z'),
    );
    expect(again.index.get('job_bbbbbb')).toBeUndefined();
    await expect(
      again.index.put([summary('bad id', '2026-01-03T00:00:00.000Z')]),
    ).rejects.toThrow();
  });

  it('treats an unreadable index as empty and says so (the journals rebuild it)', async () => {
    const file = join(dir, 'job-index.json');
    await writeFile(file, '{"version":1,"jobs":[{"header":');
    const opened = await JobIndex.open(file);
    expect(opened.unreadable).toBe(true);
    expect([...opened.index.all()]).toEqual([]);
  });
});
