import { describe, expect, it } from 'vitest';
import { SingleFlightCache } from './single-flight-cache';

describe('SingleFlightCache', () => {
  function setup(maxEntries = 10) {
    const clock = { ms: 1_000 };
    const cache = new SingleFlightCache<string>({ maxEntries, now: () => clock.ms });
    let loads = 0;
    const load = (value: string) => async () => {
      loads += 1;
      return value;
    };
    return { clock, cache, load, loads: () => loads };
  }

  it('shares one load between callers while it is in flight', async () => {
    const { cache } = setup();
    const pending = deferred<string>();
    let loads = 0;
    const load = () => {
      loads += 1;
      return pending.promise;
    };
    const callers = Array.from({ length: 10 }, () => cache.get('k', 1_000, load));
    pending.resolve('v');
    expect(await Promise.all(callers)).toEqual(Array(10).fill('v'));
    expect(loads).toBe(1);
  });

  it('keeps a value for its TTL counted from when the load finished', async () => {
    const { clock, cache, load, loads } = setup();
    expect(await cache.get('k', 1_000, load('first'))).toBe('first');
    clock.ms += 999;
    expect(await cache.get('k', 1_000, load('second'))).toBe('first');
    clock.ms += 1;
    expect(await cache.get('k', 1_000, load('second'))).toBe('second');
    expect(loads()).toBe(2);
  });

  it('does not keep a failed load: the next caller tries again', async () => {
    const { cache, load, loads } = setup();
    await expect(
      cache.get('k', 1_000, async () => {
        throw new Error('TikTok is down');
      }),
    ).rejects.toThrow('TikTok is down');
    expect(cache.size).toBe(0);
    expect(await cache.get('k', 1_000, load('recovered'))).toBe('recovered');
    expect(loads()).toBe(1);
  });

  it('turns a load that throws synchronously into a rejection, not a crash', async () => {
    const { cache } = setup();
    const throwing = (): Promise<string> => {
      throw new Error('bad input');
    };
    await expect(cache.get('k', 1_000, throwing)).rejects.toThrow('bad input');
    expect(cache.size).toBe(0);
  });

  it('stays within its bound, dropping expired entries first, then the oldest', async () => {
    const { clock, cache, load } = setup(3);
    await cache.get('short', 10, load('s'));
    await cache.get('a', 60_000, load('a'));
    await cache.get('b', 60_000, load('b'));
    clock.ms += 100;
    await cache.get('c', 60_000, load('c'));
    expect(cache.size).toBe(3);
    // "short" expired and went first; "a" is still cached.
    expect(await cache.get('a', 60_000, load('a2'))).toBe('a');
    await cache.get('d', 60_000, load('d'));
    expect(cache.size).toBe(3);
    // Nothing expired now, so the oldest ("a") went.
    expect(await cache.get('b', 60_000, load('b2'))).toBe('b');
    expect(await cache.get('a', 60_000, load('a3'))).toBe('a3');
  });
});

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
