import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RecordJournal, readJournal } from './record-journal';

const RecordSchema = z.object({ n: z.number().int() });

describe('RecordJournal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'record-journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes records in order, and refuses a file that exists', async () => {
    const file = join(dir, 'jobs', 'a.jsonl');
    const journal = await RecordJournal.create(file, RecordSchema, { n: 1 });
    await Promise.all([journal.append({ n: 2 }), journal.append({ n: 3 })]);
    await journal.close();
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
    await expect(RecordJournal.create(file, RecordSchema, { n: 1 })).rejects.toThrow();
    expect(() => journal.append({ n: 1.5 } as never)).toThrow();
  });

  it('reads past a torn last line, and a reopened journal starts on a line of its own', async () => {
    const file = join(dir, 'a.jsonl');
    const journal = await RecordJournal.create(file, RecordSchema, { n: 1 });
    await journal.close();
    // A crash in the middle of a write leaves half a record.
    await appendFile(file, '{"n":');
    expect(await readJournal(file, RecordSchema)).toEqual({
      records: [{ n: 1 }],
      skippedLines: 1,
    });

    const reopened = await RecordJournal.reopen(file, RecordSchema);
    await reopened.append({ n: 2 });
    await reopened.close();
    expect(await readJournal(file, RecordSchema)).toEqual({
      records: [{ n: 1 }, { n: 2 }],
      skippedLines: 1,
    });
  });
});
