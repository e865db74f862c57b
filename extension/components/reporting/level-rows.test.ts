import { describe, expect, it } from 'vitest';
import type { EntityMetrics } from '../../../companion-server/src/contract/ads-manager';
import { filterLevelRows, type LevelSort, nextSort, sortLevelRows } from './level-rows';

const figures = (spend: number | null, cpa: number | null) => ({
  spend,
  impressions: null,
  clicks: null,
  ctr: null,
  cpc: null,
  conversions: null,
  cpa,
  roas: null,
});
const row = (id: string, name: string | null, spend: number | null, cpa: number | null) =>
  ({ id, name, current: figures(spend, cpa), previous: null }) satisfies EntityMetrics;

const ROWS = [
  row('101', 'Spring sale', 50, 4),
  row('102', 'Black Friday', 200, null),
  row('103', null, 10, 2),
  row('104', 'Retargeting', null, 8),
];
const ids = (rows: EntityMetrics[]) => rows.map((r) => r.id);
const arrange = (options: LevelSort & { text: string }) =>
  filterLevelRows(sortLevelRows(ROWS, options), options.text);

describe('level table rows', () => {
  it('sorts by a figure either way, missing figures last', () => {
    const base = { text: '', sortKey: 'spend' as const };
    expect(ids(arrange({ ...base, descending: true }))).toEqual(['102', '101', '103', '104']);
    expect(ids(arrange({ ...base, descending: false }))).toEqual(['103', '101', '102', '104']);
  });

  it('sorts by name, using the id where there is none', () => {
    expect(ids(arrange({ text: '', sortKey: 'name', descending: false }))).toEqual([
      '103',
      '102',
      '104',
      '101',
    ]);
  });

  it('filters by part of the name or the id', () => {
    const options = { sortKey: 'spend' as const, descending: true };
    expect(ids(arrange({ ...options, text: ' SALE ' }))).toEqual(['101']);
    expect(ids(arrange({ ...options, text: '104' }))).toEqual(['104']);
  });

  it('keeps the sorted order when filtering, and leaves the rows given untouched', () => {
    const given = [...ROWS];
    const sorted = sortLevelRows(given, { sortKey: 'cpa', descending: false });
    expect(ids(given)).toEqual(['101', '102', '103', '104']);
    expect(ids(filterLevelRows(sorted, 'r'))).toEqual(['101', '104', '102']);
    expect(filterLevelRows(sorted, '  ')).toBe(sorted);
  });

  it('flips the clicked column, and starts another in its usual direction', () => {
    expect(nextSort({ sortKey: 'spend', descending: true }, 'spend')).toEqual({
      sortKey: 'spend',
      descending: false,
    });
    expect(nextSort({ sortKey: 'spend', descending: true }, 'name')).toEqual({
      sortKey: 'name',
      descending: false,
    });
    expect(nextSort({ sortKey: 'name', descending: false }, 'cpa')).toEqual({
      sortKey: 'cpa',
      descending: true,
    });
  });
});
