import { describe, expect, it } from 'vitest';
import type { NameChange } from '../contract/bulk-edits';
import type { EntitySnapshot } from './entity-snapshots';
import { blockDuplicateCampaignNames, planName } from './name-planner';
import type { RowTarget } from './planner';

function campaign(id: string, name: string): EntitySnapshot {
  return {
    id,
    name,
    deleted: false,
    operationStatus: 'ENABLE',
    budgetMode: 'BUDGET_MODE_DAY',
    budget: 500,
    budgetOwnedByCampaign: false,
    campaignBudget: null,
    bidType: null,
    billingEvent: null,
    bidPrice: null,
    conversionBidPrice: null,
    objective: 'WEB_CONVERSIONS',
    productSource: null,
    scheduledDays: 1,
    scheduleType: null,
    scheduleStartTime: null,
    scheduleEndTime: null,
  };
}

const rename = (change: NameChange): RowTarget => ({
  kind: 'operation',
  operation: { kind: 'name', change },
});
const CONTEXT: { today: string; currency: string; level: 'campaign' | 'adgroup' | 'ad' } = {
  today: '2026-11-21',
  currency: 'JPY',
  level: 'campaign',
};

function plan(entity: EntitySnapshot, target: RowTarget, context = CONTEXT) {
  const base = {
    entityId: entity.id,
    name: entity.name,
    field: 'name' as const,
    budgetMode: null,
    before: entity.name,
  };
  return planName(base, target, entity, context);
}

describe('planName', () => {
  it('shows old → new and says ok, unchanged or blocked with the reason', () => {
    const evergreen = campaign('1', 'US | Evergreen');
    expect(
      plan(evergreen, rename({ type: 'template', template: '{name} {budget} {date}' })),
    ).toMatchObject({
      before: 'US | Evergreen',
      after: 'US | Evergreen 500 2026-11-21',
      verdict: 'ok',
      reason: null,
    });
    expect(
      plan(
        evergreen,
        rename({ type: 'replace', find: 'EU', replace: 'UK', regex: false, ignoreCase: false }),
      ),
    ).toMatchObject({ verdict: 'unchanged', after: 'US | Evergreen' });
    expect(plan(evergreen, rename({ type: 'suffix', text: ' 🚀' }))).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'name_refused',
    });
    expect(plan(evergreen, rename({ type: 'prefix', text: 'x'.repeat(500) }))).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'name_too_long',
      reason: expect.stringMatching(/514 characters: TikTok allows at most 512/),
    });
  });

  it('puts back a fixed name (undo), at every level', () => {
    const evergreen = campaign('1', 'New');
    const undo: RowTarget = { kind: 'fixed', field: 'name', value: 'Old', expectedBefore: 'New' };
    expect(plan(evergreen, undo)).toMatchObject({ before: 'New', after: 'Old', verdict: 'ok' });
    expect(plan(evergreen, undo, { ...CONTEXT, level: 'ad' })).toMatchObject({
      after: 'Old',
      verdict: 'ok',
    });
  });
});

describe('blockDuplicateCampaignNames', () => {
  it('blocks a name another campaign has, or two rows would get, and leaves the rest', () => {
    const rows = [
      plan(campaign('1', 'A'), rename({ type: 'template', template: 'Taken' })),
      plan(campaign('2', 'B'), rename({ type: 'template', template: 'Same' })),
      plan(campaign('3', 'C'), rename({ type: 'template', template: 'Same' })),
      plan(campaign('4', 'D'), rename({ type: 'template', template: 'Free' })),
      plan(campaign('5', 'E'), rename({ type: 'template', template: 'e' })),
    ];
    const existing = new Map([
      ['Taken', ['9']],
      ['A', ['1']],
      ['E', ['5']],
    ]);
    const checked = blockDuplicateCampaignNames(rows, existing);
    expect(checked.map((r) => [r.entityId, r.verdict, r.reasonCode])).toEqual([
      ['1', 'blocked', 'duplicate_name'],
      ['2', 'blocked', 'duplicate_name'],
      ['3', 'blocked', 'duplicate_name'],
      ['4', 'ok', null],
      // TikTok compares names exactly: case differs, so "e" is free.
      ['5', 'ok', null],
    ]);
    expect(checked[0]?.reason).toMatch(/Campaign 9 already has this name/);
  });
});
