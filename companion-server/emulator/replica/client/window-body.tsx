import { type ReactNode, type RefObject, useEffect, useState } from 'react';
import { renderedRange, type TableGeometry } from './table-geometry';

/**
 * `window-scroll`: no viewport of its own. The table is as tall as all its rows, the window
 * scrolls, and the rendered rows follow `window.scrollY` (scroll and resize events).
 */

export interface WindowBodyProps {
  geometry: TableGeometry;
  rowCount: number;
  /** The full-height body, whose position in the document the rows are counted from. */
  bodyRef: RefObject<HTMLDivElement | null>;
  children(first: number, last: number): ReactNode;
}

export function WindowBody({ geometry, rowCount, bodyRef, children }: WindowBodyProps) {
  const { rowHeight, overscan } = geometry;
  const [range, setRange] = useState(() =>
    renderedRange(0, geometry.visibleRows - 1, overscan, rowCount),
  );
  useEffect(() => {
    const update = () => {
      const body = bodyRef.current;
      if (!body) return;
      const bodyTop = body.getBoundingClientRect().top + window.scrollY;
      const scrolled = window.scrollY - bodyTop;
      const viewHeight = document.documentElement.clientHeight;
      const next = renderedRange(
        Math.floor(Math.max(0, scrolled) / rowHeight),
        Math.floor(Math.max(0, scrolled + viewHeight - 1) / rowHeight),
        overscan,
        rowCount,
      );
      setRange((current) =>
        current.first === next.first && current.last === next.last ? current : next,
      );
    };
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [bodyRef, rowHeight, overscan, rowCount]);
  return <>{children(range.first, range.last)}</>;
}
