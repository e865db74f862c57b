import type { PlanRow, ScheduleChange } from '../contract/bulk-edits';
import { formatMoney } from '../contract/currency';
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
 * Ad groups' new end and start times, and TikTok's rules for them (shared/reference §5):
 * an end after the start, after now, before 2038-01-01; a start that has not passed yet
 * (TikTok freezes one that has), moved to no earlier than now and before 2028-01-01, before
 * the end; and a lifetime budget still at TikTok's minimum per scheduled day for the new
 * length. Times cross as TikTok's UTC "YYYY-MM-DD HH:MM:SS".
 */

const DAY_MS = 86_400_000;
const LATEST_END = Date.UTC(2038, 0, 1);
const LATEST_START = Date.UTC(2028, 0, 1);

export function parseTikTokTime(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}Z`);
}

/** Whether a schedule change moves the start (the rest move the end). */
export function movesStart(change: ScheduleChange): boolean {
  return change.type === 'shift_start' || change.type === 'set_start';
}

/**
 * The new end (or start) as TikTok takes it, or null when the typed date does not exist. A
 * shift moves the local date by whole days and keeps the local time, so that an end at 23:59
 * stays at 23:59 across a daylight-saving change.
 */
export function newScheduleTime(
  change: ScheduleChange,
  current: string,
  timeZone: string,
): string | null {
  if (change.type === 'set_end' || change.type === 'set_start') {
    const typed = change.type === 'set_end' ? change.endTime : change.startTime;
    const [date = '', time = ''] = typed.split(' ');
    const [hour, minute] = time.split(':').map(Number);
    if (!isIsoDate(date) || hour === undefined || minute === undefined) return null;
    if (hour > 23 || minute > 59) return null;
    return utcDateTime(zonedTimeToInstant(date, timeZone, hour, minute));
  }
  const local = zonedParts(parseTikTokTime(current), timeZone);
  const date = addDays(zonedDateTime(parseTikTokTime(current), timeZone).slice(0, 10), change.days);
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
    after = newScheduleTime(target.operation.change, entity.scheduleEndTime, context.timezone);
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
  const budgetProblem = lifetimeBudgetProblem(entity, start, end, context.currency);
  if (budgetProblem) return blocked(withAfter, budgetProblem.code, budgetProblem.message);
  return { ...withAfter, changePercent: null, verdict: 'ok', reasonCode: null, reason: null };
}

/**
 * A lifetime budget against TikTok's minimum per scheduled day for a new length. The budget
 * does not change, so only that minimum can newly fail, not the spend it already covers.
 */
function lifetimeBudgetProblem(
  entity: EntitySnapshot,
  start: number,
  end: number,
  currency: string,
): { code: PlanRow['reasonCode']; message: string } | null {
  if (!isLifetimeBudget(entity.budgetMode) || entity.budget === null) return null;
  const scheduledDays = Math.max(1, Math.ceil((end - start) / DAY_MS));
  const problem = checkBudgetRules({
    level: 'adgroup',
    entity: { ...entity, scheduledDays },
    budget: entity.budget,
    currency,
    spendSoFar: 0,
  });
  if (!problem) return null;
  return {
    code: problem.code,
    message: `Its lifetime budget of ${formatMoney(entity.budget, currency)} is too small for ${scheduledDays} scheduled days: ${problem.message}`,
  };
}

/** The new start of an ad group, where TikTok lets it move. */
export function planScheduleStart(
  base: RowBase,
  target: RowTarget,
  entity: EntitySnapshot,
  context: Pick<PlanContext, 'now' | 'currency' | 'timezone' | 'level'>,
): PlanRow {
  const row = { ...base, before: entity.scheduleStartTime, after: null };
  if (context.level !== 'adgroup')
    return blocked(row, 'not_supported', 'Only ad groups have a schedule.');
  if (!entity.scheduleStartTime) {
    return blocked(row, 'not_supported', 'TikTok gave no start time for this ad group.');
  }
  const local = (instant: number) =>
    `${zonedDateTime(instant, context.timezone).slice(0, 16)} (${context.timezone})`;
  const start = parseTikTokTime(entity.scheduleStartTime);
  if (start <= context.now) {
    return blocked(
      row,
      'start_frozen',
      `Started ${local(start)}: TikTok does not move the start of an ad group that has started.`,
    );
  }
  let after: string | null;
  if (target.kind === 'fixed') {
    if (typeof target.value !== 'string') throw new Error('A start-time target needs a string.');
    after = target.value;
  } else {
    if (target.operation.kind !== 'schedule') throw new Error('Not a schedule operation.');
    after = newScheduleTime(target.operation.change, entity.scheduleStartTime, context.timezone);
  }
  if (after === null) return blocked(row, 'start_in_past', 'That date and time does not exist.');
  const withAfter = { ...row, after };
  if (after === entity.scheduleStartTime) {
    return {
      ...withAfter,
      changePercent: null,
      verdict: 'unchanged',
      reasonCode: null,
      reason: 'Already starts then.',
    };
  }
  const newStart = parseTikTokTime(after);
  // TikTok takes a start up to 12 hours back; the planner does not count on that slack.
  if (newStart <= context.now) {
    return blocked(withAfter, 'start_in_past', 'The new start is in the past: choose a later one.');
  }
  if (newStart > LATEST_START) {
    return blocked(withAfter, 'start_too_late', 'TikTok takes start times before 2028-01-01 only.');
  }
  if (entity.scheduleType === 'SCHEDULE_START_END' && entity.scheduleEndTime) {
    const end = parseTikTokTime(entity.scheduleEndTime);
    if (newStart >= end) {
      return blocked(withAfter, 'end_before_start', `Would start after it ends (${local(end)}).`);
    }
    const budgetProblem = lifetimeBudgetProblem(entity, newStart, end, context.currency);
    if (budgetProblem) return blocked(withAfter, budgetProblem.code, budgetProblem.message);
  }
  return { ...withAfter, changePercent: null, verdict: 'ok', reasonCode: null, reason: null };
}
