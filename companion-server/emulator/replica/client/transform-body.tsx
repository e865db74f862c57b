import {
  type PointerEvent,
  type ReactNode,
  type RefObject,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { usePageLayout } from './page-layout';
import { renderedRange, type TableGeometry } from './table-geometry';

/**
 * The standard table body: a viewport that never scrolls, whose content moves with
 * `transform: translateY` (a wheel listener and a draggable thumb), so the window never
 * scrolls and only the rows in view (plus an overscan) exist in the DOM.
 */

const MIN_THUMB = 24;
/** Pixels per wheel "line", for mice that report deltas in lines. */
const LINE_PX = 16;

export interface TransformBodyProps {
  geometry: TableGeometry;
  rowCount: number;
  width: number;
  viewportRef: RefObject<HTMLDivElement | null>;
  /** The panes' content for the rendered rows, moved by `transform`. */
  children(first: number, last: number, transform: string): ReactNode;
}

export function TransformBody({
  geometry,
  rowCount,
  width,
  viewportRef,
  children,
}: TransformBodyProps) {
  const { names } = usePageLayout();
  const { rowHeight, viewportHeight } = geometry;
  const [offset, setOffset] = useState(0);
  const contentHeight = rowCount * rowHeight;
  const maxOffset = Math.max(0, contentHeight - viewportHeight);
  const clamp = useCallback(
    (value: number) => Math.min(maxOffset, Math.max(0, Math.round(value))),
    [maxOffset],
  );

  // Passive listeners cannot cancel the page's scroll, and React registers wheel as passive.
  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const unit =
        event.deltaMode === WheelEvent.DOM_DELTA_LINE
          ? LINE_PX
          : event.deltaMode === WheelEvent.DOM_DELTA_PAGE
            ? viewportHeight
            : 1;
      setOffset((current) => clamp(current + event.deltaY * unit));
    };
    viewport.addEventListener('wheel', onWheel, { passive: false });
    return () => viewport.removeEventListener('wheel', onWheel);
  }, [clamp, viewportRef, viewportHeight]);

  const thumbHeight =
    maxOffset === 0
      ? viewportHeight
      : Math.max(MIN_THUMB, (viewportHeight * viewportHeight) / contentHeight);
  const thumbTravel = viewportHeight - thumbHeight;
  const thumbTop = maxOffset === 0 ? 0 : (offset / maxOffset) * thumbTravel;
  const drag = useRef<{ pointerY: number; offset: number } | null>(null);
  const onThumbDown = (event: PointerEvent<HTMLDivElement>) => {
    if (maxOffset === 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { pointerY: event.clientY, offset };
  };
  const onThumbMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start || thumbTravel <= 0) return;
    const moved = event.clientY - start.pointerY;
    setOffset(clamp(start.offset + (moved / thumbTravel) * maxOffset));
  };
  const onThumbUp = (event: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
  };

  const { first, last } = renderedRange(
    Math.floor(offset / rowHeight),
    Math.floor((offset + viewportHeight - 1) / rowHeight),
    geometry.overscan,
    rowCount,
  );
  return (
    <>
      <div
        ref={viewportRef}
        className={names.viewport}
        style={{ position: 'relative', overflow: 'hidden', height: viewportHeight, width }}
      >
        {children(first, last, `translateY(-${offset}px)`)}
      </div>
      <div className={names.scrollbar} style={{ height: viewportHeight }}>
        <div
          className={names.scrollbarThumb}
          style={{
            top: thumbTop,
            height: thumbHeight,
            visibility: maxOffset === 0 ? 'hidden' : 'visible',
          }}
          onPointerDown={onThumbDown}
          onPointerMove={onThumbMove}
          onPointerUp={onThumbUp}
          onPointerCancel={onThumbUp}
        />
      </div>
    </>
  );
}
