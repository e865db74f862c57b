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

  it('draws nothing on a row cut by the table edge', () => {
    const cut = { top: 590, bottom: 638, gaps: [[320, 500]] as const };
    expect(placeBadge(cut, BADGE, VIEW)).toBeNull();
  });

  it('only uses the part of a span inside the visible table', () => {
    const row = { top: 200, bottom: 248, gaps: [[1150, 1400]] as const };
    expect(placeBadge(row, BADGE, VIEW)).toEqual({ left: 1154, top: 218, mode: 'dot' });
  });
});
