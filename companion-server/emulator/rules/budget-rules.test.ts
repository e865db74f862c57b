import { describe, expect, it } from 'vitest';
import type { BudgetMode } from '../state/model';
import {
  type BudgetCheck,
  checkAdGroupBudgetMode,
  checkBudget,
  checkCampaignBudgetMode,
  minimumBudget,
} from './budget-rules';

function campaignDaily(budget: number, currency: string, extra: Partial<BudgetCheck> = {}) {
  return checkBudget({
    level: 'campaign',
    mode: 'BUDGET_MODE_DAY',
    budget,
    currency,
    spendSoFar: 0,
    objective: 'WEB_CONVERSIONS',
    productSource: null,
    ...extra,
  });
}

function adGroupDaily(budget: number, currency: string, extra: Partial<BudgetCheck> = {}) {
  return checkBudget({
    level: 'adgroup',
    mode: 'BUDGET_MODE_DAY',
    budget,
    currency,
    spendSoFar: 0,
    productSource: null,
    ...extra,
  });
}

describe('checkBudget: campaign daily minimum is 50 × ratio, inclusive', () => {
  it.each([
    ['USD', 50, 49.99, '50.00 USD'],
    ['GBP', 50, 49.99, '50.00 GBP'],
    ['PLN', 200, 199.99, '200.00 PLN'],
    ['HKD', 500, 499.99, '500.00 HKD'],
    ['PHP', 2_500, 2_499.99, '2500.00 PHP'],
    ['JPY', 5_000, 4_999, '5000 JPY'],
    ['KRW', 50_000, 49_999, '50000 KRW'],
    ['IDR', 500_000, 499_999, '500000 IDR'],
    ['VEF', 5_000_000, 4_999_999.99, '5000000.00 VEF'],
  ])('%s: %d is accepted, %d is refused', (currency, minimum, below, shown) => {
    expect(campaignDaily(minimum, currency)).toBeNull();
    expect(campaignDaily(below, currency)).toBe(
      `budget: Campaign daily budget must be at least ${shown}.`,
    );
  });

  it('applies the same minimum to dynamic daily budgets', () => {
    expect(campaignDaily(50, 'USD', { mode: 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET' })).toBeNull();
    expect(campaignDaily(49.99, 'USD', { mode: 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET' })).toBe(
      'budget: Campaign daily budget must be at least 50.00 USD.',
    );
  });
});

describe('checkBudget: lifetime campaign budget must exceed 50 × ratio', () => {
  it.each([
    ['USD', 50, 50.01, '50.00 USD'],
    ['PLN', 200, 200.01, '200.00 PLN'],
    ['JPY', 5_000, 5_001, '5000 JPY'],
    ['KRW', 50_000, 50_001, '50000 KRW'],
    ['IDR', 500_000, 500_001, '500000 IDR'],
  ])('%s: %d is refused, %d is accepted', (currency, minimum, above, shown) => {
    const lifetime = { mode: 'BUDGET_MODE_TOTAL' as const };
    expect(campaignDaily(minimum, currency, lifetime)).toBe(
      `budget: Campaign lifetime budget must be greater than ${shown}.`,
    );
    expect(campaignDaily(above, currency, lifetime)).toBeNull();
    expect(campaignDaily(minimum - 1, currency, lifetime)).not.toBeNull();
  });
});

describe('checkBudget: reduced campaign minimum for PRODUCT_SALES with a STORE source', () => {
  const shop = { objective: 'PRODUCT_SALES' as const, productSource: 'STORE' as const };

  it('accepts 10 × ratio and refuses just below', () => {
    expect(campaignDaily(10, 'USD', shop)).toBeNull();
    expect(campaignDaily(9.99, 'USD', shop)).toBe(
      'budget: Campaign daily budget must be at least 10.00 USD.',
    );
    expect(campaignDaily(1_000, 'JPY', shop)).toBeNull();
    expect(campaignDaily(999, 'JPY', shop)).toBe(
      'budget: Campaign daily budget must be at least 1000 JPY.',
    );
  });

  it('keeps the lifetime rule strict on the reduced minimum', () => {
    expect(campaignDaily(10, 'USD', { ...shop, mode: 'BUDGET_MODE_TOTAL' })).toBe(
      'budget: Campaign lifetime budget must be greater than 10.00 USD.',
    );
    expect(campaignDaily(10.01, 'USD', { ...shop, mode: 'BUDGET_MODE_TOTAL' })).toBeNull();
  });

  it.each([
    ['PRODUCT_SALES', 'CATALOG'],
    ['PRODUCT_SALES', 'SHOWCASE'],
    ['PRODUCT_SALES', null],
    ['WEB_CONVERSIONS', 'STORE'],
    ['TRAFFIC', 'STORE'],
  ] as const)('does not apply to %s with source %s', (objective, productSource) => {
    expect(campaignDaily(49.99, 'USD', { objective, productSource })).toBe(
      'budget: Campaign daily budget must be at least 50.00 USD.',
    );
    expect(campaignDaily(50, 'USD', { objective, productSource })).toBeNull();
  });
});

describe('checkBudget: ad group daily minimum is 20 × ratio, inclusive', () => {
  it.each([
    ['USD', 20, 19.99, '20.00 USD'],
    ['PLN', 80, 79.99, '80.00 PLN'],
    ['HKD', 200, 199.99, '200.00 HKD'],
    ['PHP', 1_000, 999.99, '1000.00 PHP'],
    ['JPY', 2_000, 1_999, '2000 JPY'],
    ['KRW', 20_000, 19_999, '20000 KRW'],
    ['IDR', 200_000, 199_999, '200000 IDR'],
    ['VEF', 2_000_000, 1_999_999.99, '2000000.00 VEF'],
  ])('%s: %d is accepted, %d is refused', (currency, minimum, below, shown) => {
    expect(adGroupDaily(minimum, currency)).toBeNull();
    expect(adGroupDaily(below, currency)).toBe(
      `budget: Ad group daily budget must be at least ${shown}.`,
    );
  });

  it.each(['STORE', 'SHOWCASE'] as const)('is 10 × ratio for product source %s', (source) => {
    expect(adGroupDaily(10, 'USD', { productSource: source })).toBeNull();
    expect(adGroupDaily(9.99, 'USD', { productSource: source })).toBe(
      'budget: Ad group daily budget must be at least 10.00 USD.',
    );
    expect(adGroupDaily(1_000, 'JPY', { productSource: source })).toBeNull();
    expect(adGroupDaily(999, 'JPY', { productSource: source })).not.toBeNull();
  });

  it('stays 20 × ratio for a CATALOG source', () => {
    expect(adGroupDaily(19.99, 'USD', { productSource: 'CATALOG' })).toBe(
      'budget: Ad group daily budget must be at least 20.00 USD.',
    );
  });
});

describe('checkBudget: lifetime ad group minimum is 20 × ratio × scheduled days', () => {
  const lifetime = (budget: number, currency: string, scheduledDays?: number) =>
    adGroupDaily(budget, currency, { mode: 'BUDGET_MODE_TOTAL', scheduledDays });

  it.each([
    ['USD', 30, 600, 599.99, '600.00 USD'],
    ['USD', 1, 20, 19.99, '20.00 USD'],
    ['GBP', 7, 140, 139.99, '140.00 GBP'],
    ['JPY', 7, 14_000, 13_999, '14000 JPY'],
    ['JPY', 30, 60_000, 59_999, '60000 JPY'],
    ['KRW', 10, 200_000, 199_999, '200000 KRW'],
  ])('%s over %i days: %d accepted, %d refused', (currency, days, minimum, below, shown) => {
    expect(lifetime(minimum, currency, days)).toBeNull();
    expect(lifetime(below, currency, days)).toBe(
      `budget: Ad group lifetime budget must be at least ${shown}.`,
    );
  });

  it('counts at least one day', () => {
    expect(lifetime(20, 'USD', undefined)).toBeNull();
    expect(lifetime(19.99, 'USD', undefined)).not.toBeNull();
    expect(lifetime(20, 'USD', 0)).toBeNull();
    expect(lifetime(19.99, 'USD', 0)).not.toBeNull();
  });

  it('scales the reduced STORE minimum by days too', () => {
    const store = { mode: 'BUDGET_MODE_TOTAL' as const, productSource: 'STORE' as const };
    expect(adGroupDaily(100, 'USD', { ...store, scheduledDays: 10 })).toBeNull();
    expect(adGroupDaily(99.99, 'USD', { ...store, scheduledDays: 10 })).toBe(
      'budget: Ad group lifetime budget must be at least 100.00 USD.',
    );
  });
});

describe('checkBudget: maximum is below 10,000,000 × ratio', () => {
  it.each([
    ['USD', 9_999_999.99, 10_000_000, '10000000.00 USD'],
    ['PLN', 39_999_999.99, 40_000_000, '40000000.00 PLN'],
    ['JPY', 999_999_999, 1_000_000_000, '1000000000 JPY'],
    ['KRW', 9_999_999_999, 10_000_000_000, '10000000000 KRW'],
    ['IDR', 99_999_999_999, 100_000_000_000, '100000000000 IDR'],
    ['VEF', 999_999_999_999.99, 1_000_000_000_000, '1000000000000.00 VEF'],
  ])('%s: %d accepted, %d refused', (currency, below, max, shown) => {
    expect(campaignDaily(below, currency)).toBeNull();
    expect(campaignDaily(max, currency)).toBe(
      `budget: Campaign budget must be less than ${shown}.`,
    );
    expect(adGroupDaily(below, currency)).toBeNull();
    expect(adGroupDaily(max, currency)).toBe(`budget: Ad group budget must be less than ${shown}.`);
    expect(adGroupDaily(below, currency, { mode: 'BUDGET_MODE_TOTAL', scheduledDays: 1 })).toBe(
      null,
    );
    expect(campaignDaily(max, currency, { mode: 'BUDGET_MODE_TOTAL' })).not.toBeNull();
  });
});

describe('checkBudget: a new budget must be at least 105% of spend', () => {
  it.each([
    ['USD', 100, 105, 104.99, '100.00 USD'],
    ['USD', 66.67, 70.01, 70, '66.67 USD'],
    ['USD', 400, 420, 419.99, '400.00 USD'],
    ['JPY', 10_000, 10_500, 10_499, '10000 JPY'],
    ['KRW', 80_000, 84_000, 83_999, '80000 KRW'],
  ])('%s spent %d: %d accepted, %d refused', (currency, spent, ok, tooLow, shown) => {
    const message = `budget: The budget must be at least 105% of the amount already spent (${shown} spent).`;
    for (const level of ['campaign', 'adgroup'] as const) {
      const base = {
        level,
        mode: 'BUDGET_MODE_DAY' as const,
        currency,
        spendSoFar: spent,
        objective: 'WEB_CONVERSIONS' as const,
        productSource: null,
      };
      expect(checkBudget({ ...base, budget: ok })).toBeNull();
      expect(checkBudget({ ...base, budget: tooLow })).toBe(message);
    }
  });

  it('applies to lifetime budgets against lifetime spend', () => {
    const base = {
      level: 'campaign' as const,
      mode: 'BUDGET_MODE_TOTAL' as const,
      currency: 'USD',
      spendSoFar: 1_000,
      productSource: null,
    };
    expect(checkBudget({ ...base, budget: 1_050 })).toBeNull();
    expect(checkBudget({ ...base, budget: 1_049.99 })).toBe(
      'budget: The budget must be at least 105% of the amount already spent (1000.00 USD spent).',
    );
  });

  it('reports the minimum first when a budget is below both', () => {
    expect(campaignDaily(40, 'USD', { spendSoFar: 100 })).toBe(
      'budget: Campaign daily budget must be at least 50.00 USD.',
    );
  });
});

describe('checkBudget: mode, sign and precision', () => {
  it.each([0, 50, 1_000])('refuses any budget (%d) with BUDGET_MODE_INFINITE', (budget) => {
    expect(campaignDaily(budget, 'USD', { mode: 'BUDGET_MODE_INFINITE' })).toBe(
      'budget: Campaign budget cannot be set when budget_mode is BUDGET_MODE_INFINITE.',
    );
    expect(adGroupDaily(budget, 'USD', { mode: 'BUDGET_MODE_INFINITE' })).toBe(
      'budget: Ad group budget cannot be set when budget_mode is BUDGET_MODE_INFINITE.',
    );
  });

  it.each([0, -50, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (budget) => {
    expect(campaignDaily(budget, 'USD')).toBe('budget: Budget must be a positive number.');
  });

  it.each([
    [50.001, 'USD', 'budget: USD budgets allow at most two decimal places.'],
    [200.005, 'PLN', 'budget: PLN budgets allow at most two decimal places.'],
    [5_000.5, 'JPY', 'budget: JPY budgets must be whole numbers.'],
    [50_000.01, 'KRW', 'budget: KRW budgets must be whole numbers.'],
    [500_000.5, 'IDR', 'budget: IDR budgets must be whole numbers.'],
  ])('refuses %d %s for its precision', (budget, currency, message) => {
    expect(campaignDaily(budget, currency)).toBe(message);
  });

  it('accepts two decimals where allowed', () => {
    expect(campaignDaily(50.55, 'USD')).toBeNull();
    expect(campaignDaily(2_500.55, 'PHP')).toBeNull();
  });

  it('throws on a currency without a ratio', () => {
    expect(() => campaignDaily(50, 'XYZ')).toThrow(RangeError);
  });
});

describe('minimumBudget', () => {
  it.each([
    [{ level: 'campaign', mode: 'BUDGET_MODE_DAY', currency: 'USD', productSource: null }, 50],
    [{ level: 'campaign', mode: 'BUDGET_MODE_TOTAL', currency: 'JPY', productSource: null }, 5_000],
    [
      {
        level: 'campaign',
        mode: 'BUDGET_MODE_DAY',
        currency: 'KRW',
        objective: 'PRODUCT_SALES',
        productSource: 'STORE',
      },
      10_000,
    ],
    [{ level: 'adgroup', mode: 'BUDGET_MODE_DAY', currency: 'JPY', productSource: null }, 2_000],
    [{ level: 'adgroup', mode: 'BUDGET_MODE_DAY', currency: 'KRW', productSource: null }, 20_000],
    [{ level: 'adgroup', mode: 'BUDGET_MODE_DAY', currency: 'USD', productSource: 'SHOWCASE' }, 10],
    [
      {
        level: 'adgroup',
        mode: 'BUDGET_MODE_TOTAL',
        currency: 'USD',
        productSource: null,
        scheduledDays: 14,
      },
      280,
    ],
    [
      {
        level: 'adgroup',
        mode: 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET',
        currency: 'USD',
        productSource: null,
        scheduledDays: 14,
      },
      20,
    ],
  ] as const)('%o is %d', (check, expected) => {
    expect(minimumBudget(check)).toBe(expected);
  });
});

describe('checkCampaignBudgetMode', () => {
  it.each([
    [false, 'BUDGET_MODE_INFINITE', true],
    [false, 'BUDGET_MODE_TOTAL', true],
    [false, 'BUDGET_MODE_DAY', true],
    [false, 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET', false],
    [true, 'BUDGET_MODE_INFINITE', false],
    [true, 'BUDGET_MODE_TOTAL', true],
    [true, 'BUDGET_MODE_DAY', true],
    [true, 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET', true],
  ] as const)('CBO %s with %s: allowed %s', (cbo, mode, allowed) => {
    const problem = checkCampaignBudgetMode(mode, cbo);
    if (allowed) expect(problem).toBeNull();
    else expect(problem).toMatch(new RegExp(`^budget_mode: ${mode} is not allowed`));
  });

  it('names the allowed modes', () => {
    expect(checkCampaignBudgetMode('BUDGET_MODE_INFINITE', true)).toBe(
      'budget_mode: BUDGET_MODE_INFINITE is not allowed for a campaign with budget optimization on; use one of BUDGET_MODE_TOTAL, BUDGET_MODE_DYNAMIC_DAILY_BUDGET, BUDGET_MODE_DAY.',
    );
    expect(checkCampaignBudgetMode('BUDGET_MODE_DYNAMIC_DAILY_BUDGET', false)).toBe(
      'budget_mode: BUDGET_MODE_DYNAMIC_DAILY_BUDGET is not allowed for a campaign with budget optimization off; use one of BUDGET_MODE_INFINITE, BUDGET_MODE_TOTAL, BUDGET_MODE_DAY.',
    );
  });
});

// Reading of §6 tested here: without CBO an ad group always needs its own budget ("any" mode
// under an INFINITE/TOTAL campaign means DAY, DYNAMIC or TOTAL); under CBO the caller skips
// this check because the ad group's mode is ignored.
describe('checkAdGroupBudgetMode (campaign without CBO)', () => {
  const DAY: BudgetMode = 'BUDGET_MODE_DAY';
  const DYNAMIC: BudgetMode = 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET';
  const TOTAL: BudgetMode = 'BUDGET_MODE_TOTAL';
  const INFINITE: BudgetMode = 'BUDGET_MODE_INFINITE';
  const FROM_NOW = 'SCHEDULE_FROM_NOW' as const;
  const START_END = 'SCHEDULE_START_END' as const;

  it.each([
    [DAY, INFINITE, START_END],
    [DYNAMIC, INFINITE, START_END],
    [TOTAL, INFINITE, START_END],
    [DAY, TOTAL, START_END],
    [DYNAMIC, TOTAL, START_END],
    [TOTAL, TOTAL, START_END],
    [DAY, DAY, START_END],
    [DYNAMIC, DAY, START_END],
    [DAY, INFINITE, FROM_NOW],
    [DYNAMIC, INFINITE, FROM_NOW],
    [DAY, TOTAL, FROM_NOW],
    [DAY, DAY, FROM_NOW],
    [DYNAMIC, DAY, FROM_NOW],
  ])('allows ad group %s under campaign %s with %s', (mode, campaignMode, scheduleType) => {
    expect(checkAdGroupBudgetMode({ mode, campaignMode, scheduleType })).toBeNull();
  });

  it.each([
    [TOTAL, INFINITE, FROM_NOW, /scheduled from now need a daily budget/],
    [TOTAL, TOTAL, FROM_NOW, /scheduled from now need a daily budget/],
    [TOTAL, DAY, FROM_NOW, /^budget_mode: /],
    [TOTAL, DAY, START_END, /campaign with a daily budget only allows ad groups with daily/],
    [INFINITE, INFINITE, START_END, /needs a budget/],
    [INFINITE, TOTAL, START_END, /needs a budget/],
    [INFINITE, DAY, FROM_NOW, /needs a budget/],
  ])(
    'refuses ad group %s under campaign %s with %s',
    (mode, campaignMode, scheduleType, message) => {
      expect(checkAdGroupBudgetMode({ mode, campaignMode, scheduleType })).toMatch(message);
    },
  );
});
