import type { PlanRow } from '../contract/bulk-edits';
import { canonicalDayparting, DaypartingSchema, describeDayparting } from '../contract/dayparting';
import type { EntitySnapshot } from './entity-snapshots';
import type { PlanContext, RowTarget } from './planner';

/**
 * Ad groups' new dayparting grids: one grid for all, or another ad group's copied. Grids are
 * compared as TikTok delivers on them (no grid, all 0 and all 1 are all "every hour"), so an
 * ad group already at the new hours is left unchanged. A lifetime budget is not re-checked:
 * TikTok's minimum is per scheduled day, and a grid never adds days to the schedule.
 */

type RowBase = Pick<PlanRow, 'entityId' | 'name' | 'field' | 'budgetMode' | 'before'>;

export function planDayparting(
  base: RowBase,
  target: RowTarget,
  entity: EntitySnapshot,
  context: Pick<PlanContext, 'level' | 'daypartingSources'>,
): PlanRow {
  const before = entity.dayparting ?? null;
  const row = (after: string | null) => ({ ...base, before, after, changePercent: null });
  const blocked = (after: string | null, code: PlanRow['reasonCode'], reason: string): PlanRow => ({
    ...row(after),
    verdict: 'blocked',
    reasonCode: code,
    reason,
  });
  if (context.level !== 'adgroup') {
    return blocked(null, 'not_supported', 'Only ad groups have dayparting.');
  }
  let after: string;
  if (target.kind === 'fixed') {
    if (typeof target.value !== 'string') throw new Error('A dayparting target needs a string.');
    after = target.value;
  } else {
    if (target.operation.kind !== 'dayparting') throw new Error('Not a dayparting operation.');
    const { change } = target.operation;
    if (change.type === 'set') after = change.dayparting;
    else {
      const source = context.daypartingSources?.get(change.fromAdgroupId);
      if (source === undefined) {
        return blocked(
          null,
          'no_source',
          `Ad group ${change.fromAdgroupId} is not in this ad account: there is no grid to copy.`,
        );
      }
      after = source;
    }
  }
  after = canonicalDayparting(after);
  if (!DaypartingSchema.safeParse(after).success) {
    return blocked(after, 'not_supported', 'Not a dayparting grid TikTok takes.');
  }
  if (after === before) {
    return {
      ...row(after),
      verdict: 'unchanged',
      reasonCode: null,
      reason: `Already delivers at these hours (${describeDayparting(after)}).`,
    };
  }
  return { ...row(after), verdict: 'ok', reasonCode: null, reason: null };
}
