import { describe, expect, it } from 'vitest';
import { labelledDays, longDay, niceScale, shortDay } from './chart-scale';

describe('daily chart axes', () => {
  it.each([
    [0, 1, [0, 0.25, 0.5, 0.75, 1]],
    [3, 4, [0, 1, 2, 3, 4]],
    [87.4, 100, [0, 25, 50, 75, 100]],
    [1234, 2000, [0, 500, 1000, 1500, 2000]],
    [0.3, 0.4, [0, 0.1, 0.2, 0.3, 0.4]],
  ])('rounds a maximum of %s up to %s in four even steps', (max, top, ticks) => {
    expect(niceScale(max)).toEqual({ top, ticks });
  });

  it('labels at most twelve days, evenly, from the first', () => {
    expect(labelledDays(7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(labelledDays(30)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(labelledDays(366).length).toBeLessThanOrEqual(12);
  });

  it('names days as calendar days, whatever the browser’s zone', () => {
    expect(shortDay('2026-11-14')).toBe('Nov 14');
    expect(longDay('2026-11-14')).toBe('Sat, Nov 14, 2026');
  });
});
