import { describe, expect, it } from 'vitest';
import { ALL_HOURS } from '../contract/dayparting';
import { planDayparting } from './dayparting-planner';
import type { EntitySnapshot } from './entity-snapshots';
import type { RowTarget } from './planner';

const WEEKDAYS = `${'0'.repeat(18)}${'1'.repeat(18)}${'0'.repeat(12)}`.repeat(5) + '0'.repeat(96);

function adGroup(dayparting: string): EntitySnapshot {
  return {
    id: '1',
    name: 'Broad',
    deleted: false,
    operationStatus: 'ENABLE',
    budgetMode: 'BUDGET_MODE_DAY',
    budget: 50,
    budgetOwnedByCampaign: false,
    campaignBudget: null,
    bidType: 'BID_TYPE_NO_BID',
    billingEvent: 'OCPM',
    bidPrice: null,
    conversionBidPrice: null,
    objective: 'WEB_CONVERSIONS',
    productSource: null,
    scheduledDays: 1,
    scheduleType: 'SCHEDULE_FROM_NOW',
    scheduleStartTime: '2026-09-22 07:41:52',
    scheduleEndTime: null,
    dayparting,
  };
}

const base = {
  entityId: '1',
  name: 'Broad',
  field: 'dayparting' as const,
  budgetMode: null,
  before: null,
};
const set = (dayparting: string): RowTarget => ({
  kind: 'operation',
  operation: { kind: 'dayparting', change: { type: 'set', dayparting } },
});
const copy = (fromAdgroupId: string): RowTarget => ({
  kind: 'operation',
  operation: { kind: 'dayparting', change: { type: 'copy', fromAdgroupId } },
});
const context = (sources: Record<string, string> = {}) => ({
  level: 'adgroup' as const,
  daypartingSources: new Map(Object.entries(sources)),
});

describe('planDayparting', () => {
  it('replaces the grid, and says unchanged when the hours are the same as TikTok reads them', () => {
    expect(planDayparting(base, set(WEEKDAYS), adGroup(ALL_HOURS), context())).toMatchObject({
      before: ALL_HOURS,
      after: WEEKDAYS,
      verdict: 'ok',
    });
    expect(planDayparting(base, set(WEEKDAYS), adGroup(WEEKDAYS), context())).toMatchObject({
      verdict: 'unchanged',
      reason: expect.stringMatching(/Mon–Fri 09:00–18:00/),
    });
  });

  it('copies another ad group’s grid, or blocks when it is not in the account', () => {
    expect(
      planDayparting(base, copy('9'), adGroup(ALL_HOURS), context({ 9: WEEKDAYS })),
    ).toMatchObject({
      after: WEEKDAYS,
      verdict: 'ok',
    });
    expect(planDayparting(base, copy('8'), adGroup(ALL_HOURS), context())).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'no_source',
    });
  });

  it('puts back "every hour" (undo) as all 1', () => {
    const undo: RowTarget = {
      kind: 'fixed',
      field: 'dayparting',
      value: ALL_HOURS,
      expectedBefore: WEEKDAYS,
    };
    expect(planDayparting(base, undo, adGroup(WEEKDAYS), context())).toMatchObject({
      after: ALL_HOURS,
      verdict: 'ok',
    });
  });

  it('belongs to ad groups only', () => {
    expect(
      planDayparting(base, set(WEEKDAYS), adGroup(ALL_HOURS), { level: 'campaign' }).reasonCode,
    ).toBe('not_supported');
  });
});
