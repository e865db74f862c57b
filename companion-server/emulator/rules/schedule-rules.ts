import type { AdGroup } from '../state/model';
import { checkBudget } from './budget-rules';

/**
 * TikTok's rules for a new end time on adgroup/update/ (shared/reference §5: a start in the
 * past is frozen, the end before 2038-01-01): after the start, after now, and a lifetime
 * budget still at TikTok's minimum per scheduled day. Returns TikTok's message, or null.
 */

const DAY_MS = 86_400_000;
const LATEST_END = Date.UTC(2038, 0, 1);

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
  if (adGroup.budget_mode !== 'BUDGET_MODE_TOTAL') return null;
  // Only the minimum per scheduled day can newly fail: the budget itself does not change,
  // so the spend it already had to stay above is not at stake.
  return checkBudget({
    level: 'adgroup',
    mode: adGroup.budget_mode,
    budget: input.budget,
    currency: input.currency,
    spendSoFar: 0,
    productSource: adGroup.product_source,
    scheduledDays: Math.max(1, Math.ceil((end - adGroup.schedule_start_time) / DAY_MS)),
  });
}
