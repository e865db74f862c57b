import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChildPlaces } from './child-places';
import type { Rect } from './element-geometry';

/** A body with cells whose boxes the test sets (the test DOM lays nothing out). */
function table(cells: number) {
  const body = document.createElement('div');
  const boxes = new Map<Element, Rect>();
  const reads = vi.fn();
  const box = (element: Element, rect: Rect) => {
    boxes.set(element, rect);
    element.getBoundingClientRect = () => {
      reads(element);
      const r = boxes.get(element) as Rect;
      return {
        ...r,
        x: r.left,
        y: r.top,
        width: r.right - r.left,
        height: r.bottom - r.top,
      } as DOMRect;
    };
  };
  const children = Array.from({ length: cells }, (_, i) => {
    const cell = document.createElement('div');
    cell.setAttribute('style', `top: ${i * 40}px`);
    body.append(cell);
    box(cell, { top: 100 + i * 40, bottom: 140 + i * 40, left: 0, right: 200 });
    return cell;
  });
  document.body.append(body);
  return { body, children, box, reads };
}

const at = (top: number): Rect => ({ top, bottom: top + 2000, left: 0, right: 200 });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ChildPlaces', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('reads a cell once, then follows the body without reading it again', () => {
    const { body, children, reads } = table(3);
    const places = new ChildPlaces();
    places.begin(body, at(100));
    expect(places.placeOf(children[1] as Element).top).toBe(140);
    expect(reads).toHaveBeenCalledTimes(1);
    // The body scrolled up 30 px: the cell moved with it, and was not read.
    places.begin(body, at(70));
    expect(places.placeOf(children[1] as Element).top).toBe(110);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('reads again a cell whose style the page changed, even before the observer reported it', () => {
    const { body, children, box, reads } = table(3);
    const places = new ChildPlaces();
    const cell = children[2] as Element;
    places.begin(body, at(100));
    places.placeOf(cell);
    cell.setAttribute('style', 'top: 0px');
    box(cell, { top: 100, bottom: 140, left: 0, right: 200 });
    places.begin(body, at(100));
    expect(places.placeOf(cell).top).toBe(100);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('reads again a cell put back into the body, and one reported after the read', async () => {
    const { body, children, box, reads } = table(3);
    const places = new ChildPlaces();
    const [first, second] = children as [HTMLDivElement, HTMLDivElement];
    places.begin(body, at(100));
    places.placeOf(first);
    places.placeOf(second);
    body.append(first);
    box(first, { top: 180, bottom: 220, left: 0, right: 200 });
    places.begin(body, at(100));
    expect(places.placeOf(first).top).toBe(180);
    // A change delivered to the observer between reads counts too.
    second.setAttribute('class', 'moved');
    box(second, { top: 300, bottom: 340, left: 0, right: 200 });
    await settle();
    places.begin(body, at(100));
    expect(places.placeOf(second).top).toBe(300);
    expect(reads).toHaveBeenCalledTimes(4);
  });

  it('drops everything kept when a box read says otherwise, or the body changes size', () => {
    const { body, children, box, reads } = table(2);
    const places = new ChildPlaces();
    const [first, second] = children as [HTMLDivElement, HTMLDivElement];
    places.begin(body, at(100));
    places.placeOf(first);
    places.placeOf(second);
    // Moved by a stylesheet, which no mutation says: the check against a fresh read catches it.
    box(first, { top: 120, bottom: 160, left: 0, right: 200 });
    expect(places.confirm(first, { top: 120, bottom: 160, left: 0, right: 200 })).toBe(false);
    places.placeOf(second);
    expect(reads).toHaveBeenCalledTimes(3);
    places.begin(body, { top: 100, bottom: 1500, left: 0, right: 200 });
    places.placeOf(second);
    expect(reads).toHaveBeenCalledTimes(4);
  });

  it('finds the cells of a band in the page order, following cells added, moved and removed', async () => {
    const { body, children, box, reads } = table(4);
    const places = new ChildPlaces();
    const [a, b, c, d] = children as [
      HTMLDivElement,
      HTMLDivElement,
      HTMLDivElement,
      HTMLDivElement,
    ];
    places.begin(body, at(100));
    const band = (top: number) => ({ top, bottom: top + 40, left: 0, right: 200 });
    expect(places.inBand(band(140)).map((m) => m.element)).toEqual([b]);
    expect(reads).toHaveBeenCalledTimes(4);
    // A second cell in b's band, put in at the front of the body: it comes first.
    const front = document.createElement('div');
    body.prepend(front);
    box(front, { top: 145, bottom: 175, left: 200, right: 400 });
    // One at the end, in c's band, and d taken away.
    const end = document.createElement('div');
    body.append(end);
    box(end, { top: 185, bottom: 215, left: 200, right: 400 });
    d.remove();
    await settle();
    places.begin(body, at(100));
    expect(places.inBand(band(140)).map((m) => m.element)).toEqual([front, b]);
    expect(places.inBand(band(180)).map((m) => m.element)).toEqual([c, end]);
    expect(places.inBand(band(220))).toEqual([]);
    // Only the two new cells were read.
    expect(reads).toHaveBeenCalledTimes(6);
    // a moved to the end of the body (and down the table): it is read again, and last.
    body.append(a);
    box(a, { top: 190, bottom: 210, left: 400, right: 600 });
    places.begin(body, at(100));
    expect(places.inBand(band(180)).map((m) => m.element)).toEqual([c, end, a]);
    // The body moved: every cell moved with it, none was read again.
    places.begin(body, at(60));
    expect(places.inBand(band(140)).map((m) => [m.element, m.rect.top])).toEqual([
      [c, 140],
      [end, 145],
      [a, 150],
    ]);
    expect(reads).toHaveBeenCalledTimes(7);
  });

  it('keeps an element inside a cell where it was in that cell, until the cell is restyled', () => {
    const { body, children, box, reads } = table(2);
    const places = new ChildPlaces();
    const cell = children[1] as HTMLDivElement;
    const input = document.createElement('input');
    cell.append(input);
    const measure = vi.fn((element: Element) => element.getBoundingClientRect());
    box(input, { top: 150, bottom: 166, left: 10, right: 26 });
    places.begin(body, at(100));
    places.inBand({ top: 140, bottom: 180, left: 0, right: 200 });
    expect(places.descendantPlace(input, measure)?.top).toBe(150);
    // The body scrolled up 50 px: the input is placed from its cell, not measured.
    places.begin(body, at(50));
    expect(places.descendantPlace(input, measure)).toEqual({
      top: 100,
      bottom: 116,
      left: 10,
      right: 26,
    });
    expect(measure).toHaveBeenCalledTimes(1);
    // The page restyled the cell: the input is measured again.
    cell.setAttribute('style', 'top: 0px');
    box(input, { top: 60, bottom: 76, left: 10, right: 26 });
    places.begin(body, at(50));
    expect(places.descendantPlace(input, measure)?.top).toBe(60);
    expect(measure).toHaveBeenCalledTimes(2);
    expect(reads).toHaveBeenCalledWith(input);
  });

  it("changes a child's content stamp when the page changes anything inside it, and only then", async () => {
    const { body, children } = table(2);
    const places = new ChildPlaces();
    const [first, second] = children as [HTMLDivElement, HTMLDivElement];
    first.innerHTML = '<a class="name">Ad group 1</a><span>Active</span>';
    places.begin(body, at(100));
    const before = [places.contentOf(first), places.contentOf(second)];
    expect(before.every((stamp) => stamp >= 0)).toBe(true);
    // The body scrolled: nothing inside changed.
    places.begin(body, at(40));
    expect([places.contentOf(first), places.contentOf(second)]).toEqual(before);
    // Text, an inner element's class, an element put in: each is a new stamp, for that child only.
    const link = first.querySelector('a') as HTMLAnchorElement;
    const stamps = new Set([before[0]]);
    for (const change of [
      () => {
        (link.firstChild as Text).data = 'Ad group 1 (renamed)';
      },
      () => link.setAttribute('class', 'name wide'),
      () => first.append(document.createElement('svg')),
    ]) {
      change();
      await settle();
      places.begin(body, at(40));
      const stamp = places.contentOf(first);
      expect(stamps.has(stamp)).toBe(false);
      stamps.add(stamp);
      expect(places.contentOf(second)).toBe(before[1]);
    }
    // Not a child of the body: no stamp to trust.
    expect(places.contentOf(link)).toBe(-1);
  });
});
