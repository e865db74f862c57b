import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARDRAILS } from '../contract/bulk-edits';
import type { EntitySnapshot } from './entity-snapshots';
import { applyChange, type PlanContext, planRow, type RowTarget } from './planner';

const NOW = Date.parse('2026-11-21T20:00:00Z');

function adGroup(overrides: Partial<EntitySnapshot> = {}): EntitySnapshot {
  return {
    id: '1840158125589658770',
    name: 'Broad',
    deleted: false,
    operationStatus: 'ENABLE',
    budgetMode: 'BUDGET_MODE_DAY',
    budget: 100,
    budgetOwnedByCampaign: false,
    campaignBudget: null,
    bidType: 'BID_TYPE_NO_BID',
    billingEvent: 'OCPM',
    bidPrice: null,
    conversionBidPrice: null,
    objective: 'WEB_CONVERSIONS',
    productSource: null,
    scheduledDays: 1,
    scheduleType: null,
    scheduleStartTime: null,
    scheduleEndTime: null,
    ...overrides,
  };
}

function context(overrides: Partial<PlanContext> = {}): PlanContext {
  return {
    level: 'adgroup',
    currency: 'USD',
    guardrails: DEFAULT_GUARDRAILS,
    applyGuardrails: true,
    spendToday: new Map(),
    spendLifetime: new Map(),
    lastChangedAt: () => null,
    now: NOW,
    inBudgetLock: false,
    today: '2026-11-21',
    timezone: 'America/Los_Angeles',
    ...overrides,
  };
}

const percent = (value: number): RowTarget => ({
  kind: 'operation',
  operation: { kind: 'budget', change: { type: 'percent', value } },
});
const set = (value: number): RowTarget => ({
  kind: 'operation',
  operation: { kind: 'budget', change: { type: 'set', value } },
});

describe('applyChange', () => {
  it('sets, raises and lowers by percent or amount', () => {
    expect(applyChange(100, { type: 'set', value: 42 })).toBe(42);
    expect(applyChange(100, { type: 'percent', value: 10 })).toBeCloseTo(110);
    expect(applyChange(100, { type: 'percent', value: -25 })).toBe(75);
    expect(applyChange(100, { type: 'amount', value: -30 })).toBe(70);
  });
});

describe('planRow', () => {
  const id = '1840158125589658770';

  it('allows exactly the guardrail and asks approval just beyond it', () => {
    expect(planRow(id, adGroup(), percent(50), context()).verdict).toBe('ok');
    const beyond = planRow(id, adGroup(), set(150.01), context());
    expect(beyond).toMatchObject({ verdict: 'needs_approval', reasonCode: 'guardrail' });
    expect(planRow(id, adGroup(), percent(-50), context()).verdict).toBe('ok');
    expect(planRow(id, adGroup(), set(49.99), context()).verdict).toBe('needs_approval');
  });

  it('rounds to whole yen, and says it rounded', () => {
    const row = planRow(id, adGroup({ budget: 2_345 }), percent(3), context({ currency: 'JPY' }));
    expect(row).toMatchObject({ before: 2_345, after: 2_415, verdict: 'adjusted' });
    expect(row.reason).toMatch(/Rounded from ¥2,415\.35 to ¥2,415: JPY takes whole amounts only\./);
  });

  it('scales minimums with the currency ratio and lifetime days', () => {
    expect(
      planRow(
        id,
        adGroup({ budget: 3_000 }),
        set(1_999),
        context({ currency: 'JPY', applyGuardrails: false }),
      ),
    ).toMatchObject({ reasonCode: 'below_minimum' });
    expect(
      planRow(
        id,
        adGroup({ budgetMode: 'BUDGET_MODE_TOTAL', budget: 300, scheduledDays: 10 }),
        set(199),
        context({ applyGuardrails: false }),
      ),
    ).toMatchObject({ reasonCode: 'below_minimum' });
    // A lifetime campaign budget must exceed the minimum; a daily one may equal it.
    const campaign = adGroup({ budgetMode: 'BUDGET_MODE_TOTAL', budget: 60 });
    expect(planRow(id, campaign, set(50), context({ level: 'campaign' })).reasonCode).toBe(
      'below_minimum',
    );
    expect(planRow(id, adGroup({ budget: 25 }), set(20), context()).verdict).toBe('ok');
  });

  it("holds budgets at 105% of today's spend, or of lifetime spend for lifetime budgets", () => {
    const spendToday = new Map([[id, 80]]);
    expect(planRow(id, adGroup(), set(83.99), context({ spendToday })).reasonCode).toBe(
      'below_spend',
    );
    expect(planRow(id, adGroup(), set(84), context({ spendToday })).verdict).toBe('ok');
    const lifetime = adGroup({ budgetMode: 'BUDGET_MODE_TOTAL', budget: 2_000, scheduledDays: 10 });
    const spendLifetime = new Map([[id, 1_500]]);
    expect(
      planRow(id, lifetime, set(1_550), context({ spendLifetime, applyGuardrails: false }))
        .reasonCode,
    ).toBe('below_spend');
  });

  it('keeps a budget above the bid and a bid below the budgets', () => {
    const custom = adGroup({ bidType: 'BID_TYPE_CUSTOM', conversionBidPrice: 60 });
    expect(planRow(id, custom, set(60), context()).reasonCode).toBe('budget_below_bid');
    const bid: RowTarget = {
      kind: 'operation',
      operation: { kind: 'bid', change: { type: 'set', value: 100 } },
    };
    expect(planRow(id, custom, bid, context({ applyGuardrails: false }))).toMatchObject({
      field: 'conversion_bid_price',
      reasonCode: 'bid_too_high',
    });
  });

  it('blocks lifetime ad-group budgets in the 23:55 lock, not daily ones', () => {
    const lifetime = adGroup({ budgetMode: 'BUDGET_MODE_TOTAL', budget: 2_000, scheduledDays: 10 });
    expect(planRow(id, lifetime, percent(10), context({ inBudgetLock: true })).reasonCode).toBe(
      'locked_window',
    );
    expect(planRow(id, adGroup(), percent(10), context({ inBudgetLock: true })).verdict).toBe('ok');
  });

  it('applies the cool-down only while it lasts', () => {
    const lastChangedAt = () => NOW - 30 * 60_000;
    const guardrails = { ...DEFAULT_GUARDRAILS, cooldownMinutes: 60 };
    expect(
      planRow(id, adGroup(), percent(10), context({ guardrails, lastChangedAt })),
    ).toMatchObject({
      reasonCode: 'cooldown',
    });
    expect(
      planRow(
        id,
        adGroup(),
        percent(10),
        context({ guardrails, lastChangedAt: () => NOW - 61 * 60_000 }),
      ).verdict,
    ).toBe('ok');
  });

  it('undoes a row only while it is as the job left it', () => {
    const undo = (expectedBefore: number): RowTarget => ({
      kind: 'fixed',
      field: 'budget',
      value: 100,
      expectedBefore,
    });
    expect(planRow(id, adGroup({ budget: 110 }), undo(110), context()).verdict).toBe('ok');
    expect(planRow(id, adGroup({ budget: 100 }), undo(110), context()).verdict).toBe('unchanged');
    expect(planRow(id, adGroup({ budget: 125 }), undo(110), context())).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'changed_since_preview',
    });
  });

  it('refuses a lowering that leaves no positive amount', () => {
    const row = planRow(
      id,
      adGroup({ budget: 30 }),
      {
        kind: 'operation',
        operation: { kind: 'budget', change: { type: 'amount', value: -40 } },
      },
      context(),
    );
    expect(row).toMatchObject({ verdict: 'blocked', reasonCode: 'below_minimum' });
  });
});
