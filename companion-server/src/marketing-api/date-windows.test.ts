import { describe, expect, it } from 'vitest';
import { splitDateRange } from './date-windows';

describe('splitDateRange', () => {
  it('keeps a range that fits in one window', () => {
    expect(splitDateRange({ startDate: '2026-11-01', endDate: '2026-11-30' }, 30)).toEqual([
      { startDate: '2026-11-01', endDate: '2026-11-30' },
    ]);
  });

  it('cuts a 75-day range into 30 + 30 + 15 days, without gaps or overlaps', () => {
    expect(splitDateRange({ startDate: '2026-09-01', endDate: '2026-11-14' }, 30)).toEqual([
      { startDate: '2026-09-01', endDate: '2026-09-30' },
      { startDate: '2026-10-01', endDate: '2026-10-30' },
      { startDate: '2026-10-31', endDate: '2026-11-14' },
    ]);
  });

  it('cuts hourly ranges into single days', () => {
    expect(splitDateRange({ startDate: '2026-12-31', endDate: '2027-01-02' }, 1)).toEqual([
      { startDate: '2026-12-31', endDate: '2026-12-31' },
      { startDate: '2027-01-01', endDate: '2027-01-01' },
      { startDate: '2027-01-02', endDate: '2027-01-02' },
    ]);
  });

  it('crosses leap days correctly', () => {
    const windows = splitDateRange({ startDate: '2028-02-01', endDate: '2028-03-31' }, 30);
    expect(windows.map((w) => w.endDate)).toEqual(['2028-03-01', '2028-03-31']);
  });

  it('refuses a backwards range and malformed dates', () => {
    expect(() => splitDateRange({ startDate: '2026-11-02', endDate: '2026-11-01' }, 30)).toThrow(
      /before it starts/,
    );
    expect(() => splitDateRange({ startDate: '2026-11-31', endDate: '2026-12-01' }, 30)).toThrow(
      /YYYY-MM-DD/,
    );
  });
});
