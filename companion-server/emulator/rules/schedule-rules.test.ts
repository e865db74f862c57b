import { describe, expect, it } from 'vitest';
import { scheduleEndProblem } from './schedule-rules';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 21, 20);
const START = NOW - 40 * DAY_MS;

function check(end: number, overrides: Record<string, unknown> = {}, budget = 2_000) {
  return scheduleEndProblem({
    adGroup: {
      schedule_type: 'SCHEDULE_START_END',
      schedule_start_time: START,
      budget_mode: 'BUDGET_MODE_TOTAL',
      product_source: null,
      ...overrides,
    },
    budget,
    end,
    now: NOW,
    currency: 'USD',
  });
}

describe('scheduleEndProblem', () => {
  it('takes an end after the start and now, while the lifetime budget covers its days', () => {
    expect(check(NOW + 60 * DAY_MS)).toBeNull(); // 100 days × 20 USD = 2000
    expect(check(NOW + 61 * DAY_MS)).toMatch(/^budget: /);
  });

  it('refuses an end before the start, in the past, after 2037, or without an end', () => {
    expect(check(START - 1)).toBe('schedule_end_time: The end time must be after the start time.');
    expect(check(NOW - 1)).toBe(
      'schedule_end_time: The end time must be later than the current time.',
    );
    expect(check(Date.UTC(2038, 0, 2))).toBe(
      'schedule_end_time: The end time must be before 2038-01-01.',
    );
    expect(check(NOW + DAY_MS, { schedule_type: 'SCHEDULE_FROM_NOW' })).toMatch(
      /SCHEDULE_FROM_NOW/,
    );
  });

  it('does not apply the per-day minimum to daily budgets', () => {
    expect(check(NOW + 400 * DAY_MS, { budget_mode: 'BUDGET_MODE_DAY' }, 50)).toBeNull();
  });
});
