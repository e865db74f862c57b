import type { PlanRow } from '../contract/bulk-edits';
import { currencyDigits } from '../contract/currency';
import type { EntitySnapshot } from './entity-snapshots';
import { checkNameRules, newName } from './name-change';
import type { PlanContext, RowTarget } from './planner';

/**
 * The rename rows of a plan: each row's new name, checked against TikTok's rules for names
 * before anything is sent; then, for campaigns, against the account's other names.
 */

type RowBase = Pick<PlanRow, 'entityId' | 'name' | 'field' | 'budgetMode' | 'before'>;

export function planName(
  base: RowBase,
  target: RowTarget,
  entity: EntitySnapshot,
  context: Pick<PlanContext, 'today' | 'currency' | 'level'>,
): PlanRow {
  let after: string;
  if (target.kind === 'fixed') {
    if (typeof target.value !== 'string') throw new Error('A name target needs a string.');
    after = target.value;
  } else {
    if (target.operation.kind !== 'name') throw new Error('Not a rename operation.');
    after = newName(target.operation.change, {
      name: entity.name,
      id: entity.id,
      date: context.today,
      // The amount without the currency code ("120.00"): a name usually has its own wording.
      budget: entity.budget === null ? '' : entity.budget.toFixed(currencyDigits(context.currency)),
    });
  }
  const row = { ...base, before: entity.name, after, changePercent: null };
  if (after === entity.name) {
    return { ...row, verdict: 'unchanged', reasonCode: null, reason: 'Already has this name.' };
  }
  const problem = checkNameRules(after);
  if (problem) {
    return { ...row, verdict: 'blocked', reasonCode: problem.code, reason: problem.message };
  }
  return { ...row, verdict: 'ok', reasonCode: null, reason: null };
}

/**
 * TikTok refuses a campaign name another live campaign of the account already has (exact
 * match). A new name is blocked when any other campaign has it now — even one renamed in
 * the same job, since the job's calls run in no set order — or when two rows would get it.
 * `existing` maps each live campaign's name to its ids.
 */
export function blockDuplicateCampaignNames(
  rows: PlanRow[],
  existing: ReadonlyMap<string, readonly string[]>,
): PlanRow[] {
  const wanted = new Map<string, number>();
  for (const row of rows) {
    if (row.field === 'name' && row.verdict === 'ok' && typeof row.after === 'string') {
      wanted.set(row.after, (wanted.get(row.after) ?? 0) + 1);
    }
  }
  return rows.map((row) => {
    if (row.field !== 'name' || row.verdict !== 'ok' || typeof row.after !== 'string') return row;
    const holders = (existing.get(row.after) ?? []).filter((id) => id !== row.entityId);
    const twice = (wanted.get(row.after) ?? 0) > 1;
    if (holders.length === 0 && !twice) return row;
    return {
      ...row,
      verdict: 'blocked',
      reasonCode: 'duplicate_name',
      reason:
        holders.length > 0
          ? `Campaign ${holders[0]} already has this name: TikTok requires campaign names to be unique in the ad account.`
          : 'Another selected campaign would get the same name: TikTok requires campaign names to be unique in the ad account.',
    };
  });
}
