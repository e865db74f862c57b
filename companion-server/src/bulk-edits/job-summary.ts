import { z } from 'zod';
import { JobSchema } from '../contract/bulk-edits';
import { IsoDateTimeSchema } from '../contract/common';
import { JobHeaderSchema, type JobState } from './job-journal';

/**
 * A finished bulk-edit job as the job index (`bulk-edits/job-index.json`, see
 * jobs/summary-index.ts) keeps it: enough to list it without reading its journal.
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
