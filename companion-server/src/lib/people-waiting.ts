import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * The requests of people on screen that the server is serving right now, so that work that
 * runs by itself (a cycle of automated rules) steps aside while one is served: it finishes
 * the slice it is in, then waits before its next TikTok read or its next slice of judging
 * and logging. A cycle has a minute and needs a few seconds; a person opening a view waits
 * for every millisecond the event loop spends on the cycle instead (in bench:rules, the
 * event loop's p99 block during a cold cycle went from 40–42 ms to 27–30 ms with this and
 * the run keeping its log entries in memory).
 *
 * Bounded, so that people can never stop background work:
 *   - only requests younger than `youngMs` count (a long CSV import or export is not someone
 *     waiting for a view);
 *   - one wait lasts at most `maxWaitMs`; after a wait that long, background work runs
 *     unheld for `graceMs`, so that a steady stream of requests leaves it at least that share.
 *
 * Work done for a person's own request (a rule's preview, "Run now") runs inside `serve`
 * and never steps aside: it is what that person waits for.
 *
 * Hand-written: it is a counter and a timer, specific to how this server's cycles yield.
 */
export interface PeopleWaitingOptions {
  /** Requests older than this no longer hold background work (default 2,000 ms). */
  youngMs?: number;
  /** The longest one step aside waits (default 500 ms). */
  maxWaitMs?: number;
  /** After a wait of maxWaitMs, how long background work runs unheld (default 500 ms). */
  graceMs?: number;
  /** Monotonic clock in ms (default performance.now). */
  now?: () => number;
}

export class PeopleWaiting {
  readonly #open = new Map<number, number>();
  readonly #wake = new Set<() => void>();
  readonly #ownRequest = new AsyncLocalStorage<true>();
  readonly #youngMs: number;
  readonly #maxWaitMs: number;
  readonly #graceMs: number;
  readonly #now: () => number;
  #lastId = 0;
  #unheldUntil = Number.NEGATIVE_INFINITY;

  constructor(options: PeopleWaitingOptions = {}) {
    this.#youngMs = options.youngMs ?? 2_000;
    this.#maxWaitMs = options.maxWaitMs ?? 500;
    this.#graceMs = options.graceMs ?? 500;
    this.#now = options.now ?? (() => performance.now());
  }

  /** A person's request began; call what it returns when it is over (idempotent). */
  begin(): () => void {
    this.#lastId += 1;
    const id = this.#lastId;
    this.#open.set(id, this.#now());
    return () => {
      if (!this.#open.delete(id)) return;
      for (const wake of this.#wake) wake();
    };
  }

  /**
   * Runs a person's request (the rest of its lifecycle, from a Fastify hook's `done`) so that
   * work it does itself never steps aside.
   */
  serve<T>(work: () => T): T {
    return this.#ownRequest.run(true, work);
  }

  /** Requests being served that still hold background work. */
  get serving(): number {
    return this.#young(this.#now()).length;
  }

  /**
   * Resolves on a later turn of the event loop once no person's young request is being
   * served, or once the bounds above say background work may go on anyway; at once (on the
   * next turn) inside a person's own request.
   */
  async stepAside(): Promise<void> {
    await nextTurn();
    if (this.#ownRequest.getStore()) return;
    const started = this.#now();
    if (started < this.#unheldUntil) return;
    for (;;) {
      const now = this.#now();
      const young = this.#young(now);
      if (young.length === 0) return;
      const left = started + this.#maxWaitMs - now;
      if (left <= 0) {
        this.#unheldUntil = now + this.#graceMs;
        return;
      }
      // Wake when a request ends, when the oldest young one ages out, or at the bound.
      const agesOut = Math.min(...young) + this.#youngMs - now;
      await this.#until(Math.max(1, Math.min(left, agesOut)));
    }
  }

  #young(now: number): number[] {
    const starts: number[] = [];
    for (const startedAt of this.#open.values()) {
      if (now - startedAt < this.#youngMs) starts.push(startedAt);
    }
    return starts;
  }

  #until(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake.add(done);
    });
  }
}
