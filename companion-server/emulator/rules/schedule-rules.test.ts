import { describe, expect, it } from 'vitest';
import { daypartingProblem, scheduleEndProblem, scheduleStartProblem } from './schedule-rules';

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

describe('scheduleStartProblem', () => {
  const upcoming = {
    schedule_type: 'SCHEDULE_START_END' as const,
    schedule_start_time: NOW + 2 * DAY_MS,
    schedule_end_time: NOW + 12 * DAY_MS,
    budget_mode: 'BUDGET_MODE_TOTAL' as const,
    product_source: null,
  };
  const check = (start: number, adGroup = upcoming, budget = 300) =>
    scheduleStartProblem({
      adGroup,
      budget,
      start,
      end: adGroup.schedule_end_time,
      now: NOW,
      currency: 'USD',
    });

  it('moves a start that has not passed, up to 12 hours back', () => {
    expect(check(NOW + DAY_MS)).toBeNull();
    expect(check(NOW - 11 * 3_600_000)).toBeNull();
    expect(check(NOW - 13 * 3_600_000)).toMatch(/more than 12 hours in the past/);
  });

  it('refuses a start that has passed, one after 2027 or after the end, and one the budget cannot cover', () => {
    expect(check(NOW + DAY_MS, { ...upcoming, schedule_start_time: NOW - 1 })).toMatch(
      /cannot be changed once the ad group has started/,
    );
    expect(check(Date.UTC(2028, 0, 2))).toMatch(/before 2028-01-01/);
    expect(check(NOW + 12 * DAY_MS)).toMatch(/before the end time/);
    // From 3 hours ago to the end: 13 scheduled days need 260 USD.
    expect(check(NOW - 3 * 3_600_000, upcoming, 260)).toBeNull();
    expect(check(NOW - 3 * 3_600_000, upcoming, 259)).toMatch(/^budget: /);
  });
});

describe('daypartingProblem', () => {
  it('takes 336 characters of 0 and 1 only', () => {
    expect(daypartingProblem('1'.repeat(336))).toBeNull();
    expect(daypartingProblem('0'.repeat(336))).toBeNull();
    expect(daypartingProblem('1'.repeat(335))).toMatch(/336 characters of 0 and 1/);
    expect(daypartingProblem(`${'1'.repeat(335)}x`)).toMatch(/336 characters/);
  });
});
