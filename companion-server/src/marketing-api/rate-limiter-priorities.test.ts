import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CallBudget, RateLimiter, tierPolicy } from './rate-limiter';

/** Queue `count` calls that complete the instant they are sent; record (name, time). */
function queue(
  limiter: RateLimiter,
  count: number,
  budget: CallBudget,
  log: { who: string; at: number }[],
  name = budget.staffId,
): void {
  for (let i = 0; i < count; i += 1) {
    void limiter.acquire('campaign/get/', undefined, budget).then((release) => {
      log.push({ who: name, at: Date.now() });
      release();
    });
  }
}

const job = (staffId: string): CallBudget => ({ callClass: 'jobs', staffId });
const background = (staffId: string): CallBudget => ({ callClass: 'background', staffId });
const interactive = (staffId: string): CallBudget => ({ callClass: 'interactive', staffId });

describe('RateLimiter priorities', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the next slot to an interactive call queued behind a job', async () => {
    const limiter = new RateLimiter(tierPolicy('basic'), { now: Date.now, guardMs: 0 });
    const log: { who: string; at: number }[] = [];
    queue(limiter, 40, job('ann'), log, 'job');
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toHaveLength(10);
    queue(limiter, 2, interactive('bob'), log, 'overlay');
    await vi.advanceTimersByTimeAsync(1_000);
    // The two interactive calls are the first of the next second, ahead of 30 job calls.
    expect(log.slice(10, 12)).toEqual([
      { who: 'overlay', at: 1_000 },
      { who: 'overlay', at: 1_000 },
    ]);
  });

  it('keeps the slots a piece of work leaves free, so a first interactive call never waits behind it', async () => {
    const limiter = new RateLimiter(tierPolicy('basic'), { now: Date.now, guardMs: 0 });
    const cycle: CallBudget = { ...job('rules'), leaveFree: 2 };
    // Reads that stay unanswered (slow reports) hold their slots until answered.
    const held: (() => void)[] = [];
    for (let i = 0; i < 20; i += 1) {
      void limiter.acquire('report/integrated/get/', undefined, cycle).then((release) => {
        held.push(release);
      });
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(held).toHaveLength(8);
    let overlayAt = -1;
    void limiter
      .acquire('report/integrated/get/', undefined, interactive('bob'))
      .then((release) => {
        overlayAt = Date.now();
        release();
      });
    await vi.advanceTimersByTimeAsync(0);
    expect(overlayAt).toBe(0);
    // A job a person started, with nobody above it busy, still gets the whole tier.
    const other = new RateLimiter(tierPolicy('basic'), { now: Date.now, guardMs: 0 });
    const log: { who: string; at: number }[] = [];
    queue(other, 12, job('ann'), log);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toHaveLength(10);
    for (const release of held.splice(0)) release();
  });

  it('shares a class between staff in turn, so one export does not starve another', async () => {
    const limiter = new RateLimiter(
      { app: [{ limit: 1, windowMs: 100 }], endpoints: {}, perEndpoint: [] },
      { now: Date.now, guardMs: 0 },
    );
    const log: { who: string; at: number }[] = [];
    queue(limiter, 6, background('viewer'), log);
    queue(limiter, 2, background('buyer'), log);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log.map((entry) => entry.who)).toEqual([
      'viewer',
      'buyer',
      'viewer',
      'buyer',
      'viewer',
      'viewer',
      'viewer',
      'viewer',
    ]);
  });

  it('holds lower classes to a few calls in flight and leaves slots free while interactive calls are busy', async () => {
    const limiter = new RateLimiter(tierPolicy('basic'), {
      now: Date.now,
      guardMs: 0,
      reserve: 2,
      lowerInFlight: 3,
      activeMs: 2_000,
    });
    (await limiter.acquire('campaign/get/', undefined, interactive('bob')))();
    // Job calls that stay unanswered: only three may be out at once while bob is active.
    const held: (() => void)[] = [];
    for (let i = 0; i < 10; i += 1) {
      void limiter.acquire('adgroup/get/', undefined, job('ann')).then((release) => {
        held.push(release);
      });
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(held).toHaveLength(3);
    // Another interactive call gets a slot at once: the job left room.
    let overlayAt = -1;
    void limiter.acquire('campaign/get/', undefined, interactive('bob')).then((release) => {
      overlayAt = Date.now();
      release();
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(overlayAt).toBe(0);
    // Once interactive calls have been quiet for activeMs, the job takes the whole tier.
    for (const release of held.splice(0)) release();
    await vi.advanceTimersByTimeAsync(2_100);
    for (const release of held.splice(0)) release();
    await vi.advanceTimersByTimeAsync(1_100);
    expect(held.length).toBeGreaterThanOrEqual(4);
  });

  it('never exceeds the tier with every class and several staff at once', async () => {
    const limiter = new RateLimiter(tierPolicy('basic'), { now: Date.now, guardMs: 25 });
    const log: { who: string; at: number }[] = [];
    queue(limiter, 30, background('viewer'), log);
    queue(limiter, 30, job('ann'), log);
    queue(limiter, 15, interactive('bob'), log);
    queue(limiter, 15, interactive('cat'), log);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(log).toHaveLength(90);
    const times = log.map((entry) => entry.at);
    for (const start of times) {
      expect(times.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(10);
    }
    // Interactive calls all went before any lower class once they were queued.
    const lastInteractive = Math.max(
      ...log.filter((e) => e.who === 'bob' || e.who === 'cat').map((e) => e.at),
    );
    const laterBackground = log.filter((e) => e.who === 'viewer' && e.at < lastInteractive);
    expect(laterBackground.length).toBeLessThanOrEqual(10);
  });

  it("says what holds a job's calls: other classes first, the tier's windows, or a pause", async () => {
    const limiter = new RateLimiter(tierPolicy('basic'), { now: Date.now, guardMs: 0 });
    const jobBudget: CallBudget = { ...job('ann'), workId: 'job_1' };
    expect(limiter.held('job_1')).toBeNull();
    const log: { who: string; at: number }[] = [];
    // Alone, the job fills the second's window: the rest of its calls wait for the tier.
    queue(limiter, 12, jobBudget, log);
    await vi.advanceTimersByTimeAsync(300);
    expect(log).toHaveLength(10);
    expect(limiter.held('job_1')).toEqual({ calls: 2, longestMs: 300, reason: 'tier' });
    expect(limiter.held('job_2')).toBeNull();
    // Interactive calls queue: the job's calls are now held for them.
    queue(limiter, 20, interactive('bob'), log);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(limiter.held('job_1')).toMatchObject({ calls: 2, longestMs: 1_300, reason: 'priority' });
    // Once everyone is through, TikTok's throttling pauses the app: the job waits for that.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(limiter.held('job_1')).toBeNull();
    limiter.pause(5_000);
    queue(limiter, 1, jobBudget, log);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(limiter.held('job_1')).toEqual({ calls: 1, longestMs: 1_000, reason: 'paused' });
  });
});
