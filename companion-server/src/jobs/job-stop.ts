/**
 * How a running job is told to stop taking work: after an error that will not go away (the
 * ad account's authorization is gone, so every further call would fail too), because the
 * server is shutting down, or because what asked for the job no longer wants the rest of it
 * (an automated rule switched off, edited or deleted during its run). Whatever the cause,
 * the calls already sent finish and reach the journal; waits that sent nothing (throttling
 * back-off) end at once, rejecting with `JobStopped`.
 */

export type StopCause = 'fatal' | 'shutdown' | 'cancelled';

const STOP_MESSAGES: Record<Exclude<StopCause, 'cancelled'>, string> = {
  fatal: 'The job stopped after an error.',
  shutdown: 'The server is shutting down.',
};

/** The reason a wait was cut short by a stop: the row it was for was not sent (again). */
export class JobStopped extends Error {
  constructor(
    readonly stopCause: StopCause,
    reason: string | null = null,
  ) {
    super(
      stopCause === 'cancelled' ? (reason ?? 'The job was cancelled.') : STOP_MESSAGES[stopCause],
    );
    this.name = 'JobStopped';
  }
}

export function isJobStopped(error: unknown): error is JobStopped {
  return error instanceof JobStopped;
}

export class JobStop {
  readonly #controller = new AbortController();
  #fatal: unknown = null;

  /** Aborted (with a `JobStopped`) when the job stops. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get stopped(): boolean {
    return this.#controller.signal.aborted;
  }

  /** What stopped the job, once stopped: the first cause wins. */
  get cause(): StopCause | null {
    return this.stopped ? (this.#controller.signal.reason as JobStopped).stopCause : null;
  }

  /** The error that stopped the job (null when it was not an error). */
  get fatalError(): unknown {
    return this.#fatal;
  }

  /** Why the job was cancelled, in a sentence for its rows and its end (null otherwise). */
  get cancelReason(): string | null {
    return this.cause === 'cancelled'
      ? (this.#controller.signal.reason as JobStopped).message
      : null;
  }

  /** No more work after this error: every further call would meet it too. */
  fail(error: unknown): void {
    if (this.stopped) return;
    this.#fatal = error;
    this.#controller.abort(new JobStopped('fatal'));
  }

  /** Stop between rows: the journal stays open-ended and the next start resumes the job. */
  shutDown(): void {
    if (this.stopped) return;
    this.#controller.abort(new JobStopped('shutdown'));
  }

  /**
   * Stop between rows for good: the rows not sent yet are not sent, and the job ends with
   * `reason` (a sentence: "The rule was switched off during this run.").
   */
  cancel(reason: string): void {
    if (this.stopped) return;
    this.#controller.abort(new JobStopped('cancelled', reason));
  }
}
