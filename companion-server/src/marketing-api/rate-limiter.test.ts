import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter, tierPolicy } from './rate-limiter';

/** Acquire `count` slots for `path` and record when each was granted (fake ms). */
function grantTimes(limiter: RateLimiter, count: number, path = 'campaign/get/'): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    // Each call completes the instant it is sent.
    void limiter.acquire(path).then((release) => {
      times.push(Date.now());
      release();
    });
  }
  return times;
}

/** Largest number of grants inside any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  let busiest = 0;
  for (const start of times) {
    busiest = Math.max(busiest, times.filter((t) => t >= start && t < start + windowMs).length);
  }
  return busiest;
}

describe('RateLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a Basic-tier burst through at 10 per second, never more', async () => {
    const limiter = new RateLimiter(tierPolicy('basic'), { now: Date.now, guardMs: 25 });
    const times = grantTimes(limiter, 35);
    await vi.advanceTimersByTimeAsync(0);
    expect(times).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(times).toHaveLength(35);
    expect(busiestWindow(times, 1_000)).toBe(10);
    // The guard spaces each second's batch 1,025 ms after the previous one.
    expect(times[10]).toBe(1_025);
    expect(times[20]).toBe(2_050);
  });

  it('holds the per-minute limit of the tier', async () => {
    const limiter = new RateLimiter(
      {
        app: [
          { limit: 100, windowMs: 1_000 },
          { limit: 150, windowMs: 60_000 },
        ],
        endpoints: {},
        perEndpoint: [],
      },
      { now: Date.now, guardMs: 0 },
    );
    const times = grantTimes(limiter, 160);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(times).toHaveLength(150);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(times).toHaveLength(160);
    expect(times[150]).toBeGreaterThanOrEqual(60_000);
  });

  it('applies endpoint limits on top of the app limit (ad/create: 5 per second)', async () => {
    const limiter = new RateLimiter(tierPolicy('ultimate'), { now: Date.now, guardMs: 0 });
    const creates = grantTimes(limiter, 8, 'ad/create/');
    const reads = grantTimes(limiter, 20, 'campaign/get/');
    await vi.advanceTimersByTimeAsync(0);
    expect(creates).toHaveLength(5);
    // Reads are not held up behind the throttled creates.
    expect(reads).toHaveLength(20);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(creates).toHaveLength(8);
  });

  it('gives every endpoint its own 1-per-second limit in the sandbox', async () => {
    const limiter = new RateLimiter(tierPolicy('basic', { sandbox: true }), {
      now: Date.now,
      guardMs: 0,
    });
    const campaigns = grantTimes(limiter, 3, 'campaign/get/');
    const adGroups = grantTimes(limiter, 3, 'adgroup/get/');
    await vi.advanceTimersByTimeAsync(0);
    expect(campaigns).toEqual([0]);
    expect(adGroups).toEqual([0]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(campaigns).toEqual([0, 1_000, 2_000]);
    expect(adGroups).toEqual([0, 1_000, 2_000]);
  });

  it('pause() holds every caller until it ends', async () => {
    const limiter = new RateLimiter(tierPolicy('basic'), { now: Date.now, guardMs: 0 });
    limiter.pause(1_000);
    const times = grantTimes(limiter, 2);
    await vi.advanceTimersByTimeAsync(999);
    expect(times).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(times).toEqual([1_000, 1_000]);
  });

  it('serves waiters first come, first served', async () => {
    const limiter = new RateLimiter(
      { app: [{ limit: 1, windowMs: 1_000 }], endpoints: {}, perEndpoint: [] },
      { now: Date.now, guardMs: 0 },
    );
    const order: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      void limiter.acquire('x/').then((release) => {
        order.push(name);
        release();
      });
    }
    await vi.advanceTimersByTimeAsync(2_500);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('drops a waiter whose signal aborts, and rejects with the reason', async () => {
    const limiter = new RateLimiter(
      { app: [{ limit: 1, windowMs: 1_000 }], endpoints: {}, perEndpoint: [] },
      { now: Date.now, guardMs: 0 },
    );
    (await limiter.acquire('x/'))();
    const controller = new AbortController();
    const waiting = limiter.acquire('x/', controller.signal);
    controller.abort(new Error('staff member cancelled'));
    await expect(waiting).rejects.toThrow('staff member cancelled');
    expect(limiter.stats).toEqual({ queued: 0, granted: 1 });
  });

  it('counts a slow call until it is answered: TikTok may only just be receiving it', async () => {
    const limiter = new RateLimiter(
      { app: [{ limit: 1, windowMs: 1_000 }], endpoints: {}, perEndpoint: [] },
      { now: Date.now, guardMs: 0, arrivalBoundMs: 5_000 },
    );
    const first = await limiter.acquire('x/');
    let second = 0;
    void limiter.acquire('x/').then(() => {
      second = Date.now();
    });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(second).toBe(0);
    first();
    await vi.advanceTimersByTimeAsync(999);
    expect(second).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(second).toBe(2_500);
  });

  it('assumes an unanswered call arrived within arrivalBoundMs, so a hung call cannot stall everyone', async () => {
    const limiter = new RateLimiter(
      { app: [{ limit: 1, windowMs: 1_000 }], endpoints: {}, perEndpoint: [] },
      { now: Date.now, guardMs: 0, arrivalBoundMs: 1_000 },
    );
    await limiter.acquire('x/');
    let next = 0;
    void limiter.acquire('x/').then(() => {
      next = Date.now();
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(next).toBe(2_000);
  });
});
