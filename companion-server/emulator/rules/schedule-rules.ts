import type { AdGroup } from '../state/model';
import { checkBudget } from './budget-rules';

/**
 * TikTok's rules for a new schedule on adgroup/update/ (shared/reference §5 and the SDK's
 * note on schedule_start_time: a start in the past is frozen, a new start at most 12 hours
 * back and before 2028-01-01, the end before 2038-01-01): end after the start and now, and a
 * lifetime budget still at TikTok's minimum per scheduled day. And its dayparting grid.
 * Each returns TikTok's message, or null.
 */

const DAY_MS = 86_400_000;
const LATEST_END = Date.UTC(2038, 0, 1);
const LATEST_START = Date.UTC(2028, 0, 1);
const START_SLACK_MS = 12 * 3_600_000;

export function scheduleEndProblem(input: {
  adGroup: Pick<
    AdGroup,
    'schedule_type' | 'schedule_start_time' | 'budget_mode' | 'product_source'
  >;
  /** The budget in force now. */
  budget: number;
  end: number;
  now: number;
  currency: string;
}): string | null {
  const { adGroup, end, now } = input;
  if (adGroup.schedule_type === 'SCHEDULE_FROM_NOW') {
    return 'schedule_end_time: The ad group runs continuously from its start (SCHEDULE_FROM_NOW): it has no end time to change.';
  }
  if (Number.isNaN(end) || end <= adGroup.schedule_start_time) {
    return 'schedule_end_time: The end time must be after the start time.';
  }
  if (end <= now) return 'schedule_end_time: The end time must be later than the current time.';
  if (end > LATEST_END) return 'schedule_end_time: The end time must be before 2038-01-01.';
  return lifetimeMinimumProblem(
    adGroup,
    input.budget,
    adGroup.schedule_start_time,
    end,
    input.currency,
  );
}

/**
 * Only the minimum per scheduled day can newly fail when the schedule moves: the budget
 * itself does not change, so the spend it already had to stay above is not at stake.
 */
function lifetimeMinimumProblem(
  adGroup: Pick<AdGroup, 'budget_mode' | 'product_source'>,
  budget: number,
  start: number,
  end: number,
  currency: string,
): string | null {
  if (adGroup.budget_mode !== 'BUDGET_MODE_TOTAL') return null;
  return checkBudget({
    level: 'adgroup',
    mode: adGroup.budget_mode,
    budget,
    currency,
    spendSoFar: 0,
    productSource: adGroup.product_source,
    scheduledDays: Math.max(1, Math.ceil((end - start) / DAY_MS)),
  });
}

export function scheduleStartProblem(input: {
  adGroup: Pick<
    AdGroup,
    'schedule_type' | 'schedule_start_time' | 'schedule_end_time' | 'budget_mode' | 'product_source'
  >;
  budget: number;
  start: number;
  /** The end the ad group will have: a new one sent in the same call, or its own. */
  end: number;
  now: number;
  currency: string;
}): string | null {
  const { adGroup, start, now } = input;
  if (adGroup.schedule_start_time <= now) {
    return 'schedule_start_time: The start time cannot be changed once the ad group has started.';
  }
  if (Number.isNaN(start)) return 'schedule_start_time: Not a valid time.';
  if (start < now - START_SLACK_MS) {
    return 'schedule_start_time: The start time cannot be more than 12 hours in the past.';
  }
  if (start > LATEST_START) return 'schedule_start_time: The start time must be before 2028-01-01.';
  if (adGroup.schedule_type === 'SCHEDULE_FROM_NOW') return null;
  if (start >= input.end) return 'schedule_start_time: The start time must be before the end time.';
  return lifetimeMinimumProblem(adGroup, input.budget, start, input.end, input.currency);
}

/** 336 characters of 0 and 1: 48 half hours a day, Monday first (the SDK's `dayparting`). */
export function daypartingProblem(grid: string): string | null {
  if (!/^[01]{336}$/.test(grid)) {
    return 'dayparting: The dayparting must be 336 characters of 0 and 1 (48 half hours × 7 days, Monday first).';
  }
  return null;
}
