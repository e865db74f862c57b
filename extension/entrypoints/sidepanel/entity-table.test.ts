import { describe, expect, it } from 'vitest';
import type { EntityMetrics, EntityView } from '../../../companion-server/src/contract/ads-manager';
import {
  filterLines,
  joinLines,
  type SortKey,
  type StatusFilter,
  selectionOf,
  sortLines,
  toggleOne,
  toggleShown,
} from './entity-table';

const entity = (id: string, name: string, status = 'ENABLE'): EntityView => ({
  id,
  name,
  operationStatus: status,
  secondaryStatus: null,
  budgetMode: 'BUDGET_MODE_DAY',
  budget: 100,
  parentId: null,
});
const metrics = (id: string, spend: number): EntityMetrics => ({
  id,
  name: null,
  current: { spend, impressions: 1, clicks: 1, ctr: 1, cpc: 1, conversions: 1, cpa: 1, roas: null },
  previous: null,
});

const lines = joinLines(
  [
    entity('1700000000000000001', 'Alpha'),
    entity('1700000000000000002', 'Beta', 'DISABLE'),
    entity('1700000000000000003', 'Gamma'),
  ],
  [metrics('1700000000000000001', 10), metrics('1700000000000000003', 30)],
);

const arrangeLines = (
  given: typeof lines,
  options: { text: string; status: StatusFilter; sortKey: SortKey; descending: boolean },
) => filterLines(sortLines(given, options), options);

describe('side panel table', () => {
  it('sorts by a metric, entities without delivery last whichever the direction', () => {
    const order = (descending: boolean) =>
      arrangeLines(lines, { text: '', status: 'all', sortKey: 'spend', descending }).map(
        (l) => l.entity.name,
      );
    expect(order(true)).toEqual(['Gamma', 'Alpha', 'Beta']);
    expect(order(false)).toEqual(['Alpha', 'Gamma', 'Beta']);
  });

  it('filters by name or id, and by status', () => {
    expect(
      arrangeLines(lines, { text: 'amm', status: 'all', sortKey: 'name', descending: false }).map(
        (l) => l.entity.name,
      ),
    ).toEqual(['Gamma']);
    expect(
      arrangeLines(lines, { text: '0002', status: 'all', sortKey: 'name', descending: false }).map(
        (l) => l.entity.name,
      ),
    ).toEqual(['Beta']);
    expect(
      arrangeLines(lines, { text: '', status: 'paused', sortKey: 'name', descending: false }).map(
        (l) => l.entity.name,
      ),
    ).toEqual(['Beta']);
    expect(
      arrangeLines(lines, { text: '', status: 'active', sortKey: 'name', descending: true }).map(
        (l) => l.entity.name,
      ),
    ).toEqual(['Gamma', 'Alpha']);
  });

  it('sorts without touching the lines given, and filters keeping the order', () => {
    const given = [...lines];
    const sorted = sortLines(given, { sortKey: 'name', descending: true });
    expect(given.map((l) => l.entity.name)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(sorted.map((l) => l.entity.name)).toEqual(['Gamma', 'Beta', 'Alpha']);
    expect(filterLines(sorted, { text: 'a', status: 'active' }).map((l) => l.entity.name)).toEqual([
      'Gamma',
      'Alpha',
    ]);
    expect(filterLines(sorted, { text: ' ', status: 'all' })).toBe(sorted);
  });

  it('ticks one entity at a time, and all shown entities from the header', () => {
    const shown = ['1', '2'];
    let selected: ReadonlySet<string> = new Set(['9']);
    expect(selectionOf(selected, shown)).toBe('none');
    selected = toggleOne(selected, '1');
    expect(selectionOf(selected, shown)).toBe('some');
    selected = toggleShown(selected, shown);
    expect([...selected].sort()).toEqual(['1', '2', '9']);
    expect(selectionOf(selected, shown)).toBe('all');
    // Unticking all shown leaves the ones hidden by the filter ticked.
    selected = toggleShown(selected, shown);
    expect([...selected]).toEqual(['9']);
    expect([...toggleOne(selected, '9')]).toEqual([]);
  });
});
