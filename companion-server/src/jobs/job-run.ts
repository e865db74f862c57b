import type { FastifyBaseLogger } from 'fastify';
import type { ConnectionService } from '../connections/connection-service';
import { withCallBudget } from '../marketing-api/call-budget';
import type { MarketingApiClient } from '../marketing-api/client';
import type { AuditLog } from '../storage/audit-log';
import type { RecordJournal } from '../storage/record-journal';
import { type HoldSource, JobProgress } from './job-progress';
import { isJobStopped, JobStop } from './job-stop';
import { jobThrottleWaiter, type ThrottleBackoff } from './throttle-wait';

/**
 * What every journaled job (bulk edits, bulk creates) does around its own work: it can be
 * stopped, shows its progress, waits out TikTok's throttling until it stops, journals each
 * record before memory sees it, and runs in the limiter's `jobs` class with the ad account's
 * token. After an error the job ends `stopped` with a message; after a shutdown it ends as
 * usual once nothing is left to do, and otherwise writes no end, so that the next start
 * resumes it exactly where it stopped; cancelled with rows left, it ends `stopped` with the
 * reason it was given (the job's `end` says what became of those rows). Either way the
 * journal is closed.
 */

/** What a job runner needs of the app. */
export interface JobDeps {
  marketingApi: MarketingApiClient;
  connections: ConnectionService;
  audit: AuditLog;
  log: FastifyBaseLogger;
  now: () => Date;
  /** Rows (or an ad group's ads) in flight at once; the limiter decides when each call goes. */
  concurrency: number;
  /** How the job waits out throttling (default THROTTLE_BACKOFF). */
  throttleBackoff?: ThrottleBackoff;
}

export type JobEndStatus = 'finished' | 'stopped';

export interface JobRunOptions<R> {
  /** Names the job in log lines (`bulk-edit`). */
  kind: string;
  /** What the run itself uses of the job's deps. */
  deps: Pick<JobDeps, 'log' | 'now' | 'throttleBackoff'> & {
    marketingApi: { limiter: HoldSource };
    connections: Pick<ConnectionService, 'withAdvertiserToken'>;
  };
  header: { jobId: string; createdBy: string; advertiserId: string };
  journal: Pick<RecordJournal<R>, 'append' | 'close'>;
  /** Applies a journaled record to the job in memory. */
  fold(record: R): void;
}

/** A job's own part of its run. */
export interface JobWork {
  /** Sends the job's rows, with the ad account's token. */
  work(token: string): Promise<void>;
  /** Whether rows are still to send or to check (a job paused for a shutdown resumes them). */
  rowsLeft(): boolean;
  /** What the job says when an error stopped it. */
  stopMessage(error: unknown): string;
  /** Journals the job's end; a failure is logged, the rows are journaled already. */
  end(status: JobEndStatus, message: string | null): Promise<void>;
}

export class JobRun<R> {
  readonly #options: JobRunOptions<R>;
  readonly stop = new JobStop();
  /** Its pace and what holds it, for the job's view while it runs. */
  readonly progress: JobProgress;
  /** Runs a call, and again after a wait while TikTok throttles it (until the job stops). */
  readonly waitingOutThrottle: <T>(call: () => Promise<T>) => Promise<T>;

  constructor(options: JobRunOptions<R>) {
    const { kind, deps, header } = options;
    this.#options = options;
    this.progress = new JobProgress(deps.marketingApi.limiter, header.jobId);
    this.waitingOutThrottle = jobThrottleWaiter({
      kind,
      jobId: header.jobId,
      stop: this.stop,
      progress: this.progress,
      log: deps.log,
      backoff: deps.throttleBackoff,
    });
  }

  /** Append to the journal first, then to the in-memory job: memory never runs ahead of disk. */
  async record(record: R): Promise<void> {
    await this.#options.journal.append(record);
    this.#options.fold(record);
  }

  /** Now, as a journal record's time. */
  at(): string {
    return this.#options.deps.now().toISOString();
  }

  /**
   * Runs in the limiter's `jobs` class, fair to other staff's jobs; its calls carry the job's
   * id, so that the limiter can say what holds them.
   */
  run(job: JobWork): Promise<void> {
    const { createdBy, jobId } = this.#options.header;
    const budget = { callClass: 'jobs', staffId: createdBy, workId: jobId } as const;
    return withCallBudget(budget, () => this.#run(job));
  }

  async #run(job: JobWork): Promise<void> {
    const { kind, deps, header, journal } = this.#options;
    const { jobId } = header;
    let status: JobEndStatus = 'finished';
    let message: string | null = null;
    try {
      // Thrown inside, a fatal error marks the ad account's authorization broken.
      await deps.connections.withAdvertiserToken(header.advertiserId, async (token) => {
        await job.work(token);
        if (this.stop.fatalError) throw this.stop.fatalError;
      });
    } catch (error) {
      // Stopped during a wait, for a shutdown or a cancel: as between any two rows (below).
      const stoppedOnRequest = isJobStopped(error) && this.stop.cause !== 'fatal';
      if (!stoppedOnRequest) {
        status = 'stopped';
        message = job.stopMessage(isJobStopped(error) ? this.stop.fatalError : error);
        deps.log.warn({ jobId, reason: message }, `${kind} job stopped`);
      }
    } finally {
      // Cancelled with rows left: what was sent is done, the rest is not to be sent.
      const cancelled = this.stop.cancelReason;
      if (status === 'finished' && cancelled !== null && job.rowsLeft()) {
        status = 'stopped';
        message = cancelled;
        deps.log.info({ jobId, reason: cancelled }, `${kind} job cancelled`);
      }
      if (status === 'finished' && this.stop.cause === 'shutdown' && job.rowsLeft()) {
        deps.log.info({ jobId }, `${kind} job paused for the shutdown`);
      } else {
        await job
          .end(status, message)
          .catch((error: unknown) =>
            deps.log.error({ err: error, jobId }, 'could not end job journal'),
          );
      }
      await journal.close().catch(() => undefined);
    }
  }
}
