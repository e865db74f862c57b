import { join } from 'node:path';
import { z } from 'zod';
import { type CreateJob, type CreateJobRow, CreateJobRowSchema } from '../contract/bulk-create';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from '../contract/common';
import { foldJournal } from '../jobs/job-history';
import { RecordJournal } from '../storage/record-journal';

/**
 * A bulk-create job's journal: one JSON record per line in `bulk-create/jobs/<jobId>.jsonl`,
 * each written and fsynced before the job moves on. A row is journaled as sent before its
 * call and with its outcome after it, so a crash at any point leaves an exact account; the
 * job's state is the fold of its records.
 */

const StepSchema = z.object({
  row: z.number().int(),
  type: z.enum(['campaign', 'adgroup', 'ad']),
  name: z.string(),
  ref: z.string().nullable(),
  /** The parent: a ref of an earlier row, or an existing id. */
  parentRef: z.string().nullable(),
  parentId: TikTokIdSchema.nullable(),
  /** campaign/create and adgroup/create's idempotency key. */
  requestId: z
    .string()
    .regex(/^\d{1,19}$/)
    .nullable(),
  fields: z.record(z.string(), z.unknown()),
});
export type CreateStep = z.infer<typeof StepSchema>;

export const CreateHeaderSchema = z.object({
  jobId: LocalIdSchema,
  planId: LocalIdSchema,
  advertiserId: TikTokIdSchema,
  createdBy: LocalIdSchema,
  createdByEmail: z.string(),
  createdAt: IsoDateTimeSchema,
});
type Header = z.infer<typeof CreateHeaderSchema>;

const RecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('job'), header: CreateHeaderSchema, steps: z.array(StepSchema) }),
  z.object({ t: z.literal('sent'), rows: z.array(z.number().int()) }),
  z.object({
    t: z.literal('row'),
    at: IsoDateTimeSchema,
    row: z.number().int(),
    state: CreateJobRowSchema.shape.state,
    entityId: TikTokIdSchema.nullable(),
    message: z.string().nullable(),
    requestId: z.string().nullable(),
  }),
  z.object({ t: z.literal('resumed'), at: IsoDateTimeSchema }),
  z.object({
    t: z.literal('end'),
    at: IsoDateTimeSchema,
    status: z.enum(['finished', 'stopped']),
    message: z.string().nullable(),
  }),
]);
export type CreateJournalRecord = z.infer<typeof RecordSchema>;

export interface CreateJobState {
  header: Header;
  steps: CreateStep[];
  rows: CreateJobRow[];
  status: CreateJob['status'];
  /** Why the job ended as it did (the end record's message). */
  statusMessage: string | null;
  finishedAt: string | null;
}

export function foldCreateRecord(
  job: CreateJobState | null,
  record: CreateJournalRecord,
): CreateJobState {
  if (record.t === 'job') {
    return {
      header: record.header,
      steps: record.steps,
      rows: record.steps.map((step) => ({
        row: step.row,
        type: step.type,
        name: step.name,
        state: 'pending',
        entityId: null,
        message: null,
        tiktokRequestId: null,
      })),
      status: 'running',
      statusMessage: null,
      finishedAt: null,
    };
  }
  if (!job) throw new Error('A journal starts with its job record.');
  if (record.t === 'sent') {
    for (const row of job.rows) if (record.rows.includes(row.row)) row.state = 'in_flight';
  } else if (record.t === 'row') {
    const row = job.rows.find((r) => r.row === record.row);
    if (row) {
      row.state = record.state;
      row.entityId = record.entityId;
      row.message = record.message;
      row.tiktokRequestId = record.requestId;
    }
  } else if (record.t === 'resumed') {
    job.status = 'running';
  } else {
    job.status = record.status;
    job.statusMessage = record.message;
    job.finishedAt = record.at;
  }
  return job;
}

/** A bulk-create job's journal, `<dir>/<jobId>.jsonl`. */
export type CreateJournal = RecordJournal<CreateJournalRecord>;

export const CreateJournal = {
  async create(dir: string, header: Header, steps: CreateStep[]) {
    const first: CreateJournalRecord = { t: 'job', header, steps };
    const journal = await RecordJournal.create(
      join(dir, `${header.jobId}.jsonl`),
      RecordSchema,
      first,
    );
    return { journal, job: foldCreateRecord(null, first) };
  },
  reopen(dir: string, jobId: string): Promise<CreateJournal> {
    return RecordJournal.reopen(join(dir, `${jobId}.jsonl`), RecordSchema);
  },
};

/** One job rebuilt from its journal (null if the file is gone or holds no job record). */
export function readCreateJob(
  dir: string,
  jobId: string,
): Promise<{ job: CreateJobState | null; skippedLines: number }> {
  return foldJournal(join(dir, `${jobId}.jsonl`), RecordSchema, foldCreateRecord);
}
