/**
 * How a running job is told to stop taking work: after an error that will not go away (the
 * ad account's authorization is gone, so every further call would fail too), or because the
 * server is shutting down. Either way the calls already sent finish and reach the journal;
 * waits that sent nothing (throttling back-off) end at once, rejecting with `JobStopped`.
 */

export type StopCause = 'fatal' | 'shutdown';

/** The reason a wait was cut short by a stop: the row it was for was not sent (again). */
export class JobStopped extends Error {
  constructor(readonly stopCause: StopCause) {
    super(
      stopCause === 'fatal' ? 'The job stopped after an error.' : 'The server is shutting down.',
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

  /** What stopped the job, once stopped: the first of the two wins. */
  get cause(): StopCause | null {
    return this.stopped ? (this.#controller.signal.reason as JobStopped).stopCause : null;
  }

  /** The error that stopped the job (null when it was not an error). */
  get fatalError(): unknown {
    return this.#fatal;
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
}
