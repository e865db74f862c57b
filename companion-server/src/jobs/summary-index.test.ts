import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SummaryIndex } from './summary-index';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'summary-index-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SummarySchema = z.object({
  jobId: z.string().regex(/^job_[a-z]+$/),
  createdAt: z.iso.datetime(),
  done: z.number().int(),
});
type Summary = z.infer<typeof SummarySchema>;
const keys = { idOf: (s: Summary) => s.jobId, createdAtOf: (s: Summary) => s.createdAt };

const summary = (jobId: string, createdAt: string): Summary => ({ jobId, createdAt, done: 2 });

describe('SummaryIndex', () => {
  it('keeps summaries across opens, in creation order, and forgets removed ones', async () => {
    const file = join(dir, 'bulk-edits', 'job-index.json');
    const first = await SummaryIndex.open(file, SummarySchema, keys);
    expect(first.unreadable).toBe(false);
    expect([...first.index.all()]).toEqual([]);
    await first.index.put([
      summary('job_cccccc', '2026-01-03T00:00:00.000Z'),
      summary('job_bbbbbb', '2026-01-02T00:00:00.000Z'),
      summary('job_aaaaaa', '2026-01-01T00:00:00.000Z'),
    ]);
    await first.index.remove(['job_bbbbbb']);
    const written = JSON.parse(await readFile(file, 'utf8')) as { version: 1; jobs: Summary[] };
    expect(written.version).toBe(1);
    expect(written.jobs.map((j) => j.jobId)).toEqual(['job_aaaaaa', 'job_cccccc']);
    const again = await SummaryIndex.open(file, SummarySchema, keys);
    expect(again.index.get('job_aaaaaa')).toEqual(
      summary('job_aaaaaa', '2026-01-01T00:00:00.000Z'),
    );
    expect(again.index.get('job_bbbbbb')).toBeUndefined();
    await expect(
      again.index.put([summary('bad id', '2026-01-03T00:00:00.000Z')]),
    ).rejects.toThrow();
    expect(again.index.get('bad id')).toBeUndefined();
  });

  it('treats an unreadable index as empty and says so (the journals rebuild it)', async () => {
    const file = join(dir, 'job-index.json');
    await writeFile(file, '{"version":1,"jobs":[{"jobId":');
    const opened = await SummaryIndex.open(file, SummarySchema, keys);
    expect(opened.unreadable).toBe(true);
    expect([...opened.index.all()]).toEqual([]);
    // An entry of the wrong shape makes the file unreadable as a whole, too.
    await writeFile(file, JSON.stringify({ version: 1, jobs: [{ jobId: 'job_aaaaaa' }] }));
    expect((await SummaryIndex.open(file, SummarySchema, keys)).unreadable).toBe(true);
  });
});
