import { describe, expect, it } from 'vitest';
import type { RuleAction } from '../contract/rules';
import { type ActionFacts, plannedAction, undoAt } from './rule-actions';

const adGroup = (overrides: Partial<ActionFacts> = {}): ActionFacts => ({
  status: 'ENABLE',
  budget: 100,
  budgetMode: 'BUDGET_MODE_DAY',
  bid: null,
  bidField: 'bid_price',
  ...overrides,
});

type Change = Extract<RuleAction, { kind: 'budget' }>['change'];
const budget = (
  change: Change,
  bounds: { floor?: number | null; ceiling?: number | null } = {},
): RuleAction => ({
  kind: 'budget',
  change,
  floor: bounds.floor ?? null,
  ceiling: bounds.ceiling ?? null,
});
const percent = (value: number): Change => ({ type: 'percent', value });
const amount = (value: number): Change => ({ type: 'amount', value });
const set = (value: number): Change => ({ type: 'set', value });

describe('plannedAction: status', () => {
  it('pauses an active entity and leaves a paused one', () => {
    expect(plannedAction({ kind: 'pause' }, adGroup(), 'USD')).toEqual({
      kind: 'change',
      field: 'operation_status',
      before: 'ENABLE',
      after: 'DISABLE',
    });
    expect(plannedAction({ kind: 'pause' }, adGroup({ status: 'DISABLE' }), 'USD')).toEqual({
      kind: 'skip',
      outcome: 'already',
      reason: 'Already paused.',
    });
  });

  it('enables a paused entity and leaves an active one', () => {
    expect(plannedAction({ kind: 'enable' }, adGroup({ status: 'DISABLE' }), 'USD')).toEqual({
      kind: 'change',
      field: 'operation_status',
      before: 'DISABLE',
      after: 'ENABLE',
    });
    expect(plannedAction({ kind: 'enable' }, adGroup(), 'USD')).toEqual({
      kind: 'skip',
      outcome: 'already',
      reason: 'Already active.',
    });
  });

  it('refuses to touch a deleted entity', () => {
    expect(plannedAction({ kind: 'enable' }, adGroup({ status: 'DELETE' }), 'USD')).toMatchObject({
      kind: 'skip',
      outcome: 'blocked',
    });
  });

  it('only notifies for a notify action, whatever the entity', () => {
    expect(plannedAction({ kind: 'notify' }, adGroup({ budget: null }), 'XXX')).toEqual({
      kind: 'notify',
    });
  });
});

describe('plannedAction: budgets', () => {
  it('raises and lowers by percent or amount', () => {
    expect(plannedAction(budget(percent(20)), adGroup(), 'USD')).toEqual({
      kind: 'change',
      field: 'budget',
      before: 100,
      after: 120,
    });
    expect(plannedAction(budget(amount(-25.5)), adGroup(), 'USD')).toMatchObject({
      after: 74.5,
    });
    expect(plannedAction(budget(set(42)), adGroup(), 'USD')).toMatchObject({ after: 42 });
  });

  it('stops a raise at the ceiling and a cut at the floor', () => {
    expect(plannedAction(budget(percent(20), { ceiling: 110 }), adGroup(), 'USD')).toMatchObject({
      kind: 'change',
      after: 110,
    });
    expect(plannedAction(budget(percent(-50), { floor: 70 }), adGroup(), 'USD')).toMatchObject({
      kind: 'change',
      after: 70,
    });
    // Within the bounds nothing is clamped.
    expect(
      plannedAction(budget(percent(20), { floor: 50, ceiling: 500 }), adGroup(), 'USD'),
    ).toMatchObject({ after: 120 });
  });

  it('clamps a set amount into the bounds both ways', () => {
    expect(plannedAction(budget(set(600), { ceiling: 500 }), adGroup(), 'USD')).toMatchObject({
      after: 500,
    });
    expect(plannedAction(budget(set(10), { floor: 20 }), adGroup(), 'USD')).toMatchObject({
      after: 20,
    });
  });

  it('says when the budget is already at the ceiling or the floor', () => {
    expect(
      plannedAction(budget(percent(20), { ceiling: 500 }), adGroup({ budget: 500 }), 'USD'),
    ).toEqual({
      kind: 'skip',
      outcome: 'already',
      reason: 'Daily budget is already at the ceiling ($500.00).',
    });
    expect(
      plannedAction(budget(amount(-10), { floor: 20 }), adGroup({ budget: 20 }), 'USD'),
    ).toEqual({
      kind: 'skip',
      outcome: 'already',
      reason: 'Daily budget is already at the floor ($20.00).',
    });
    expect(
      plannedAction(budget(set(600), { ceiling: 500 }), adGroup({ budget: 500 }), 'USD'),
    ).toEqual({
      kind: 'skip',
      outcome: 'already',
      reason: 'Daily budget is already at the ceiling ($500.00).',
    });
  });

  it('never lowers on a raise, nor raises on a cut, when the budget is already past a bound', () => {
    expect(
      plannedAction(budget(percent(20), { ceiling: 500 }), adGroup({ budget: 600 }), 'USD'),
    ).toEqual({
      kind: 'skip',
      outcome: 'already',
      reason: 'Daily budget ($600.00) is already above the ceiling ($500.00).',
    });
    expect(
      plannedAction(budget(percent(-20), { floor: 50 }), adGroup({ budget: 40 }), 'USD'),
    ).toEqual({
      kind: 'skip',
      outcome: 'already',
      reason: 'Daily budget ($40.00) is already below the floor ($50.00).',
    });
    // A set amount is absolute: it does bring a budget above the ceiling down to it.
    expect(
      plannedAction(budget(set(700), { ceiling: 500 }), adGroup({ budget: 600 }), 'USD'),
    ).toMatchObject({ kind: 'change', after: 500 });
  });

  it('says when the budget already has the amount asked', () => {
    expect(plannedAction(budget(set(100)), adGroup(), 'USD')).toEqual({
      kind: 'skip',
      outcome: 'already',
      reason: 'Daily budget is already $100.00.',
    });
  });

  it('rounds to whole yen, TikTok having no decimals for JPY', () => {
    expect(plannedAction(budget(percent(20)), adGroup({ budget: 2_013 }), 'JPY')).toEqual({
      kind: 'change',
      field: 'budget',
      before: 2_013,
      after: 2_416,
    });
    // +0.01% of ¥3,000 is ¥3,000.30: whole yen leave it where it is.
    expect(plannedAction(budget(percent(0.01)), adGroup({ budget: 3_000 }), 'JPY')).toEqual({
      kind: 'skip',
      outcome: 'already',
      reason: 'Daily budget is already ¥3,000.',
    });
  });

  it('rounds inside the bounds: a ceiling between two whole yen gives the lower one', () => {
    expect(
      plannedAction(budget(percent(50), { ceiling: 2_500.6 }), adGroup({ budget: 2_000 }), 'JPY'),
    ).toMatchObject({ after: 2_500 });
    expect(
      plannedAction(budget(percent(-50), { floor: 1_500.2 }), adGroup({ budget: 2_000 }), 'JPY'),
    ).toMatchObject({ after: 1_501 });
    expect(
      plannedAction(budget(set(20), { ceiling: 10.005 }), adGroup({ budget: 5 }), 'USD'),
    ).toMatchObject({ after: 10 });
  });

  it('refuses bounds that no amount of the currency fits between', () => {
    const decision = plannedAction(
      budget(set(2_000.5), { floor: 2_000.2, ceiling: 2_000.8 }),
      adGroup({ budget: 3_000 }),
      'JPY',
    );
    expect(decision).toMatchObject({ kind: 'skip', outcome: 'blocked' });
    expect(decision.kind === 'skip' && decision.reason).toMatch(/No JPY amount lies between/);
  });

  it('keeps two decimals for USD', () => {
    expect(plannedAction(budget(percent(12.345)), adGroup({ budget: 33.33 }), 'USD')).toMatchObject(
      {
        after: 37.44,
      },
    );
  });

  it('refuses a cut to nothing or below, unless a floor holds it', () => {
    const decision = plannedAction(budget(amount(-150)), adGroup(), 'USD');
    expect(decision).toEqual({
      kind: 'skip',
      outcome: 'blocked',
      reason: 'Daily budget would become -$50.00, not a positive amount: set a floor.',
    });
    expect(plannedAction(budget(amount(-150), { floor: 25 }), adGroup(), 'USD')).toMatchObject({
      after: 25,
    });
  });

  it('refuses an entity without a budget of its own (CBO, unlimited)', () => {
    expect(
      plannedAction(
        budget(percent(20)),
        adGroup({ budget: null, budgetMode: 'BUDGET_MODE_INFINITE' }),
        'USD',
      ),
    ).toMatchObject({ kind: 'skip', outcome: 'blocked', reason: expect.stringMatching(/CBO/) });
    expect(plannedAction(budget(set(50)), adGroup({ budget: null }), 'USD')).toMatchObject({
      kind: 'skip',
      outcome: 'blocked',
    });
  });

  it('names a lifetime budget as such', () => {
    expect(
      plannedAction(
        budget(set(900), { ceiling: 800 }),
        adGroup({ budget: 800, budgetMode: 'BUDGET_MODE_TOTAL' }),
        'USD',
      ),
    ).toMatchObject({ reason: 'Lifetime budget is already at the ceiling ($800.00).' });
  });

  it('refuses a currency whose rules are unknown rather than guessing its precision', () => {
    expect(plannedAction(budget(percent(20)), adGroup(), 'XYZ')).toMatchObject({
      kind: 'skip',
      outcome: 'blocked',
    });
  });
});

describe('plannedAction: bids', () => {
  const bid = (change: Change, bounds: { floor?: number; ceiling?: number } = {}): RuleAction => ({
    kind: 'bid',
    change,
    floor: bounds.floor ?? null,
    ceiling: bounds.ceiling ?? null,
  });

  it('changes the field the ad group keeps its bid in', () => {
    expect(plannedAction(bid(percent(10)), adGroup({ bid: 2 }), 'USD')).toEqual({
      kind: 'change',
      field: 'bid_price',
      before: 2,
      after: 2.2,
    });
    expect(
      plannedAction(
        bid(percent(-10)),
        adGroup({ bid: 12, bidField: 'conversion_bid_price' }),
        'USD',
      ),
    ).toEqual({ kind: 'change', field: 'conversion_bid_price', before: 12, after: 10.8 });
  });

  it('clamps into the bounds and says when the bid is already there', () => {
    expect(
      plannedAction(bid(percent(50), { ceiling: 2.5 }), adGroup({ bid: 2 }), 'USD'),
    ).toMatchObject({
      after: 2.5,
    });
    expect(plannedAction(bid(percent(50), { ceiling: 2.5 }), adGroup({ bid: 2.5 }), 'USD')).toEqual(
      {
        kind: 'skip',
        outcome: 'already',
        reason: 'Bid is already at the ceiling ($2.50).',
      },
    );
  });

  it('refuses an ad group without a bid (no-bid strategy)', () => {
    expect(plannedAction(bid(set(3)), adGroup({ bid: null }), 'USD')).toEqual({
      kind: 'skip',
      outcome: 'blocked',
      reason: 'No bid to change: it uses the no-bid strategy (maximum delivery).',
    });
  });
});

describe('undoAt', () => {
  const at = (iso: string) => Date.parse(iso);
  const LA = 'America/Los_Angeles';

  it("is the next midnight in the account's time zone", () => {
    // 22:00 PST on 7 March → midnight starting 8 March (PST, UTC−8).
    expect(undoAt({ kind: 'midnight' }, LA, at('2026-03-08T06:00:00Z'))).toBe(
      at('2026-03-08T08:00:00Z'),
    );
  });

  it('follows a 23-hour spring-forward day and a 25-hour fall-back day', () => {
    // 10:00 PDT on 8 March (clocks went forward at 02:00): next midnight is in PDT, UTC−7.
    expect(undoAt({ kind: 'midnight' }, LA, at('2026-03-08T17:00:00Z'))).toBe(
      at('2026-03-09T07:00:00Z'),
    );
    // 00:30 PDT on 1 November, before clocks go back: the day ends 25 hours after it began.
    expect(undoAt({ kind: 'midnight' }, LA, at('2026-11-01T07:30:00Z'))).toBe(
      at('2026-11-02T08:00:00Z'),
    );
  });

  it('is the next midnight in Tokyo, not UTC, and a full day away at midnight itself', () => {
    // 01:00 JST on 20 November (still the 19th in UTC).
    expect(undoAt({ kind: 'midnight' }, 'Asia/Tokyo', at('2026-11-19T16:00:00Z'))).toBe(
      at('2026-11-20T15:00:00Z'),
    );
    expect(undoAt({ kind: 'midnight' }, 'Asia/Tokyo', at('2026-11-20T15:00:00Z'))).toBe(
      at('2026-11-21T15:00:00Z'),
    );
  });

  it('is some hours later, whatever the zone', () => {
    const now = at('2026-11-01T07:30:00Z');
    expect(undoAt({ kind: 'hours', hours: 6 }, LA, now)).toBe(now + 6 * 3_600_000);
  });
});
