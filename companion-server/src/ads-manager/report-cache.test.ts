import { describe, expect, it } from 'vitest';
import { ReportCache, TODAY_TTL_CAP_MS } from './report-cache';

describe('ReportCache', () => {
  const TODAY = '2026-11-18';
  const TTL_MS = 15 * 60_000;
  const healthy = { health: 'ok' as const };

  function setup() {
    const clock = { ms: 1_000 };
    const cache = new ReportCache<number>({ ttlMs: TTL_MS, now: () => clock.ms });
    let loads = 0;
    const load = async () => {
      loads += 1;
      return loads;
    };
    const get = (rangeEnd: string, account: { health: 'ok' | 'broken' } = healthy) =>
      cache.get(account, `acct|${rangeEnd}`, { rangeEnd, today: TODAY }, load);
    return { clock, get };
  }

  it('keeps a past range for the configured TTL', async () => {
    const { clock, get } = setup();
    expect(await get('2026-11-17')).toBe(1);
    clock.ms += TTL_MS - 1;
    expect(await get('2026-11-17')).toBe(1);
    clock.ms += 1;
    expect(await get('2026-11-17')).toBe(2);
  });

  it('keeps a range that includes today (or ends tomorrow) at most TODAY_TTL_CAP_MS', async () => {
    const { clock, get } = setup();
    expect(await get(TODAY)).toBe(1);
    expect(await get('2026-11-19')).toBe(2);
    clock.ms += TODAY_TTL_CAP_MS - 1;
    expect(await get(TODAY)).toBe(1);
    expect(await get('2026-11-19')).toBe(2);
    clock.ms += 1;
    expect(await get(TODAY)).toBe(3);
    expect(await get('2026-11-19')).toBe(4);
  });

  it('never answers from the cache for an account whose authorization is broken', async () => {
    const { get } = setup();
    expect(await get('2026-11-17')).toBe(1);
    expect(await get('2026-11-17', { health: 'broken' })).toBe(2);
    expect(await get('2026-11-17', { health: 'broken' })).toBe(3);
  });
});
