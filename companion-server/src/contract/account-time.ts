import { zonedDateTime, zonedTimeToInstant } from '../lib/time-zone';

/**
 * Dates and times as a buyer reads them: in the ad account's time zone (the one its days,
 * budgets and schedules follow), never the browser's or UTC, and always with the zone's name
 * beside them, since the buyer's own clock may be in another zone. "YYYY-MM-DD HH:MM" is the
 * form the buyer types times in, and TikTok's own.
 */

const zoneNames = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at that instant, as en-US writes it: "PDT", "PST", "GMT+9", "UTC". */
export function zoneLabel(instant: number, timeZone: string): string {
  let format = zoneNames.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' });
    zoneNames.set(timeZone, format);
  }
  return (
    format.formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value ??
    timeZone
  );
}

/** The zone when it is one Intl knows; UTC otherwise, which its label then says. */
function knownZone(timeZone: string): string {
  try {
    zoneLabel(0, timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function toInstant(when: number | string): number {
  return typeof when === 'number' ? when : Date.parse(when);
}

/** "2026-06-01 09:00 PDT": an instant (epoch ms or ISO text) in the account's time zone. */
export function formatAccountDateTime(when: number | string, timeZone: string): string {
  const instant = toInstant(when);
  if (Number.isNaN(instant)) return String(when);
  const zone = knownZone(timeZone);
  return `${zonedDateTime(instant, zone).slice(0, 16)} ${zoneLabel(instant, zone)}`;
}

/** "09:00 PDT": the time of day only, for a moment within the next hours (a preview's expiry). */
export function formatAccountClock(when: number | string, timeZone: string): string {
  const instant = toInstant(when);
  if (Number.isNaN(instant)) return String(when);
  const zone = knownZone(timeZone);
  return `${zonedDateTime(instant, zone).slice(11, 16)} ${zoneLabel(instant, zone)}`;
}

const TIKTOK_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A time as TikTok gives it ("YYYY-MM-DD HH:MM:SS", always UTC) in the account's time zone:
 * "2026-06-01 09:00 PDT" for 16:00 UTC. Text that is no such time is shown as it is.
 */
export function formatTikTokTime(utcText: string, timeZone: string): string {
  const match = TIKTOK_TIME.exec(utcText.trim());
  if (!match) return utcText;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  return formatAccountDateTime(
    Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0),
    timeZone,
  );
}

/**
 * A wall-clock time in the account's zone as typed ("YYYY-MM-DD HH:MM"), labelled with the
 * zone's name at that date: "2026-12-01 09:00 PST".
 */
export function labelAccountWallTime(local: string, timeZone: string): string {
  const match = TIKTOK_TIME.exec(local.trim());
  if (!match) return local;
  const zone = knownZone(timeZone);
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  let instant: number;
  try {
    instant = zonedTimeToInstant(date, zone, Number(match[4]), Number(match[5]));
  } catch {
    // Not a calendar date (2026-02-30): shown as typed, for the planner to refuse.
    return local;
  }
  return `${date} ${match[4]}:${match[5]} ${zoneLabel(instant, zone)}`;
}
