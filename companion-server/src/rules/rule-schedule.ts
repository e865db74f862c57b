import type { RuleSchedule } from '../contract/rules';
import {
  addDays,
  type IsoDate,
  parseIsoDate,
  startOfZonedDay,
  zonedDate,
  zonedDateTime,
  zoneOffsetMs,
} from '../lib/time-zone';

/**
 * When a rule runs. A schedule names slots, instants on the account's local clock: every N
 * minutes from local midnight (00:00, 00:15, …; an N that does not divide the day starts
 * again at the next midnight), every full hour, or once a day at HH:MM. A slot counts only
 * on the chosen weekdays and within the chosen hours, both read on that local clock.
 *
 * Daylight saving:
 * - A local time that does not exist (02:00–02:59 when clocks spring forward) runs at the
 *   end of the gap (03:00), once: slots that fall on the same instant are one slot.
 * - A local time that occurs twice (01:00–01:59 when clocks fall back) runs at its first
 *   occurrence only. Slots are identified by their local time ("2026-11-01T01:15"), so a
 *   second run would repeat the first's key; the repeated hour has no slots of its own.
 * - The hours filter reads the slot's nominal time: 02:30 on a spring-forward day is in
 *   hour 2 even though it runs at 03:00.
 *
 * The scheduler asks for every rule on every tick, so slots are computed day by day from
 * the day's UTC offsets (a few Intl lookups per day, cached) rather than minute by minute:
 * a dueSlot call takes tens of microseconds.
 */

export interface Slot {
  /** The local time it is for, "YYYY-MM-DDTHH:MM": what a run records as its slot. */
  key: string;
  /** The instant it falls on (epoch ms). */
  at: number;
}

/** How far back or ahead to look: a weekly schedule always has a slot within 8 days. */
const SEARCH_DAYS = 8;
const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 1_440;
const SLOT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** "2026-03-08T03:00": the local wall time of an instant, to the minute. */
export function slotKey(instant: number, timeZone: string): string {
  return zonedDateTime(instant, timeZone).slice(0, 16).replace(' ', 'T');
}

/** The minutes after local midnight at which the schedule runs on a day it may run. */
export function timesOfDay(schedule: Pick<RuleSchedule, 'every' | 'hours'>): number[] {
  const { every, hours } = schedule;
  let times: number[];
  if (every.kind === 'daily') {
    const [hour, minute] = every.at.split(':').map(Number);
    times = [(hour ?? 0) * 60 + (minute ?? 0)];
  } else {
    const step = every.kind === 'hourly' ? 60 : every.minutes;
    times = [];
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += step) times.push(minute);
  }
  if (!hours) return times;
  return times.filter((minute) => {
    const hour = Math.floor(minute / 60);
    return hour >= hours.from && hour < hours.to;
  });
}

/** The latest slot at or before `now`, or null when there is none in the last 8 days. */
export function latestSlot(schedule: RuleSchedule, timeZone: string, now: number): Slot | null {
  const today = zonedDate(now, timeZone);
  for (let back = 0; back <= SEARCH_DAYS; back++) {
    const instants = slotInstants(schedule, timeZone, addDays(today, -back));
    for (let i = instants.length - 1; i >= 0; i--) {
      const at = instants[i];
      if (at !== undefined && at <= now) return { key: slotKey(at, timeZone), at };
    }
  }
  return null;
}

/** The first slot strictly after `after`, or null when there is none in the next 8 days. */
export function nextSlot(schedule: RuleSchedule, timeZone: string, after: number): Slot | null {
  const first = zonedDate(after, timeZone);
  for (let ahead = 0; ahead <= SEARCH_DAYS; ahead++) {
    const at = slotInstants(schedule, timeZone, addDays(first, ahead)).find((t) => t > after);
    if (at !== undefined) return { key: slotKey(at, timeZone), at };
  }
  return null;
}

/**
 * The slot a rule should run for now, or null. It is due when the latest slot is newer than
 * the slot of its last scheduled run and not before `createdAt` (when the rule was created or
 * last enabled: a rule does not run for a slot that passed before it existed). After a gap
 * (the server was down) only the latest slot runs, once, marked `catchUp` when at least one
 * slot since the last run was skipped.
 *
 * `lastRunSlotKey` is the key of the last run for a slot (scheduled or catch-up), never a
 * manual run's "manual": that would not say which slots have run, and is refused.
 */
export function dueSlot(
  schedule: RuleSchedule,
  timeZone: string,
  lastRunSlotKey: string | null,
  now: number,
  createdAt: number,
): (Slot & { catchUp: boolean }) | null {
  if (lastRunSlotKey !== null && !SLOT_KEY.test(lastRunSlotKey)) {
    throw new RangeError(`Not a schedule slot (YYYY-MM-DDTHH:MM): ${lastRunSlotKey}`);
  }
  const latest = latestSlot(schedule, timeZone, now);
  if (!latest || latest.at < createdAt) return null;
  // Keys are local times of one zone with no repeated hour (see above): they sort as instants.
  if (lastRunSlotKey !== null && latest.key <= lastRunSlotKey) return null;
  const previous = latestSlot(schedule, timeZone, latest.at - 1);
  const catchUp =
    previous !== null &&
    previous.at >= createdAt &&
    (lastRunSlotKey === null || previous.key > lastRunSlotKey);
  return { ...latest, catchUp };
}

/** The instants of a day's slots, ascending, without duplicates (see the DST notes above). */
function slotInstants(schedule: RuleSchedule, timeZone: string, date: IsoDate): number[] {
  const clock = dayClock(date, timeZone);
  if (schedule.days && !schedule.days.includes(clock.weekday)) return [];
  const instants: number[] = [];
  for (const minute of timesOfDay(schedule)) {
    const at = instantOf(clock, minute);
    if (instants[instants.length - 1] !== at) instants.push(at);
  }
  return instants;
}

/**
 * A local day's relation to UTC: its offset, and where it changes if it does (a DST day).
 * A day with two changes does not occur in the time zone database's present rules.
 */
interface DayClock {
  weekday: number;
  /** The day's 00:00 read as if it were UTC: local wall times are offsets from it. */
  wallMidnight: number;
  /** The offset in force as the day begins (just before its first instant, so that a gap at midnight counts). */
  before: number;
  /** The offset in force as the day ends. */
  after: number;
  /** The first instant with the `after` offset; null when the offset does not change. */
  change: number | null;
}

function instantOf(clock: DayClock, minute: number): number {
  const wall = clock.wallMidnight + minute * MINUTE_MS;
  if (clock.change === null) return wall - clock.before;
  const early = wall - clock.before;
  if (early < clock.change) return early;
  // After the change, or in a spring-forward gap where neither offset gives this wall time:
  // then the next instant that exists is the change itself.
  return Math.max(wall - clock.after, clock.change);
}

const clocks = new Map<string, DayClock>();
/** Zones × days a scheduler touches in a while; cleared whole when full, rebuilt on demand. */
const MAX_CLOCKS = 1_024;

function dayClock(date: IsoDate, timeZone: string): DayClock {
  const cacheKey = `${timeZone}|${date}`;
  const cached = clocks.get(cacheKey);
  if (cached) return cached;
  const parsed = parseIsoDate(date);
  if (!parsed) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const wallMidnight = Date.UTC(parsed.year, parsed.month - 1, parsed.day);
  const start = startOfZonedDay(date, timeZone);
  const end = startOfZonedDay(addDays(date, 1), timeZone);
  const before = zoneOffsetMs(start - 1_000, timeZone);
  const after = zoneOffsetMs(end - 1_000, timeZone);
  let change: number | null = null;
  if (before !== after) {
    // Bisect to the second, as startOfZonedDay does: offsets change on whole seconds.
    let low = start - 1_000;
    let high = end - 1_000;
    while (high - low > 1_000) {
      const middle = low + Math.floor((high - low) / 2_000) * 1_000;
      if (zoneOffsetMs(middle, timeZone) === before) low = middle;
      else high = middle;
    }
    change = high;
  }
  const clock = {
    weekday: new Date(wallMidnight).getUTCDay(),
    wallMidnight,
    before,
    after,
    change,
  };
  if (clocks.size >= MAX_CLOCKS) clocks.clear();
  clocks.set(cacheKey, clock);
  return clock;
}
