import { describe, expect, it } from 'vitest';
import {
  ALL_HOURS,
  canonicalDayparting,
  DaypartingSchema,
  describeDayparting,
  SLOTS_PER_DAY,
} from './dayparting';

/** A grid from per-day half-hour ranges [from, to) (slots 0–48), Monday first. */
function grid(days: Array<Array<[number, number]>>): string {
  return days
    .map((runs) => {
      const day = Array.from({ length: SLOTS_PER_DAY }, () => '0');
      for (const [from, to] of runs) for (let s = from; s < to; s++) day[s] = '1';
      return day.join('');
    })
    .join('');
}

const OFFICE = grid([[[18, 36]], [[18, 36]], [[18, 36]], [[18, 36]], [[18, 36]], [[20, 28]], []]);

describe('DaypartingSchema', () => {
  it('takes 336 characters of 0 and 1 with at least one 1', () => {
    expect(DaypartingSchema.safeParse(OFFICE).success).toBe(true);
    expect(DaypartingSchema.safeParse(OFFICE.slice(1)).success).toBe(false);
    expect(DaypartingSchema.safeParse(`${OFFICE.slice(1)}2`).success).toBe(false);
    const empty = DaypartingSchema.safeParse('0'.repeat(336));
    expect(empty.error?.issues[0]?.message).toMatch(/every hour of the week/);
  });
});

describe('canonicalDayparting', () => {
  it('reads none, all 0 and all 1 as every hour, as TikTok does', () => {
    expect(canonicalDayparting(null)).toBe(ALL_HOURS);
    expect(canonicalDayparting('')).toBe(ALL_HOURS);
    expect(canonicalDayparting('0'.repeat(336))).toBe(ALL_HOURS);
    expect(canonicalDayparting(OFFICE)).toBe(OFFICE);
  });
});

describe('describeDayparting', () => {
  it('groups days with the same hours and counts the hours of the week', () => {
    expect(describeDayparting(OFFICE)).toBe('Mon–Fri 09:00–18:00 · Sat 10:00–14:00 (49 h a week)');
    expect(describeDayparting(ALL_HOURS)).toBe('All hours');
    expect(
      describeDayparting(
        grid([
          [
            [0, 2],
            [46, 48],
          ],
          [],
          [],
          [],
          [],
          [],
          [],
        ]),
      ),
    ).toBe('Mon 00:00–01:00, 23:00–24:00 (2 h a week)');
  });
});
