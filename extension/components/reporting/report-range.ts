import { MAX_REPORT_DAYS } from '../../../companion-server/src/contract/reporting';
import {
  addDays,
  compareDates,
  inclusiveDayCount,
  isIsoDate,
  zonedDate,
} from '../../../companion-server/src/lib/time-zone';

/**
 * Date ranges of the dashboard. Dates are calendar days in each ad account's own time zone;
 * when the selected accounts live in several zones, "today" is the earliest of their todays,
 * so that "the last 7 days" holds only days that are over in every one of them.
 */

export interface ReportRange {
  start: string;
  end: string;
}

export type QuickRange = 'last_7_days' | 'last_14_days' | 'last_30_days' | 'this_month';

export const QUICK_RANGES: Array<{ id: QuickRange; label: string }> = [
  { id: 'last_7_days', label: 'Last 7 days' },
  { id: 'last_14_days', label: 'Last 14 days' },
  { id: 'last_30_days', label: 'Last 30 days' },
  { id: 'this_month', label: 'This month' },
];

/** The accounts' zones, or the browser's while no account is selected. */
function zonesOrBrowser(timeZones: string[]): string[] {
  return timeZones.length > 0 ? timeZones : [Intl.DateTimeFormat().resolvedOptions().timeZone];
}

/** Today's date in each zone, earliest first. */
function todays(timeZones: string[], now: number): string[] {
  return zonesOrBrowser(timeZones)
    .map((zone) => zonedDate(now, zone))
    .sort(compareDates);
}

/** Today in the time zone furthest behind. */
export function referenceToday(timeZones: string[], now: number = Date.now()): string {
  return todays(timeZones, now)[0] ?? zonedDate(now, 'UTC');
}

/**
 * A quick pick. The "last N days" end yesterday, so they hold complete days only; "this
 * month" runs to today, whose figures are still growing.
 */
export function quickRange(
  pick: QuickRange,
  timeZones: string[],
  now: number = Date.now(),
): ReportRange {
  const today = referenceToday(timeZones, now);
  const yesterday = addDays(today, -1);
  switch (pick) {
    case 'last_7_days':
      return { start: addDays(today, -7), end: yesterday };
    case 'last_14_days':
      return { start: addDays(today, -14), end: yesterday };
    case 'last_30_days':
      return { start: addDays(today, -30), end: yesterday };
    case 'this_month':
      return { start: `${today.slice(0, 8)}01`, end: today };
  }
}

/** Why a range cannot be reported, in words a person can act on; null when it can. */
export function rangeProblem(
  range: ReportRange,
  timeZones: string[],
  now: number = Date.now(),
): string | null {
  if (!isIsoDate(range.start) || !isIsoDate(range.end)) return 'Pick both dates.';
  if (compareDates(range.start, range.end) > 0) return 'The start comes after the end.';
  const latestToday = todays(timeZones, now).at(-1) ?? zonedDate(now, 'UTC');
  if (compareDates(range.end, latestToday) > 0)
    return 'The range ends in the future: pick an end up to today.';
  if (inclusiveDayCount(range.start, range.end) > MAX_REPORT_DAYS)
    return `A report covers at most ${MAX_REPORT_DAYS} days.`;
  return null;
}

/** The range includes today somewhere among the accounts: its figures are still growing. */
export function includesToday(
  range: ReportRange,
  timeZones: string[],
  now: number = Date.now(),
): boolean {
  return compareDates(range.end, referenceToday(timeZones, now)) >= 0;
}
