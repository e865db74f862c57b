/**
 * One rate limiter for the whole server, so that however many staff act at once the app
 * stays within its TikTok tier. Every Marketing API call waits here for a slot.
 *
 * Limits are sliding windows: at most `limit` calls in any `windowMs`. TikTok counts calls
 * when they *arrive*, which is somewhere between our send and its answer, so a slot counts
 * from its send until the call completes (the latest possible arrival). A call that takes
 * longer than `arrivalBoundMs` is assumed to have arrived by then, so that one hung call
 * cannot stall the app. This costs some throughput over a slow network (N calls per
 * window plus one round trip) and buys a limiter that holds under any jitter.
 *
 * Calls come in classes, highest first: `interactive` (someone is looking at the screen),
 * `jobs` (bulk edits and creates) and `background` (exports, health checks, report tasks).
 * A freed slot goes to the highest class waiting, and inside a class to staff in turn, so
 * one person's export cannot starve another's. While a higher class is busy (waiting, or
 * granted a call in the last `activeMs`), lower classes keep `reserve` slots of every app
 * window free for it and hold at most `lowerInFlight` calls in flight: what they hold they
 * give back within one round trip.
 */

export const CALL_CLASSES = ['interactive', 'jobs', 'background'] as const;
export type CallClass = (typeof CALL_CLASSES)[number];

/** Who a call is for: its class, and the staff member it is fair to inside that class. */
export interface CallBudget {
  callClass: CallClass;
  staffId: string;
  /** The job the call is for, so that the job can show what holds its calls (`held`). */
  workId?: string;
  /**
   * Slots of every app window this work leaves free at all times (lower classes only). For
   * work that has time to spare and runs by itself, like a cycle of automated rules: the
   * limiter counts a call against the second until it is answered, so a cycle that used the
   * whole tier held the first call of someone opening a view for up to a second (bench:rules).
   * Work a person started keeps the whole tier while nobody above it is busy.
   */
  leaveFree?: number;
}

/**
 * Why the limiter holds a call: the app pauses after TikTok said it is throttled (`paused`),
 * a higher class goes first (`priority`), or the tier's windows are full (`tier`).
 */
export type HoldReason = 'paused' | 'priority' | 'tier';

/** What the limiter is holding of one piece of work (see `held`). */
export interface WorkHold {
  /** Its calls waiting for a slot. */
  calls: number;
  /** How long the one waiting longest has waited, in ms. */
  longestMs: number;
  /** Why that one is held. */
  reason: HoldReason;
}

export const DEFAULT_CALL_BUDGET: CallBudget = { callClass: 'interactive', staffId: 'anonymous' };

export const TIERS = ['basic', 'advanced', 'premium', 'ultimate'] as const;
export type Tier = (typeof TIERS)[number];

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimitPolicy {
  /** Limits on all calls together. */
  app: WindowLimit[];
  /** Extra limits on particular paths (e.g. `ad/create/`). */
  endpoints: Record<string, WindowLimit[]>;
  /** Limits every path gets on its own (TikTok's sandbox). */
  perEndpoint: WindowLimit[];
}

const SECOND = 1_000;
const MINUTE = 60_000;

const TIER_QPS: Record<Tier, { qps: number; qpm: number }> = {
  basic: { qps: 10, qpm: 600 },
  advanced: { qps: 20, qpm: 1_200 },
  premium: { qps: 30, qpm: 1_800 },
  ultimate: { qps: 50, qpm: 3_000 },
};

/**
 * TikTok's published limits for a tier (shared/reference/tiktok-marketing-api.md §3).
 * The daily quota equals QPS × 86,400 at every tier, so honouring QPS honours it too.
 */
export function tierPolicy(tier: Tier, options: { sandbox?: boolean } = {}): RateLimitPolicy {
  const { qps, qpm } = TIER_QPS[tier];
  return {
    app: [
      { limit: qps, windowMs: SECOND },
      { limit: qpm, windowMs: MINUTE },
    ],
    endpoints: {
      // Documented for the Basic tier; applied at every tier to be safe.
      'ad/create/': [
        { limit: 5, windowMs: SECOND },
        { limit: 150, windowMs: MINUTE },
      ],
      'report/task/create/': [
        { limit: 2, windowMs: SECOND },
        { limit: 60, windowMs: MINUTE },
      ],
    },
    perEndpoint: options.sandbox
      ? [
          { limit: 1, windowMs: SECOND },
          { limit: 30, windowMs: MINUTE },
        ]
      : [],
  };
}

export interface RateLimiterOptions {
  /** Added to every window, in ms (default 25): clocks and timers are not exact. */
  guardMs?: number;
  /** A call still unanswered this long after sending is assumed to have arrived (default 1000). */
  arrivalBoundMs?: number;
  /** Monotonic clock in ms (default `performance.now`). */
  now?: () => number;
  /** App-window slots lower classes leave free while a higher class is busy (default 2). */
  reserve?: number;
  /** Calls a lower class may hold in flight while a higher class is busy (default 3). */
  lowerInFlight?: number;
  /** How long after its last grant a class still counts as busy, in ms (default 2000). */
  activeMs?: number;
}

/** Call when the call is over (answered, failed or abandoned). Idempotent. */
export type ReleaseSlot = () => void;

interface Slot {
  sentAt: number;
  doneAt: number | null;
}

interface Waiter {
  path: string;
  budget: CallBudget;
  queuedAt: number;
  /** Why the last drain passed it over. */
  heldBy: HoldReason;
  resolve: (release: ReleaseSlot) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class RateLimiter {
  private readonly slots = new Map<string, Slot[]>();
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pausedUntil = 0;
  private readonly guardMs: number;
  private readonly arrivalBoundMs: number;
  private readonly now: () => number;
  private granted = 0;
  private readonly reserve: number;
  private readonly lowerInFlight: number;
  private readonly activeMs: number;
  private readonly inFlight = new Map<CallClass, number>();
  private readonly lastGrantAt = new Map<CallClass, number>();
  /** When each staff member was last granted a call (a running count; higher is later). */
  private readonly lastServed = new Map<string, number>();
  private serveCount = 0;

  constructor(
    readonly policy: RateLimitPolicy,
    options: RateLimiterOptions = {},
  ) {
    this.guardMs = options.guardMs ?? 25;
    this.arrivalBoundMs = options.arrivalBoundMs ?? 1_000;
    this.now = options.now ?? (() => performance.now());
    this.reserve = options.reserve ?? 2;
    this.lowerInFlight = options.lowerInFlight ?? 3;
    this.activeMs = options.activeMs ?? 2_000;
  }

  /**
   * Resolves when a call to `path` may be sent, with the function to call once the call is
   * over. The slot is taken at that moment.
   */
  acquire(
    path: string,
    signal?: AbortSignal,
    budget: CallBudget = DEFAULT_CALL_BUDGET,
  ): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        path,
        budget,
        queuedAt: this.now(),
        heldBy: 'tier',
        resolve,
        reject,
        signal,
        onAbort: undefined,
      };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.drain();
    });
  }

  /** Hold every call for a while, e.g. after TikTok answered 40100 (throttled). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.drain();
  }

  get stats(): { queued: number; granted: number } {
    return { queued: this.queue.length, granted: this.granted };
  }

  /** Calls of this staff member (and class, if given) waiting for a slot right now. */
  waiting(staffId: string, callClass?: CallClass): number {
    return this.queue.filter(
      (waiter) =>
        waiter.budget.staffId === staffId &&
        (callClass === undefined || waiter.budget.callClass === callClass),
    ).length;
  }

  /**
   * The calls of one piece of work (`CallBudget.workId`) waiting for a slot, and why; null when
   * none waits. A job shows this, so that a person knows it is the app's budget that holds it.
   */
  held(workId: string): WorkHold | null {
    let longest: Waiter | undefined;
    let calls = 0;
    for (const waiter of this.queue) {
      if (waiter.budget.workId !== workId) continue;
      calls += 1;
      if (!longest || waiter.queuedAt < longest.queuedAt) longest = waiter;
    }
    if (!longest) return null;
    return { calls, longestMs: this.now() - longest.queuedAt, reason: longest.heldBy };
  }

  private drain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    let soonest = Number.POSITIVE_INFINITY;
    for (let waiter = this.nextCandidate(); waiter; waiter = this.nextCandidate()) {
      const now = this.now();
      const { callClass } = waiter.budget;
      const busyAbove = this.higherClassBusy(callClass, now);
      const standing = callClass === 'interactive' ? 0 : (waiter.budget.leaveFree ?? 0);
      const wait = this.waitFor(waiter.path, now, Math.max(standing, busyAbove ? this.reserve : 0));
      const capped = busyAbove && (this.inFlight.get(callClass) ?? 0) >= this.lowerInFlight;
      if (wait > 0 || capped) {
        // A release will drain again when the class is only held by its calls in flight.
        if (wait > 0) soonest = Math.min(soonest, wait);
        else if (busyAbove) soonest = Math.min(soonest, this.activeMs);
        waiter.heldBy = this.pausedUntil > now ? 'paused' : busyAbove ? 'priority' : 'tier';
        this.skipped.add(waiter);
        continue;
      }
      this.grant(waiter, now);
    }
    this.skipped.clear();
    if (this.queue.length > 0 && Number.isFinite(soonest)) {
      this.timer = setTimeout(() => this.drain(), Math.max(1, Math.ceil(soonest)));
    }
  }

  /** Waiters passed over in the current drain (their windows or class cap are full). */
  private readonly skipped = new Set<Waiter>();

  /**
   * The next waiter to consider: highest class first; inside it the staff member served least
   * recently (so a newcomer goes before someone with a long queue); each one's calls in order.
   */
  private nextCandidate(): Waiter | undefined {
    for (const callClass of CALL_CLASSES) {
      let best: Waiter | undefined;
      let bestServed = Number.POSITIVE_INFINITY;
      for (const waiter of this.queue) {
        if (waiter.budget.callClass !== callClass || this.skipped.has(waiter)) continue;
        const served = this.lastServed.get(waiter.budget.staffId) ?? -1;
        if (served < bestServed) {
          best = waiter;
          bestServed = served;
        }
      }
      if (best) return best;
    }
    return undefined;
  }

  private grant(waiter: Waiter, now: number): void {
    const { callClass, staffId } = waiter.budget;
    const slot: Slot = { sentAt: now, doneAt: null };
    for (const key of this.keysFor(waiter.path)) this.slotsOf(key).push(slot);
    this.queue.splice(this.queue.indexOf(waiter), 1);
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
    this.granted += 1;
    this.inFlight.set(callClass, (this.inFlight.get(callClass) ?? 0) + 1);
    this.lastGrantAt.set(callClass, now);
    this.serveCount += 1;
    this.lastServed.set(staffId, this.serveCount);
    waiter.resolve(() => {
      if (slot.doneAt !== null) return;
      slot.doneAt = this.now();
      this.inFlight.set(callClass, (this.inFlight.get(callClass) ?? 1) - 1);
      // An earlier end can free a window sooner than the timer expects.
      if (this.queue.length > 0) this.drain();
    });
  }

  /** Whether a class above this one is waiting or was granted a call within `activeMs`. */
  private higherClassBusy(callClass: CallClass, now: number): boolean {
    for (const higher of CALL_CLASSES.slice(0, CALL_CLASSES.indexOf(callClass))) {
      if (this.queue.some((waiter) => waiter.budget.callClass === higher)) return true;
      const last = this.lastGrantAt.get(higher);
      if (last !== undefined && now - last < this.activeMs) return true;
    }
    return false;
  }

  /** The latest instant the call could have reached TikTok. */
  private latestArrival(slot: Slot): number {
    return Math.min(slot.doneAt ?? Number.POSITIVE_INFINITY, slot.sentAt + this.arrivalBoundMs);
  }

  private keysFor(path: string): string[] {
    const keys = ['app'];
    if (this.policy.endpoints[path]) keys.push(`endpoint:${path}`);
    if (this.policy.perEndpoint.length > 0) keys.push(`each:${path}`);
    return keys;
  }

  private limitsFor(key: string): WindowLimit[] {
    if (key === 'app') return this.policy.app;
    if (key.startsWith('endpoint:'))
      return this.policy.endpoints[key.slice('endpoint:'.length)] ?? [];
    return this.policy.perEndpoint;
  }

  /**
   * Milliseconds until a call to `path` fits every window (0 = now), leaving `reserve` slots
   * of each app window unused.
   */
  private waitFor(path: string, now: number, reserve: number): number {
    let wait = this.pausedUntil - now;
    for (const key of this.keysFor(path)) {
      const limits = this.limitsFor(key);
      const longest = Math.max(...limits.map((limit) => limit.windowMs)) + this.guardMs;
      const live = this.slotsOf(key).filter((slot) => this.latestArrival(slot) > now - longest);
      this.slots.set(key, live);
      const arrivals = live.map((slot) => this.latestArrival(slot)).sort((a, b) => a - b);
      for (const { limit: full, windowMs } of limits) {
        const limit = key === 'app' ? Math.max(1, full - reserve) : full;
        const inWindow = arrivals.filter((at) => at > now - windowMs - this.guardMs);
        if (inWindow.length < limit) continue;
        // The window has room again once enough of these calls have left it.
        const freeing = inWindow[inWindow.length - limit] ?? now;
        wait = Math.max(wait, freeing + windowMs + this.guardMs - now);
      }
    }
    return wait;
  }

  private slotsOf(key: string): Slot[] {
    let slots = this.slots.get(key);
    if (!slots) {
      slots = [];
      this.slots.set(key, slots);
    }
    return slots;
  }
}
