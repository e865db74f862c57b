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
 */

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
}

/** Call when the call is over (answered, failed or abandoned). Idempotent. */
export type ReleaseSlot = () => void;

interface Slot {
  sentAt: number;
  doneAt: number | null;
}

interface Waiter {
  path: string;
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

  constructor(
    readonly policy: RateLimitPolicy,
    options: RateLimiterOptions = {},
  ) {
    this.guardMs = options.guardMs ?? 25;
    this.arrivalBoundMs = options.arrivalBoundMs ?? 1_000;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Resolves when a call to `path` may be sent, with the function to call once the call is
   * over. The slot is taken at that moment.
   */
  acquire(path: string, signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { path, resolve, reject, signal, onAbort: undefined };
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

  private drain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    let soonest = Number.POSITIVE_INFINITY;
    for (const waiter of [...this.queue]) {
      const now = this.now();
      const wait = this.waitFor(waiter.path, now);
      if (wait > 0) {
        soonest = Math.min(soonest, wait);
        continue;
      }
      const slot: Slot = { sentAt: now, doneAt: null };
      for (const key of this.keysFor(waiter.path)) this.slotsOf(key).push(slot);
      this.queue.splice(this.queue.indexOf(waiter), 1);
      if (waiter.signal && waiter.onAbort)
        waiter.signal.removeEventListener('abort', waiter.onAbort);
      this.granted += 1;
      waiter.resolve(() => {
        if (slot.doneAt !== null) return;
        slot.doneAt = this.now();
        // An earlier end can free a window sooner than the timer expects.
        if (this.queue.length > 0) this.drain();
      });
    }
    if (this.queue.length > 0 && Number.isFinite(soonest)) {
      this.timer = setTimeout(() => this.drain(), Math.max(1, Math.ceil(soonest)));
    }
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

  /** Milliseconds until a call to `path` fits every window (0 = now). */
  private waitFor(path: string, now: number): number {
    let wait = this.pausedUntil - now;
    for (const key of this.keysFor(path)) {
      const limits = this.limitsFor(key);
      const longest = Math.max(...limits.map((limit) => limit.windowMs)) + this.guardMs;
      const live = this.slotsOf(key).filter((slot) => this.latestArrival(slot) > now - longest);
      this.slots.set(key, live);
      const arrivals = live.map((slot) => this.latestArrival(slot)).sort((a, b) => a - b);
      for (const { limit, windowMs } of limits) {
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
