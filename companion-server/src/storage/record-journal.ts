import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';

/**
 * An append-only journal of JSON records, one per line, each validated and fsynced before
 * `append` resolves, written one at a time in order. A job's journal is its memory across
 * crashes: what is in it happened; a torn last line (a crash mid-write) is skipped on reading.
 */
export class RecordJournal<R> {
  readonly #handle: FileHandle;
  readonly #schema: z.ZodType<R>;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(handle: FileHandle, schema: z.ZodType<R>) {
    this.#handle = handle;
    this.#schema = schema;
  }

  /** Start a new journal with its first record (fails if the file exists: ids are never reused). */
  static async create<R>(file: string, schema: z.ZodType<R>, first: R): Promise<RecordJournal<R>> {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const journal = new RecordJournal(await open(file, 'wx', 0o600), schema);
    await journal.append(first);
    return journal;
  }

  /** Continue an existing journal, after a restart. */
  static async reopen<R>(file: string, schema: z.ZodType<R>): Promise<RecordJournal<R>> {
    const journal = new RecordJournal(await open(file, 'a', 0o600), schema);
    // A torn last line must not swallow the next record.
    await journal.#write('\n');
    return journal;
  }

  append(record: R): Promise<void> {
    return this.#write(`${JSON.stringify(this.#schema.parse(record))}\n`);
  }

  #write(text: string): Promise<void> {
    const next = this.#queue.then(async () => {
      await this.#handle.appendFile(text, 'utf8');
      await this.#handle.datasync();
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#handle.close();
  }
}

/** The valid records of one journal file, and how many lines could not be read (torn or invalid). */
export async function readJournal<R>(
  file: string,
  schema: z.ZodType<R>,
): Promise<{ records: R[]; skippedLines: number }> {
  const records: R[] = [];
  let skippedLines = 0;
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(schema.parse(JSON.parse(line)));
    } catch {
      skippedLines += 1;
    }
  }
  return { records, skippedLines };
}
