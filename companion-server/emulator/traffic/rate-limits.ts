import { ReturnCode } from '../core/api-error';

/**
 * TikTok's app-level rate limits (shared/reference/tiktok-marketing-api.md §3). Throttling
 * is answered inside an HTTP 200 envelope: 40100 for the app-level limit, 40016 for an
 * endpoint's own limit. There are no rate-limit headers.
 *
 * TikTok does not say whether its windows are calendar seconds or sliding; the emulator
 * uses sliding windows on arrival time, which is the stricter reading: a client that never
 * trips it never trips TikTok either.
 */

export const TIERS = ['basic', 'advanced', 'premium', 'ultimate'] as const;
export type Tier = (typeof TIERS)[number];

export interface Limits {
  qps: number;
  qpm: number;
  qpd: number;
}

export const TIER_LIMITS: Record<Tier, Limits> = {
  basic: { qps: 10, qpm: 600, qpd: 864_000 },
  advanced: { qps: 20, qpm: 1_200, qpd: 1_728_000 },
  premium: { qps: 30, qpm: 1_800, qpd: 2_592_000 },
  ultimate: { qps: 50, qpm: 3_000, qpd: 4_320_000 },
};

/**
 * Endpoints with limits of their own. The `ad/create` figure is documented for Basic only;
 * we apply it at every tier (the safer assumption).
 */
export const ENDPOINT_LIMITS: Record<string, Limits> = {
  'ad/create/': { qps: 5, qpm: 150, qpd: 216_000 },
  'report/task/create/': { qps: 2, qpm: 60, qpd: 4_500 },
};

/** In the sandbox every endpoint has its own small limit. */
export const SANDBOX_ENDPOINT_LIMITS: Limits = { qps: 1, qpm: 30, qpd: 1_000 };

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

export interface RateLimitSettings {
  tier: Tier;
  sandbox: boolean;
  /** How long an app stays restricted after exceeding its per-minute limit (TikTok: 5 min). */
  qpmPenaltyMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; code: number; message: string };

class Counter {
  private readonly hits: number[] = [];
  private day = '';
  private dayCount = 0;
  blockedUntil = 0;

  inWindow(now: number, windowMs: number): number {
    let count = 0;
    for (let i = this.hits.length - 1; i >= 0; i -= 1) {
      if ((this.hits[i] ?? 0) > now - windowMs) count += 1;
      else break;
    }
    return count;
  }

  today(now: number): number {
    return this.day === utcDay(now) ? this.dayCount : 0;
  }

  add(now: number): void {
    this.hits.push(now);
    while (this.hits.length > 0 && (this.hits[0] ?? 0) <= now - MINUTE_MS) this.hits.shift();
    const day = utcDay(now);
    if (day !== this.day) {
      this.day = day;
      this.dayCount = 0;
    }
    this.dayCount += 1;
  }
}

function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

function nextUtcMidnight(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

export class EmulatorRateLimiter {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly settings: () => RateLimitSettings) {}

  reset(): void {
    this.counters.clear();
  }

  /** Decide whether a request may proceed, and count it when it does. */
  admit(appId: string, path: string, now: number): RateDecision {
    const { tier, sandbox, qpmPenaltyMs } = this.settings();
    const checks: Array<{ counter: Counter; limits: Limits; code: number; message: string }> = [];
    if (sandbox) {
      checks.push({
        counter: this.counter(`${appId}|${path}`),
        limits: SANDBOX_ENDPOINT_LIMITS,
        code: ReturnCode.ENDPOINT_RATE_LIMITED,
        message: `Too many requests to /${path} in the sandbox; the limit is 1 per second per endpoint.`,
      });
    } else {
      checks.push({
        counter: this.counter(appId),
        limits: TIER_LIMITS[tier],
        code: ReturnCode.APP_RATE_LIMITED,
        message: `Due to too many requests, requests from App [${appId}] are temporarily restricted.`,
      });
      const endpointLimits = ENDPOINT_LIMITS[path];
      if (endpointLimits) {
        checks.push({
          counter: this.counter(`${appId}|${path}`),
          limits: endpointLimits,
          code: ReturnCode.ENDPOINT_RATE_LIMITED,
          message: `Too many requests to /${path}; please reduce the request frequency.`,
        });
      }
    }

    for (const { counter, limits, code, message } of checks) {
      const rejected = { allowed: false as const, code, message };
      if (counter.blockedUntil > now) return rejected;
      if (counter.today(now) >= limits.qpd) {
        counter.blockedUntil = nextUtcMidnight(now);
        return rejected;
      }
      if (counter.inWindow(now, MINUTE_MS) >= limits.qpm) {
        counter.blockedUntil = now + qpmPenaltyMs;
        return rejected;
      }
      if (counter.inWindow(now, SECOND_MS) >= limits.qps) return rejected;
    }
    for (const { counter } of checks) counter.add(now);
    return { allowed: true };
  }

  private counter(key: string): Counter {
    let counter = this.counters.get(key);
    if (!counter) {
      counter = new Counter();
      this.counters.set(key, counter);
    }
    return counter;
  }
}
