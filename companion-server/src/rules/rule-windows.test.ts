import { describe, expect, it } from 'vitest';
import type { RuleWindow } from '../contract/rules';
import { zonedDate } from '../lib/time-zone';
import { refKey, windowKey, windowLabel, windowRange } from './rule-windows';

const TODAY: RuleWindow = { kind: 'today' };
const YESTERDAY: RuleWindow = { kind: 'yesterday' };
const LIFETIME: RuleWindow = { kind: 'lifetime' };
const last = (days: number, includeToday: boolean): RuleWindow => ({
  kind: 'last_days',
  days,
  includeToday,
});

describe('windowKey', () => {
  it.each([
    [TODAY, 'today'],
    [YESTERDAY, 'yesterday'],
    [last(7, false), 'last_7d'],
    [last(7, true), 'last_7d_today'],
    [last(90, false), 'last_90d'],
    [LIFETIME, 'lifetime'],
  ])('%j is %s', (window, key) => expect(windowKey(window)).toBe(key));

  it('gives equal windows the same key and different ones different keys', () => {
    const keys = [TODAY, YESTERDAY, last(3, false), last(3, true), last(14, false), LIFETIME].map(
      windowKey,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(windowKey(last(3, true))).toBe(windowKey({ ...last(3, true) }));
  });
});

describe('refKey', () => {
  it('joins a windowed metric and its window', () => {
    expect(refKey({ metric: 'cpa', window: last(3, false) })).toBe('cpa@last_3d');
    expect(refKey({ metric: 'spend', window: TODAY })).toBe('spend@today');
    expect(refKey({ metric: 'roas', window: last(7, true) })).toBe('roas@last_7d_today');
  });

  it('is the bare metric for an entity figure, even if a window was given', () => {
    expect(refKey({ metric: 'budget', window: null })).toBe('budget');
    expect(refKey({ metric: 'hours_since_change', window: null })).toBe('hours_since_change');
    expect(refKey({ metric: 'budget', window: TODAY })).toBe('budget');
  });
});

describe('windowRange', () => {
  it('covers today, or yesterday, alone', () => {
    expect(windowRange(TODAY, '2026-03-01')).toEqual({ start: '2026-03-01', end: '2026-03-01' });
    expect(windowRange(YESTERDAY, '2026-03-01')).toEqual({
      start: '2026-02-28',
      end: '2026-02-28',
    });
  });

  it('ends today with includeToday, yesterday without, N days long either way', () => {
    expect(windowRange(last(3, true), '2026-03-01')).toEqual({
      start: '2026-02-27',
      end: '2026-03-01',
    });
    expect(windowRange(last(3, false), '2026-03-01')).toEqual({
      start: '2026-02-26',
      end: '2026-02-28',
    });
    expect(windowRange(last(1, true), '2026-03-01')).toEqual({
      start: '2026-03-01',
      end: '2026-03-01',
    });
    expect(windowRange(last(1, false), '2026-03-01')).toEqual(windowRange(YESTERDAY, '2026-03-01'));
    expect(windowRange(last(14, false), '2027-01-05')).toEqual({
      start: '2026-12-22',
      end: '2027-01-04',
    });
  });

  it('leaves lifetime to the lifetime report', () => {
    expect(windowRange(LIFETIME, '2026-03-01')).toBe('lifetime');
  });

  it("follows the account's day, not UTC's: an instant that is still the 19th in UTC is the 20th in Tokyo", () => {
    const now = Date.parse('2026-11-19T16:00:00Z');
    expect(windowRange(TODAY, zonedDate(now, 'Asia/Tokyo'))).toEqual({
      start: '2026-11-20',
      end: '2026-11-20',
    });
    expect(windowRange(YESTERDAY, zonedDate(now, 'America/Los_Angeles'))).toEqual({
      start: '2026-11-18',
      end: '2026-11-18',
    });
  });
});

describe('windowLabel', () => {
  it.each([
    [TODAY, 'today'],
    [YESTERDAY, 'yesterday'],
    [last(3, false), 'last 3 days'],
    [last(3, true), 'last 3 days incl. today'],
    [last(1, false), 'last day'],
    [LIFETIME, 'lifetime'],
  ])('%j reads "%s"', (window, label) => expect(windowLabel(window)).toBe(label));
});
