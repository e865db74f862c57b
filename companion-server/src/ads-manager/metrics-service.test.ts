import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { withUndefinedRatiosAsNull } from '../reporting/report-figures';
import { resolveMetricsRange } from './metrics-service';

const TODAY = '2026-11-21';
const ZONE = 'America/Los_Angeles';

function refusal(start: string, end: string): AppError {
  try {
    resolveMetricsRange({ start, end }, TODAY, ZONE);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`Expected ${start}..${end} to be refused.`);
}

describe('resolveMetricsRange', () => {
  it.each([
    // range → previous period of equal length, ending the day before the range starts
    ['2026-11-10', '2026-11-16', '2026-11-03', '2026-11-09'],
    ['2026-11-21', '2026-11-21', '2026-11-20', '2026-11-20'],
    ['2026-03-01', '2026-03-31', '2026-01-29', '2026-02-28'],
    ['2024-03-01', '2024-03-03', '2024-02-27', '2024-02-29'],
    ['2026-01-01', '2026-01-07', '2025-12-25', '2025-12-31'],
    ['2025-11-22', '2026-11-21', '2024-11-22', '2025-11-21'],
  ])('%s..%s → previous %s..%s', (start, end, previousStart, previousEnd) => {
    expect(resolveMetricsRange({ start, end }, TODAY, ZONE).previousRange).toEqual({
      start: previousStart,
      end: previousEnd,
    });
  });

  it('says whether the range includes today in the account’s time zone', () => {
    const includes = (start: string, end: string) =>
      resolveMetricsRange({ start, end }, TODAY, ZONE).includesToday;
    expect(includes('2026-11-14', '2026-11-20')).toBe(false);
    expect(includes('2026-11-15', '2026-11-21')).toBe(true);
    expect(includes('2026-11-22', '2026-11-22')).toBe(true);
  });

  it('accepts 365 days and refuses 366', () => {
    expect(
      resolveMetricsRange({ start: '2025-11-22', end: '2026-11-21' }, TODAY, ZONE).range,
    ).toEqual({ start: '2025-11-22', end: '2026-11-21' });
    const error = refusal('2025-11-21', '2026-11-21');
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(
      'The range 2025-11-21..2026-11-21 is 366 days; TikTok totals at most 365 days in one report. Choose a shorter range.',
    );
  });

  it('refuses a range that ends before it starts', () => {
    expect(refusal('2026-11-16', '2026-11-10').message).toBe(
      'The range ends (2026-11-10) before it starts (2026-11-16); send the earlier date as start.',
    );
  });

  it('accepts a range ending tomorrow and refuses one ending later', () => {
    expect(
      resolveMetricsRange({ start: '2026-11-20', end: '2026-11-22' }, TODAY, ZONE).range.end,
    ).toBe('2026-11-22');
    expect(refusal('2026-11-20', '2026-11-23').message).toBe(
      "The range ends on 2026-11-23, but today is 2026-11-21 in the ad account's time zone (America/Los_Angeles); TikTok has no figures after 2026-11-22. Choose a range that ends by then.",
    );
  });

  it('refuses dates that look right but are not in the calendar', () => {
    expect(refusal('2026-02-30', '2026-03-02').message).toBe(
      'start (2026-02-30) is not a calendar date; send YYYY-MM-DD.',
    );
    expect(refusal('2026-11-01', '2026-11-31').message).toBe(
      'end (2026-11-31) is not a calendar date; send YYYY-MM-DD.',
    );
  });
});

describe('withUndefinedRatiosAsNull', () => {
  it('turns ratios over a zero count into null instead of a misleading 0', () => {
    expect(
      withUndefinedRatiosAsNull({
        spend: 320.4,
        impressions: 53571,
        clicks: 902,
        ctr: 1.68,
        cpc: 0.36,
        conversions: 0,
        cpa: 0,
        roas: 0,
      }),
    ).toEqual({
      spend: 320.4,
      impressions: 53571,
      clicks: 902,
      ctr: 1.68,
      cpc: 0.36,
      conversions: 0,
      cpa: null,
      roas: 0,
    });
    expect(
      withUndefinedRatiosAsNull({
        spend: 0,
        impressions: 0,
        clicks: 0,
        ctr: 0,
        cpc: 0,
        conversions: 0,
        cpa: 0,
        roas: 0,
      }),
    ).toEqual({
      spend: 0,
      impressions: 0,
      clicks: 0,
      ctr: null,
      cpc: null,
      conversions: 0,
      cpa: null,
      roas: null,
    });
  });
});
