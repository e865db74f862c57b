import { describe, expect, it } from 'vitest';
import { MAX_REPORT_DAYS } from '../../../companion-server/src/contract/reporting';
import { includesToday, quickRange, rangeProblem, referenceToday } from './report-range';

// 2026-11-21 05:30 UTC: still the 20th in Los Angeles, already the 21st in Berlin and Tokyo.
const NOW = Date.UTC(2026, 10, 21, 5, 30);
const LA = 'America/Los_Angeles';
const BERLIN = 'Europe/Berlin';

describe('report ranges in the ad accounts’ time zones', () => {
  it('takes today from the zone furthest behind, so every day in the range is over', () => {
    expect(referenceToday([BERLIN], NOW)).toBe('2026-11-21');
    expect(referenceToday([BERLIN, LA], NOW)).toBe('2026-11-20');
  });

  it.each([
    ['last_7_days', { start: '2026-11-13', end: '2026-11-19' }],
    ['last_14_days', { start: '2026-11-06', end: '2026-11-19' }],
    ['last_30_days', { start: '2026-10-21', end: '2026-11-19' }],
    ['this_month', { start: '2026-11-01', end: '2026-11-20' }],
  ] as const)('%s ends yesterday (this month: today) in Los Angeles', (pick, expected) => {
    expect(quickRange(pick, [LA, BERLIN], NOW)).toEqual(expected);
  });

  it('says why a range cannot be reported', () => {
    const zones = [LA];
    expect(rangeProblem({ start: '2026-11-13', end: '2026-11-19' }, zones, NOW)).toBeNull();
    expect(rangeProblem({ start: '', end: '2026-11-19' }, zones, NOW)).toBe('Pick both dates.');
    expect(rangeProblem({ start: '2026-11-19', end: '2026-11-13' }, zones, NOW)).toMatch(
      /start comes after the end/,
    );
    expect(rangeProblem({ start: '2026-11-13', end: '2026-11-21' }, zones, NOW)).toMatch(/future/);
    expect(rangeProblem({ start: '2026-11-13', end: '2026-11-21' }, [LA, BERLIN], NOW)).toBeNull();
    expect(rangeProblem({ start: '2025-01-01', end: '2026-11-19' }, zones, NOW)).toBe(
      `A report covers at most ${MAX_REPORT_DAYS} days.`,
    );
  });

  it('knows when a range still has a growing day', () => {
    expect(includesToday({ start: '2026-11-13', end: '2026-11-19' }, [LA], NOW)).toBe(false);
    expect(includesToday({ start: '2026-11-13', end: '2026-11-20' }, [BERLIN], NOW)).toBe(false);
    expect(includesToday({ start: '2026-11-13', end: '2026-11-20' }, [LA, BERLIN], NOW)).toBe(true);
  });
});
