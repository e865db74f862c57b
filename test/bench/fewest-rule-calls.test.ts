import { describe, expect, it } from 'vitest';
import { fewestRuleCycleCalls, type RuleCycleFacts } from './fewest-rule-calls';

const ACCOUNTS = ['7000000000000000001', '7000000000000000002', '7000000000000000003'];
const WINDOWS = ['today', 'yesterday', 'last_3d', 'last_14d', 'lifetime'];

/** Rules over ad groups of three accounts of `entities` each, reading WINDOWS. */
function adGroupCycle(entities: number, change: Partial<RuleCycleFacts> = {}): RuleCycleFacts {
  return {
    lists: ACCOUNTS.map((advertiserId) => ({ advertiserId, level: 'adgroup', entities })),
    reports: ACCOUNTS.flatMap((advertiserId) =>
      WINDOWS.map((window) => ({
        advertiserId,
        level: 'adgroup' as const,
        window,
        rows: entities,
        frequency: window === 'yesterday',
      })),
    ),
    changes: [],
    ...change,
  };
}

const noChange = {
  paused: 0,
  enabled: 0,
  dailyBudgets: 0,
  lifetimeBudgets: 0,
  bids: 0,
  parentCampaigns: 0,
};

/** Calls by path, reads and writes together. */
function byPath(facts: RuleCycleFacts): Record<string, number> {
  const { reads, writes } = fewestRuleCycleCalls(facts);
  return Object.fromEntries([...reads, ...writes].map((count) => [count.path, count.calls]));
}

describe('the fewest calls of one rules cycle under TikTok rules', () => {
  it('reads each list and each window once per account, and frequency apart', () => {
    const fewest = fewestRuleCycleCalls(adGroupCycle(1_000));
    expect(byPath(adGroupCycle(1_000))).toEqual({
      'adgroup/get/': 3,
      'report/integrated/get/': 3 * 5 + 3,
    });
    expect(fewest.frequencyReports).toBe(3);
    expect(fewest.writes).toEqual([]);
    expect(fewest.total).toBe(21);
  });

  it('pages lists and reports 1,000 at a time, and counts an empty one as a call', () => {
    expect(byPath(adGroupCycle(2_500))).toEqual({
      'adgroup/get/': 9,
      'report/integrated/get/': 3 * 3 * 6,
    });
    expect(fewestRuleCycleCalls(adGroupCycle(0)).total).toBe(21);
  });

  it('counts a repeated list or window once', () => {
    const once = adGroupCycle(1_000);
    const twice = { ...once, lists: [...once.lists, ...once.lists] };
    twice.reports = [...once.reports, ...once.reports];
    expect(fewestRuleCycleCalls(twice).total).toBe(fewestRuleCycleCalls(once).total);
  });

  it('merges pauses of every rule 20 a call and writes daily budgets one each', () => {
    const facts = adGroupCycle(1_000, {
      changes: [
        { ...noChange, advertiserId: ACCOUNTS[0] as string, level: 'adgroup', paused: 21 },
        {
          ...noChange,
          advertiserId: ACCOUNTS[1] as string,
          level: 'adgroup',
          enabled: 1,
          paused: 1,
          dailyBudgets: 4,
          parentCampaigns: 2,
        },
      ],
    });
    expect(fewestRuleCycleCalls(facts).writes).toEqual([
      { path: 'adgroup/status/update/', calls: 4, why: 'pauses and enables, 20 a call' },
      {
        path: 'adgroup/update/',
        calls: 4,
        why: 'daily budgets and bids, one a call (the only immediate route)',
      },
    ]);
    // Today's spend is read by the rules already; the parent campaigns are not.
    expect(byPath(facts)['campaign/get/']).toBe(1);
    expect(byPath(facts)['report/integrated/get/']).toBe(18);
  });

  it("reads today's spend for budget changes when no rule reads today", () => {
    const facts = adGroupCycle(1_000, {
      changes: [
        {
          ...noChange,
          advertiserId: ACCOUNTS[0] as string,
          level: 'adgroup',
          dailyBudgets: 3,
          lifetimeBudgets: 25,
          parentCampaigns: 1,
        },
      ],
    });
    facts.reports = facts.reports.filter((r) => r.window !== 'today');
    // 15 windows (3 of them with frequency) + today's spend of 3 daily budgets by id.
    expect(byPath(facts)['report/integrated/get/']).toBe(12 + 3 + 1);
    expect(byPath(facts)['adgroup/budget/update/']).toBe(2);
  });

  it('needs no parent read when a rule lists the campaigns anyway', () => {
    const facts = adGroupCycle(1_000, {
      changes: [
        {
          ...noChange,
          advertiserId: ACCOUNTS[0] as string,
          level: 'adgroup',
          bids: 2,
          parentCampaigns: 2,
        },
      ],
    });
    facts.lists = [
      ...facts.lists,
      { advertiserId: ACCOUNTS[0] as string, level: 'campaign', entities: 10 },
    ];
    expect(byPath(facts)['campaign/get/']).toBe(1);
    expect(byPath(facts)['adgroup/update/']).toBe(2);
  });
});
