/**
 * Calendar arithmetic in an IANA time zone, without a date library.
 *
 * Ad accounts report by day in their own time zone, so "today", "yesterday" and the
 * boundaries of a day must be computed in that zone, never in the machine's.
 * Dates are plain `YYYY-MM-DD` strings; instants are epoch milliseconds.
 */

export type IsoDate = string;

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function zonedParts(instant: number, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

export function zonedDate(instant: number, timeZone: string): IsoDate {
  const p = zonedParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** `YYYY-MM-DD HH:MM:SS` in the zone, the format TikTok uses for report time dimensions. */
export function zonedDateTime(instant: number, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the format of TikTok's create/modify/schedule times. */
export function utcDateTime(instant: number): string {
  return zonedDateTime(instant, 'UTC');
}

export function parseIsoDate(date: string): { year: number; month: number; day: number } | null {
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return null;
  }
  return { year, month, day };
}

export function isIsoDate(date: string): boolean {
  return parseIsoDate(date) !== null;
}

function requireDate(date: IsoDate): { year: number; month: number; day: number } {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return parsed;
}

/** The instant a local wall-clock time occurs in the zone (the earlier one when ambiguous). */
export function zonedTimeToInstant(
  date: IsoDate,
  timeZone: string,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const { year, month, day } = requireDate(date);
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Two passes settle the offset even when the guess lands on the other side of a DST change.
  let instant = wallAsUtc - zoneOffsetMs(wallAsUtc, timeZone);
  instant = wallAsUtc - zoneOffsetMs(instant, timeZone);
  const earlier = wallAsUtc - zoneOffsetMs(instant - 3_600_000, timeZone);
  if (earlier < instant && zonedDateTime(earlier, timeZone) === zonedDateTime(instant, timeZone)) {
    return earlier;
  }
  return instant;
}

/**
 * First instant of a calendar day in the zone. Where daylight saving starts at midnight
 * (e.g. America/Santiago, America/Havana) 00:00 does not exist and the day begins at the
 * end of the gap, found here by bisection to the second.
 */
export function startOfZonedDay(date: IsoDate, timeZone: string): number {
  const midnight = zonedTimeToInstant(date, timeZone);
  if (zonedDate(midnight, timeZone) === date) return midnight;
  let before = midnight;
  let after = midnight + 4 * 3_600_000;
  while (after - before > 1_000) {
    const middle = before + Math.floor((after - before) / 2_000) * 1_000;
    if (zonedDate(middle, timeZone) === date) after = middle;
    else before = middle;
  }
  return after;
}

/** First instant after a calendar day in the zone (the next day's start). */
export function endOfZonedDay(date: IsoDate, timeZone: string): number {
  return startOfZonedDay(addDays(date, 1), timeZone);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = requireDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** Number of calendar days from `start` to `end` counting both ends (1 when equal). */
export function inclusiveDayCount(start: IsoDate, end: IsoDate): number {
  const a = requireDate(start);
  const b = requireDate(end);
  return (
    Math.round(
      (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS,
    ) + 1
  );
}

/** Every date from `start` to `end`, inclusive; empty when `end` is before `start`. */
export function eachDate(start: IsoDate, end: IsoDate): IsoDate[] {
  const count = inclusiveDayCount(start, end);
  const dates: IsoDate[] = [];
  for (let i = 0; i < count; i += 1) dates.push(addDays(start, i));
  return dates;
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
