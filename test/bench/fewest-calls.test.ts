import { describe, expect, it } from 'vitest';
import { type BulkEditFacts, fewestBulkEditCalls } from './fewest-calls';

const adGroups = (change: Partial<BulkEditFacts>): BulkEditFacts => ({
  level: 'adgroup',
  kind: 'budget',
  selected: 1_000,
  levelTotal: 1_000,
  parentCampaigns: 10,
  campaignTotal: 10,
  changes: 1_000,
  lifetimeChanges: 0,
  ...change,
});

/** Calls by path, summed over the breakdown. */
function calls(facts: BulkEditFacts): Record<string, number> {
  const { reads, writes } = fewestBulkEditCalls(facts);
  const byPath: Record<string, number> = {};
  for (const count of [...reads, ...writes]) {
    byPath[count.path] = (byPath[count.path] ?? 0) + count.calls;
  }
  return byPath;
}

describe('the fewest calls of a bulk edit under TikTok rules', () => {
  it('raises 1,000 daily ad-group budgets one write each, after three reads', () => {
    const fewest = fewestBulkEditCalls(adGroups({}));
    expect(fewest.reads).toEqual([
      { path: 'adgroup/get/', calls: 1, why: 'all 1000 ad groups of the account, 1,000 a page' },
      { path: 'campaign/get/', calls: 1, why: '10 parent campaigns by id, 100 a call' },
      {
        path: 'report/integrated/get/',
        calls: 1,
        why: "today's spend: all 1000 ad groups of the account, 1,000 a page",
      },
    ]);
    expect(fewest.writes).toEqual([
      {
        path: 'adgroup/update/',
        calls: 1_000,
        why: '1000 daily budgets, one a call: the only immediate route',
      },
    ]);
    expect(fewest.total).toBe(1_003);
  });

  it('batches lifetime ad-group budgets 20 a call and reads their lifetime spend', () => {
    expect(calls(adGroups({ changes: 100, lifetimeChanges: 45, selected: 100 }))).toEqual({
      'adgroup/get/': 1,
      'campaign/get/': 1,
      'report/integrated/get/': 2,
      'adgroup/update/': 55,
      'adgroup/budget/update/': 3,
    });
  });

  it('pauses 20 ids a call and reads nothing but the entities', () => {
    const fewest = fewestBulkEditCalls(adGroups({ kind: 'status', changes: 900 }));
    expect(fewest.reads.map((count) => count.path)).toEqual(['adgroup/get/']);
    expect(fewest.writes).toEqual([
      { path: 'adgroup/status/update/', calls: 45, why: '900 ad groups, 20 a call' },
    ]);
    expect(fewest.total).toBe(46);
  });

  it('reads a small selection of a large account by id, and a large one by whole pages', () => {
    const few = adGroups({ kind: 'status', selected: 250, levelTotal: 20_000, changes: 250 });
    expect(calls(few)['adgroup/get/']).toBe(3);
    const many = adGroups({ kind: 'status', selected: 1_000, levelTotal: 2_500, changes: 1_000 });
    expect(calls(many)['adgroup/get/']).toBe(3);
    const most = adGroups({ kind: 'status', selected: 1_000, levelTotal: 1_999, changes: 1_000 });
    expect(calls(most)['adgroup/get/']).toBe(2);
  });

  it('writes campaign budgets and bids one call each', () => {
    expect(
      calls({ ...adGroups({ changes: 30, selected: 30 }), level: 'campaign', levelTotal: 40 }),
    ).toEqual({ 'campaign/get/': 1, 'report/integrated/get/': 1, 'campaign/update/': 30 });
    expect(calls(adGroups({ kind: 'bid', changes: 12, selected: 12 }))).toEqual({
      'adgroup/get/': 1,
      'campaign/get/': 1,
      'adgroup/update/': 12,
    });
  });

  it('needs no write when nothing changes, but still the preview', () => {
    expect(fewestBulkEditCalls(adGroups({ kind: 'status', changes: 0 })).total).toBe(1);
  });
});
