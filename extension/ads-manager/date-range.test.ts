import { describe, expect, it } from 'vitest';
import { defaultRange } from './date-range';

// 2026-11-21 02:00 UTC is still 2026-11-20 in Los Angeles and already the 21st in Tokyo.
const NOW = Date.parse('2026-11-21T02:00:00Z');

describe('defaultRange', () => {
  it('counts days in the ad account’s time zone', () => {
    expect(defaultRange('today', 'America/Los_Angeles', NOW)).toEqual({
      start: '2026-11-20',
      end: '2026-11-20',
    });
    expect(defaultRange('today', 'Asia/Tokyo', NOW)).toEqual({
      start: '2026-11-21',
      end: '2026-11-21',
    });
  });

  it('ends multi-day ranges yesterday, so they hold complete days', () => {
    expect(defaultRange('last_7_days', 'Asia/Tokyo', NOW)).toEqual({
      start: '2026-11-14',
      end: '2026-11-20',
    });
    expect(defaultRange('last_30_days', 'Europe/London', NOW)).toEqual({
      start: '2026-10-22',
      end: '2026-11-20',
    });
    expect(defaultRange('yesterday', 'America/Los_Angeles', NOW)).toEqual({
      start: '2026-11-19',
      end: '2026-11-19',
    });
  });
});
