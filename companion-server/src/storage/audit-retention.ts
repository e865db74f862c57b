import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Audit retention: whole rotated files go once their newest entry is older than the cut-off.
 * The current file (the highest sequence, which every process appends to) is never deleted,
 * and entries are never removed from the middle of a file: the log stays append-only.
 */

const FILE_NAME = /^audit-\d{8}T\d{6}-(\d+)\.jsonl$/;
const TAIL_BYTES = 64 * 1024;

/** Delete the rotated audit files whose newest entry is before `cutoff`; returns their names. */
export async function pruneAuditFiles(dir: string, cutoff: Date): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names
    .map((name) => ({ name, sequence: Number(FILE_NAME.exec(name)?.[1] ?? Number.NaN) }))
    .filter((file) => Number.isInteger(file.sequence))
    .sort((a, b) => a.sequence - b.sequence);
  const rotated = files.slice(0, -1);
  const deleted: string[] = [];
  for (const file of rotated) {
    const path = join(dir, file.name);
    const newest = await newestEntryTime(path);
    // A file with no readable entry says nothing about its age: it is kept.
    if (newest === null || newest >= cutoff.getTime()) continue;
    await rm(path, { force: true });
    deleted.push(file.name);
  }
  return deleted;
}

/** The time of the file's last readable entry, reading from its end only as far as needed. */
async function newestEntryTime(path: string): Promise<number | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    for (let length = Math.min(size, TAIL_BYTES); length > 0; length = Math.min(size, length * 4)) {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n');
      // The first line of a partial read may be cut: it only counts when the whole file was read.
      const complete = length === size ? lines : lines.slice(1);
      for (const line of complete.reverse()) {
        const at = entryTime(line);
        if (at !== null) return at;
      }
      if (length === size) return null;
    }
    return null;
  } finally {
    await handle.close();
  }
}

function entryTime(line: string): number | null {
  if (line.trim() === '') return null;
  try {
    const entry: unknown = JSON.parse(line);
    if (typeof entry !== 'object' || entry === null || !('at' in entry)) return null;
    const at = typeof entry.at === 'string' ? Date.parse(entry.at) : Number.NaN;
    return Number.isNaN(at) ? null : at;
  } catch {
    return null;
  }
}
