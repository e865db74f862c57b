import { describe, expect, it } from 'vitest';
import type { ScheduleChange } from '../contract/bulk-edits';
import type { EntitySnapshot } from './entity-snapshots';
import type { RowTarget } from './planner';
import { newScheduleTime, planScheduleEnd, planScheduleStart } from './schedule-change';

const LA = 'America/Los_Angeles';
const NOW = Date.parse('2026-11-21T20:00:00Z');

function adGroup(overrides: Partial<EntitySnapshot> = {}): EntitySnapshot {
  return {
    id: '1863474710353129194',
    name: 'US | Spring | Traffic broad',
    deleted: false,
    operationStatus: 'ENABLE',
    budgetMode: 'BUDGET_MODE_TOTAL',
    budget: 2000,
    budgetOwnedByCampaign: false,
    campaignBudget: null,
    bidType: 'BID_TYPE_NO_BID',
    billingEvent: 'CPC',
    bidPrice: null,
    conversionBidPrice: null,
    objective: 'TRAFFIC',
    productSource: null,
    scheduledDays: 60,
    scheduleType: 'SCHEDULE_START_END',
    scheduleStartTime: '2026-10-12 20:00:00',
    scheduleEndTime: '2026-12-11 20:00:00',
    ...overrides,
  };
}

const schedule = (change: ScheduleChange): RowTarget => ({
  kind: 'operation',
  operation: { kind: 'schedule', change },
});
const CONTEXT = { now: NOW, currency: 'USD', timezone: LA, level: 'adgroup' as const };

function plan(entity: EntitySnapshot, target: RowTarget) {
  const base = {
    entityId: entity.id,
    name: entity.name,
    field: 'schedule_end_time' as const,
    budgetMode: entity.budgetMode,
    before: entity.scheduleEndTime,
  };
  return planScheduleEnd(base, target, entity, CONTEXT);
}

describe('newScheduleTime', () => {
  it('sets a local date and time of the account, sent in UTC', () => {
    expect(newScheduleTime({ type: 'set_end', endTime: '2026-12-24 23:59' }, '', LA)).toBe(
      '2026-12-25 07:59:00',
    );
    expect(newScheduleTime({ type: 'set_end', endTime: '2026-02-30 10:00' }, '', LA)).toBeNull();
    expect(newScheduleTime({ type: 'set_end', endTime: '2026-12-24 24:30' }, '', LA)).toBeNull();
  });

  it('shifts by whole local days, keeping the local time across daylight saving', () => {
    // 23:59 PST on 9 March 2027; a week later it is 23:59 PDT (an hour less in UTC).
    expect(newScheduleTime({ type: 'shift_end', days: 7 }, '2027-03-10 07:59:00', LA)).toBe(
      '2027-03-17 06:59:00',
    );
    expect(newScheduleTime({ type: 'shift_end', days: -1 }, '2026-12-11 20:00:00', LA)).toBe(
      '2026-12-10 20:00:00',
    );
  });
});

describe('planScheduleEnd', () => {
  it('moves the end and re-checks a lifetime budget against the minimum per scheduled day', () => {
    // 60 → 100 days: the minimum becomes 20 × 100 = 2,000 USD.
    expect(plan(adGroup(), schedule({ type: 'shift_end', days: 40 }))).toMatchObject({
      before: '2026-12-11 20:00:00',
      after: '2027-01-20 20:00:00',
      verdict: 'ok',
    });
    expect(
      plan(adGroup({ budget: 1800 }), schedule({ type: 'shift_end', days: 40 })),
    ).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'below_minimum',
      reason: expect.stringMatching(/\$1,800\.00 is too small for 100 scheduled days/),
    });
    // A daily budget has no minimum per scheduled day.
    expect(
      plan(
        adGroup({ budgetMode: 'BUDGET_MODE_DAY', budget: 50 }),
        schedule({ type: 'shift_end', days: 400 }),
      ),
    ).toMatchObject({ verdict: 'ok' });
  });

  it('blocks an end before the start, in the past, after 2037, and ad groups without an end', () => {
    const cases: Array<[ScheduleChange, string]> = [
      [{ type: 'set_end', endTime: '2026-10-01 00:00' }, 'end_before_start'],
      [{ type: 'shift_end', days: -25 }, 'end_in_past'],
      [{ type: 'set_end', endTime: '2038-01-02 00:00' }, 'end_too_late'],
    ];
    for (const [change, code] of cases) {
      expect(plan(adGroup(), schedule(change))).toMatchObject({
        verdict: 'blocked',
        reasonCode: code,
      });
    }
    expect(
      plan(
        adGroup({ scheduleType: 'SCHEDULE_FROM_NOW' }),
        schedule({ type: 'shift_end', days: 1 }),
      ),
    ).toMatchObject({ verdict: 'blocked', reasonCode: 'no_end_time' });
    expect(
      plan(adGroup(), schedule({ type: 'set_end', endTime: '2026-12-11 12:00' })),
    ).toMatchObject({ verdict: 'unchanged' });
  });

  it('puts back an old end (undo)', () => {
    const undo: RowTarget = {
      kind: 'fixed',
      field: 'schedule_end_time',
      value: '2026-12-01 08:00:00',
      expectedBefore: '2026-12-11 20:00:00',
    };
    expect(plan(adGroup(), undo)).toMatchObject({ after: '2026-12-01 08:00:00', verdict: 'ok' });
  });
});

describe('planScheduleStart', () => {
  // Not started: from 2 Dec (local noon) to 12 Dec, lifetime 300 USD (10 days, minimum 200).
  const upcoming = (overrides: Partial<EntitySnapshot> = {}) =>
    adGroup({
      budget: 300,
      scheduleStartTime: '2026-12-02 20:00:00',
      scheduleEndTime: '2026-12-12 20:00:00',
      ...overrides,
    });
  const start = (entity: EntitySnapshot, target: RowTarget) =>
    planScheduleStart(
      {
        entityId: entity.id,
        name: entity.name,
        field: 'schedule_start_time',
        budgetMode: entity.budgetMode,
        before: entity.scheduleStartTime,
      },
      target,
      entity,
      CONTEXT,
    );

  it('moves a start that has not passed, keeping the local time', () => {
    expect(start(upcoming(), schedule({ type: 'shift_start', days: -3 }))).toMatchObject({
      before: '2026-12-02 20:00:00',
      after: '2026-11-29 20:00:00',
      verdict: 'ok',
    });
    expect(
      start(upcoming(), schedule({ type: 'set_start', startTime: '2026-12-01 09:00' })),
    ).toMatchObject({ after: '2026-12-01 17:00:00', verdict: 'ok' });
  });

  it('leaves a start that has passed frozen, as TikTok does', () => {
    expect(start(adGroup(), schedule({ type: 'shift_start', days: 1 }))).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'start_frozen',
      reason: expect.stringMatching(/^Started 2026-10-12 13:00 \(America\/Los_Angeles\)/),
    });
  });

  it('blocks a new start in the past, after 2027, after the end, or too long for the lifetime budget', () => {
    const cases: Array<[ScheduleChange, string]> = [
      [{ type: 'set_start', startTime: '2026-11-21 11:00' }, 'start_in_past'],
      [{ type: 'set_start', startTime: '2028-01-02 00:00' }, 'start_too_late'],
      [{ type: 'shift_start', days: 10 }, 'end_before_start'],
      // 2 Dec → 26 Nov: 16 days need 320 USD.
      [{ type: 'shift_start', days: -6 }, 'below_minimum'],
    ];
    for (const [change, code] of cases) {
      expect(start(upcoming(), schedule(change))).toMatchObject({
        verdict: 'blocked',
        reasonCode: code,
      });
    }
    // An ad group without an end has no length to check.
    expect(
      start(
        upcoming({ scheduleType: 'SCHEDULE_FROM_NOW', budgetMode: 'BUDGET_MODE_DAY' }),
        schedule({ type: 'shift_start', days: 40 }),
      ).verdict,
    ).toBe('ok');
  });
});
