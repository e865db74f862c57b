/**
 * A list table built in happy-dom for the table reader's unit tests: row elements of a
 * checkbox cell and a name cell, each box answered by a stub of getBoundingClientRect (which
 * a test can move without touching the DOM, as a style sheet or a scroll would), and React's
 * props expando on each row holding its record.
 */

export const ROW_PX = 40;
export const TOP = 100;
export const PROPS_KEY = '__reactProps$test';

export interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Answer `element`'s box from `box` (read on every call, so a test can move it). */
export function place(element: Element, box: Box): Box {
  (element as HTMLElement).getBoundingClientRect = () => {
    const edges = { ...box, bottom: box.top + box.height, right: box.left + box.width };
    return { ...edges, x: box.left, y: box.top, toJSON: () => edges } as DOMRect;
  };
  return box;
}

export interface RowOptions {
  /** Inline style of the cell holding the checkbox. */
  cellStyle?: Partial<CSSStyleDeclaration>;
  /** The row element's role. */
  role?: string;
}

export interface StubRow {
  element: HTMLElement;
  checkbox: HTMLInputElement;
  /** Moves the row and everything in it by `dy` px, without a mutation (as a style sheet would). */
  move(dy: number): void;
}

/** Give a row element the props React would: its cells, the row record inside. */
export function setRecord(row: Element, id: string | null): void {
  (row as unknown as Record<string, unknown>)[PROPS_KEY] = {
    children: [{ props: { record: id ? { ad_id: id } : null } }],
  };
}

/** A row element at `index` (0 is the body's first row): a checkbox cell and a name cell. */
export function rowElement(index: number, id: string | null, options: RowOptions = {}): StubRow {
  const top = TOP + index * ROW_PX;
  const row = document.createElement('div');
  row.setAttribute('role', options.role ?? 'row');
  row.style.position = 'absolute';
  const box = place(row, { top, left: 0, width: 1000, height: ROW_PX });
  setRecord(row, id);
  const cell = document.createElement('div');
  Object.assign(cell.style, options.cellStyle ?? {});
  const cellBox = place(cell, { top, left: 0, width: 48, height: ROW_PX });
  const checkbox = document.createElement('input');
  checkbox.type = 'checkbox';
  const checkboxBox = place(checkbox, { top: top + 12, left: 16, width: 16, height: 16 });
  cell.append(checkbox);
  const name = document.createElement('div');
  name.textContent = id ? `Ad ${id.slice(-1)}` : 'Ad name';
  const nameBox = place(name, { top, left: 48, width: 300, height: ROW_PX });
  row.append(cell, name);
  const move = (dy: number) => {
    for (const moved of [box, cellBox, checkboxBox, nameBox]) moved.top += dy;
  };
  return { element: row, checkbox, move };
}

/** The rows in one body, inside a scroller that clips them; returns the body and scroller. */
export function stubTable(rows: StubRow[], visibleRows = rows.length) {
  const scroller = document.createElement('div');
  scroller.style.overflowY = 'auto';
  const scrollerBox = place(scroller, {
    top: TOP,
    left: 0,
    width: 1000,
    height: visibleRows * ROW_PX,
  });
  const body = document.createElement('div');
  body.style.position = 'relative';
  const bodyBox = place(body, { top: TOP, left: 0, width: 1000, height: rows.length * ROW_PX });
  body.append(...rows.map((row) => row.element));
  scroller.append(body);
  document.body.append(scroller);
  return { body, bodyBox, scroller, scrollerBox };
}

export function knownOf(ids: readonly string[]) {
  return { ids: new Set(ids), names: new Set<string>(), idsByName: new Map<string, string[]>() };
}
