import { describe, expect, it } from 'vitest';
import { metricNumber, reportWindows } from './reports';

describe('metricNumber', () => {
  it.each([
    ['20.000', 20],
    ['1.18', 1.18],
    ['5830', 5830],
    ['0', 0],
    ['-', null],
    ['', null],
    [null, null],
    [undefined, null],
    ['n/a', null],
  ])('%j → %j', (value, expected) => {
    expect(metricNumber(value)).toBe(expected);
  });
});

describe('reportWindows', () => {
  it('uses 30-day windows with stat_time_day', () => {
    const windows = reportWindows({
      dimensions: ['campaign_id', 'stat_time_day'],
      range: { startDate: '2026-08-01', endDate: '2026-10-29' },
    });
    expect(windows).toHaveLength(3);
  });

  it('uses 1-day windows with stat_time_hour', () => {
    const windows = reportWindows({
      dimensions: ['stat_time_hour'],
      range: { startDate: '2026-11-01', endDate: '2026-11-02' },
    });
    expect(windows).toEqual([
      { startDate: '2026-11-01', endDate: '2026-11-01' },
      { startDate: '2026-11-02', endDate: '2026-11-02' },
    ]);
  });

  it('allows up to 365 days without a time dimension, and refuses to add up longer ranges', () => {
    expect(
      reportWindows({
        dimensions: ['campaign_id'],
        range: { startDate: '2026-01-01', endDate: '2026-12-31' },
      }),
    ).toHaveLength(1);
    expect(() =>
      reportWindows({
        dimensions: ['campaign_id'],
        range: { startDate: '2025-01-01', endDate: '2026-12-31' },
      }),
    ).toThrow(/at most 365 days/);
  });

  it('asks for the lifetime in one request, never with a time dimension', () => {
    expect(reportWindows({ dimensions: ['ad_id'], range: 'lifetime' })).toEqual(['lifetime']);
    expect(() =>
      reportWindows({ dimensions: ['ad_id', 'stat_time_day'], range: 'lifetime' }),
    ).toThrow(/time dimension/);
  });
});
