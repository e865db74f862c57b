import { describe, expect, it } from 'vitest';
import { makePlan, planRow } from '../../../test/fixtures/extension/plan-fixtures';
import { formatChangePercent, formatFieldValue } from './field-values';
import { applicableCount, describeOperation, planTitle, summaryLine } from './plan-summary';

const US = { currency: 'USD', timezone: 'America/Los_Angeles' };
const JP = { currency: 'JPY', timezone: 'Asia/Tokyo' };

const mixed = [
  planRow(1, 'ok'),
  planRow(2, 'ok'),
  planRow(3, 'adjusted'),
  planRow(4, 'unchanged'),
  planRow(5, 'needs_approval'),
  planRow(6, 'blocked'),
];

describe('bulk edit plan summary', () => {
  it('counts only the rows the job will change', () => {
    expect(applicableCount(makePlan(mixed))).toBe(3);
    expect(applicableCount(makePlan(mixed, { approvedBy: 'stf_admin0001' }))).toBe(4);
    expect(applicableCount(makePlan([planRow(1, 'blocked'), planRow(2, 'unchanged')]))).toBe(0);
  });

  it('sums the plan up in one line, leaving out what is zero', () => {
    expect(summaryLine(makePlan(mixed))).toBe(
      '3 will change · 1 rounded · 1 needs approval · 1 already set · 1 blocked',
    );
    expect(summaryLine(makePlan(mixed, { approvedBy: 'stf_admin0001' }))).toBe(
      '4 will change · 1 rounded · 1 already set · 1 blocked',
    );
    expect(summaryLine(makePlan([planRow(1, 'ok')]))).toBe('1 will change');
  });

  it('describes the operation, or what an undo or a retry does', () => {
    expect(
      describeOperation({ kind: 'budget', change: { type: 'percent', value: -15 } }, 'USD'),
    ).toBe('Budget: lower by 15%');
    expect(
      describeOperation({ kind: 'budget', change: { type: 'amount', value: 20 } }, 'EUR'),
    ).toBe('Budget: raise by €20.00');
    expect(describeOperation({ kind: 'bid', change: { type: 'set', value: 1.5 } }, 'USD')).toBe(
      'Bid: set to $1.50',
    );
    expect(describeOperation({ kind: 'status', status: 'DISABLE' }, 'USD')).toBe('Status: pause');
    expect(planTitle(makePlan(mixed, { purpose: { kind: 'undo', jobId: 'job_0001' } }))).toBe(
      'Undo: restore previous values',
    );
    const schedule = {
      kind: 'schedule' as const,
      changeId: 'sch_0001',
      changeName: 'Evening push',
      firingId: 'fire_0001',
    };
    expect(planTitle(makePlan(mixed, { purpose: { ...schedule, revertOf: null } }))).toBe(
      'Scheduled change “Evening push”',
    );
    expect(planTitle(makePlan(mixed, { purpose: { ...schedule, revertOf: 'job_0001' } }))).toBe(
      'Scheduled change “Evening push”: put back',
    );
  });

  it('formats values in the account currency and statuses in words', () => {
    expect(formatFieldValue('budget', 1250.5, US)).toBe('$1,250.50');
    expect(formatFieldValue('conversion_bid_price', 2, JP)).toBe('¥2');
    expect(formatFieldValue('budget', 9_999_999_999.99, US)).toBe('$9,999,999,999.99');
    // TikTok's precision: HUF takes whole amounts, although ISO 4217 gives it decimals.
    expect(formatFieldValue('budget', 20_000, { currency: 'HUF', timezone: 'UTC' })).toBe(
      'HUF\u00a020,000',
    );
    expect(formatFieldValue('operation_status', 'DISABLE', US)).toBe('Paused');
    expect(formatFieldValue('operation_status', 'ENABLE', US)).toBe('Active');
    expect(formatFieldValue('budget', null, US)).toBe('–');
    expect(formatChangePercent(25)).toBe('+25%');
    expect(formatChangePercent(-7.5)).toBe('−7.5%');
    expect(formatChangePercent(-100)).toBe('−100%');
    expect(formatChangePercent(0.01)).toBe('0%');
    expect(formatChangePercent(49_999_895)).toBe('+50M%');
    expect(formatChangePercent(12_345)).toBe('+12.3K%');
    expect(formatChangePercent(null)).toBe('–');
  });

  it('describes renames and end-time moves, and shows names and end times as values', () => {
    expect(
      describeOperation(
        {
          kind: 'name',
          change: { type: 'replace', find: 'Q3', replace: 'Q4', regex: false, ignoreCase: false },
        },
        'USD',
      ),
    ).toBe('Rename: replace “Q3” with “Q4”');
    expect(
      describeOperation({ kind: 'name', change: { type: 'prefix', text: 'EU ' } }, 'USD'),
    ).toBe('Rename: add prefix “EU ”');
    expect(
      describeOperation({ kind: 'schedule', change: { type: 'shift_end', days: -1 } }, 'USD'),
    ).toBe('End time: earlier by 1 day');
    expect(
      describeOperation(
        { kind: 'schedule', change: { type: 'set_end', endTime: '2026-12-24 23:59' } },
        'USD',
      ),
    ).toBe('End time: set to 2026-12-24 23:59 (account time)');
    expect(
      describeOperation(
        { kind: 'schedule', change: { type: 'set_start', startTime: '2026-07-01 09:00' } },
        'USD',
        'America/Los_Angeles',
      ),
    ).toBe('Start time: set to 2026-07-01 09:00 PDT');
    expect(formatFieldValue('name', 'US | Broad', US)).toBe('US | Broad');
    // TikTok gives times in UTC; the buyer reads them in the account's zone, named.
    expect(formatFieldValue('schedule_end_time', '2026-12-25 07:59:00', US)).toBe(
      '2026-12-24 23:59 PST',
    );
    expect(formatFieldValue('schedule_start_time', '2026-07-01 16:00:00', US)).toBe(
      '2026-07-01 09:00 PDT',
    );
    expect(formatFieldValue('schedule_start_time', '2026-07-01 16:00:00', JP)).toBe(
      '2026-07-02 01:00 GMT+9',
    );
  });
});
