import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BadgeContent } from './badge-content';
import { BadgeLayer } from './badge-layer';
import type { Reading, RowOnPage } from './row-reader';

const content = (id: string): BadgeContent => ({
  metrics: ['spend'],
  parts: [{ text: `$${id.slice(-2)}`, tone: 'lead' }],
  range: null,
  short: null,
});

function row(id: string, top: number): RowOnPage {
  return {
    verdict: { kind: 'identified', id, by: 'ids' },
    checked: false,
    top,
    bottom: top + 40,
    left: 0,
    right: 1000,
    gaps: [[300, 900]],
    texts: [],
  };
}

function reading(rows: RowOnPage[]): Reading {
  return {
    table: true,
    strategy: 'checkbox-column',
    viewport: { top: 0, bottom: 800, left: 0, right: 1000 },
    origin: { top: 0, left: 0 },
    rows,
    pageRange: null,
  };
}

/** A badge of two figures, with its one-figure form. */
const TWO_FIGURES: BadgeContent = {
  metrics: ['spend', 'clicks'],
  parts: [
    { text: '$12', tone: 'lead' },
    { text: ' · Clicks 4,567', tone: 'rest' },
  ],
  range: null,
  short: { metrics: ['spend'], parts: [{ text: '$12', tone: 'lead' }], range: null, short: null },
};

const ids = Array.from({ length: 100 }, (_, i) => `71000000000000000${String(i).padStart(2, '0')}`);

function badgeOf(container: HTMLElement, id: string): HTMLElement | null {
  return container.querySelector<HTMLElement>(`[data-bayme-badge="${id}"]`);
}

const shown = (element: HTMLElement | null) =>
  element !== null && element.style.display !== 'none' && element.style.visibility !== 'hidden';

describe('BadgeLayer', () => {
  let container: HTMLElement;
  let layer: BadgeLayer;

  beforeEach(() => {
    vi.useFakeTimers();
    container = document.createElement('div');
    document.body.append(container);
    layer = new BadgeLayer();
    layer.attach(container);
    layer.setContent(content);
  });

  afterEach(() => {
    layer.dispose();
    container.remove();
    vi.useRealTimers();
  });

  it('makes the badges of rows not yet in view while idle, hidden, and shows each when its row comes', async () => {
    layer.prepare(ids);
    await vi.runAllTimersAsync();
    expect(layer.size).toBe(100);
    // Worked out ahead, with no element until their rows come: the container stays small.
    expect(container.querySelectorAll('[data-bayme-badge]')).toHaveLength(0);
    // The badge made ahead is the one placed: no other is made, and it has its content.
    layer.place(reading([row(ids[42] as string, 100)]));
    expect(layer.size).toBe(100);
    const made = badgeOf(container, ids[42] as string);
    expect(shown(made)).toBe(true);
    expect(made?.textContent).toBe('$42');
    expect(container.querySelectorAll('[data-bayme-badge]')).toHaveLength(1);
  });

  it('hides the badges of rows that left the view, and only those', () => {
    const [a, b, c] = ids as [string, string, string];
    layer.place(reading([row(a, 100), row(b, 140)]));
    expect([a, b].map((id) => shown(badgeOf(container, id)))).toEqual([true, true]);
    layer.place(reading([row(b, 100), row(c, 140)]));
    expect([a, b, c].map((id) => shown(badgeOf(container, id)))).toEqual([false, true, true]);
    layer.place(reading([]));
    expect([a, b, c].map((id) => shown(badgeOf(container, id)))).toEqual([false, false, false]);
    // Kept for when their rows come back; no element in the page says which entity it was.
    expect(layer.size).toBe(3);
    expect(container.querySelectorAll('[data-bayme-badge]')).toHaveLength(0);
    layer.place(reading([row(a, 100)]));
    expect(shown(badgeOf(container, a))).toBe(true);
    expect(layer.size).toBe(3);
  });

  it('makes every badge listed when the figures come after the list (a page opened warm)', async () => {
    const late = new BadgeLayer();
    const box = document.createElement('div');
    document.body.append(box);
    late.attach(box);
    late.prepare(ids);
    await vi.runAllTimersAsync();
    late.place(reading([row(ids[3] as string, 100)]));
    late.setContent(content);
    await vi.runAllTimersAsync();
    expect(late.size).toBe(100);
    late.dispose();
    box.remove();
  });

  it('makes every badge listed when its container comes after the list', async () => {
    const late = new BadgeLayer();
    late.setContent(content);
    late.prepare(ids);
    await vi.runAllTimersAsync();
    const box = document.createElement('div');
    document.body.append(box);
    late.attach(box);
    await vi.runAllTimersAsync();
    expect(late.size).toBe(100);
    late.dispose();
    box.remove();
  });

  it('stops making badges ahead once disposed', async () => {
    layer.prepare(ids);
    layer.dispose();
    await vi.runAllTimersAsync();
    expect(layer.size).toBe(0);
  });

  it('writes only what changed: a row moving with the body rewrites nothing, a narrower gap makes a dot', () => {
    const id = ids[0] as string;
    const one = (top: number, gaps: Array<[number, number]>, originTop = 0) => ({
      ...reading([{ ...row(id, top), gaps }]),
      origin: { top: originTop, left: 0 },
    });
    layer.place(one(40, [[300, 900]]));
    const badge = badgeOf(container, id) as HTMLElement;
    expect(badge.style.transform).toBe('translate(304px, 49px)');
    // The body and the row moved up 30 px together: the container moves, the badge does not.
    badge.style.transform = 'marker';
    layer.place(one(10, [[300, 900]], -30));
    expect(container.style.transform).toBe('translate(0px, -30px)');
    expect(badge.style.transform).toBe('marker');
    // Its free span narrowed to dot size: a dot, placed anew; wide again: full, in place.
    layer.place(one(10, [[500, 520]], -30));
    expect(badge.dataset.mode).toBe('dot');
    expect(badge.style.transform).toBe('translate(504px, 54px)');
    layer.place(one(10, [[300, 900]], -30));
    expect(badge.dataset.mode).toBe('full');
    expect(badge.style.transform).toBe('translate(304px, 49px)');
    // No span at all: hidden; its row's room back: shown again, where it belongs.
    layer.place(one(10, [], -30));
    expect(shown(badge)).toBe(false);
    layer.place(one(10, [[300, 900]], -30));
    expect(badgeOf(container, id)).toBe(badge);
    expect(shown(badge)).toBe(true);
    expect(badge.style.transform).toBe('translate(304px, 49px)');
  });

  it('shows the one-figure form on a row with room for it only, and the whole badge when room comes', () => {
    const id = ids[0] as string;
    // In a test DOM a badge is measured at 7 px a character (plus its chrome).
    layer.setContent(() => TWO_FIGURES);
    const at = (gaps: Array<[number, number]>) => reading([{ ...row(id, 40), gaps }]);
    layer.place(at([[300, 360]]));
    const badge = badgeOf(container, id) as HTMLElement;
    expect(badge.dataset.mode).toBe('short');
    expect(badge.textContent).toBe('$12');
    expect(badge.querySelector('[data-metrics]')?.getAttribute('data-metrics')).toBe('spend');
    layer.place(at([[300, 600]]));
    expect(badge.dataset.mode).toBe('full');
    expect(badge.textContent).toBe('$12 · Clicks 4,567');
    // Too narrow even for one figure: a dot (its line hidden by overlay.css).
    layer.place(at([[300, 330]]));
    expect(badge.dataset.mode).toBe('dot');
  });

  it('measures the lead figure in bold and the rest in the plain weight, as the badge draws them', () => {
    // A canvas whose bold text is 8 px a character and plain text 6 px.
    let font = '';
    const context = {
      get font() {
        return font;
      },
      set font(value: string) {
        font = value;
      },
      measureText: (text: string) => ({ width: text.length * (font.startsWith('600') ? 8 : 6) }),
    };
    const getContext = vi
      .spyOn(HTMLCanvasElement.prototype, 'getContext')
      .mockReturnValue(context as unknown as CanvasRenderingContext2D);
    const measured = new BadgeLayer();
    measured.attach(container);
    const id = ids[7] as string;
    measured.setContent(() => TWO_FIGURES);
    // 3 bold and 15 plain characters: 24 + 90 px, with padding, border and a pixel to spare
    // 129 px, and 137 px of room with its margins (all in bold it would need 167).
    measured.place(reading([{ ...row(id, 40), gaps: [[300, 437]] }]));
    const badge = badgeOf(container, id) as HTMLElement;
    expect(badge.dataset.mode).toBe('full');
    measured.place(reading([{ ...row(id, 40), gaps: [[300, 436]] }]));
    expect(badge.dataset.mode).toBe('short');
    measured.dispose();
    getContext.mockRestore();
  });

  it('makes way for the bulk-edit drawer: a badge goes left of it, or is not drawn, and comes back when it closes', () => {
    const id = ids[42] as string;
    const drawer = document.createElement('aside');
    let drawerLeft = 560;
    let drawerWidth = 440;
    drawer.getBoundingClientRect = () =>
      ({ left: drawerLeft, right: drawerLeft + drawerWidth, width: drawerWidth }) as DOMRect;
    // A short free span after the name, and a wide one further right ('$42' needs 44 px).
    const at = (gaps: Array<[number, number]>) => reading([{ ...row(id, 40), gaps }]);
    layer.place(
      at([
        [100, 130],
        [600, 900],
      ]),
    );
    const badge = badgeOf(container, id) as HTMLElement;
    expect(badge.dataset.mode).toBe('full');
    expect(badge.style.transform).toBe('translate(604px, 49px)');
    // The drawer opens over the wide span: the badge moves left of it at once, as a dot
    // (the short span holds no more), without waiting for the next reading.
    layer.setCover(drawer);
    expect(shown(badge)).toBe(true);
    expect(badge.dataset.mode).toBe('dot');
    expect(badge.style.transform).toBe('translate(104px, 54px)');
    // The window widens: the drawer leaves 100 px of the wide span free, room for the badge.
    drawerLeft = 700;
    layer.place(
      at([
        [100, 130],
        [600, 900],
      ]),
    );
    expect(badge.dataset.mode).toBe('full');
    expect(badge.style.transform).toBe('translate(604px, 49px)');
    // No free span left of the drawer: no badge rather than one under it.
    drawerLeft = 560;
    layer.place(at([[600, 900]]));
    expect(shown(badge)).toBe(false);
    // A drawer not laid out (display none) or right of the table covers nothing.
    drawerWidth = 0;
    layer.place(at([[600, 900]]));
    expect(shown(badge)).toBe(true);
    drawerWidth = 440;
    drawerLeft = 1200;
    layer.place(at([[600, 900]]));
    expect(shown(badge)).toBe(true);
    // Closed: the badge is back where it was, at once.
    drawerLeft = 560;
    layer.place(at([[600, 900]]));
    expect(shown(badge)).toBe(false);
    layer.setCover(null);
    expect(shown(badgeOf(container, id))).toBe(true);
    expect(badgeOf(container, id)?.style.transform).toBe('translate(604px, 49px)');
  });

  it('gives the element of a row leaving the view to the row entering it, and keeps few spare', () => {
    const rows = (first: number, count: number) =>
      reading(Array.from({ length: count }, (_, i) => row(ids[first + i] as string, 40 * i)));
    layer.place(rows(0, 10));
    const elements = new Set(container.children);
    // A scroll: two rows leave at the top and two enter at the bottom, frame after frame.
    for (let first = 2; first <= 20; first += 2) {
      layer.place(rows(first, 10));
      expect(new Set(container.children)).toEqual(elements);
      for (let i = 0; i < 10; i += 1) {
        const id = ids[first + i] as string;
        const badge = badgeOf(container, id);
        expect(shown(badge)).toBe(true);
        expect(badge?.textContent).toBe(`$${id.slice(-2)}`);
        expect(badge?.style.transform).toBe(`translate(304px, ${40 * i + 9}px)`);
      }
      expect(container.querySelectorAll('[data-bayme-badge]')).toHaveLength(10);
    }
    // Twenty rows show, then the list shrinks to two: the elements not needed are hidden, with
    // no entity, and only a few of them are kept.
    layer.place(rows(30, 20));
    expect(container.querySelectorAll('[data-testid="overlay-badge"]')).toHaveLength(20);
    layer.place(rows(60, 2));
    const hidden = [...container.children].filter((element) => !shown(element as HTMLElement));
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.length).toBeLessThanOrEqual(8);
    expect(hidden.every((element) => !element.hasAttribute('data-bayme-badge'))).toBe(true);
    expect(container.querySelectorAll('[data-testid="overlay-badge"]')).toHaveLength(2);
  });
});
