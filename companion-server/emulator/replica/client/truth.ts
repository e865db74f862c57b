import type { Level } from '../contract';
import type { Layout, LayoutFlag } from '../layout';
import type { PageRecord } from './load-rows';
import type { RowRegistry } from './row-registry';

/**
 * `window.__replicaTruth()`: what the page shows right now, for browser tests to compare an
 * extension's overlays against. A TEST HOOK: the extension must never read it (the real Ads
 * Manager has nothing like it), and nothing in the page depends on it.
 *
 * It is the app's own knowledge, not a reading of the DOM: the rows are the records behind the
 * row indexes the table rendered, the elements those the app registered for each row as it
 * rendered them (row-registry.ts); only their rectangles come from the layout engine.
 *
 * A row is listed when its vertical middle is inside the table's visible area: the part of the
 * viewport (transform / native scroll) or of the window below the sticky header (window scroll)
 * that is on screen. Rectangles are viewport coordinates (getBoundingClientRect):
 * - `rowRect`: the row's top and bottom; left and right of its visible part.
 * - `nameRect`: the name cell. `checkboxRect`: the selection checkbox control itself.
 */

export interface TruthRect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface TruthRow {
  id: string;
  name: string;
  checked: boolean;
  rowRect: TruthRect;
  nameRect: TruthRect;
  checkboxRect: TruthRect;
}

export interface ReplicaTruth {
  level: Level;
  range: { st: string; et: string };
  flags: LayoutFlag[];
  /** Null while no table is shown (loading, error, empty list). */
  visibleArea: TruthRect | null;
  rows: TruthRow[];
}

declare global {
  interface Window {
    /** Test hook of the Ads Manager replica (null before its first render); see truth.ts. */
    __replicaTruth?: () => ReplicaTruth | null;
  }
}

interface TableTruth {
  visibleArea: TruthRect | null;
  rows: TruthRow[];
}

let page: Pick<ReplicaTruth, 'level' | 'range' | 'flags'> | null = null;
let table: (() => TableTruth) | null = null;

export function installTruthHook(): void {
  window.__replicaTruth = () =>
    page && { ...page, ...(table?.() ?? { visibleArea: null, rows: [] }) };
}

export function setTruthPage(level: Level, range: { st: string; et: string }, flags: Layout) {
  page = { level, range: { ...range }, flags: [...flags] };
}

/** The shown table's part of the truth; returns the function that withdraws it. */
export function setTableTruth(provider: () => TableTruth): () => void {
  table = provider;
  return () => {
    if (table === provider) table = null;
  };
}

const rectOf = (element: Element): TruthRect => {
  const { top, bottom, left, right } = element.getBoundingClientRect();
  return { top, bottom, left, right };
};

/** What of `rect` the window shows (its scrollbars excluded). */
function onScreen(rect: TruthRect): TruthRect | null {
  const root = document.documentElement;
  const clipped = {
    top: Math.max(rect.top, 0),
    bottom: Math.min(rect.bottom, root.clientHeight),
    left: Math.max(rect.left, 0),
    right: Math.min(rect.right, root.clientWidth),
  };
  return clipped.top < clipped.bottom && clipped.left < clipped.right ? clipped : null;
}

/**
 * The visible area of a table: inside `container` (its content box, scrollbars excluded) and
 * no wider than the table's columns on screen, below `stickyHeader` when the header stays on
 * screen over scrolled rows, and on screen.
 */
export function visibleAreaOf(
  container: HTMLElement | null,
  stickyHeader: HTMLElement | null,
  tableWidth: number,
): TruthRect | null {
  if (!container) return null;
  const box = container.getBoundingClientRect();
  const top = box.top + container.clientTop;
  const left = box.left + container.clientLeft;
  const area = {
    top: Math.max(top, stickyHeader ? stickyHeader.getBoundingClientRect().bottom : top),
    bottom: top + container.clientHeight,
    left,
    right: left + Math.min(container.clientWidth, tableWidth),
  };
  return area.top < area.bottom ? onScreen(area) : null;
}

export function tableTruth(
  area: TruthRect | null,
  registry: RowRegistry,
  records: readonly PageRecord[],
  identity: (record: PageRecord) => { ref: string; name: string },
  isChecked: (record: PageRecord) => boolean,
): TableTruth {
  if (!area) return { visibleArea: null, rows: [] };
  const rows: TruthRow[] = [];
  for (const [rowIndex, slots] of registry.entries()) {
    const record = records[rowIndex];
    const nameCell = slots.get('name');
    const checkbox = slots.get('checkbox-control');
    if (!record || !nameCell || !checkbox) continue;
    const cells = [...slots].filter(([slot]) => slot !== 'checkbox-control').map(([, e]) => e);
    const boxes = cells.map(rectOf);
    const top = Math.min(...boxes.map((box) => box.top));
    const bottom = Math.max(...boxes.map((box) => box.bottom));
    const middle = (top + bottom) / 2;
    if (middle < area.top || middle > area.bottom) continue;
    const left = Math.max(area.left, Math.min(...boxes.map((box) => box.left)));
    const right = Math.min(area.right, Math.max(...boxes.map((box) => box.right)));
    if (left >= right) continue;
    const { ref, name } = identity(record);
    rows.push({
      id: ref,
      name,
      checked: isChecked(record),
      rowRect: { top, bottom, left, right },
      nameRect: rectOf(nameCell),
      checkboxRect: rectOf(checkbox),
    });
  }
  rows.sort((a, b) => a.rowRect.top - b.rowRect.top);
  return { visibleArea: area, rows };
}
