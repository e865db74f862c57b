import { describe, expect, it } from 'vitest';
import { PeopleWaiting } from './people-waiting';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the promise settles within `ms` (it keeps running either way). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  await sleep(ms);
  return settled;
}

describe('PeopleWaiting', () => {
  it('lets background work go on at once when nobody is being served', async () => {
    const people = new PeopleWaiting({ maxWaitMs: 5_000 });
    expect(await settlesWithin(people.stepAside(), 50)).toBe(true);
  });

  it('holds background work while a person’s request is served, and lets it go when it ends', async () => {
    const people = new PeopleWaiting({ maxWaitMs: 5_000 });
    const end = people.begin();
    expect(people.serving).toBe(1);
    const step = people.stepAside();
    expect(await settlesWithin(step, 60)).toBe(false);
    end();
    expect(people.serving).toBe(0);
    expect(await settlesWithin(step, 60)).toBe(true);
  });

  it('waits for every request being served, and ending one twice counts once', async () => {
    const people = new PeopleWaiting({ maxWaitMs: 5_000 });
    const first = people.begin();
    const second = people.begin();
    const step = people.stepAside();
    first();
    first();
    expect(people.serving).toBe(1);
    expect(await settlesWithin(step, 60)).toBe(false);
    second();
    expect(await settlesWithin(step, 60)).toBe(true);
  });

  it('waits at most maxWaitMs, then leaves background work unheld for graceMs', async () => {
    const people = new PeopleWaiting({ maxWaitMs: 40, graceMs: 10_000 });
    people.begin();
    // A request that never ends holds one step for the bound, not for ever.
    expect(await settlesWithin(people.stepAside(), 1_000)).toBe(true);
    // Then, with the same request still open, the next steps are not held at all.
    const started = performance.now();
    await people.stepAside();
    await people.stepAside();
    expect(performance.now() - started).toBeLessThan(40);
  });

  it('does not count a request older than youngMs (a long import is nobody waiting)', async () => {
    let clock = 0;
    const people = new PeopleWaiting({ youngMs: 2_000, maxWaitMs: 5_000, now: () => clock });
    people.begin();
    expect(people.serving).toBe(1);
    clock = 2_000;
    expect(people.serving).toBe(0);
    expect(await settlesWithin(people.stepAside(), 50)).toBe(true);
  });
});

describe('PeopleWaiting.serve', () => {
  it('never holds the work of a person’s own request, even while other requests are served', async () => {
    const people = new PeopleWaiting({ maxWaitMs: 5_000 });
    people.begin();
    const own = people.serve(() => people.stepAside());
    expect(await settlesWithin(own, 60)).toBe(true);
    // Outside it, the same step waits.
    expect(await settlesWithin(people.stepAside(), 60)).toBe(false);
  });
});
