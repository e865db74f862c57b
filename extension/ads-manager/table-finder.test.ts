import { afterEach, describe, expect, it } from 'vitest';
import { scanTable } from './table-scan';

/**
 * How the table finder tells a header's "select all" box from the rows' boxes when nothing
 * but markup and style can say (every box in its own row element, all under one body): a
 * header kept in view, never a column kept in view sideways.
 */

const ROW_PX = 40;
const TOP = 100;
const PROPS_KEY = '__reactProps$test';
const IDS = ['7000000000000000001', '7000000000000000002', '7000000000000000003'];
const HINTS = { table: [], rowCheckbox: [] };

function place(element: Element, top: number, left: number, width: number, height: number) {
  const box = { top, left, width, height, bottom: top + height, right: left + width };
  (element as HTMLElement).getBoundingClientRect = () =>
    ({ ...box, x: left, y: top, toJSON: () => box }) as DOMRect;
}

interface RowOptions {
  /** Inline style of the cell holding the checkbox. */
  cellStyle?: Partial<CSSStyleDeclaration>;
  /** The row element's role. */
  role?: string;
}

/** A row element at `index` (0 is the body's first row): a checkbox cell and a name cell. */
function rowElement(index: number, id: string | null, options: RowOptions = {}): HTMLElement {
  const top = TOP + index * ROW_PX;
  const row = document.createElement('div');
  row.setAttribute('role', options.role ?? 'row');
  row.style.position = 'absolute';
  place(row, top, 0, 1000, ROW_PX);
  const cell = document.createElement('div');
  Object.assign(cell.style, options.cellStyle ?? {});
  place(cell, top, 0, 48, ROW_PX);
  const box = document.createElement('input');
  box.type = 'checkbox';
  place(box, top + 12, 16, 16, 16);
  cell.append(box);
  const name = document.createElement('div');
  name.textContent = id ? `Ad ${id.slice(-1)}` : 'Ad name';
  if (id) (name as unknown as Record<string, unknown>)[PROPS_KEY] = { record: { ad_id: id } };
  place(name, top, 48, 300, ROW_PX);
  row.append(cell, name);
  return row;
}

function table(rows: HTMLElement[]): void {
  const body = document.createElement('div');
  body.style.position = 'relative';
  place(body, TOP, 0, 1000, rows.length * ROW_PX);
  body.append(...rows);
  document.body.append(body);
}

function scan() {
  const known = { ids: new Set(IDS), names: new Set<string>(), idsByName: new Map() };
  return scanTable(document, known, HINTS);
}

const FROZEN = { position: 'sticky', left: '0px' } as Partial<CSSStyleDeclaration>;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('a checkbox column frozen at the left with position: sticky', () => {
  it('is read as the rows, not taken for headers', () => {
    table(IDS.map((id, i) => rowElement(i, id, { cellStyle: FROZEN })));
    const result = scan();
    expect(result.strategy).toBe('checkbox-column');
    expect(result.rows.map((row) => row.ids)).toEqual(IDS.map((id) => [id]));
  });

  it('still leaves out a header row kept on top in the same body', () => {
    const header = rowElement(0, null, {
      cellStyle: { position: 'sticky', left: '0px', top: '0px' } as Partial<CSSStyleDeclaration>,
      role: 'row',
    });
    header.style.position = 'sticky';
    header.style.top = '0px';
    table([header, ...IDS.map((id, i) => rowElement(i + 1, id, { cellStyle: FROZEN }))]);
    const result = scan();
    expect(result.rows.map((row) => row.ids)).toEqual(IDS.map((id) => [id]));
  });
});

describe('boxes whose rows all look like headers', () => {
  it('are the rows: a header has one box, a footer another, never more', () => {
    table(IDS.map((id, i) => rowElement(i, id, { role: 'columnheader' })));
    const result = scan();
    expect(result.rows.map((row) => row.ids)).toEqual(IDS.map((id) => [id]));
  });
});

describe('a header row that says what it is', () => {
  it('is left out by its role', () => {
    table([
      rowElement(0, null, { role: 'columnheader' }),
      ...IDS.map((id, i) => rowElement(i + 1, id)),
    ]);
    const result = scan();
    expect(result.rows.map((row) => row.ids)).toEqual(IDS.map((id) => [id]));
  });

  it('is left out when it sticks to the top, even with a sideways inset too', () => {
    table([
      rowElement(0, null, {
        cellStyle: { position: 'sticky', top: '0px', left: '0px' } as Partial<CSSStyleDeclaration>,
      }),
      ...IDS.map((id, i) => rowElement(i + 1, id)),
    ]);
    const result = scan();
    expect(result.rows.map((row) => row.ids)).toEqual(IDS.map((id) => [id]));
  });
});
