import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentCallBudget, withCallBudget } from './call-budget';
import { type CallBudget, RateLimiter } from './rate-limiter';

const interactive = (staffId: string): CallBudget => ({ callClass: 'interactive', staffId });

describe('withCallBudget', () => {
  it('holds through awaits, lets the innermost budget win and ends with its work', async () => {
    expect(currentCallBudget()).toEqual(interactive('anonymous'));
    const seen = await withCallBudget(interactive('ann'), async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const outer = currentCallBudget();
      const inner = await withCallBudget({ callClass: 'jobs', staffId: 'ann' }, async () => {
        await Promise.resolve();
        return currentCallBudget();
      });
      return { outer, inner, after: currentCallBudget() };
    });
    expect(seen).toEqual({
      outer: interactive('ann'),
      inner: { callClass: 'jobs', staffId: 'ann' },
      after: interactive('ann'),
    });
    expect(currentCallBudget()).toEqual(interactive('anonymous'));
  });
});

describe('interactive calls in the limiter, by the budget of the request making them', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Like a request handler: some awaited work, then `count` calls in its budget. */
  function request(
    limiter: RateLimiter,
    staffId: string,
    count: number,
    served: string[],
  ): Promise<void> {
    return withCallBudget(interactive(staffId), async () => {
      await Promise.resolve();
      await Promise.all(
        Array.from({ length: count }, async () => {
          const release = await limiter.acquire(
            'report/integrated/get/',
            undefined,
            currentCallBudget(),
          );
          served.push(staffId);
          release();
        }),
      );
    });
  }

  it("serves a newcomer's call next, however long another staff member's queue", async () => {
    const limiter = new RateLimiter(
      { app: [{ limit: 2, windowMs: 100 }], endpoints: {}, perEndpoint: [] },
      { now: Date.now, guardMs: 0 },
    );
    const served: string[] = [];
    const flood = request(limiter, 'buyer', 20, served);
    await vi.advanceTimersByTimeAsync(150);
    expect(served).toEqual(['buyer', 'buyer', 'buyer', 'buyer']);
    const look = request(limiter, 'viewer', 2, served);
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all([flood, look]);
    // The viewer's two calls alternate with the buyer's from the next window on, instead of
    // waiting behind the 16 the buyer still had queued.
    expect(served.slice(4, 8)).toEqual(['viewer', 'buyer', 'viewer', 'buyer']);
    expect(served.filter((who) => who === 'buyer')).toHaveLength(20);
  });

  it('queues everyone outside a request as one, first come first served', async () => {
    const limiter = new RateLimiter(
      { app: [{ limit: 2, windowMs: 100 }], endpoints: {}, perEndpoint: [] },
      { now: Date.now, guardMs: 0 },
    );
    const served: string[] = [];
    const call = async (name: string) => {
      const release = await limiter.acquire(
        'report/integrated/get/',
        undefined,
        currentCallBudget(),
      );
      served.push(name);
      release();
    };
    const flood = Array.from({ length: 6 }, () => call('first'));
    await vi.advanceTimersByTimeAsync(50);
    const late = call('late');
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all([...flood, late]);
    expect(served).toEqual(['first', 'first', 'first', 'first', 'first', 'first', 'late']);
  });
});
