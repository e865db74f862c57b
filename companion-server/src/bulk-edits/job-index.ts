import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { JobSchema } from '../contract/bulk-edits';
import { IsoDateTimeSchema } from '../contract/common';
import { writeFileAtomic } from '../storage/state-store';
import { JobHeaderSchema, type JobState } from './job-journal';

/**
 * The summaries of finished bulk-edit jobs, one small JSON file (`bulk-edits/job-index.json`)
 * rewritten atomically when a job ends. Starting the server reads this instead of every
 * journal, so start-up time and memory do not grow with history; a finished job's rows are
 * read from its journal only when someone opens it.
 */

export const JobSummarySchema = z.object({
  header: JobHeaderSchema,
  status: z.enum(['finished', 'stopped']),
  finishedAt: IsoDateTimeSchema,
  resumedAt: IsoDateTimeSchema.nullable(),
  statusMessage: z.string().nullable(),
  counts: JobSchema.shape.counts,
});
export type JobSummary = z.infer<typeof JobSummarySchema>;

const IndexFileSchema = z.object({
  version: z.literal(1),
  jobs: z.array(JobSummarySchema),
});

export function summarizeJob(job: JobState): JobSummary | null {
  if (job.status === 'running' || job.finishedAt === null) return null;
  return {
    header: job.header,
    status: job.status,
    finishedAt: job.finishedAt,
    resumedAt: job.resumedAt,
    statusMessage: job.statusMessage,
    counts: countRows(job),
  };
}

export function countRows(job: JobState): JobSummary['counts'] {
  const count = (state: string) => job.rows.filter((row) => row.state === state).length;
  return {
    total: job.rows.length,
    done: count('done'),
    failed: count('failed'),
    conflict: count('conflict'),
    skipped: count('skipped'),
    unknown: count('unknown'),
    remaining: count('pending') + count('in_flight'),
  };
}

export class JobIndex {
  readonly #file: string;
  readonly #jobs: Map<string, JobSummary>;
  /** Writes go one at a time, each with the whole index as it then is. */
  #writing: Promise<unknown> = Promise.resolve();

  private constructor(file: string, jobs: JobSummary[]) {
    this.#file = file;
    this.#jobs = new Map(jobs.map((job) => [job.header.jobId, job]));
  }

  /**
   * An index that is missing or unreadable is treated as empty: every journal it does not
   * name is then read once at start and the index rebuilt, so nothing is lost.
   */
  static async open(file: string): Promise<{ index: JobIndex; unreadable: boolean }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { index: new JobIndex(file, []), unreadable: false };
      }
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const valid = IndexFileSchema.safeParse(parsed);
    if (!valid.success) return { index: new JobIndex(file, []), unreadable: true };
    return { index: new JobIndex(file, valid.data.jobs), unreadable: false };
  }

  get(jobId: string): JobSummary | undefined {
    return this.#jobs.get(jobId);
  }

  all(): IterableIterator<JobSummary> {
    return this.#jobs.values();
  }

  async put(summaries: JobSummary[]): Promise<void> {
    if (summaries.length === 0) return;
    // Validated before it is kept: one bad entry would make the whole file unreadable later.
    for (const summary of summaries) {
      this.#jobs.set(summary.header.jobId, JobSummarySchema.parse(summary));
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
        a.header.createdAt.localeCompare(b.header.createdAt),
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
