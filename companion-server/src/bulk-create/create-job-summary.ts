import { z } from 'zod';
import { CreateJobSchema } from '../contract/bulk-create';
import { IsoDateTimeSchema } from '../contract/common';
import { CreateHeaderSchema, type CreateJobState } from './create-journal';

/**
 * A finished bulk-create job as the job index (`bulk-create/job-index.json`, see
 * jobs/summary-index.ts) keeps it: enough to know it without reading its journal.
 */

export const CreateJobSummarySchema = z.object({
  header: CreateHeaderSchema,
  status: z.enum(['finished', 'stopped']),
  finishedAt: IsoDateTimeSchema,
  statusMessage: z.string().nullable(),
  counts: CreateJobSchema.shape.counts,
});
export type CreateJobSummary = z.infer<typeof CreateJobSummarySchema>;

export function summarizeCreateJob(job: CreateJobState): CreateJobSummary | null {
  if (job.status === 'running' || job.finishedAt === null) return null;
  return {
    header: job.header,
    status: job.status,
    finishedAt: job.finishedAt,
    statusMessage: job.statusMessage,
    counts: countCreateRows(job),
  };
}

export function countCreateRows(job: CreateJobState): CreateJobSummary['counts'] {
  const count = (state: string) => job.rows.filter((row) => row.state === state).length;
  return {
    total: job.rows.length,
    created: count('created'),
    failed: count('failed'),
    skipped: count('skipped'),
    remaining: count('pending') + count('in_flight'),
  };
}
