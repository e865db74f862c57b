import { describe, expect, it } from 'vitest';
import { fewestFieldEditCalls } from './fewest-update-calls';

describe('the fewest calls of a bulk field update under TikTok rules', () => {
  it('sends each ad group of an ad edit once, whatever its number of ads', () => {
    const fewest = fewestFieldEditCalls({
      edit: 'ad_update',
      selected: 200,
      levelTotal: 5_000,
      changes: 200,
      adGroups: 40,
      changedAdGroups: 40,
    });
    expect(fewest.reads).toEqual([
      {
        path: 'ad/get/',
        calls: 3,
        why: '200 ads by id, then every ad of their 40 ad groups, 100 ids a call',
      },
    ]);
    expect(fewest.writes[0]?.calls).toBe(40);
    expect(fewest.total).toBe(43);
  });

  it('reads every ad of a small account in one page rather than by id', () => {
    const fewest = fewestFieldEditCalls({
      edit: 'ad_update',
      selected: 300,
      levelTotal: 900,
      changes: 10,
      adGroups: 150,
      changedAdGroups: 4,
    });
    expect(fewest.reads[0]).toMatchObject({
      calls: 1,
      why: 'all 900 ads of the account, 1,000 a page',
    });
    expect(fewest.total).toBe(5);
  });

  it('writes ad groups one a call, and reads a dayparting source outside the rows', () => {
    expect(
      fewestFieldEditCalls({
        edit: 'adgroup_update',
        selected: 100,
        levelTotal: 5_000,
        changes: 90,
      }).total,
    ).toBe(91);
    expect(
      fewestFieldEditCalls({
        edit: 'adgroup_update',
        selected: 100,
        levelTotal: 5_000,
        changes: 90,
        readsSource: true,
      }).total,
    ).toBe(92);
  });
});
