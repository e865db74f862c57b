import type { CSSProperties, ReactElement, ReactNode } from 'react';
import {
  CellClip,
  CellFrame,
  DeepCell,
  deepPayload,
  IndexCell,
  MappableCell,
  TotalCell,
} from './cells';
import type { Column, Pane } from './columns';
import { type PageRecord, rowIdentity } from './load-rows';
import type { PageLayout } from './page-layout';
import type { RowRegistry } from './row-registry';
import type { TableGeometry } from './table-geometry';

/**
 * The cells of one pane for the display rows `first`…`last`: absolutely positioned children of
 * the pane's body, or with `row-wrappers` (and `sticky-columns`) laid out in one positioned row
 * element per row, or with `flow-rows` in one row element per row in the normal flow, after a
 * spacer as tall as the rows above them (as lists that pad instead of positioning render).
 * Display row 0 is the summary row with `total-row`, so records start at display row 1 then.
 * Keys change with each generation so that every cell is a new DOM node after a remount.
 */

export interface PaneRowsInput {
  pane: Pane;
  first: number;
  last: number;
  generation: number;
  geometry: TableGeometry;
  records: readonly PageRecord[];
  layout: PageLayout;
  registry: RowRegistry;
  totalLabel: string;
}

/** `sticky-columns`: the cells that stay at the left while the row scrolls sideways. */
const STICKY_KEYS: ReadonlySet<Column['key']> = new Set(['checkbox', 'name']);

export function paneRows(input: PaneRowsInput): ReactElement[] {
  const { pane, generation, geometry, records, layout } = input;
  const { flags, names } = layout;
  const sticky = flags.has('sticky-columns');
  const flow = flags.has('flow-rows');
  // `rtl`: columns are measured from the right edge (the table's direction does the rest).
  const from = (x: number): CSSProperties => (flags.has('rtl') ? { right: x } : { left: x });
  const wrapped = flags.has('row-wrappers') || sticky || flow;
  const firstRecordRow = flags.has('total-row') ? 1 : 0;
  const height = geometry.rowHeight;
  const elements: ReactElement[] = [];
  if (flow) {
    // Its height changes whenever the rendered window moves, and with it every row's place.
    elements.push(
      <div key={`${generation}.spacer`} aria-hidden style={{ height: input.first * height }} />,
    );
  }
  for (let displayRow = input.first; displayRow <= input.last; displayRow += 1) {
    const top = displayRow * height;
    const rowIndex = displayRow - firstRecordRow;
    const place = (column: Column): CSSProperties =>
      wrapped
        ? {
            width: column.width,
            height,
            flex: 'none',
            // `sticky-columns`: frozen in place at the left, as tables freeze their first columns.
            ...(sticky && STICKY_KEYS.has(column.key)
              ? { position: 'sticky', ...from(column.x), zIndex: 1, background: '#fff' }
              : {}),
          }
        : { position: 'absolute', top, ...from(column.x), width: column.width, height };
    let rowKey: string;
    let cells: ReactElement[];
    if (rowIndex < 0) {
      rowKey = 'total';
      cells = pane.columns.map((column) => (
        <div
          key={`${generation}.total.${column.key}`}
          className={`${names.cell} ${names.cellOf[column.key]} ${names.totalCell}`}
          role={flags.has('grid') ? 'gridcell' : undefined}
          style={place(column)}
        >
          <CellClip>
            <TotalCell column={column.key} label={input.totalLabel} />
          </CellClip>
        </div>
      ));
    } else {
      const record = records[rowIndex];
      if (!record) continue;
      rowKey = String(rowIndex);
      const attributeId = flags.has('ids-in-attributes') ? rowIdentity(record).ref : null;
      cells = pane.columns.map((column) => {
        const register = input.registry.ref(rowIndex, column.key);
        return (
          <div
            key={`${generation}.${rowIndex}.${column.key}`}
            ref={(element) => {
              // Set on the node, not passed as a prop: this layout keeps ids out of the props.
              if (element && attributeId) element.setAttribute('data-row-key', attributeId);
              return register(element);
            }}
            className={`${names.cell} ${names.cellOf[column.key]}`}
            role={flags.has('grid') ? 'gridcell' : undefined}
            style={place(column)}
          >
            <CellClip>{cellContent(layout, record, rowIndex, column)}</CellClip>
          </div>
        );
      });
    }
    if (!wrapped) {
      elements.push(...cells);
      continue;
    }
    elements.push(
      // biome-ignore lint/a11y: a positioned row wrapper of a virtual grid, as table libraries render it.
      <div
        key={`${generation}.${rowKey}`}
        className={names.row}
        role="row"
        style={
          flow
            ? { width: pane.width, height, display: 'flex' }
            : { position: 'absolute', top, ...from(0), width: pane.width, height, display: 'flex' }
        }
      >
        {cells}
      </div>,
    );
  }
  return elements;
}

function cellContent(
  { flags }: PageLayout,
  record: PageRecord,
  rowIndex: number,
  column: Column,
): ReactNode {
  if (flags.has('deep-props')) {
    return (
      <CellFrame slot="cell">
        <DeepCell payload={deepPayload(record, rowIndex, column.key)} />
      </CellFrame>
    );
  }
  if (flags.has('no-ids') || flags.has('ids-in-attributes') || flags.has('ids-in-links')) {
    return <IndexCell cellProps={{ rowIndex, column: column.key }} />;
  }
  return <MappableCell cellProps={{ rowData: { record, rowIndex }, column: column.key }} />;
}
