import { afterEach, describe, expect, it, vi } from 'vitest';
import { placeBadge, roomFor } from './badge-placement';
import type { Rect } from './element-geometry';
import type { TableRow } from './table-finder';
import { freeSpans } from './table-scan';

/**
 * The free spans of a row, read from the left with a stop once a span as wide as the widest
 * badge needs is found: wherever a badge of at most that width goes, it goes to the same
 * place as when the whole row is read, and the row's later cells are not read at all.
 * Geometry is given by hand: each element's box, and each text's box (its parent's `text`).
 */

const ROW = { top: 100, bottom: 148 };
const textBoxes = new WeakMap<Node, Rect>();

function boxed(element: Element, rect: Rect): Element {
  element.getBoundingClientRect = () =>
    ({ ...rect, width: rect.right - rect.left, height: rect.bottom - rect.top }) as DOMRect;
  return element;
}

/** A cell from `left` to `right` holding a text drawn from `left` to `textRight`, or a control. */
function cell(
  left: number,
  right: number,
  content: { text?: string; textRight?: number; control?: [number, number] },
) {
  const element = boxed(document.createElement('div'), { ...ROW, left, right });
  if (content.text !== undefined) {
    const span = document.createElement('span');
    span.textContent = content.text;
    textBoxes.set(span.firstChild as Node, {
      top: 112,
      bottom: 136,
      left,
      right: content.textRight ?? right,
    });
    element.append(span);
  }
  if (content.control) {
    const input = boxed(document.createElement('input'), {
      top: 116,
      bottom: 132,
      left: content.control[0],
      right: content.control[1],
    });
    element.append(input);
  }
  document.body.append(element);
  return element;
}

function rowOf(elements: Element[]): TableRow {
  const boxes = elements.map((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });
  return {
    elements,
    boxes,
    contents: elements.map(() => -1),
    checkbox: null,
    checked: null,
    rect: { ...ROW, left: 0, right: 1200 },
  };
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

function stubTextBoxes(): { read: number } {
  const counter = { read: 0 };
  let selected: Node | null = null;
  vi.spyOn(Range.prototype, 'selectNodeContents').mockImplementation((node: Node) => {
    selected = node;
  });
  vi.spyOn(Range.prototype, 'getClientRects').mockImplementation(() => {
    counter.read += 1;
    const box = selected ? textBoxes.get(selected) : undefined;
    return (box
      ? [{ ...box, width: box.right - box.left, height: 24 }]
      : []) as unknown as DOMRectList;
  });
  return counter;
}

describe('free spans of a row', () => {
  // Cells in DOM order different from their order on screen, as panes and reordered
  // columns give: a checkbox, a name, a budget, a status and a long note.
  const build = () => {
    const note = cell(900, 1200, { text: 'A note', textRight: 960 });
    const check = cell(0, 48, { control: [16, 32] });
    const name = cell(48, 420, { text: 'Spring sale — broad', textRight: 190 });
    const budget = cell(420, 560, { text: '$50.00', textRight: 470 });
    const status = cell(560, 900, { control: [580, 620] });
    return rowOf([note, check, name, budget, status]);
  };
  /** The row read whole, and a counter of text boxes read, set back to zero for the next read. */
  const readWhole = () => {
    const counter = stubTextBoxes();
    const row = build();
    const whole = freeSpans(row, 0, 1200, null);
    const wholeReads = counter.read;
    counter.read = 0;
    return { counter, row, whole, wholeReads };
  };

  it('places every badge that fits the room where reading the whole row would', () => {
    const { counter, row, whole, wholeReads } = readWhole();
    const room = roomFor(180);
    const early = freeSpans(row, 0, 1200, room);
    expect(counter.read).toBeLessThan(wholeReads);
    const viewport = { top: 0, bottom: 800, left: 0, right: 1200 };
    for (const width of [20, 60, 120, 180]) {
      const badge = { width, height: 22 };
      expect(placeBadge({ ...ROW, gaps: early }, badge, viewport)).toEqual(
        placeBadge({ ...ROW, gaps: whole }, badge, viewport),
      );
    }
    // The span after the name is what it stopped at.
    expect(early.at(-1)?.[0]).toBe(190);
  });

  it('reads the whole row when no span left of the last cell holds the room', () => {
    const { counter, row, whole, wholeReads } = readWhole();
    // Wider than any span before the note's cell: only the end of the row holds it.
    const early = freeSpans(row, 0, 1200, roomFor(400));
    expect(counter.read).toBe(wholeReads);
    expect(early).toEqual(whole);
  });

  it('in a row that reads right to left, reads from the right and stops as soon as the room is found', () => {
    const { counter, row, whole, wholeReads } = readWhole();
    const room = roomFor(180);
    const early = freeSpans(row, 0, 1200, room, true);
    expect(counter.read).toBeLessThan(wholeReads);
    const viewport = { top: 0, bottom: 800, left: 0, right: 1200 };
    for (const width of [20, 60, 120, 180]) {
      const badge = { width, height: 22 };
      expect(placeBadge({ ...ROW, gaps: early, rtl: true }, badge, viewport)).toEqual(
        placeBadge({ ...ROW, gaps: whole, rtl: true }, badge, viewport),
      );
    }
    // Only the rightmost cell (the note) was read: the span beside its text holds the room.
    expect(early).toEqual([[960, 1200]]);
    expect(counter.read).toBe(1);
  });

  it('reads a row that is one element (a row wrapper) whole', () => {
    const counter = stubTextBoxes();
    const wrapper = boxed(document.createElement('div'), { ...ROW, left: 0, right: 1200 });
    const name = document.createElement('span');
    name.textContent = 'Only';
    textBoxes.set(name.firstChild as Node, { top: 112, bottom: 136, left: 60, right: 100 });
    wrapper.append(name);
    document.body.append(wrapper);
    const row = rowOf([wrapper]);
    expect(freeSpans(row, 0, 1200, roomFor(50))).toEqual(freeSpans(row, 0, 1200, null));
    expect(counter.read).toBe(2);
  });
});
