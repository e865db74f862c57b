import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { pruneAuditFiles } from './audit-retention';

/**
 * History past its keeping time is deleted when the server starts and once a day after:
 * finished bulk-edit and bulk-create journals (JOB_RETENTION_DAYS), export files
 * (EXPORT_FILE_RETENTION_MINUTES) and rotated audit files (AUDIT_RETENTION_DAYS).
 */

const DAY_MS = 24 * 60 * 60_000;

export interface RetentionDeps {
  dataDir: string;
  retention: { jobDays: number; auditDays: number };
  bulkEdits: { pruneFinishedJobs(cutoff: Date): Promise<number> };
  bulkCreate: { pruneFinishedJobs(cutoff: Date): Promise<number> };
  exports: { removeOldFiles(): Promise<void> };
  log: FastifyBaseLogger;
  now: () => Date;
}

export interface PruneResult {
  jobs: number;
  auditFiles: string[];
}

/** One pass over every kind of history. */
export async function pruneHistory(deps: RetentionDeps): Promise<PruneResult> {
  const now = deps.now().getTime();
  const jobCutoff = new Date(now - deps.retention.jobDays * DAY_MS);
  const jobs =
    (await deps.bulkEdits.pruneFinishedJobs(jobCutoff)) +
    (await deps.bulkCreate.pruneFinishedJobs(jobCutoff));
  await deps.exports.removeOldFiles();
  const auditFiles = await pruneAuditFiles(
    join(deps.dataDir, 'audit'),
    new Date(now - deps.retention.auditDays * DAY_MS),
  );
  if (jobs > 0 || auditFiles.length > 0) {
    deps.log.info({ jobs, auditFiles: auditFiles.length }, 'history past its retention deleted');
  }
  return { jobs, auditFiles };
}

/** A pass now, then daily; `stop` cancels the timer and waits for a pass under way. */
export function startRetention(deps: RetentionDeps): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const pass = () => {
    running = running
      .then(() => pruneHistory(deps))
      .catch((error: unknown) => deps.log.error({ err: error }, 'pruning old history failed'));
  };
  pass();
  const timer = setInterval(pass, DAY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
