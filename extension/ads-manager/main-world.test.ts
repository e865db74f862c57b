import { describe, expect, it } from 'vitest';
import { answerOf } from './main-world';
import type { ScannedRow, TableScan } from './table-scan';

const row = (top: number, id: string): ScannedRow => ({
  top,
  bottom: top + 48,
  left: 20,
  right: 920,
  ids: [id],
  exhausted: false,
  texts: null,
  checked: false,
  gaps: [[320.3, 500]],
  rtl: false,
});

const scan = (originTop: number, rows: ScannedRow[]): TableScan => ({
  table: true,
  strategy: 'checkbox-column',
  viewport: { top: 0, bottom: 800, left: 0, right: 1000 },
  origin: { top: originTop, left: 20 },
  rows,
});

const A = '1700000000000000001';
const B = '1700000000000000002';
const C = '1700000000000000003';

describe('answerOf (the page-world answer to a scan request)', () => {
  it('sends rows relative to the body, and rows that only moved with it as their place in the answer held', () => {
    const first = JSON.parse(answerOf(scan(100, [row(100, A), row(148, B)]), null, 0.2));
    expect(first.base).toBeNull();
    expect(first.rows.map((r: ScannedRow) => [r.top, r.left, r.gaps])).toEqual([
      [0, 0, [[300.296875, 480]]],
      [48, 0, [[300.296875, 480]]],
    ]);
    // Scrolled up 48 px: B moved with the body, C entered the view.
    const next = JSON.parse(answerOf(scan(52, [row(100, B), row(148, C)]), first.seq, 0.2));
    expect(next.base).toBe(first.seq);
    expect(next.order).toEqual([1, -1]);
    expect(next.rows).toHaveLength(1);
    expect(next.rows[0]).toMatchObject({ top: 96, ids: [C] });
    // Nothing moved: "the same as" the answer held.
    const same = JSON.parse(answerOf(scan(52, [row(100, B), row(148, C)]), next.seq, 0.1));
    expect(same).toEqual({ same: next.seq, tookMs: 0.1 });
  });

  it('sends every row whole to an asker holding another answer', () => {
    const first = JSON.parse(answerOf(scan(0, [row(0, A)]), null, 0.2));
    // Another script of the page asked in between: the number moved on.
    answerOf(scan(0, [row(0, A)]), null, 0.2);
    const stale = JSON.parse(answerOf(scan(0, [row(0, A)]), first.seq, 0.2));
    expect(stale.base).toBeNull();
    expect(stale.order).toEqual([-1]);
    expect(stale.rows[0]).toMatchObject({ top: 0, ids: [A] });
  });

  it('answers the very scan answered last as the same, but only to the asker holding it', () => {
    const still = scan(0, [row(0, A), row(48, B)]);
    const first = JSON.parse(answerOf(still, null, 0.2));
    expect(JSON.parse(answerOf(still, first.seq, 0.1))).toEqual({ same: first.seq, tookMs: 0.1 });
    // An asker holding no answer (or another) gets every row.
    const whole = JSON.parse(answerOf(still, null, 0.1));
    expect(whole.seq).toBe(first.seq + 1);
    expect(whole.rows).toHaveLength(2);
  });

  it('sends a row whole again when anything in it changed, not only its place', () => {
    const first = JSON.parse(answerOf(scan(0, [row(0, A)]), null, 0.2));
    const ticked = JSON.parse(answerOf(scan(0, [{ ...row(0, A), checked: true }]), first.seq, 0.2));
    expect(ticked.order).toEqual([-1]);
    expect(ticked.rows[0]).toMatchObject({ checked: true });
  });
});
