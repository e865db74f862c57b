import {
  type PointerEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Level, Variant } from '../contract';
import {
  CellClip,
  MappableCell,
  TableContext,
  type TableContextValue,
  UnmappableCell,
} from './cells';
import { columnsFor, type Formats, TABLE_WIDTH } from './columns';
import { type PageRecord, rowIdentity } from './load-rows';

/**
 * Ads Manager's virtual table, as the extension meets it (shared/reference/ads-manager-page.md):
 * a `<ks-virtual-table>` whose cells sit directly in one body, absolutely positioned, with no
 * row elements; scrolling moves the body with `transform: translateY` (a wheel listener and a
 * draggable thumb), so the window never scrolls and only the rows in view (plus an overscan)
 * exist in the DOM. Every few seconds all cells are remounted, as the real table re-renders.
 */

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'ks-virtual-table': DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement>;
    }
  }
}

const ROW_HEIGHT = 48;
const VISIBLE_ROWS = 10;
const OVERSCAN_ROWS = 4;
const VIEWPORT_HEIGHT = VISIBLE_ROWS * ROW_HEIGHT;
const SCROLLBAR_GUTTER = 14;
const MIN_THUMB = 24;
const REMOUNT_EVERY_MS = 4_000;
/** Pixels per wheel "line" and "page", for mice that report deltas in those units. */
const LINE_PX = 16;

export interface VirtualTableProps {
  level: Level;
  variant: Variant;
  records: readonly PageRecord[];
  formats: Formats;
  onOpen(record: PageRecord): void;
}

export function VirtualTable({ level, variant, records, formats, onOpen }: VirtualTableProps) {
  const columns = useMemo(() => columnsFor(level), [level]);
  const hostRef = useRef<HTMLElement>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);
  const [offset, setOffset] = useState(0);
  const [generation, setGeneration] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());

  const contentHeight = records.length * ROW_HEIGHT;
  const maxOffset = Math.max(0, contentHeight - VIEWPORT_HEIGHT);
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
            ? VIEWPORT_HEIGHT
            : 1;
      setOffset((current) => clamp(current + event.deltaY * unit));
    };
    viewport.addEventListener('wheel', onWheel, { passive: false });
    return () => viewport.removeEventListener('wheel', onWheel);
  }, [clamp]);

  useEffect(() => {
    const timer = window.setInterval(() => setGeneration((g) => g + 1), REMOUNT_EVERY_MS);
    return () => window.clearInterval(timer);
  }, []);

  // The first paint of this table (one per level and range: the app remounts it per load).
  useLayoutEffect(() => {
    const frame = window.requestAnimationFrame(() => {
      hostRef.current?.setAttribute(
        'data-rendered-at',
        String(performance.timeOrigin + performance.now()),
      );
      performance.mark('replica:table-rendered');
    });
    return () => window.cancelAnimationFrame(frame);
  }, []);

  const allSelected = records.length > 0 && selected.size === records.length;
  useEffect(() => {
    if (selectAllRef.current) {
      selectAllRef.current.indeterminate = selected.size > 0 && !allSelected;
    }
  }, [selected, allSelected]);

  const table = useMemo<TableContextValue>(
    () => ({
      formats,
      records,
      isSelected: (record) => selected.has(rowIdentity(record).ref),
      toggle: (record) =>
        setSelected((current) => {
          const next = new Set(current);
          const { ref } = rowIdentity(record);
          if (!next.delete(ref)) next.add(ref);
          return next;
        }),
      open: onOpen,
    }),
    [formats, records, selected, onOpen],
  );

  const thumbHeight =
    maxOffset === 0
      ? VIEWPORT_HEIGHT
      : Math.max(MIN_THUMB, (VIEWPORT_HEIGHT * VIEWPORT_HEIGHT) / contentHeight);
  const thumbTravel = VIEWPORT_HEIGHT - thumbHeight;
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

  const firstRow = Math.max(0, Math.floor(offset / ROW_HEIGHT) - OVERSCAN_ROWS);
  const lastRow = Math.min(
    records.length - 1,
    Math.floor((offset + VIEWPORT_HEIGHT - 1) / ROW_HEIGHT) + OVERSCAN_ROWS,
  );
  const cells = [];
  for (let rowIndex = firstRow; rowIndex <= lastRow; rowIndex += 1) {
    const record = records[rowIndex];
    if (!record) continue;
    for (const column of columns) {
      cells.push(
        <div
          // Keys change with each generation so that every cell is a new DOM node after it.
          key={`${generation}.${rowIndex}.${column.key}`}
          className={`ks-vt-cell ks-vt-cell--${column.key}`}
          style={{
            position: 'absolute',
            top: rowIndex * ROW_HEIGHT,
            left: column.x,
            width: column.width,
            height: ROW_HEIGHT,
          }}
        >
          <CellClip>
            {variant === 'unmappable' ? (
              <UnmappableCell cellProps={{ rowIndex, column: column.key }} />
            ) : (
              <MappableCell cellProps={{ rowData: { record, rowIndex }, column: column.key }} />
            )}
          </CellClip>
        </div>,
      );
    }
  }

  return (
    <TableContext.Provider value={table}>
      <ks-virtual-table
        ref={hostRef}
        className="ks-virtual-table"
        data-level={level}
        style={{ width: TABLE_WIDTH + SCROLLBAR_GUTTER }}
      >
        <div className="ks-vt-header" style={{ width: TABLE_WIDTH }}>
          {columns.map((column) => (
            <div
              key={column.key}
              className={column.numeric ? 'am-numeric' : undefined}
              style={{ width: column.width }}
            >
              {column.key === 'checkbox' ? (
                <label className="ks-checkbox">
                  <input
                    ref={selectAllRef}
                    type="checkbox"
                    aria-label="Select all"
                    checked={allSelected}
                    onChange={() =>
                      setSelected(
                        allSelected ? new Set() : new Set(records.map((r) => rowIdentity(r).ref)),
                      )
                    }
                  />
                </label>
              ) : (
                column.title
              )}
            </div>
          ))}
        </div>
        <div
          ref={viewportRef}
          className="ks-vt-viewport"
          style={{
            position: 'relative',
            overflow: 'hidden',
            height: VIEWPORT_HEIGHT,
            width: TABLE_WIDTH,
          }}
        >
          <div
            className="ks-vt-body"
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              height: contentHeight,
              transform: `translateY(-${offset}px)`,
            }}
          >
            {cells}
          </div>
        </div>
        <div className="ks-vt-scrollbar" style={{ height: VIEWPORT_HEIGHT }}>
          <div
            className="ks-vt-scrollbar-thumb"
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
      </ks-virtual-table>
    </TableContext.Provider>
  );
}
