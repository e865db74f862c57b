import { describe, expect, it } from 'vitest';
import {
  formatAccountClock,
  formatAccountDateTime,
  formatTikTokTime,
  labelAccountWallTime,
  zoneLabel,
} from './account-time';

const LA = 'America/Los_Angeles';
const SUMMER = Date.UTC(2026, 6, 1, 16, 0);
const WINTER = Date.UTC(2026, 11, 1, 17, 30);

describe('account time', () => {
  it('names the zone as it is at that instant', () => {
    expect(zoneLabel(SUMMER, LA)).toBe('PDT');
    expect(zoneLabel(WINTER, LA)).toBe('PST');
    expect(zoneLabel(SUMMER, 'Asia/Tokyo')).toBe('GMT+9');
    expect(zoneLabel(SUMMER, 'Asia/Kolkata')).toBe('GMT+5:30');
    expect(zoneLabel(SUMMER, 'UTC')).toBe('UTC');
  });

  it('writes an instant in the account’s zone, from epoch ms or ISO text', () => {
    expect(formatAccountDateTime(SUMMER, LA)).toBe('2026-07-01 09:00 PDT');
    expect(formatAccountDateTime('2026-12-01T17:30:00.000Z', LA)).toBe('2026-12-01 09:30 PST');
    // Past midnight in Tokyo: the account's date, not UTC's.
    expect(formatAccountDateTime(SUMMER, 'Asia/Tokyo')).toBe('2026-07-02 01:00 GMT+9');
    expect(formatAccountClock(WINTER, LA)).toBe('09:30 PST');
  });

  it('shows TikTok’s UTC schedule times in the account’s zone', () => {
    expect(formatTikTokTime('2026-07-01 16:00:00', LA)).toBe('2026-07-01 09:00 PDT');
    expect(formatTikTokTime('2026-12-25 07:59:00', LA)).toBe('2026-12-24 23:59 PST');
    expect(formatTikTokTime('not a time', LA)).toBe('not a time');
  });

  it('labels a wall time typed in the account’s zone with the zone’s name at that date', () => {
    expect(labelAccountWallTime('2026-07-01 09:00', LA)).toBe('2026-07-01 09:00 PDT');
    expect(labelAccountWallTime('2026-12-24 23:59', LA)).toBe('2026-12-24 23:59 PST');
    expect(labelAccountWallTime('2026-02-30 09:00', LA)).toBe('2026-02-30 09:00');
  });

  it('falls back to UTC, labelled so, for a zone the platform does not know', () => {
    expect(formatAccountDateTime(SUMMER, 'Mars/Olympus_Mons')).toBe('2026-07-01 16:00 UTC');
  });
});
