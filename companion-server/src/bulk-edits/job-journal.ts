import { join } from 'node:path';
import { z } from 'zod';
import { LevelSchema } from '../contract/ads-manager';
import {
  BulkOperationSchema,
  type Job,
  type JobRow,
  JobRowSchema,
  PlanPurposeSchema,
} from '../contract/bulk-edits';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from '../contract/common';
import { foldJournal } from '../jobs/job-history';
import { RecordJournal } from '../storage/record-journal';

/**
 * A job's journal: one JSON record per line in `bulk-edits/jobs/<jobId>.jsonl`, each
 * written and fsynced before the job moves on. Rows are journaled as sent before their
 * call and with their outcome after it, so a crash at any point leaves an exact account:
 * a row is pending, known done / failed / in conflict, or was in flight (to be checked
 * against TikTok on restart). The job's state is the fold of its records.
 */

/** A row as the job starts: to send, or skipped since the plan (blocked, unchanged…). */
const JobRowSeedSchema = JobRowSchema.pick({
  entityId: true,
  name: true,
  field: true,
  budgetMode: true,
  before: true,
  after: true,
  message: true,
}).extend({ state: z.enum(['pending', 'skipped']) });
export type JobRowSeed = z.infer<typeof JobRowSeedSchema>;

export const JobHeaderSchema = z.object({
  jobId: LocalIdSchema,
  planId: LocalIdSchema,
  advertiserId: TikTokIdSchema,
  level: LevelSchema,
  operation: BulkOperationSchema.nullable(),
  purpose: PlanPurposeSchema,
  currency: z.string(),
  createdBy: LocalIdSchema,
  createdByEmail: z.string(),
  createdAt: IsoDateTimeSchema,
});
export type JobHeader = z.infer<typeof JobHeaderSchema>;

export const JournalRecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('job'), header: JobHeaderSchema, rows: z.array(JobRowSeedSchema) }),
  z.object({ t: z.literal('sent'), at: IsoDateTimeSchema, ids: z.array(TikTokIdSchema) }),
  z.object({
    t: z.literal('row'),
    at: IsoDateTimeSchema,
    entityId: TikTokIdSchema,
    state: z.enum(['done', 'failed', 'conflict', 'skipped', 'pending', 'unknown']),
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
export type JournalRecord = z.infer<typeof JournalRecordSchema>;

/** The in-memory job: its header, rows and status, rebuilt from the journal. */
export interface JobState {
  header: JobHeader;
  rows: JobRow[];
  status: Job['status'];
  finishedAt: string | null;
  resumedAt: string | null;
  statusMessage: string | null;
}

export function foldRecord(job: JobState | null, record: JournalRecord): JobState {
  if (record.t === 'job') {
    return {
      header: record.header,
      rows: record.rows.map((row) => ({
        ...row,
        tiktokRequestId: null,
        finishedAt: row.state === 'skipped' ? record.header.createdAt : null,
      })),
      status: 'running',
      finishedAt: null,
      resumedAt: null,
      statusMessage: null,
    };
  }
  if (!job) throw new Error('A journal must start with its job record.');
  switch (record.t) {
    case 'sent':
      for (const row of job.rows) if (record.ids.includes(row.entityId)) row.state = 'in_flight';
      break;
    case 'row': {
      const row = job.rows.find((r) => r.entityId === record.entityId);
      if (row) {
        row.state = record.state;
        row.message = record.message;
        row.tiktokRequestId = record.requestId ?? row.tiktokRequestId;
        row.finishedAt = record.state === 'pending' ? null : record.at;
      }
      break;
    }
    case 'resumed':
      job.resumedAt = record.at;
      job.status = 'running';
      break;
    case 'end':
      job.status = record.status;
      job.finishedAt = record.at;
      job.statusMessage = record.message;
      break;
  }
  return job;
}

/** Rows sent whose answer never arrived (the server stopped during their call). */
export function markInterruptedRows(job: JobState): JobRow[] {
  const interrupted = job.rows.filter((row) => row.state === 'in_flight');
  for (const row of interrupted) row.state = 'unknown';
  return interrupted;
}

/** A bulk-edit job's journal, `<dir>/<jobId>.jsonl`. */
export type JobJournal = RecordJournal<JournalRecord>;

export const JobJournal = {
  /** Start a new journal with its job record. */
  create(dir: string, first: JournalRecord & { t: 'job' }): Promise<JobJournal> {
    return RecordJournal.create(
      join(dir, `${first.header.jobId}.jsonl`),
      JournalRecordSchema,
      first,
    );
  },
  /** Continue an existing journal, after a restart. */
  reopen(dir: string, jobId: string): Promise<JobJournal> {
    return RecordJournal.reopen(join(dir, `${jobId}.jsonl`), JournalRecordSchema);
  },
};

/**
 * One job rebuilt from its journal (null if the file is gone or holds no job record), and how
 * many lines were skipped (torn or invalid, or before the job record).
 */
export function readJob(
  dir: string,
  jobId: string,
): Promise<{ job: JobState | null; skippedLines: number }> {
  return foldJournal(join(dir, `${jobId}.jsonl`), JournalRecordSchema, foldRecord);
}
