import type { PlanRow, ScheduleChange } from '../contract/bulk-edits';
import { formatAmount } from '../lib/currency';
import {
  addDays,
  isIsoDate,
  utcDateTime,
  zonedDateTime,
  zonedParts,
  zonedTimeToInstant,
} from '../lib/time-zone';
import type { EntitySnapshot } from './entity-snapshots';
import type { PlanContext, RowTarget } from './planner';
import { checkBudgetRules, isLifetimeBudget } from './tiktok-rules';

/**
 * Ad groups' new end times, and TikTok's rules for them (shared/reference §5): after the
 * start, after now, before 2038-01-01; a lifetime budget still at TikTok's minimum per
 * scheduled day. Times cross as TikTok's UTC "YYYY-MM-DD HH:MM:SS".
 */

const DAY_MS = 86_400_000;
const LATEST_END = Date.UTC(2038, 0, 1);

export function parseTikTokTime(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}Z`);
}

/**
 * The new end as TikTok takes it, or null when the typed date does not exist. A shift moves
 * the local date by whole days and keeps the local time, so that an end at 23:59 stays at
 * 23:59 across a daylight-saving change.
 */
export function newEndTime(
  change: ScheduleChange,
  currentEnd: string,
  timeZone: string,
): string | null {
  if (change.type === 'set_end') {
    const [date = '', time = ''] = change.endTime.split(' ');
    const [hour, minute] = time.split(':').map(Number);
    if (!isIsoDate(date) || hour === undefined || minute === undefined) return null;
    if (hour > 23 || minute > 59) return null;
    return utcDateTime(zonedTimeToInstant(date, timeZone, hour, minute));
  }
  const local = zonedParts(parseTikTokTime(currentEnd), timeZone);
  const date = addDays(
    zonedDateTime(parseTikTokTime(currentEnd), timeZone).slice(0, 10),
    change.days,
  );
  return utcDateTime(zonedTimeToInstant(date, timeZone, local.hour, local.minute, local.second));
}

type RowBase = Pick<PlanRow, 'entityId' | 'name' | 'field' | 'budgetMode' | 'before'>;

function blocked(
  row: RowBase & { after: string | null },
  code: PlanRow['reasonCode'],
  reason: string,
): PlanRow {
  return { ...row, changePercent: null, verdict: 'blocked', reasonCode: code, reason };
}

export function planScheduleEnd(
  base: RowBase,
  target: RowTarget,
  entity: EntitySnapshot,
  context: Pick<PlanContext, 'now' | 'currency' | 'timezone' | 'level'>,
): PlanRow {
  const row = { ...base, before: entity.scheduleEndTime, after: null };
  if (context.level !== 'adgroup')
    return blocked(row, 'not_supported', 'Only ad groups have a schedule.');
  if (
    entity.scheduleType !== 'SCHEDULE_START_END' ||
    !entity.scheduleEndTime ||
    !entity.scheduleStartTime
  ) {
    return blocked(
      row,
      'no_end_time',
      'Runs continuously from its start: there is no end time to change (set one in Ads Manager).',
    );
  }
  let after: string | null;
  if (target.kind === 'fixed') {
    if (typeof target.value !== 'string') throw new Error('An end-time target needs a string.');
    after = target.value;
  } else {
    if (target.operation.kind !== 'schedule') throw new Error('Not a schedule operation.');
    after = newEndTime(target.operation.change, entity.scheduleEndTime, context.timezone);
  }
  if (after === null) return blocked(row, 'end_before_start', 'That date and time does not exist.');
  const withAfter = { ...row, after };
  if (after === entity.scheduleEndTime) {
    return {
      ...withAfter,
      changePercent: null,
      verdict: 'unchanged',
      reasonCode: null,
      reason: 'Already ends then.',
    };
  }
  const end = parseTikTokTime(after);
  const start = parseTikTokTime(entity.scheduleStartTime);
  const local = (instant: number) =>
    `${zonedDateTime(instant, context.timezone).slice(0, 16)} (${context.timezone})`;
  if (end <= start) {
    return blocked(withAfter, 'end_before_start', `Would end before it starts (${local(start)}).`);
  }
  if (end <= context.now) return blocked(withAfter, 'end_in_past', 'The new end is in the past.');
  if (end > LATEST_END) {
    return blocked(withAfter, 'end_too_late', 'TikTok takes end times before 2038-01-01 only.');
  }
  if (isLifetimeBudget(entity.budgetMode) && entity.budget !== null) {
    const scheduledDays = Math.max(1, Math.ceil((end - start) / DAY_MS));
    // The budget does not change, so only the minimum per scheduled day can newly fail.
    const problem = checkBudgetRules({
      level: 'adgroup',
      entity: { ...entity, scheduledDays },
      budget: entity.budget,
      currency: context.currency,
      spendSoFar: 0,
    });
    if (problem) {
      return blocked(
        withAfter,
        problem.code,
        `Its lifetime budget of ${formatAmount(entity.budget, context.currency)} is too small for ${scheduledDays} scheduled days: ${problem.message}`,
      );
    }
  }
  return { ...withAfter, changePercent: null, verdict: 'ok', reasonCode: null, reason: null };
}
