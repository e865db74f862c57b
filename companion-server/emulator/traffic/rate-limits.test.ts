import { describe, expect, it } from 'vitest';
import {
  EmulatorRateLimiter,
  type RateDecision,
  type RateLimitSettings,
  TIER_LIMITS,
  type Tier,
} from './rate-limits';

const APP = '7512649815700963329';
const OTHER_APP = '7000000000000000001';
const T0 = Date.parse('2026-11-20T12:00:00Z');
const PENALTY_MS = 300_000;

function limiter(settings: Partial<RateLimitSettings> = {}): EmulatorRateLimiter {
  const full: RateLimitSettings = {
    tier: 'basic',
    sandbox: false,
    qpmPenaltyMs: PENALTY_MS,
    ...settings,
  };
  return new EmulatorRateLimiter(() => full);
}

const codeOf = (decision: RateDecision): number | null => (decision.allowed ? null : decision.code);

/** `count` calls spread so that no sliding second holds more than `perSecond` of them. */
function spread(
  rate: EmulatorRateLimiter,
  path: string,
  count: number,
  perSecond: number,
  start = T0,
): RateDecision[] {
  const decisions: RateDecision[] = [];
  for (let i = 0; i < count; i += 1) {
    const second = Math.floor(i / perSecond);
    const slot = i % perSecond;
    decisions.push(rate.admit(APP, path, start + second * 1_000 + slot));
  }
  return decisions;
}

describe('EmulatorRateLimiter: app-level limits (Basic)', () => {
  it('admits 10 calls in a second and rejects the 11th with 40100', () => {
    const rate = limiter();
    for (let i = 0; i < 10; i += 1) {
      expect(rate.admit(APP, 'campaign/get/', T0 + i * 10)).toEqual({ allowed: true });
    }
    const eleventh = rate.admit(APP, 'campaign/get/', T0 + 500);
    expect(eleventh).toEqual({
      allowed: false,
      code: 40100,
      message: `Due to too many requests, requests from App [${APP}] are temporarily restricted.`,
    });
  });

  it('counts all endpoints together', () => {
    const rate = limiter();
    for (let i = 0; i < 10; i += 1) {
      const path = i % 2 === 0 ? 'campaign/get/' : 'report/integrated/get/';
      expect(rate.admit(APP, path, T0).allowed).toBe(true);
    }
    expect(codeOf(rate.admit(APP, 'adgroup/get/', T0 + 1))).toBe(40100);
  });

  it('uses a sliding second: allowed again once the oldest call leaves the window', () => {
    const rate = limiter();
    for (let i = 0; i < 10; i += 1) rate.admit(APP, 'campaign/get/', T0 + i * 100);
    // The window is (now - 1000, now]: the call at T0 leaves it exactly at T0 + 1000.
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 999))).toBe(40100);
    expect(rate.admit(APP, 'campaign/get/', T0 + 1_000).allowed).toBe(true);
    // The calls at T0 + 100.. are still inside, so one more in the same instant is refused.
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 1_000))).toBe(40100);
    expect(rate.admit(APP, 'campaign/get/', T0 + 1_100).allowed).toBe(true);
  });

  it('is stricter than calendar seconds: 10 at the end of one second and 1 at the start of the next', () => {
    const rate = limiter();
    for (let i = 0; i < 10; i += 1) rate.admit(APP, 'campaign/get/', T0 + 900 + i);
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 1_000))).toBe(40100);
  });

  it('does not count rejected calls', () => {
    const rate = limiter();
    for (let i = 0; i < 10; i += 1) rate.admit(APP, 'campaign/get/', T0);
    for (let i = 0; i < 50; i += 1) {
      expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 500 + i))).toBe(40100);
    }
    // Had the rejections counted, the window at T0 + 1000 would still hold 50 calls.
    for (let i = 0; i < 10; i += 1) {
      expect(rate.admit(APP, 'campaign/get/', T0 + 1_000).allowed, `call ${i}`).toBe(true);
    }
  });

  it('keeps apps apart', () => {
    const rate = limiter();
    for (let i = 0; i < 10; i += 1) rate.admit(APP, 'campaign/get/', T0);
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0))).toBe(40100);
    expect(rate.admit(OTHER_APP, 'campaign/get/', T0).allowed).toBe(true);
  });

  it('admits 600 calls in a minute, then restricts the app for qpmPenaltyMs', () => {
    const rate = limiter();
    const decisions = spread(rate, 'campaign/get/', 600, 10);
    expect(decisions.every((d) => d.allowed)).toBe(true);
    const lastCall = T0 + 59 * 1_000 + 9;

    // The 601st call inside the same minute, in a second with room: refused by the minute limit.
    const restrictedAt = T0 + 59_500;
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 59_500))).toBe(40100);
    expect(restrictedAt).toBeGreaterThan(lastCall);

    // Still restricted after the minute window has emptied, until the penalty ends.
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 120_000))).toBe(40100);
    expect(codeOf(rate.admit(APP, 'campaign/get/', restrictedAt + PENALTY_MS - 1))).toBe(40100);
    expect(rate.admit(APP, 'campaign/get/', restrictedAt + PENALTY_MS).allowed).toBe(true);
  });

  it('honours a shorter configured penalty', () => {
    const rate = limiter({ qpmPenaltyMs: 10_000 });
    spread(rate, 'campaign/get/', 600, 10);
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 59_500))).toBe(40100);
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 69_499))).toBe(40100);
    expect(rate.admit(APP, 'campaign/get/', T0 + 69_500).allowed).toBe(true);
  });

  it('lets a minute with 599 calls through, and the 600th too', () => {
    const rate = limiter();
    spread(rate, 'campaign/get/', 599, 10);
    expect(rate.admit(APP, 'campaign/get/', T0 + 59_500).allowed).toBe(true);
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 59_600))).toBe(40100);
  });
});

describe('EmulatorRateLimiter: tiers', () => {
  it.each<[Tier, number, number]>([
    ['basic', 10, 600],
    ['advanced', 20, 1_200],
    ['premium', 30, 1_800],
    ['ultimate', 50, 3_000],
  ])('%s admits %i per second', (tier, qps, qpm) => {
    expect(TIER_LIMITS[tier].qps).toBe(qps);
    expect(TIER_LIMITS[tier].qpm).toBe(qpm);
    const rate = limiter({ tier });
    for (let i = 0; i < qps; i += 1) {
      expect(rate.admit(APP, 'campaign/get/', T0).allowed, `call ${i + 1}`).toBe(true);
    }
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0))).toBe(40100);
  });

  it.each<[Tier, number]>([
    ['advanced', 1_200],
    ['ultimate', 3_000],
  ])('%s restricts after %i calls in a minute', (tier, qpm) => {
    const rate = limiter({ tier });
    const perSecond = TIER_LIMITS[tier].qps;
    expect(spread(rate, 'campaign/get/', qpm, perSecond).every((d) => d.allowed)).toBe(true);
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 59_900))).toBe(40100);
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 59_900 + PENALTY_MS - 1))).toBe(40100);
  });

  it('matches the published daily quotas', () => {
    expect(TIER_LIMITS.basic.qpd).toBe(864_000);
    expect(TIER_LIMITS.advanced.qpd).toBe(1_728_000);
    expect(TIER_LIMITS.premium.qpd).toBe(2_592_000);
    expect(TIER_LIMITS.ultimate.qpd).toBe(4_320_000);
  });
});

describe('EmulatorRateLimiter: endpoint limits', () => {
  it('limits ad/create to 5 per second with 40016', () => {
    const rate = limiter();
    for (let i = 0; i < 5; i += 1) {
      expect(rate.admit(APP, 'ad/create/', T0 + i).allowed).toBe(true);
    }
    const sixth = rate.admit(APP, 'ad/create/', T0 + 10);
    expect(codeOf(sixth)).toBe(40016);
    expect(sixth.allowed ? '' : sixth.message).toMatch(/ad\/create\//);
    // The app still has room for other endpoints.
    for (let i = 0; i < 5; i += 1) {
      expect(rate.admit(APP, 'campaign/get/', T0 + 20).allowed).toBe(true);
    }
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 30))).toBe(40100);
    expect(rate.admit(APP, 'ad/create/', T0 + 1_000).allowed).toBe(true);
  });

  it('applies the ad/create limit at every tier', () => {
    const rate = limiter({ tier: 'ultimate' });
    for (let i = 0; i < 5; i += 1) rate.admit(APP, 'ad/create/', T0);
    expect(codeOf(rate.admit(APP, 'ad/create/', T0))).toBe(40016);
  });

  it('limits report/task/create to 2 per second', () => {
    const rate = limiter();
    expect(rate.admit(APP, 'report/task/create/', T0).allowed).toBe(true);
    expect(rate.admit(APP, 'report/task/create/', T0).allowed).toBe(true);
    expect(codeOf(rate.admit(APP, 'report/task/create/', T0))).toBe(40016);
  });

  it('counts ad/create against the app limit as well', () => {
    const rate = limiter();
    for (let i = 0; i < 5; i += 1) rate.admit(APP, 'ad/create/', T0);
    for (let i = 0; i < 5; i += 1) rate.admit(APP, 'campaign/get/', T0);
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0))).toBe(40100);
  });

  it('does not count an ad/create refused by its own limit against the app', () => {
    const rate = limiter();
    for (let i = 0; i < 5; i += 1) rate.admit(APP, 'ad/create/', T0);
    for (let i = 0; i < 20; i += 1) rate.admit(APP, 'ad/create/', T0);
    for (let i = 0; i < 5; i += 1) {
      expect(rate.admit(APP, 'campaign/get/', T0).allowed).toBe(true);
    }
  });
});

describe('EmulatorRateLimiter: sandbox', () => {
  it('allows 1 call per second per endpoint, refusing with 40016', () => {
    const rate = limiter({ sandbox: true });
    expect(rate.admit(APP, 'campaign/get/', T0).allowed).toBe(true);
    const second = rate.admit(APP, 'campaign/get/', T0 + 999);
    expect(codeOf(second)).toBe(40016);
    expect(second.allowed ? '' : second.message).toMatch(/sandbox/);
    expect(rate.admit(APP, 'campaign/get/', T0 + 1_000).allowed).toBe(true);
  });

  it('keeps endpoints independent', () => {
    const rate = limiter({ sandbox: true });
    const paths = ['campaign/get/', 'adgroup/get/', 'ad/get/', 'report/integrated/get/'];
    for (const path of paths) expect(rate.admit(APP, path, T0).allowed, path).toBe(true);
    for (const path of paths) expect(codeOf(rate.admit(APP, path, T0 + 1)), path).toBe(40016);
  });

  it('has no app-wide limit beyond the per-endpoint one', () => {
    const rate = limiter({ sandbox: true });
    for (let i = 0; i < 20; i += 1) {
      expect(rate.admit(APP, `endpoint-${i}/`, T0).allowed).toBe(true);
    }
  });

  it('restricts an endpoint after 30 calls in a minute', () => {
    const rate = limiter({ sandbox: true });
    expect(spread(rate, 'campaign/get/', 30, 1).every((d) => d.allowed)).toBe(true);
    expect(codeOf(rate.admit(APP, 'campaign/get/', T0 + 45_000))).toBe(40016);
    expect(rate.admit(APP, 'adgroup/get/', T0 + 45_000).allowed).toBe(true);
  });
});
