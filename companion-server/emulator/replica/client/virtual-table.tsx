import {
  createElement,
  type ReactNode,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Level } from '../contract';
import { SelectBox, TableContext, type TableContextValue } from './cells';
import { type Formats, type Pane, panesFor } from './columns';
import { type PageRecord, rowIdentity } from './load-rows';
import { useLoadedRecords } from './loaded-records';
import { NATIVE_SCROLLBAR_WIDTH, NativeBody } from './native-body';
import { type PageLayout, usePageLayout } from './page-layout';
import { RowRegistry } from './row-registry';
import { geometryFor, type TableGeometry } from './table-geometry';
import { paneRows } from './table-rows';
import { TransformBody } from './transform-body';
import { setTableTruth, tableTruth, visibleAreaOf } from './truth';
import { useMainPaneScroll } from './use-main-pane-scroll';
import { useRemounts } from './use-remounts';
import { WindowBody } from './window-body';

/**
 * Ads Manager's virtual table, as the extension meets it (shared/reference/ads-manager-page.md):
 * a `<ks-virtual-table>` whose cells sit directly in one body, absolutely positioned, with no
 * row elements; scrolling moves the body with `transform: translateY`, so the window never
 * scrolls and only the rows in view (plus an overscan) exist in the DOM. Every few seconds
 * all cells are remounted, as the real table re-renders. The layout flags (../layout.ts) change
 * the host, the header, the scrolling (transform-body, native-body, window-body), the panes
 * and the rows (table-rows.tsx); the standard page stays exactly as it was.
 */

const SCROLLBAR_GUTTER = 14;

/** The records come from context (loaded-records.ts): no element's props may carry them. */
export interface VirtualTableProps {
  level: Level;
  formats: Formats;
  advertiserId: string;
  /** The summary row's name cell (`total-row`). */
  totalLabel: string;
  onOpen(record: PageRecord): void;
}

export function VirtualTable({
  level,
  formats,
  advertiserId,
  totalLabel,
  onOpen,
}: VirtualTableProps) {
  const layout = usePageLayout();
  const records = useLoadedRecords();
  const { flags, names } = layout;
  const geometry = useMemo(() => geometryFor(flags), [flags]);
  const panes = useMemo(() => panesFor(level, flags), [level, flags]);
  const tableWidth = panes.reduce((sum, pane) => sum + pane.visibleWidth, 0);
  const hostRef = useRef<HTMLElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  /** The element whose box is the table's visible area (viewport, or the body for the window). */
  const scrollerRef = useRef<HTMLDivElement>(null);
  const mainPaneRef = useRef<HTMLDivElement>(null);
  const registry = useMemo(() => new RowRegistry(), []);
  const generation = useRemounts(flags);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const scrollLeft = useMainPaneScroll(mainPaneRef, flags.has('fixed-columns'));

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

  useEffect(
    () =>
      setTableTruth(() =>
        tableTruth(
          visibleAreaOf(
            scrollerRef.current,
            geometry.scrollMode === 'window' ? headerRef.current : null,
            tableWidth,
          ),
          registry,
          records,
          rowIdentity,
          (record) => selected.has(rowIdentity(record).ref),
        ),
      ),
    [geometry, registry, records, selected, tableWidth],
  );

  const allSelected = records.length > 0 && selected.size === records.length;
  const table = useMemo<TableContextValue>(
    () => ({
      formats,
      advertiserId,
      records,
      registry,
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
    [formats, advertiserId, records, registry, selected, onOpen],
  );

  const rowCount = records.length + (flags.has('total-row') ? 1 : 0);
  const rowsOf = (pane: Pane, first: number, last: number) =>
    paneRows({ pane, first, last, generation, geometry, records, layout, registry, totalLabel });
  const layer = (first: number, last: number, transform?: string, bodyRef?: typeof scrollerRef) =>
    paneLayer({ layout, panes, geometry, rowCount, transform, bodyRef, mainPaneRef }, (pane) =>
      rowsOf(pane, first, last),
    );

  let body: ReactNode;
  let hostWidth = tableWidth;
  if (geometry.scrollMode === 'native') {
    hostWidth = tableWidth + NATIVE_SCROLLBAR_WIDTH;
    body = (
      <NativeBody
        geometry={geometry}
        rowCount={rowCount}
        width={tableWidth}
        viewportRef={scrollerRef}
      >
        {(first, last) => layer(first, last)}
      </NativeBody>
    );
  } else if (geometry.scrollMode === 'window') {
    body = (
      <WindowBody geometry={geometry} rowCount={rowCount} bodyRef={scrollerRef}>
        {(first, last) => layer(first, last, undefined, scrollerRef)}
      </WindowBody>
    );
  } else {
    hostWidth = tableWidth + SCROLLBAR_GUTTER;
    body = (
      <TransformBody
        geometry={geometry}
        rowCount={rowCount}
        width={tableWidth}
        viewportRef={scrollerRef}
      >
        {(first, last, transform) => layer(first, last, transform)}
      </TransformBody>
    );
  }

  const header = (
    <TableHeader
      headerRef={headerRef}
      panes={panes}
      width={tableWidth}
      scrollLeft={scrollLeft}
      selectAll={
        <SelectBox
          label="Select all"
          checked={allSelected}
          mixed={selected.size > 0 && !allSelected}
          onToggle={() =>
            setSelected(allSelected ? new Set() : new Set(records.map((r) => rowIdentity(r).ref)))
          }
        />
      }
    />
  );
  // A custom element's host takes no role prop at all: React would set it as a property.
  const hostProps = flags.has('grid')
    ? { ref: hostRef, className: names.table, role: 'grid', 'data-level': level }
    : { ref: hostRef, className: names.table, 'data-level': level };
  const direction = flags.has('rtl') ? { dir: 'rtl' } : {};
  return (
    <TableContext.Provider value={table}>
      {createElement(
        flags.has('grid') ? 'div' : names.table,
        { ...hostProps, ...direction, style: { width: hostWidth } },
        header,
        body,
      )}
    </TableContext.Provider>
  );
}

function TableHeader({
  headerRef,
  panes,
  width,
  scrollLeft,
  selectAll,
}: {
  headerRef: RefObject<HTMLDivElement | null>;
  panes: Pane[];
  width: number;
  scrollLeft: number;
  selectAll: ReactNode;
}) {
  const { flags, names } = usePageLayout();
  const role = (value: string) => (flags.has('grid') ? value : undefined);
  const cellsOf = (pane: Pane) =>
    pane.columns.map((column) => (
      <div
        key={column.key}
        className={column.numeric ? names.numeric : undefined}
        role={role('columnheader')}
        style={{ width: column.width }}
      >
        {column.key === 'checkbox' ? (flags.has('no-select-all') ? null : selectAll) : column.title}
      </div>
    ));
  return (
    <div ref={headerRef} className={names.header} role={role('row')} style={{ width }}>
      {panes.length === 1 && panes[0]
        ? cellsOf(panes[0])
        : panes.map((pane) => (
            <div key={pane.kind} className={names.headerPane} style={{ width: pane.visibleWidth }}>
              <div
                style={{
                  width: pane.width,
                  transform: pane.kind === 'main' ? `translateX(-${scrollLeft}px)` : undefined,
                }}
              >
                {cellsOf(pane)}
              </div>
            </div>
          ))}
    </div>
  );
}

interface PaneLayerInput {
  layout: PageLayout;
  panes: Pane[];
  geometry: TableGeometry;
  rowCount: number;
  /** The transform that scrolls the rows (transform scrolling), else none. */
  transform: string | undefined;
  /** The ref of the outermost body (window scrolling: it is the table's visible area). */
  bodyRef: RefObject<HTMLDivElement | null> | undefined;
  mainPaneRef: RefObject<HTMLDivElement | null>;
}

/**
 * What the scroller holds: one body of cells, or with `fixed-columns` a frozen pane and a main
 * pane side by side, each moved by the same vertical transform (or scrolled together natively).
 */
function paneLayer(input: PaneLayerInput, rowsOf: (pane: Pane) => ReactNode): ReactNode {
  const { layout, panes, geometry, transform, bodyRef, mainPaneRef } = input;
  const { names } = layout;
  const height = input.rowCount * geometry.rowHeight;
  const [single] = panes;
  if (panes.length === 1 && single) {
    return transform === undefined ? (
      <div
        ref={bodyRef}
        className={names.body}
        style={{ position: 'relative', width: single.width, height }}
      >
        {rowsOf(single)}
      </div>
    ) : (
      <div
        className={names.body}
        style={{ position: 'absolute', top: 0, left: 0, width: '100%', height, transform }}
      >
        {rowsOf(single)}
      </div>
    );
  }
  let left = 0;
  const paneElements = panes.map((pane) => {
    const x = left;
    left += pane.visibleWidth;
    const main = pane.kind === 'main';
    const style = {
      position: 'absolute',
      top: 0,
      left: x,
      width: pane.visibleWidth,
      height: transform === undefined ? height : '100%',
      overflow: 'hidden',
    } as const;
    return (
      <div
        key={pane.kind}
        ref={main ? mainPaneRef : undefined}
        className={`${names.pane} ${main ? names.paneMain : names.paneFixed}`}
        style={style}
      >
        {transform === undefined ? (
          rowsOf(pane)
        ) : (
          <div
            className={names.body}
            style={{ position: 'absolute', top: 0, left: 0, width: pane.width, height, transform }}
          >
            {rowsOf(pane)}
          </div>
        )}
      </div>
    );
  });
  return transform === undefined ? (
    <div ref={bodyRef} className={names.body} style={{ position: 'relative', width: left, height }}>
      {paneElements}
    </div>
  ) : (
    paneElements
  );
}
