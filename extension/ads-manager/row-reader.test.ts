import { describe, expect, it } from 'vitest';
import type { ScanAnswer } from './bridge-protocol';
import { indexEntities } from './row-identity';
import { type Reading, RowReader } from './row-reader';

const A = {
  id: '1700000000000000001',
  name: 'Gift guide v1',
  operationStatus: 'ENABLE',
  budget: null,
};
const B = {
  id: '1700000000000000002',
  name: 'Gift guide v2',
  operationStatus: 'ENABLE',
  budget: null,
};

const row = (top: number, ids: string[], texts: string[] | null): ScanAnswer['rows'][number] => ({
  top,
  bottom: top + 48,
  left: 0,
  right: 900,
  ids,
  exhausted: false,
  texts,
  checked: false,
  gaps: [[300, 500]],
  rtl: false,
});
const answer = (rows: ScanAnswer['rows']): ScanAnswer => ({
  table: true,
  strategy: 'checkbox-column',
  viewport: { top: 0, bottom: 800, left: 0, right: 1000 },
  origin: { top: 0, left: 0 },
  rows,
  pageRange: null,
  tookMs: 0.2,
});

describe('RowReader', () => {
  it('judges nothing before the entities are known, then identifies', () => {
    let scan = answer([row(100, [A.id], null)]);
    const reader = new RowReader(() => scan);
    reader.read();
    expect(reader.current.rows[0]?.verdict.kind).toBe('unknown');
    reader.setEntities(indexEntities([A, B]));
    reader.read();
    expect(reader.current.rows[0]?.verdict).toMatchObject({ kind: 'identified', id: A.id });
    scan = answer([row(100, [A.id], null)]);
    expect(reader.read()).toBe(false);
  });

  it('takes the same answer again (nothing moved in the page) as no change, until the entities change', () => {
    const scan = answer([row(100, [A.id], null)]);
    const reader = new RowReader(() => scan);
    let moves = 0;
    reader.onMove(() => {
      moves += 1;
    });
    expect(reader.read()).toBe(true);
    expect(reader.current.rows[0]?.verdict.kind).toBe('unknown');
    expect(reader.read()).toBe(false);
    reader.setEntities(indexEntities([A, B]));
    expect(reader.read()).toBe(true);
    expect(reader.current.rows[0]?.verdict).toMatchObject({ kind: 'identified', id: A.id });
    expect(reader.read()).toBe(false);
    expect(moves).toBe(2);
  });

  it('tells moves from changes: a scroll moves badges without a re-render', () => {
    let scan = answer([row(100, [A.id], null)]);
    const reader = new RowReader(() => scan);
    reader.setEntities(indexEntities([A, B]));
    let renders = 0;
    const moves: Reading[] = [];
    reader.subscribe(() => {
      renders += 1;
    });
    reader.onMove((reading) => moves.push(reading));
    reader.read();
    scan = answer([row(60, [A.id], null)]);
    expect(reader.read()).toBe(true);
    expect(renders).toBe(1);
    expect(moves).toHaveLength(2);
    expect(moves[1]?.rows[0]?.top).toBe(60);
  });

  it('moves the badges for any change of place: a gap, the viewport, a row, and nothing else', () => {
    type Gaps = Array<[number, number]>;
    const at = (gaps: Gaps, right = 900, bottom = 800): ScanAnswer => ({
      ...answer([{ ...row(100, [A.id], null), gaps, right }]),
      viewport: { top: 0, bottom, left: 0, right: 1000 },
    });
    let scan = at([[300, 500]]);
    const reader = new RowReader(() => scan);
    reader.setEntities(indexEntities([A, B]));
    const moves: Reading[] = [];
    reader.onMove((reading) => moves.push(reading));
    reader.read();
    const read = (next: ScanAnswer) => {
      scan = next;
      return reader.read();
    };
    // A new answer with the same places, to the pixel, is no move.
    expect(read(at([[300, 500]], 900.3))).toBe(false);
    // A gap split in two, a gap's edge, a shorter viewport, a wider row: each is one.
    const split: Gaps = [
      [300, 400],
      [420, 500],
    ];
    const edge: Gaps = [
      [300, 400],
      [440, 500],
    ];
    expect(read(at(split))).toBe(true);
    expect(read(at(edge))).toBe(true);
    expect(read(at(edge, 900, 700))).toBe(true);
    expect(read(at(edge, 950, 700))).toBe(true);
    // No viewport, twice: the same.
    expect(read({ ...answer([]), viewport: null })).toBe(true);
    expect(read({ ...answer([]), viewport: null })).toBe(false);
    expect(moves).toHaveLength(6);
  });

  it('trusts no name that two visible rows claim (a stale list of names)', () => {
    const scan = answer([row(100, [], [A.name]), row(148, [], [A.name]), row(196, [B.id], null)]);
    const reader = new RowReader(() => scan);
    reader.setEntities(indexEntities([A, B]));
    reader.read();
    expect(reader.current.rows.map((r) => r.verdict.kind)).toEqual([
      'ambiguous',
      'ambiguous',
      'identified',
    ]);
    expect(reader.current.rows[0]?.verdict).toMatchObject({ name: A.name });
  });
});
