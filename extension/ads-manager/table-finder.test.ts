import { afterEach, describe, expect, it } from 'vitest';
import { knownOf, rowElement, stubTable } from '../../test/helpers/stub-table';
import { scanTable } from './table-scan';

/**
 * How the table finder tells a header's "select all" box from the rows' boxes when nothing
 * but markup and style can say (every box in its own row element, all under one body): a
 * header kept in view, never a column kept in view sideways.
 */

const IDS = ['7000000000000000001', '7000000000000000002', '7000000000000000003'];
const HINTS = { table: [], rowCheckbox: [] };
const FROZEN = { position: 'sticky', left: '0px' } as Partial<CSSStyleDeclaration>;

function idsOfRows() {
  return scanTable(document, knownOf(IDS), HINTS).rows.map((row) => row.ids);
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('a checkbox column frozen at the left with position: sticky', () => {
  it('is read as the rows, not taken for headers', () => {
    stubTable(IDS.map((id, i) => rowElement(i, id, { cellStyle: FROZEN })));
    expect(scanTable(document, knownOf(IDS), HINTS).strategy).toBe('checkbox-column');
    expect(idsOfRows()).toEqual(IDS.map((id) => [id]));
  });

  it('still leaves out a header row kept on top in the same body', () => {
    const header = rowElement(0, null, {
      cellStyle: { position: 'sticky', left: '0px', top: '0px' } as Partial<CSSStyleDeclaration>,
    });
    header.element.style.position = 'sticky';
    header.element.style.top = '0px';
    stubTable([header, ...IDS.map((id, i) => rowElement(i + 1, id, { cellStyle: FROZEN }))]);
    expect(idsOfRows()).toEqual(IDS.map((id) => [id]));
  });
});

describe('boxes whose rows all look like headers', () => {
  it('are the rows: a header has one box, a footer another, never more', () => {
    stubTable(IDS.map((id, i) => rowElement(i, id, { role: 'columnheader' })));
    expect(idsOfRows()).toEqual(IDS.map((id) => [id]));
  });
});

describe('a header row that says what it is', () => {
  it('is left out by its role', () => {
    stubTable([
      rowElement(0, null, { role: 'columnheader' }),
      ...IDS.map((id, i) => rowElement(i + 1, id)),
    ]);
    expect(idsOfRows()).toEqual(IDS.map((id) => [id]));
  });

  it('is left out when it sticks to the top, even with a sideways inset too', () => {
    stubTable([
      rowElement(0, null, {
        cellStyle: { position: 'sticky', top: '0px', left: '0px' } as Partial<CSSStyleDeclaration>,
      }),
      ...IDS.map((id, i) => rowElement(i + 1, id)),
    ]);
    expect(idsOfRows()).toEqual(IDS.map((id) => [id]));
  });
});
