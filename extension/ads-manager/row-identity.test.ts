import { describe, expect, it } from 'vitest';
import { identifyRow, indexEntities, type KnownEntity } from './row-identity';
import type { ScannedRow } from './table-scan';

const entity = (id: string, name: string, extra: Partial<KnownEntity> = {}): KnownEntity => ({
  id,
  name,
  operationStatus: 'ENABLE',
  budget: null,
  ...extra,
});
const A = entity('1700000000000000001', 'Summer sale v1', { budget: 50 });
const B = entity('1700000000000000002', 'Summer sale v1', { budget: 80 });
const C = entity('1700000000000000003', 'Winter | Broad 18-44 | Purchase');
const D = entity('1700000000000000004', 'Paused twin', { operationStatus: 'DISABLE' });
const E = entity('1700000000000000005', 'Paused twin');
const index = indexEntities([A, B, C, D, E]);

const row = (ids: string[], texts: string[] | null, exhausted = false): ScannedRow => ({
  top: 0,
  bottom: 48,
  left: 0,
  right: 900,
  ids,
  exhausted,
  texts,
  checked: false,
  gaps: [],
  rtl: false,
});

describe('identifyRow', () => {
  it('takes the one known id a row carries, whatever its name says', () => {
    expect(identifyRow(row([A.id], null), index)).toEqual({
      kind: 'identified',
      id: A.id,
      by: 'ids',
    });
  });

  it('checks the texts when the search could not see the whole row', () => {
    expect(identifyRow(row([C.id], [C.name, '$12.00'], true), index)).toMatchObject({ id: C.id });
    expect(identifyRow(row([C.id], ['Paused twin'], true), index)).toMatchObject({
      kind: 'ambiguous',
    });
  });

  it('settles several ids by the name shown, and only when exactly one matches', () => {
    expect(identifyRow(row([A.id, C.id], [C.name]), index)).toEqual({
      kind: 'identified',
      id: C.id,
      by: 'ids-and-name',
    });
    expect(identifyRow(row([A.id, B.id], [A.name]), index)).toMatchObject({ kind: 'ambiguous' });
    expect(identifyRow(row([A.id, C.id], ['Something else']), index)).toMatchObject({
      kind: 'ambiguous',
    });
  });

  it('falls back to a unique name, and to a cut-off name when only one entity starts so', () => {
    expect(identifyRow(row([], [C.name]), index)).toEqual({
      kind: 'identified',
      id: C.id,
      by: 'name',
    });
    expect(identifyRow(row([], ['Winter | Broad 18-4…']), index)).toMatchObject({ id: C.id });
    expect(identifyRow(row([], ['No such name']), index)).toEqual({
      kind: 'unknown',
      name: 'No such name',
    });
  });

  it('settles a shared name by the budget or status shown only when one entity fits', () => {
    expect(identifyRow(row([], [A.name, 'Active', '$80.00', 'Daily']), index)).toEqual({
      kind: 'identified',
      id: B.id,
      by: 'name-and-cells',
    });
    expect(identifyRow(row([], [A.name, 'Active', '1.234,00 €']), index)).toMatchObject({
      kind: 'ambiguous',
      why: 'shared-name',
    });
    // Both budgets shown (one as spend): still two candidates, so no guess.
    expect(identifyRow(row([], [A.name, '$50.00', '$80.00']), index)).toMatchObject({
      kind: 'ambiguous',
    });
    expect(identifyRow(row([], ['Paused twin', 'Inactive']), index)).toMatchObject({ id: D.id });
    expect(identifyRow(row([], ['Paused twin']), index)).toMatchObject({ kind: 'ambiguous' });
  });
});
