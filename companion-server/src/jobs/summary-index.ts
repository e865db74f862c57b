import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic-file';

/**
 * The summaries of finished jobs of one kind, one small JSON file (`{version: 1, jobs: […]}`)
 * rewritten atomically when a job ends. Starting the server reads this instead of every
 * journal, so start-up time and memory do not grow with history; a finished job's rows are
 * read from its journal only when someone opens it.
 */

/** Where a summary keeps its job id and creation time (the file's order). */
export interface SummaryKeys<S> {
  idOf(summary: S): string;
  createdAtOf(summary: S): string;
}

export class SummaryIndex<S> {
  readonly #file: string;
  readonly #schema: z.ZodType<S>;
  readonly #keys: SummaryKeys<S>;
  readonly #jobs: Map<string, S>;
  /** Writes go one at a time, each with the whole index as it then is. */
  #writing: Promise<unknown> = Promise.resolve();

  private constructor(file: string, schema: z.ZodType<S>, keys: SummaryKeys<S>, jobs: S[]) {
    this.#file = file;
    this.#schema = schema;
    this.#keys = keys;
    this.#jobs = new Map(jobs.map((job) => [keys.idOf(job), job]));
  }

  /**
   * An index that is missing or unreadable is treated as empty: every journal it does not
   * name is then read once at start and the index rebuilt, so nothing is lost.
   */
  static async open<S>(
    file: string,
    schema: z.ZodType<S>,
    keys: SummaryKeys<S>,
  ): Promise<{ index: SummaryIndex<S>; unreadable: boolean }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { index: new SummaryIndex(file, schema, keys, []), unreadable: false };
      }
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const valid = z.object({ version: z.literal(1), jobs: z.array(schema) }).safeParse(parsed);
    if (!valid.success) {
      return { index: new SummaryIndex(file, schema, keys, []), unreadable: true };
    }
    return { index: new SummaryIndex(file, schema, keys, valid.data.jobs), unreadable: false };
  }

  get(jobId: string): S | undefined {
    return this.#jobs.get(jobId);
  }

  all(): IterableIterator<S> {
    return this.#jobs.values();
  }

  async put(summaries: S[]): Promise<void> {
    if (summaries.length === 0) return;
    // Validated before it is kept: one bad entry would make the whole file unreadable later.
    for (const summary of summaries) {
      this.#jobs.set(this.#keys.idOf(summary), this.#schema.parse(summary));
    }
    await this.#save();
  }

  async remove(jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    for (const id of jobIds) this.#jobs.delete(id);
    await this.#save();
  }

  #save(): Promise<void> {
    const next = this.#writing.then(async () => {
      await mkdir(dirname(this.#file), { recursive: true, mode: 0o700 });
      const jobs = [...this.#jobs.values()].sort((a, b) =>
        this.#keys.createdAtOf(a).localeCompare(this.#keys.createdAtOf(b)),
      );
      await writeFileAtomic(this.#file, JSON.stringify({ version: 1, jobs }));
    });
    this.#writing = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every write started so far has finished (or failed). */
  async settled(): Promise<void> {
    await this.#writing;
  }
}
