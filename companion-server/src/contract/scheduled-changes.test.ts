import { describe, expect, it } from 'vitest';
import { type ScheduledChangeInput, ScheduledChangeInputSchema } from './scheduled-changes';

const valid: ScheduledChangeInput = {
  name: 'Evening push',
  enabled: true,
  advertiserId: '7252569388304511798',
  level: 'adgroup',
  entityIds: ['1889035234624232194'],
  operation: { kind: 'budget', change: { type: 'set', value: 50 } },
  when: { kind: 'once', at: '2026-12-07 18:00' },
  revert: { kind: 'once', at: '2026-12-07 23:00' },
};

function problems(change: Partial<Record<keyof ScheduledChangeInput, unknown>>): string[] {
  const result = ScheduledChangeInputSchema.safeParse({ ...valid, ...change });
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('a scheduled change as a buyer writes it', () => {
  it('takes budgets, bids and statuses, once or weekly, with or without a put-back', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ operation: { kind: 'status', status: 'DISABLE' }, revert: null })).toEqual(
      [],
    );
    expect(
      problems({
        operation: { kind: 'bid', change: { type: 'percent', value: -10 } },
        when: { kind: 'weekly', days: [1, 2, 3, 4, 5], at: '07:00' },
        revert: { kind: 'same_day', at: '19:00' },
      }),
    ).toEqual([]);
  });

  it('refuses other operations, and what the level has not', () => {
    expect(
      problems({ operation: { kind: 'name', change: { type: 'prefix', text: 'A ' } } }),
    ).toEqual([
      'operation: A scheduled change sets budgets, bids or statuses (pause or enable) only.',
    ]);
    expect(problems({ level: 'ad' })).toEqual([
      'operation: Ads have no budget or bid: only pause and enable apply to ads, besides renames, landing pages and ad text.',
    ]);
    expect(
      problems({
        level: 'campaign',
        operation: { kind: 'bid', change: { type: 'set', value: 1 } },
      }),
    ).toEqual(['operation: Bids belong to ad groups.']);
    expect(problems({ level: 'ad', operation: { kind: 'status', status: 'ENABLE' } })).toEqual([]);
  });

  it('puts back after the change, in the form that goes with it', () => {
    expect(problems({ revert: { kind: 'once', at: '2026-12-07 18:00' } })).toEqual([
      'revert.at: The put-back time (2026-12-07 18:00) must come after the change (2026-12-07 18:00).',
    ]);
    expect(problems({ revert: { kind: 'same_day', at: '23:00' } })).toEqual([
      'revert: A one-off change is put back at a date and time ("once").',
    ]);
    expect(
      problems({
        when: { kind: 'weekly', days: [1], at: '07:00' },
        revert: { kind: 'same_day', at: '06:59' },
      }),
    ).toEqual(['revert.at: The put-back time (06:59) must come after the change (07:00).']);
    expect(
      problems({
        when: { kind: 'weekly', days: [1], at: '07:00' },
        revert: { kind: 'once', at: '2026-12-07 23:00' },
      }),
    ).toEqual(['revert: A weekly change is put back at a time the same day ("same_day").']);
  });

  it('takes real dates and times of day only, and each weekday once', () => {
    expect(problems({ when: { kind: 'once', at: '2026-02-30 18:00' }, revert: null })).toEqual([
      'when.at: Not a date of the calendar.',
    ]);
    expect(problems({ when: { kind: 'once', at: '2026-12-07 24:00' }, revert: null })).toEqual([
      'when.at: A date and time like 2026-12-07 18:00.',
    ]);
    expect(problems({ when: { kind: 'weekly', days: [1, 1], at: '07:00' }, revert: null })).toEqual(
      ['when.days: Each day only once.'],
    );
    expect(
      problems({ when: { kind: 'weekly', days: [7], at: '07:00' }, revert: null }),
    ).toHaveLength(1);
    expect(problems({ entityIds: [] })).toEqual(['entityIds: Choose at least one item.']);
    expect(problems({ entityIds: [12345] })).toHaveLength(1);
  });
});
