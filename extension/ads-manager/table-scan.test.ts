import { afterEach, describe, expect, it } from 'vitest';
import {
  knownOf,
  ROW_PX,
  rowElement,
  setRecord,
  stubTable,
  TOP,
} from '../../test/helpers/stub-table';
import { scanTable } from './table-scan';

/**
 * A read of a table the page left alone returns the last scan (the same object), and
 * everything the page can change without a DOM mutation is still seen: a tick, a row moved by
 * a style sheet, a row given another entity's props by a re-render, the visible part of the
 * table. A change to the DOM reads the table in full.
 */

const IDS = [
  '7000000000000000001',
  '7000000000000000002',
  '7000000000000000003',
  '7000000000000000004',
];
const HINTS = { table: [], rowCheckbox: [] };
const known = knownOf(IDS);

const read = () => scanTable(document, known, HINTS);
/** Mutation records reach the reader's observers in a microtask. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A read as the tracker's reads go on: the first read of a page looks at the whole page, the
 * next ones inside the table it found (table-scan.ts), and the one after that may be the same.
 */
async function settledRead() {
  read();
  const scan = read();
  await settle();
  return scan;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('reading a table the page did not change', () => {
  it('gives the last scan again, the same object', async () => {
    stubTable(IDS.map((id, i) => rowElement(i, id)));
    const first = await settledRead();
    expect(first.rows.map((row) => row.ids)).toEqual(IDS.map((id) => [id]));
    expect(read()).toBe(first);
    expect(read()).toBe(first);
  });

  it('sees a row ticked without any DOM change', async () => {
    const rows = IDS.map((id, i) => rowElement(i, id));
    stubTable(rows);
    const first = await settledRead();
    expect(read()).toBe(first);
    expect(first.rows.map((row) => row.checked)).toEqual([false, false, false, false]);
    (rows[2] as (typeof rows)[number]).checkbox.checked = true;
    const next = read();
    expect(next).not.toBe(first);
    expect(next.rows.map((row) => row.checked)).toEqual([false, false, true, false]);
  });

  it('sees a row moved by a style sheet (no mutation)', async () => {
    const rows = IDS.map((id, i) => rowElement(i, id));
    stubTable(rows);
    const first = await settledRead();
    expect(read()).toBe(first);
    const second = rows[1] as (typeof rows)[number];
    second.move(6);
    const next = read();
    expect(next.rows.find((row) => row.ids[0] === IDS[1])?.top).toBe(TOP + ROW_PX + 6);
  });

  it("reads a row again when a re-render gave it another entity's props", async () => {
    const rows = IDS.slice(0, 3).map((id, i) => rowElement(i, id));
    stubTable(rows);
    const first = await settledRead();
    expect(read()).toBe(first);
    expect(first.rows.map((row) => row.ids)).toEqual(IDS.slice(0, 3).map((id) => [id]));
    // A virtual table recycled the second row element for the fourth entity.
    setRecord((rows[1] as (typeof rows)[number]).element, IDS[3] as string);
    expect(read().rows.map((row) => row.ids)).toEqual([[IDS[0]], [IDS[3]], [IDS[2]]]);
  });

  it('sees the visible part of the table change (a scroller resized, no mutation)', async () => {
    const { scrollerBox } = stubTable(IDS.map((id, i) => rowElement(i, id)));
    const first = await settledRead();
    expect(read()).toBe(first);
    expect(first.rows).toHaveLength(4);
    scrollerBox.height = 2 * ROW_PX;
    expect(read().rows.map((row) => row.ids)).toEqual([[IDS[0]], [IDS[1]]]);
  });

  it('sees the whole table moved (a scroll), though no row moved within it', async () => {
    const { bodyBox } = stubTable(IDS.map((id, i) => rowElement(i, id)));
    const first = await settledRead();
    expect(read()).toBe(first);
    bodyBox.top -= 10;
    expect(read()).not.toBe(first);
  });

  it('reads the table in full after a change to its DOM', async () => {
    const rows = IDS.slice(0, 3).map((id, i) => rowElement(i, id));
    const { body } = stubTable(rows);
    const first = await settledRead();
    expect(read()).toBe(first);
    // The second row's element replaced by one for the fourth entity, at the same place: the
    // body keeps its size, only the observers can tell.
    (rows[1] as (typeof rows)[number]).element.remove();
    body.append(rowElement(1, IDS[3] as string).element);
    await settle();
    const next = read();
    expect(next).not.toBe(first);
    expect(next.rows.map((row) => row.ids)).toEqual([[IDS[0]], [IDS[3]], [IDS[2]]]);
  });

  it('reads the table in full after a text changed in a row', async () => {
    const rows = IDS.slice(0, 3).map((id, i) => rowElement(i, id));
    stubTable(rows);
    const first = await settledRead();
    expect(read()).toBe(first);
    const name = (rows[0] as (typeof rows)[number]).element.lastElementChild as Element;
    (name.firstChild as Text).data = 'Renamed';
    await settle();
    expect(read()).not.toBe(first);
  });
});
