import { describe, expect, it } from 'vitest';
import { placeBadge } from './badge-placement';

const VIEW = { top: 100, bottom: 600, left: 0, right: 1200 };
const BADGE = { width: 80, height: 20 };

describe('placeBadge', () => {
  it('takes the first free span wide enough, after the name', () => {
    const row = {
      top: 200,
      bottom: 248,
      gaps: [
        [10, 30],
        [260, 300],
        [320, 500],
      ] as const,
    };
    expect(placeBadge(row, BADGE, VIEW)).toEqual({ left: 324, top: 214, mode: 'full' });
  });

  it('in a row that reads right to left, takes the first span from the right, at its right end', () => {
    const row = {
      top: 200,
      bottom: 248,
      gaps: [
        [10, 200],
        [320, 500],
        [760, 790],
      ] as const,
      rtl: true,
    };
    // Beside the name (at the right), after a 4 px margin: 500 − 4 − 80.
    expect(placeBadge(row, BADGE, VIEW)).toEqual({ left: 416, top: 214, mode: 'full' });
    // No span holds the whole badge: a dot in the rightmost span holding one.
    expect(placeBadge(row, { width: 300, height: 20 }, VIEW)).toEqual({
      left: 774,
      top: 218,
      mode: 'dot',
    });
    // The part of a span outside the visible table does not count.
    expect(placeBadge(row, BADGE, { ...VIEW, right: 450 })).toEqual({
      left: 366,
      top: 214,
      mode: 'full',
    });
  });

  it('falls back to a dot, and to nothing, when the row is full', () => {
    const narrow = {
      top: 200,
      bottom: 248,
      gaps: [
        [10, 30],
        [260, 300],
      ] as const,
    };
    expect(placeBadge(narrow, BADGE, VIEW)).toEqual({ left: 14, top: 218, mode: 'dot' });
    expect(placeBadge({ top: 200, bottom: 248, gaps: [[10, 18]] }, BADGE, VIEW)).toBeNull();
  });

  it('puts the one-figure form where the whole badge fits nowhere, before falling back to a dot', () => {
    const gaps: Array<[number, number]> = [
      [10, 30],
      [260, 320],
      [400, 470],
    ];
    const row = { top: 200, bottom: 248, gaps };
    const withShort = { ...BADGE, shortWidth: 50 };
    expect(placeBadge(row, withShort, VIEW)).toEqual({ left: 264, top: 214, mode: 'short' });
    // The whole badge anywhere in the row comes first, even in a later span.
    const later = { ...row, gaps: [...gaps, [600, 700] as [number, number]] };
    expect(placeBadge(later, withShort, VIEW)).toEqual({ left: 604, top: 214, mode: 'full' });
    // Too wide for any span, or no short form: a dot.
    const dot = { left: 14, top: 218, mode: 'dot' };
    expect(placeBadge(row, { ...BADGE, shortWidth: 70 }, VIEW)).toEqual(dot);
    expect(placeBadge(row, { ...BADGE, shortWidth: null }, VIEW)).toEqual(dot);
  });

  it('draws nothing on a row cut by the table edge', () => {
    const cut = { top: 590, bottom: 638, gaps: [[320, 500]] as const };
    expect(placeBadge(cut, BADGE, VIEW)).toBeNull();
  });

  it('only uses the part of a span inside the visible table', () => {
    const row = { top: 200, bottom: 248, gaps: [[1150, 1400]] as const };
    expect(placeBadge(row, BADGE, VIEW)).toEqual({ left: 1154, top: 218, mode: 'dot' });
  });
});
