import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { readJournal } from '../storage/record-journal';
import { SummaryIndex, type SummaryKeys } from './summary-index';

/**
 * The history of one kind of job (bulk edits, bulk creates): a journal per job in one folder
 * (`<jobId>.jsonl`), and the index of the finished ones' summaries. At start only the
 * journals the index does not name are read: jobs to resume, and jobs that ended just before
 * a crash (or before the index existed), which are indexed then so that the next start skips
 * them too. Finished jobs are pruned, journal and entry, after their retention period.
 */

export interface JobHistoryOptions<J, S> extends SummaryKeys<S> {
  /** For log lines, e.g. `bulk-edit`. */
  kind: string;
  journalsDir: string;
  indexFile: string;
  summarySchema: z.ZodType<S>;
  finishedAtOf(summary: S): string;
  /** A job rebuilt from its journal (null if gone or without its job record). */
  readJob(journalsDir: string, jobId: string): Promise<{ job: J | null; skippedLines: number }>;
  /** A job's summary once it has ended; null while it has not. */
  summarize(job: J): S | null;
  log: FastifyBaseLogger;
}

export class JobHistory<J, S> {
  readonly #options: JobHistoryOptions<J, S>;
  readonly #index: SummaryIndex<S>;

  private constructor(options: JobHistoryOptions<J, S>, index: SummaryIndex<S>) {
    this.#options = options;
    this.#index = index;
  }

  /** The history, and the jobs that have not ended (to resume). */
  static async open<J, S>(
    options: JobHistoryOptions<J, S>,
  ): Promise<{ history: JobHistory<J, S>; unfinished: J[] }> {
    const { kind, journalsDir, log } = options;
    const { index, unreadable } = await SummaryIndex.open(
      options.indexFile,
      options.summarySchema,
      options,
    );
    if (unreadable) log.warn(`the ${kind} job index was unreadable: rebuilding it`);
    const ids = await journalIds(journalsDir);
    const unfinished: J[] = [];
    const finished: S[] = [];
    let skippedLines = 0;
    for (const id of ids) {
      if (index.get(id)) continue;
      const read = await options.readJob(journalsDir, id);
      skippedLines += read.skippedLines;
      if (!read.job) continue;
      const summary = options.summarize(read.job);
      if (summary) finished.push(summary);
      else unfinished.push(read.job);
    }
    if (skippedLines > 0) {
      log.warn({ skippedLines }, `${kind} journals had unreadable lines (skipped)`);
    }
    await index.put(finished);
    // An entry whose journal was deleted by hand would point at nothing.
    const present = new Set(ids);
    await index.remove(
      [...index.all()].map((s) => options.idOf(s)).filter((id) => !present.has(id)),
    );
    return { history: new JobHistory(options, index), unfinished };
  }

  /** A finished job's summary. */
  get(jobId: string): S | undefined {
    return this.#index.get(jobId);
  }

  all(): IterableIterator<S> {
    return this.#index.all();
  }

  /** A finished job with its rows, from its journal (null if the journal is gone). */
  async read(jobId: string): Promise<J | null> {
    return (await this.#options.readJob(this.#options.journalsDir, jobId)).job;
  }

  /** Index a job that has ended; false (and nothing written) if it has not. */
  async archive(job: J): Promise<boolean> {
    const summary = this.#options.summarize(job);
    if (!summary) return false;
    await this.#index.put([summary]);
    return true;
  }

  /**
   * Delete the journals of jobs that finished before `cutoff`, with their index entries.
   * Jobs not finished are never pruned. Returns how many were deleted.
   */
  async prune(cutoff: Date): Promise<number> {
    const old = [...this.#index.all()]
      .filter((summary) => Date.parse(this.#options.finishedAtOf(summary)) < cutoff.getTime())
      .map((summary) => this.#options.idOf(summary));
    // Journal first: a crash in between leaves an index entry without a journal, which the
    // next start drops. A journal already gone is not an error.
    for (const id of old) {
      await rm(join(this.#options.journalsDir, `${id}.jsonl`), { force: true });
    }
    await this.#index.remove(old);
    return old.length;
  }
}

/**
 * A job rebuilt from its journal by folding its records from the job record on (null if the
 * file is gone or holds no job record), and how many lines were skipped (torn or invalid, or
 * before the job record).
 */
export async function foldJournal<R extends { t: string }, J>(
  file: string,
  schema: z.ZodType<R>,
  fold: (job: J | null, record: R) => J,
): Promise<{ job: J | null; skippedLines: number }> {
  let read: { records: R[]; skippedLines: number };
  try {
    read = await readJournal(file, schema);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { job: null, skippedLines: 0 };
    throw error;
  }
  let skippedLines = read.skippedLines;
  let job: J | null = null;
  for (const record of read.records) {
    if (!job && record.t !== 'job') {
      skippedLines += 1;
      continue;
    }
    job = fold(job, record);
  }
  return { job, skippedLines };
}

/** The ids of every job journal in the folder (none if it does not exist). */
async function journalIds(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => name.slice(0, -'.jsonl'.length))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
