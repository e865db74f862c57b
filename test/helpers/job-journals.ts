import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A job's journal as written on disk (`DATA_DIR/<kind>/jobs/<jobId>.jsonl`), read the way an
 * operator would: one JSON record per line. Bulk-edit records name rows by entity id
 * (`ids`, `entityId`), bulk-create records by row number (`rows`, `row`; their `entityId` is
 * the entity created).
 */
export interface JournalLine {
  t: 'job' | 'sent' | 'row' | 'resumed' | 'end';
  ids?: string[];
  rows?: number[];
  entityId?: string;
  row?: number;
  state?: string;
  status?: string;
}

export async function readJournalLines(
  dataDir: string,
  kind: 'bulk-edits' | 'bulk-create',
  jobId: string,
): Promise<JournalLine[]> {
  const text = await readFile(join(dataDir, kind, 'jobs', `${jobId}.jsonl`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JournalLine);
}

/** Every row a `sent` record names, once per time it was sent. */
export function sentRows(lines: JournalLine[]): string[] {
  return lines.filter((line) => line.t === 'sent').flatMap(sentKeys);
}

/** Rows whose last `sent` record has no outcome (`row` record) after it: in flight on disk. */
export function sentWithoutOutcome(lines: JournalLine[]): string[] {
  const open = new Set<string>();
  for (const line of lines) {
    if (line.t === 'sent') for (const key of sentKeys(line)) open.add(key);
    if (line.t === 'row')
      open.delete(line.row === undefined ? String(line.entityId) : String(line.row));
  }
  return [...open];
}

function sentKeys(line: JournalLine): string[] {
  return line.ids ?? (line.rows ?? []).map(String);
}
