import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log';
import { pruneAuditFiles } from './audit-retention';

const DAY_MS = 24 * 60 * 60_000;
const START = Date.parse('2026-01-01T00:00:00.000Z');

let dir: string;
let clock = START;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-retention-'));
  clock = START;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function logFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
}

describe('pruneAuditFiles', () => {
  it('deletes rotated files by their newest entry, never the current file', async () => {
    // Each file fills up after one entry: one file per day.
    const log = await AuditLog.open({ dir, maxFileBytes: 10, now: () => new Date(clock) });
    for (let day = 0; day < 4; day += 1) {
      clock = START + day * DAY_MS;
      await log.append({
        actor: { kind: 'system', staffId: null, email: null },
        action: 'staff.add',
        outcome: 'success',
        // Larger than one read from the end: the tail is read further back when needed.
        message: day === 1 ? 'x'.repeat(100_000) : `day ${day}`,
      });
    }
    const files = await logFiles();
    expect(files).toHaveLength(4);

    // Entries of days 0 and 1 are before the cut-off; day 2 is exactly on it (kept).
    expect(await pruneAuditFiles(dir, new Date(START + 2 * DAY_MS))).toEqual(files.slice(0, 2));
    expect(await logFiles()).toEqual(files.slice(2));

    // Everything is old, but the current file stays.
    expect(await pruneAuditFiles(dir, new Date(START + 100 * DAY_MS))).toEqual([files[2]]);
    expect(await logFiles()).toEqual([files[3]]);
    const page = await log.query({ limit: 10 });
    expect(page.entries.map((e) => e.message)).toEqual(['day 3']);
  });

  it('keeps a rotated file with no readable entry, and a missing directory is empty', async () => {
    await writeFile(join(dir, 'audit-20250101T000000-1.jsonl'), 'torn {"at":\n');
    await writeFile(join(dir, 'audit-20250102T000000-2.jsonl'), '');
    expect(await pruneAuditFiles(dir, new Date(START + 1_000 * DAY_MS))).toEqual([]);
    expect(await pruneAuditFiles(join(dir, 'none'), new Date())).toEqual([]);
  });
});
