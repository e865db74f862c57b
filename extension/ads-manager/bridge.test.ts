import { afterEach, describe, expect, it } from 'vitest';
import { requestScan } from './bridge';
import { SCAN_REQUEST, SCAN_RESULT } from './bridge-events';

/**
 * The isolated half against a stand-in for the page-world script: it answers the way
 * main-world.ts does, a whole answer with its number, or "the same as answer n" when the
 * request said it holds n.
 */
const whole = (seq: number, top: number) =>
  JSON.stringify({
    seq,
    tookMs: 0.3,
    table: true,
    strategy: 'checkbox-column',
    viewport: { top: 0, bottom: 800, left: 0, right: 1000 },
    origin: { top: 0, left: 0 },
    rows: [
      {
        top,
        bottom: top + 48,
        left: 0,
        right: 900,
        ids: ['1700000000000000001'],
        exhausted: false,
        texts: null,
        checked: false,
        gaps: [],
      },
    ],
    pageRange: null,
  });

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
});
