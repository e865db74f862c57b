import type { Layout } from '../layout';

/**
 * The virtual table's vertical geometry and how it scrolls:
 * - `transform` (standard): a fixed-height viewport that never scrolls; the body moves with
 *   `translateY`, driven by wheel events and a drawn scrollbar.
 * - `native`: the viewport scrolls natively (`overflow: auto`); a wide overscan means the DOM
 *   changes only when the scroll nears the edge of what is rendered.
 * - `window`: no viewport; the table is as tall as its rows and the window scrolls.
 */

export type ScrollMode = 'transform' | 'native' | 'window';

export interface TableGeometry {
  scrollMode: ScrollMode;
  rowHeight: number;
  /** Rows a fixed-height viewport shows (the window decides for `window`). */
  visibleRows: number;
  viewportHeight: number;
  /** Rows rendered beyond each edge of the visible ones. */
  overscan: number;
}

export function geometryFor(layout: Layout): TableGeometry {
  const scrollMode: ScrollMode = layout.has('native-scroll')
    ? 'native'
    : layout.has('window-scroll')
      ? 'window'
      : 'transform';
  const rowHeight = layout.has('dense') ? 32 : 48;
  const visibleRows = layout.has('dense') ? 24 : 10;
  return {
    scrollMode,
    rowHeight,
    visibleRows,
    viewportHeight: visibleRows * rowHeight,
    overscan: scrollMode === 'native' ? 30 : 4,
  };
}

/** The display rows to render for what is visible (first and last inclusive, clamped). */
export function renderedRange(
  firstVisible: number,
  lastVisible: number,
  overscan: number,
  rowCount: number,
): { first: number; last: number } {
  return {
    first: Math.max(0, firstVisible - overscan),
    last: Math.min(rowCount - 1, lastVisible + overscan),
  };
}
