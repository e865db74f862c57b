import type { Rect } from './bridge-protocol';

/**
 * Where a row's badge goes: in the first free span of the row (no text, no control) that
 * holds it, reading from the row's start (the left, or the right in a row that reads right to
 * left, where it goes at the span's right end), so it sits just after the name when there is room and
 * never covers the name or the page's own controls. A row with no span wide enough for the
 * whole badge gets its one-figure form (`short`, when it has one) in the first span that holds
 * that, else a dot in the first span that holds one; a row with none, or cut by the table's
 * edge, gets nothing until the next read: a badge is never drawn on a row it may not belong to.
 */

export interface Placement {
  left: number;
  top: number;
  mode: 'full' | 'short' | 'dot';
}

export const DOT_SIZE = 12;
const MARGIN = 4;

/** The free span a badge this wide needs to be placed whole. */
export function roomFor(width: number): number {
  return width + 2 * MARGIN;
}

export function placeBadge(
  row: {
    top: number;
    bottom: number;
    gaps: ReadonlyArray<readonly [number, number]>;
    rtl?: boolean;
  },
  badge: { width: number; height: number; shortWidth?: number | null },
  viewport: Rect,
): Placement | null {
  const fits = (height: number, at: number) =>
    at >= viewport.top - 1 && at + height <= viewport.bottom + 1;
  /**
   * The badge's left edge in the first span from the row's start, within the visible table,
   * at least `room` wide: at the span's start, after a margin.
   */
  const firstSpan = (room: number): number | null => {
    const count = row.gaps.length;
    for (let i = 0; i < count; i += 1) {
      const gap = row.gaps[row.rtl ? count - 1 - i : i];
      if (!gap) continue;
      const from = Math.max(gap[0], viewport.left);
      const to = Math.min(gap[1], viewport.right);
      if (to - from >= room) return row.rtl ? to - room + MARGIN : from + MARGIN;
    }
    return null;
  };
  const top = row.top + (row.bottom - row.top - badge.height) / 2;
  if (fits(badge.height, top)) {
    const full = firstSpan(roomFor(badge.width));
    if (full !== null) return { left: full, top, mode: 'full' };
    const short = badge.shortWidth ? firstSpan(roomFor(badge.shortWidth)) : null;
    if (short !== null) return { left: short, top, mode: 'short' };
  }
  const dotTop = row.top + (row.bottom - row.top - DOT_SIZE) / 2;
  const dot = fits(DOT_SIZE, dotTop) ? firstSpan(DOT_SIZE + 2 * MARGIN) : null;
  return dot === null ? null : { left: dot, top: dotTop, mode: 'dot' };
}
