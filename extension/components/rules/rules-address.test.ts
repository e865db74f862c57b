import { describe, expect, it } from 'vitest';
import { parseRulesAddress, rulesSearch } from './rules-address';

describe('the rules page’s address', () => {
  it('holds the account and the rule, and drops what is neither', () => {
    expect(parseRulesAddress('?advertiserId=7252569388304511798&ruleId=rul_stoploss01')).toEqual({
      view: 'rules',
      advertiserId: '7252569388304511798',
      ruleId: 'rul_stoploss01',
      changeId: null,
    });
    expect(parseRulesAddress('?advertiserId=US&ruleId=a b&view=other&changeId=x')).toEqual({
      view: 'rules',
      advertiserId: null,
      ruleId: null,
      changeId: null,
    });
    expect(parseRulesAddress('')).toEqual({
      view: 'rules',
      advertiserId: null,
      ruleId: null,
      changeId: null,
    });
  });

  it('holds the scheduled changes’ view and the change opened', () => {
    expect(parseRulesAddress('?view=schedules&changeId=sch_evening01')).toEqual({
      view: 'schedules',
      advertiserId: null,
      ruleId: null,
      changeId: 'sch_evening01',
    });
  });

  it('is written back the same way, and empty for everything', () => {
    const address = {
      view: 'rules' as const,
      advertiserId: '7252569388304511798',
      ruleId: 'rul_stoploss01',
      changeId: null,
    };
    expect(parseRulesAddress(rulesSearch(address))).toEqual(address);
    expect(rulesSearch(address)).toBe('?advertiserId=7252569388304511798&ruleId=rul_stoploss01');
    const schedules = { ...address, view: 'schedules' as const, changeId: 'sch_evening01' };
    expect(parseRulesAddress(rulesSearch(schedules))).toEqual(schedules);
    expect(rulesSearch({ advertiserId: null, ruleId: null })).toBe('');
  });
});
