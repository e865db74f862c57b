import { afterEach, describe, expect, it } from 'vitest';
import { readLayoutFixtures } from '../../test/fixtures/ads-manager/layout-fixture';
import { loadLayoutFixture } from '../../test/fixtures/ads-manager/load-sample';
import { BUILTIN_HINTS } from './layout-hints';
import { identifyRow, indexEntities, type KnownEntity } from './row-identity';
import { scanTable } from './table-scan';

/**
 * Row discovery against every saved layout fixture (test/fixtures/ads-manager/*.sample.json:
 * samples sent by staff from the real page, and samples of the replica's variants): each
 * row the fixture expects is found and identified as its entity, and no row is ever
 * identified as an entity other than its own. A new sample becomes a fixture with
 * `npm run layout:fixture`; this test then runs on it.
 */

const HINTS = {
  table: BUILTIN_HINTS.selectors.table.map((h) => h.selector),
  rowCheckbox: BUILTIN_HINTS.selectors.rowCheckbox.map((h) => h.selector),
};

function knownOf(entities: readonly KnownEntity[]) {
  const known = {
    ids: new Set(entities.map((e) => e.id)),
    names: new Set(entities.map((e) => e.name)),
    idsByName: new Map<string, string[]>(),
  };
  for (const e of entities)
    known.idsByName.set(e.name, [...(known.idsByName.get(e.name) ?? []), e.id]);
  return known;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe.each(readLayoutFixtures().map(({ name, fixture }) => [name, fixture] as const))(
  'fixture %s',
  (_name, fixture) => {
    it('identifies every expected row as its own entity, and no row as another', () => {
      const loaded = loadLayoutFixture(fixture);
      const entities: KnownEntity[] = loaded.entities.map((e) => ({
        ...e,
        operationStatus: 'ENABLE',
        budget: null,
      }));
      const known = knownOf(entities);
      const scan = scanTable(document, known, HINTS);
      expect(scan.table).toBe(true);
      // A page with row checkboxes is read by its checkbox column: rows found by their names
      // alone could be identified but never selected.
      if (fixture.sample.nodes.filter((node) => node.checked !== null).length >= 2) {
        expect(scan.strategy).toBe('checkbox-column');
      }
      const index = indexEntities(entities);
      const found = scan.rows.map((row) => ({ row, verdict: identifyRow(row, index) }));
      for (const want of loaded.expected) {
        const middle = (want.top + want.bottom) / 2;
        const at = found.find(({ row }) => row.top <= middle && middle <= row.bottom);
        if (want.id === null) {
          // A header or totals row: never an entity.
          expect(at?.verdict.kind ?? 'unknown').not.toBe('identified');
        } else {
          expect(at?.verdict, `row at ${want.top}`).toMatchObject({
            kind: 'identified',
            id: want.id,
          });
        }
      }
      for (const { row, verdict } of found) {
        if (verdict.kind !== 'identified') continue;
        const middle = (row.top + row.bottom) / 2;
        const want = loaded.expected.find((w) => w.top <= middle && middle <= w.bottom);
        expect(want?.id, `row at ${row.top} identified as ${verdict.id}`).toBe(verdict.id);
      }
    });
  },
);

describe('hints from the server that are not valid selectors', () => {
  it('are left out: the same rows are found as without them', () => {
    const [first] = readLayoutFixtures();
    if (!first) throw new Error('no layout fixtures');
    const loaded = loadLayoutFixture(first.fixture);
    const known = knownOf(
      loaded.entities.map((e) => ({ ...e, operationStatus: 'ENABLE', budget: null })),
    );
    const good = scanTable(document, known, HINTS);
    const spoiled = scanTable(document, known, {
      table: ['[[not a selector', ...HINTS.table],
      rowCheckbox: ['div:has(', ...HINTS.rowCheckbox],
    });
    expect(spoiled.table).toBe(true);
    expect(spoiled.rows.map((row) => row.ids)).toEqual(good.rows.map((row) => row.ids));
    expect(good.rows.some((row) => row.ids.length > 0)).toBe(true);
  });
});
