/** Axis arithmetic for the hand-drawn daily chart. */

/**
 * A round top for an axis from 0 to at least `max`, in `intervals` equal steps of 1, 2, 2.5
 * or 5 times a power of ten. Both axes use the same number of steps so their grid lines meet.
 */
export function niceScale(max: number, intervals = 4): { top: number; ticks: number[] } {
  const raw = max > 0 ? max / intervals : 1 / intervals;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw - 1e-12) ?? 10) * power;
  const ticks = Array.from({ length: intervals + 1 }, (_, i) => roundOff(i * step));
  return { top: roundOff(step * intervals), ticks };
}

/** Drops binary noise (0.30000000000000004) from tick values. */
function roundOff(value: number): number {
  return Number(value.toPrecision(12));
}

/** Which days carry a date label: every k-th, from the first, at most `most` of them. */
export function labelledDays(count: number, most = 12): number[] {
  const every = Math.max(1, Math.ceil(count / most));
  return Array.from({ length: count }, (_, i) => i).filter((i) => i % every === 0);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Nov 14" for an ISO date, read as a calendar day (no time zone involved). */
export function shortDay(date: string): string {
  const [, month, day] = date.split('-').map(Number);
  return `${MONTHS[(month ?? 1) - 1]} ${day}`;
}

/** "Sat, Nov 14, 2026" for the tooltip. */
export function longDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)).getUTCDay();
  return `${WEEKDAYS[weekday]}, ${shortDay(date)}, ${year}`;
}
