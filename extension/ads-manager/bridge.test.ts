import { afterEach, describe, expect, it } from 'vitest';
import { requestScan } from './bridge';
import { SCAN_REQUEST, SCAN_RESULT } from './bridge-events';

/**
 * The isolated half against a stand-in for the page-world script: it answers the way
 * main-world.ts does, a whole answer with its number, or "the same as answer n" when the
 * request said it holds n.
 */
const row = (top: number, id = '1700000000000000001') => ({
  top,
  bottom: top + 48,
  left: 0,
  right: 900,
  ids: [id],
  exhausted: false,
  texts: null,
  checked: false,
  gaps: [[300, 500]],
  rtl: false,
});

const whole = (seq: number, top: number) =>
  JSON.stringify({
    seq,
    base: null,
    tookMs: 0.3,
    table: true,
    strategy: 'checkbox-column',
    viewport: { top: 0, bottom: 800, left: 0, right: 1000 },
    origin: { top: 0, left: 0 },
    rows: [row(top)],
    order: [-1],
    pageRange: null,
  });

/**
 * An answer sending its rows relative to `origin`: each entry of `rows` a row sent whole, or a
 * number, the place of a row in answer `base` (turned into the message's `order`).
 */
const diff = (seq: number, base: number | null, origin: number, rows: unknown[]) => {
  const whole = rows.filter((entry) => typeof entry !== 'number');
  let next = 0;
  const order = rows.map((entry) => (typeof entry === 'number' ? entry : -1 - next++));
  return JSON.stringify({
    seq,
    base,
    tookMs: 0.3,
    table: true,
    strategy: 'checkbox-column',
    viewport: { top: 0, bottom: 800, left: 0, right: 1000 },
    origin: { top: origin, left: 20 },
    rows: whole,
    order,
    pageRange: null,
  });
};

let answer: (held: unknown) => string = () => '';
const requests: unknown[] = [];
const listener = (event: Event) => {
  const held = (JSON.parse(String((event as CustomEvent).detail)) as { held: unknown }).held;
  requests.push(held);
  document.dispatchEvent(new CustomEvent(SCAN_RESULT, { detail: answer(held) }));
};
document.addEventListener(SCAN_REQUEST, listener);

afterEach(() => {
  requests.length = 0;
});

describe('requestScan', () => {
  it('keeps the answer while the page says nothing moved, and says which answer it holds', () => {
    answer = () => whole(7, 100);
    const first = requestScan();
    expect(first?.rows[0]?.top).toBe(100);
    answer = (held) => JSON.stringify({ same: held, tookMs: 0.1 });
    expect(requestScan()).toBe(first);
    expect(requests).toEqual([null, 7]);
    answer = () => whole(8, 60);
    const moved = requestScan();
    expect(moved).not.toBe(first);
    expect(moved?.rows[0]?.top).toBe(60);
    expect(requests.at(-1)).toBe(7);
  });

  it('never takes "the same" for an answer it does not hold', () => {
    answer = () => whole(3, 100);
    expect(requestScan()).not.toBeNull();
    answer = () => JSON.stringify({ same: 2, tookMs: 0.1 });
    expect(requestScan()).toBeNull();
  });

  it('drops what it held when the page answers nonsense', () => {
    answer = () => whole(4, 100);
    requestScan();
    answer = () => '{"rows": "nonsense"}';
    expect(requestScan()).toBeNull();
    answer = (held) => JSON.stringify({ same: held ?? 4, tookMs: 0.1 });
    expect(requests.at(-1)).toBe(4);
    expect(requestScan()).toBeNull();
    expect(requests.at(-1)).toBeNull();
  });

  it('puts rows sent relative to the table body on screen, and takes unchanged ones from the answer held', () => {
    answer = () => diff(10, null, 100, [row(0), row(48, '1700000000000000002')]);
    const first = requestScan();
    expect(first?.rows.map((r) => [r.top, r.left, r.gaps])).toEqual([
      [100, 20, [[320, 520]]],
      [148, 20, [[320, 520]]],
    ]);
    // The body scrolled up 48 px: the second row is sent as its place in answer 10, a new
    // row whole.
    answer = (held) => diff(11, held as number, 52, [1, row(96, '1700000000000000003')]);
    const moved = requestScan();
    expect(requests.at(-1)).toBe(10);
    expect(moved?.rows.map((r) => [r.top, r.ids[0]])).toEqual([
      [100, '1700000000000000002'],
      [148, '1700000000000000003'],
    ]);
  });

  it('asks again for every row when an answer refers to one it does not hold', () => {
    answer = () => diff(20, null, 0, [row(0)]);
    requestScan();
    answer = (held) => (held === null ? diff(22, null, 0, [row(10)]) : diff(21, 19, 0, [0]));
    expect(requestScan()?.rows[0]?.top).toBe(10);
    expect(requests.slice(-2)).toEqual([20, null]);
    // A place beyond the rows held is no row either.
    answer = (held) => (held === null ? diff(24, null, 0, [row(30)]) : diff(23, 22, 0, [5]));
    expect(requestScan()?.rows[0]?.top).toBe(30);
  });
});
