import type { Rect } from './bridge-protocol';

/**
 * Where a row's badge goes: in the first free span of the row (no text, no control) that
 * holds it, reading from the left, so it sits just after the name when there is room and
 * never covers the name or the page's own controls. A row with no span wide enough gets a
 * dot in the first span that holds one; a row with none, or cut by the table's edge, gets
 * nothing until the next read: a badge is never drawn on a row it may not belong to.
 */

export interface Placement {
  left: number;
  top: number;
  mode: 'full' | 'dot';
}

export const DOT_SIZE = 12;
const MARGIN = 4;

/** The free span a badge this wide needs to be placed whole. */
export function roomFor(width: number): number {
  return width + 2 * MARGIN;
}

export function placeBadge(
  row: { top: number; bottom: number; gaps: ReadonlyArray<readonly [number, number]> },
  badge: { width: number; height: number },
  viewport: Rect,
): Placement | null {
  const top = row.top + (row.bottom - row.top - badge.height) / 2;
  const fits = (height: number, at: number) =>
    at >= viewport.top - 1 && at + height <= viewport.bottom + 1;
  for (const [left, right] of row.gaps) {
    const from = Math.max(left, viewport.left);
    const to = Math.min(right, viewport.right);
    if (to - from >= roomFor(badge.width) && fits(badge.height, top)) {
      return { left: from + MARGIN, top, mode: 'full' };
    }
  }
  const dotTop = row.top + (row.bottom - row.top - DOT_SIZE) / 2;
  for (const [left, right] of row.gaps) {
    const from = Math.max(left, viewport.left);
    const to = Math.min(right, viewport.right);
    if (to - from >= DOT_SIZE + 2 * MARGIN && fits(DOT_SIZE, dotTop)) {
      return { left: from + MARGIN, top: dotTop, mode: 'dot' };
    }
  }
  return null;
}
