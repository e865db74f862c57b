import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import type { Preferences } from '../lib/preferences';

/**
 * The range used when the page's URL names none: the staff member's default, counted in
 * the ad account's time zone (its days, not the browser's). Ranges of several days end
 * yesterday, so that they hold complete days only; "today" is explicitly incomplete.
 */
export function defaultRange(
  preference: Preferences['defaultDateRange'],
  timeZone: string,
  now: number = Date.now(),
): { start: string; end: string } {
  const today = zonedDate(now, timeZone);
  const yesterday = addDays(today, -1);
  switch (preference) {
    case 'today':
      return { start: today, end: today };
    case 'yesterday':
      return { start: yesterday, end: yesterday };
    case 'last_7_days':
      return { start: addDays(today, -7), end: yesterday };
    case 'last_14_days':
      return { start: addDays(today, -14), end: yesterday };
    case 'last_30_days':
      return { start: addDays(today, -30), end: yesterday };
  }
}
