import { describe, expect, it } from 'vitest';
import { parseRulesAddress, rulesSearch } from './rules-address';

describe('the rules page’s address', () => {
  it('holds the account and the rule, and drops what is neither', () => {
    expect(parseRulesAddress('?advertiserId=7252569388304511798&ruleId=rul_stoploss01')).toEqual({
      advertiserId: '7252569388304511798',
      ruleId: 'rul_stoploss01',
    });
    expect(parseRulesAddress('?advertiserId=US&ruleId=a b')).toEqual({
      advertiserId: null,
      ruleId: null,
    });
    expect(parseRulesAddress('')).toEqual({ advertiserId: null, ruleId: null });
  });

  it('is written back the same way, and empty for everything', () => {
    const address = { advertiserId: '7252569388304511798', ruleId: 'rul_stoploss01' };
    expect(parseRulesAddress(rulesSearch(address))).toEqual(address);
    expect(rulesSearch({ advertiserId: null, ruleId: null })).toBe('');
  });
});
