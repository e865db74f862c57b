import type { JobPace } from '../contract/job-pace';
import type { WorkHold } from '../marketing-api/rate-limiter';

/**
 * What a running job tells the person watching it: its pace, and when it is slow, why —
 * TikTok asked us to slow down (the job waits out its throttling, or the whole app pauses
 * after a 40100), or the app's shared limiter holds the job's calls (people working on
 * screen go first, or the tier's calls per second are all in use).
 */

/**
 * A job's calls wait their turn in the tier's window even when it runs alone (up to about
 * concurrency ÷ QPS, a second at the Basic tier): a hold shorter than this is its own pace.
 */
export const HELD_AFTER_MS = 2_000;
/** Pace is rows finished over this last stretch… */
const PACE_WINDOW_MS = 60_000;
/** …and not told before the job has run this long (a first row is no pace). */
const PACE_AFTER_MS = 5_000;

export const HELD_MESSAGES: Record<NonNullable<JobPace['heldBy']>, string> = {
  tiktok: "Waiting for TikTok's rate limit: TikTok asked us to slow down.",
  priority: "Waiting for TikTok's rate limit: calls for people working on screen go first.",
  tier: "Waiting for TikTok's rate limit: the app's calls per second are all in use.",
};

/** Where the limiter's holds come from (the app's rate limiter). */
export interface HoldSource {
  held(workId: string): WorkHold | null;
}

export class JobProgress {
  readonly #limiter: HoldSource;
  readonly #workId: string;
  readonly #now: () => number;
  readonly #startedAt: number;
  /** When rows finished, oldest first, within the pace window. */
  readonly #finished: number[] = [];
  #throttledByTikTok = false;

  /** `workId` is the job's `CallBudget.workId`; `now` a monotonic clock in ms. */
  constructor(limiter: HoldSource, workId: string, now: () => number = () => performance.now()) {
    this.#limiter = limiter;
    this.#workId = workId;
    this.#now = now;
    this.#startedAt = now();
  }

  /** The job waits out TikTok's throttling (true), or one of its calls went through (false). */
  throttledByTikTok(waiting: boolean): void {
    this.#throttledByTikTok = waiting;
  }

  rowsFinished(count = 1): void {
    const now = this.#now();
    for (let i = 0; i < count; i += 1) this.#finished.push(now);
    this.#forgetBefore(now - PACE_WINDOW_MS);
  }

  /** The pace, and the message saying what holds the job (null when nothing does). */
  view(): { pace: JobPace; statusMessage: string | null } {
    const heldBy = this.#heldBy();
    return {
      pace: { rowsPerMinute: this.#rowsPerMinute(), heldBy },
      statusMessage: heldBy ? HELD_MESSAGES[heldBy] : null,
    };
  }

  #heldBy(): JobPace['heldBy'] {
    if (this.#throttledByTikTok) return 'tiktok';
    const hold = this.#limiter.held(this.#workId);
    if (!hold || hold.longestMs < HELD_AFTER_MS) return null;
    return hold.reason === 'paused' ? 'tiktok' : hold.reason;
  }

  #rowsPerMinute(): number | null {
    const now = this.#now();
    const ran = now - this.#startedAt;
    if (ran < PACE_AFTER_MS) return null;
    this.#forgetBefore(now - PACE_WINDOW_MS);
    const perMinute = (this.#finished.length / Math.min(ran, PACE_WINDOW_MS)) * 60_000;
    return Math.round(perMinute * 10) / 10;
  }

  #forgetBefore(cutoff: number): void {
    let stale = 0;
    while (stale < this.#finished.length && (this.#finished[stale] as number) < cutoff) stale += 1;
    this.#finished.splice(0, stale);
  }
}
