import { formatAccountDateTime } from '../contract/account-time';
import type { RuleSchedule } from '../contract/rules';
import type { ScheduledChange, ScheduledWhen } from '../contract/scheduled-changes';
import { type IsoDate, startOfZonedDay } from '../lib/time-zone';
import { dueSlot, nextSlot, type Slot } from '../rules/rule-schedule';

/**
 * When a scheduled change fires and when it is put back, on the ad account's clock. The slots
 * are rule-schedule.ts's, daylight saving included: a time in the spring-forward gap falls at
 * the end of the gap, a time that occurs twice (fall back) at its first occurrence, and a slot
 * is named by its local time ("2026-12-07T18:00").
 *
 * Late firings. The server may have been down at a slot, or an admin may have switched rules
 * and scheduled changes off. The latest slot missed then fires once when it can, not once per
 * missed slot, unless it is more than MAX_LATE_MS late or its put-back time has passed too:
 * then it is recorded as missed, with the reason, and not done. A buyer's "at 18:00 set $50"
 * is wrong the next morning, and a change put back at once is two changes for nothing. The
 * same holds for weekly firings: the next chosen weekday's slot comes anyway.
 *
 * Arming. A change fires only for slots at or after its last save (`updatedAt`): saving it
 * arms it, so switching a change back on in the afternoon does not fire the morning's slot.
 */

/** The latest a firing may start: six hours after its time. */
export const MAX_LATE_MS = 6 * 3_600_000;
/**
 * A firing starting later than this after its time is a catch-up: the scheduler ticks every
 * 30 seconds, so more means the server was down or the admins' switch was off.
 */
export const CATCH_UP_AFTER_MS = 5 * 60_000;

type Timing = Pick<ScheduledChange, 'when' | 'revert' | 'updatedAt'>;

export interface DueFiring {
  slot: Slot;
  trigger: 'schedule' | 'catch_up';
  /** When its changes are put back (epoch ms); null: never. */
  revertAt: number | null;
  /** Why it is too late to fire; null: fire it. */
  missed: string | null;
}

/** The slot of a local date and time, by rule-schedule.ts's rules (a daily slot on that weekday). */
export function localSlot(date: IsoDate, time: string, timeZone: string): Slot {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const schedule: RuleSchedule = {
    every: { kind: 'daily', at: time },
    days: [weekday],
    hours: null,
  };
  const slot = nextSlot(schedule, timeZone, startOfZonedDay(date, timeZone) - 1);
  if (!slot) throw new RangeError(`No slot for ${date} ${time} in ${timeZone}.`);
  return slot;
}

/** A one-off's "YYYY-MM-DD HH:MM". */
function slotOfLocal(local: string, timeZone: string): Slot {
  return localSlot(local.slice(0, 10), local.slice(11, 16), timeZone);
}

function weeklySchedule(when: Extract<ScheduledWhen, { kind: 'weekly' }>): RuleSchedule {
  return { every: { kind: 'daily', at: when.at }, days: when.days, hours: null };
}

/** The one-off's slot (a weekly change has one per chosen day: see dueFiring, nextFiring). */
export function onceSlot(change: Pick<ScheduledChange, 'when'>, timeZone: string): Slot | null {
  return change.when.kind === 'once' ? slotOfLocal(change.when.at, timeZone) : null;
}

/** When a firing for `slotKey` is put back (epoch ms), or null when the change has no revert. */
export function revertInstant(
  change: Pick<ScheduledChange, 'revert'>,
  slotKey: string,
  timeZone: string,
): number | null {
  const { revert } = change;
  if (!revert) return null;
  if (revert.kind === 'once') return slotOfLocal(revert.at, timeZone).at;
  return localSlot(slotKey.slice(0, 10), revert.at, timeZone).at;
}

/**
 * The firing due now, if any. `lastSlot` is the slot of the change's newest firing (fired,
 * failed or missed alike): a slot is recorded once and never considered again.
 */
export function dueFiring(
  change: Timing,
  timeZone: string,
  lastSlot: string | null,
  now: number,
): DueFiring | null {
  const armedAt = Date.parse(change.updatedAt);
  let slot: Slot | null;
  if (change.when.kind === 'once') {
    const once = slotOfLocal(change.when.at, timeZone);
    slot = once.at <= now && once.at >= armedAt && once.key !== lastSlot ? once : null;
  } else {
    slot = dueSlot(weeklySchedule(change.when), timeZone, lastSlot, now, armedAt);
  }
  if (!slot) return null;
  const late = now - slot.at;
  const revertAt = revertInstant(change, slot.key, timeZone);
  const time = formatAccountDateTime(slot.at, timeZone);
  let missed: string | null = null;
  if (late > MAX_LATE_MS) {
    missed = `Not done: its time (${time}) passed ${hoursText(late)} ago, while the server was down or scheduled changes were switched off, and a change more than ${hoursText(MAX_LATE_MS)} late is not made.`;
  } else if (revertAt !== null && revertAt <= now) {
    missed = `Not done: its time (${time}) passed while the server was down or scheduled changes were switched off, and so did its put-back time (${formatAccountDateTime(revertAt, timeZone)}).`;
  }
  return {
    slot: { key: slot.key, at: slot.at },
    trigger: late > CATCH_UP_AFTER_MS ? 'catch_up' : 'schedule',
    revertAt,
    missed,
  };
}

/**
 * The next firing to expect: a slot due now but not yet fired, or the next one. Null when
 * the change is switched off, or a one-off that fired (or can no longer fire).
 */
export function nextFiring(
  change: Timing & Pick<ScheduledChange, 'enabled'>,
  timeZone: string,
  lastSlot: string | null,
  now: number,
): Slot | null {
  if (!change.enabled) return null;
  const due = dueFiring(change, timeZone, lastSlot, now);
  if (due && !due.missed) return due.slot;
  if (change.when.kind === 'weekly') return nextSlot(weeklySchedule(change.when), timeZone, now);
  if (due) return null;
  const once = slotOfLocal(change.when.at, timeZone);
  return once.at > now && once.at >= Date.parse(change.updatedAt) ? once : null;
}

/** "6.5 h", "13 h": to a tenth of an hour. */
function hoursText(ms: number): string {
  return `${Math.round(ms / 360_000) / 10} h`;
}
