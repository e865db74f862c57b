import { describe, expect, it } from 'vitest';
import { JobStop } from './job-stop';
import { runPool } from './worker-pool';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('runPool', () => {
  it('keeps at most `limit` items going and does them all', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      done.push(item);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes no item after a stop or an error, and lets the started ones finish first', async () => {
    const stop = new JobStop();
    const finished: number[] = [];
    await runPool(
      [1, 2, 3, 4, 5, 6],
      2,
      async (item) => {
        if (item === 2) stop.fail(new Error('token revoked'));
        await tick();
        finished.push(item);
      },
      stop.signal,
    );
    expect(finished.sort()).toEqual([1, 2]);
    expect(stop.cause).toBe('fatal');
    expect(stop.fatalError).toEqual(new Error('token revoked'));

    const started: number[] = [];
    const settledBeforeThrow: number[] = [];
    await expect(
      runPool([1, 2, 3, 4, 5], 2, async (item) => {
        started.push(item);
        if (item === 1) throw new Error('disk full');
        await tick();
        settledBeforeThrow.push(item);
      }),
    ).rejects.toThrow('disk full');
    expect(started).toEqual([1, 2]);
    expect(settledBeforeThrow).toEqual([2]);
  });
});
