import { z } from 'zod';

/**
 * TikTok's dayparting grid for ad groups: 336 characters of 0 and 1, one per half hour of
 * the week, Monday 00:00–00:30 first and Sunday 23:30–24:00 last, in the ad account's time
 * zone; 1 delivers. TikTok reads a missing grid, an all-0 and an all-1 grid alike as "every
 * hour" (the official SDK's note on `dayparting`). Shared by the planner, the drawer's grid
 * editor and the preview.
 */

export const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const SLOTS_PER_DAY = 48;
export const DAYPARTING_LENGTH = DAYS.length * SLOTS_PER_DAY;

/** Every half hour of the week: what TikTok delivers on without a grid. */
export const ALL_HOURS = '1'.repeat(DAYPARTING_LENGTH);

export const DaypartingSchema = z
  .string()
  .regex(/^[01]*$/, { error: 'A dayparting grid holds only 0 and 1.' })
  .length(DAYPARTING_LENGTH, {
    error: `A dayparting grid has ${DAYPARTING_LENGTH} half hours (48 a day, Monday first).`,
  })
  .refine((grid) => grid.includes('1'), {
    error: 'Choose at least one half hour: TikTok reads an empty grid as every hour of the week.',
  });

/** The grid as TikTok delivers on it: none, all 0 and all 1 are all "every hour". */
export function canonicalDayparting(grid: string | null | undefined): string {
  if (!grid?.includes('1') || !grid.includes('0')) return ALL_HOURS;
  return grid;
}

/** "HH:MM" of a half-hour slot's start (48 is the end of the day, "24:00"). */
export function slotTime(slot: number): string {
  return `${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 === 0 ? '00' : '30'}`;
}

/** The half-hour runs (start slot, end slot exclusive) a day delivers in. */
function dayRuns(day: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let slot = 0; slot <= day.length; slot++) {
    const on = day[slot] === '1';
    if (on && start === -1) start = slot;
    if (!on && start !== -1) {
      runs.push([start, slot]);
      start = -1;
    }
  }
  return runs;
}

/**
 * A grid in words, for a preview line: "All hours", or days with the same hours grouped,
 * as "Mon–Fri 09:00–18:00 · Sat 10:00–14:00 (49 h a week)".
 */
export function describeDayparting(grid: string): string {
  const canonical = canonicalDayparting(grid);
  if (canonical === ALL_HOURS) return 'All hours';
  const days = DAYS.map((_, d) => canonical.slice(d * SLOTS_PER_DAY, (d + 1) * SLOTS_PER_DAY));
  const parts: string[] = [];
  for (let d = 0; d < days.length; ) {
    let last = d;
    while (last + 1 < days.length && days[last + 1] === days[d]) last++;
    const hours = dayRuns(days[d] ?? '')
      .map(([from, to]) => `${slotTime(from)}–${slotTime(to)}`)
      .join(', ');
    if (hours) parts.push(`${DAYS[d]}${last > d ? `–${DAYS[last]}` : ''} ${hours}`);
    d = last + 1;
  }
  const halfHours = [...canonical].filter((c) => c === '1').length;
  return `${parts.join(' · ')} (${halfHours / 2} h a week)`;
}
