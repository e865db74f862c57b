import { type ReactNode, type RefObject, useState } from 'react';
import { usePageLayout } from './page-layout';
import { renderedRange, type TableGeometry } from './table-geometry';

/**
 * `native-scroll`: the viewport scrolls by itself (`overflow: auto`, `scrollTop`), its content a
 * full-height body. Rows are rendered with a wide overscan, and the rendered window moves only
 * when the visible rows come within a few rows of its edge: scrolling a little changes no DOM.
 */

/** A scrollbar's width in Chromium, so that the columns keep their width beside it. */
export const NATIVE_SCROLLBAR_WIDTH = 17;
/** How close (in rows) the visible rows may come to the rendered window's edge. */
const EDGE_ROWS = 4;

export interface NativeBodyProps {
  geometry: TableGeometry;
  rowCount: number;
  width: number;
  viewportRef: RefObject<HTMLDivElement | null>;
  children(first: number, last: number): ReactNode;
}

export function NativeBody({ geometry, rowCount, width, viewportRef, children }: NativeBodyProps) {
  const { names } = usePageLayout();
  const { rowHeight, viewportHeight, overscan } = geometry;
  const [range, setRange] = useState(() =>
    renderedRange(0, geometry.visibleRows - 1, overscan, rowCount),
  );
  const onScroll = () => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    const firstVisible = Math.floor(viewport.scrollTop / rowHeight);
    const lastVisible = Math.floor((viewport.scrollTop + viewport.clientHeight - 1) / rowHeight);
    setRange((current) => {
      const nearTop = current.first > 0 && firstVisible - current.first < EDGE_ROWS;
      const nearBottom = current.last < rowCount - 1 && current.last - lastVisible < EDGE_ROWS;
      return nearTop || nearBottom
        ? renderedRange(firstVisible, lastVisible, overscan, rowCount)
        : current;
    });
  };
  return (
    <div
      ref={viewportRef}
      className={names.viewport}
      onScroll={onScroll}
      style={{
        position: 'relative',
        overflowX: 'hidden',
        overflowY: 'auto',
        height: viewportHeight,
        width: width + NATIVE_SCROLLBAR_WIDTH,
      }}
    >
      {children(range.first, range.last)}
    </div>
  );
}
