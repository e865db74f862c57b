import { formatTikTokTime } from '../contract/account-time';
import type {
  BlockReason,
  BulkOperation,
  EditedField,
  FieldValue,
  Guardrails,
  PlanRow,
  ValueChange,
} from '../contract/bulk-edits';
import {
  currencyDigits,
  formatMoney,
  formatUnroundedMoney,
  roundToCurrency,
} from '../contract/currency';
import { describeDayparting } from '../contract/dayparting';
import { planAdText, planLandingUrl } from './ad-content-planner';
import { type AdGroupAds, checkAdUpdate, isAdUpdateField } from './ad-update-planner';
import { planDayparting } from './dayparting-planner';
import { type EntitySnapshot, fieldValue } from './entity-snapshots';
import { planName } from './name-planner';
import { movesStart, planScheduleEnd, planScheduleStart } from './schedule-change';
import {
  bidFieldOf,
  checkBidRules,
  checkBudgetRules,
  currentBid,
  isLifetimeBudget,
} from './tiktok-rules';

/**
 * The dry run: what each selected row would become, and whether it may. Pure: everything
 * it needs (snapshots read from TikTok, spend, guardrails, recent changes) comes in.
 */

/** What a row should become: computed from an operation, or fixed (undo and retry). */
export type RowTarget =
  | { kind: 'operation'; operation: BulkOperation }
  | { kind: 'fixed'; field: EditedField; value: FieldValue; expectedBefore: FieldValue | null };

export interface PlanContext {
  level: 'campaign' | 'adgroup' | 'ad';
  currency: string;
  guardrails: Guardrails;
  /** Whether Bayme's guardrails apply (not to an undo, which puts back earlier values). */
  applyGuardrails: boolean;
  spendToday: ReadonlyMap<string, number>;
  spendLifetime: ReadonlyMap<string, number>;
  /** When each entity's field was last changed through the toolkit (for the cool-down). */
  lastChangedAt: (entityId: string, field: EditedField) => number | null;
  now: number;
  /** Whether it is 23:55–00:00 in the account's time zone (lifetime ad-group budgets locked). */
  inBudgetLock: boolean;
  /** Today in the account's time zone (YYYY-MM-DD), for a name template's `{date}`. */
  today: string;
  /** The account's time zone: end times are typed and shifted in it. */
  timezone: string;
  /** For ad edits: the live ads of each ad group concerned, by ad group id. */
  adGroupAds?: ReadonlyMap<string, AdGroupAds>;
  /** For a dayparting copy: the grids of the ad groups copied from, by id (canonical). */
  daypartingSources?: ReadonlyMap<string, string>;
}

export function applyChange(current: number, change: ValueChange): number {
  switch (change.type) {
    case 'set':
      return change.value;
    case 'percent':
      return current * (1 + change.value / 100);
    case 'amount':
      return current + change.value;
  }
}

function blocked(
  base: Omit<PlanRow, 'verdict' | 'reasonCode' | 'reason' | 'after' | 'changePercent'> & {
    after?: FieldValue | null;
  },
  code: BlockReason,
  reason: string,
): PlanRow {
  const after = base.after ?? null;
  return {
    ...base,
    after,
    changePercent: percentChange(base.before, after),
    verdict: 'blocked',
    reasonCode: code,
    reason,
  };
}

function percentChange(before: FieldValue | null, after: FieldValue | null): number | null {
  if (typeof before !== 'number' || typeof after !== 'number' || before === 0) return null;
  return Math.round(((after - before) / before) * 10_000) / 100;
}

/** The field an operation edits on this entity. */
export function fieldFor(target: RowTarget, entity: EntitySnapshot | null): EditedField {
  if (target.kind === 'fixed') return target.field;
  switch (target.operation.kind) {
    case 'budget':
      return 'budget';
    case 'status':
      return 'operation_status';
    case 'bid':
      return entity ? bidFieldOf(entity) : 'bid_price';
    case 'name':
      return 'name';
    case 'schedule':
      return movesStart(target.operation.change) ? 'schedule_start_time' : 'schedule_end_time';
    case 'dayparting':
      return 'dayparting';
    case 'landing_url':
      return 'landing_page_url';
    case 'ad_text':
      return 'ad_text';
  }
}

export function planRow(
  entityId: string,
  entity: EntitySnapshot | null,
  target: RowTarget,
  context: PlanContext,
): PlanRow {
  const field = fieldFor(target, entity);
  const base = {
    entityId,
    name: entity?.name ?? null,
    field,
    budgetMode: field === 'budget' ? (entity?.budgetMode ?? null) : null,
    before: entity ? fieldValue(entity, field) : null,
  };
  if (!entity)
    return blocked(base, 'not_found', 'TikTok does not know this id in this ad account.');
  if (entity.deleted) return blocked(base, 'deleted', 'Deleted: it can no longer be changed.');
  // A fixed target (undo, retry) only applies to a row still as that job left it; a row
  // already at the target is simply unchanged.
  if (
    target.kind === 'fixed' &&
    target.expectedBefore !== null &&
    !sameValue(base.before, target.expectedBefore) &&
    !sameValue(base.before, target.value)
  ) {
    return blocked(
      base,
      'changed_since_preview',
      `Changed since that job (now ${describe(field, base.before, context)}): left alone.`,
    );
  }
  const row = planField(base, target, entity, context);
  // Ads' names, landing pages and text share ad/update/'s rules (review, the group sent whole).
  return context.level === 'ad' && isAdUpdateField(field)
    ? checkAdUpdate(row, entity, context.adGroupAds ?? new Map())
    : row;
}

function planField(
  base: Pick<PlanRow, 'entityId' | 'name' | 'field' | 'budgetMode' | 'before'>,
  target: RowTarget,
  entity: EntitySnapshot,
  context: PlanContext,
): PlanRow {
  switch (base.field) {
    case 'operation_status':
      return planStatus(base, target, entity);
    case 'name':
      return planName(base, target, entity, context);
    case 'landing_page_url':
      return planLandingUrl(base, target, entity);
    case 'ad_text':
      return planAdText(base, target, entity);
    case 'schedule_end_time':
      return planScheduleEnd(base, target, entity, context);
    case 'schedule_start_time':
      return planScheduleStart(base, target, entity, context);
    case 'dayparting':
      return planDayparting(base, target, entity, context);
    case 'budget':
    case 'bid_price':
    case 'conversion_bid_price':
      return planAmount(base, target, entity, context);
  }
}

function describe(
  field: EditedField,
  value: FieldValue | null,
  context: Pick<PlanContext, 'currency' | 'timezone'>,
): string {
  if (value === null) return 'none';
  if (field === 'operation_status') return value === 'ENABLE' ? 'active' : 'paused';
  if (field === 'dayparting' && typeof value === 'string') return describeDayparting(value);
  if (field === 'schedule_start_time' || field === 'schedule_end_time') {
    return formatTikTokTime(String(value), context.timezone);
  }
  return typeof value === 'number' ? formatMoney(value, context.currency) : value;
}

function planStatus(
  base: Pick<PlanRow, 'entityId' | 'name' | 'field' | 'budgetMode' | 'before'>,
  target: RowTarget,
  entity: EntitySnapshot,
): PlanRow {
  const after =
    target.kind === 'fixed'
      ? target.value
      : target.operation.kind === 'status'
        ? target.operation.status
        : entity.operationStatus;
  const row = { ...base, after, changePercent: null, reasonCode: null };
  if (after === entity.operationStatus) {
    return {
      ...row,
      verdict: 'unchanged',
      reason: after === 'ENABLE' ? 'Already active.' : 'Already paused.',
    };
  }
  return { ...row, verdict: 'ok', reason: null };
}

function planAmount(
  base: Pick<PlanRow, 'entityId' | 'name' | 'field' | 'budgetMode' | 'before'>,
  target: RowTarget,
  entity: EntitySnapshot,
  context: PlanContext,
): PlanRow {
  const { currency, level } = context;
  const isBudget = base.field === 'budget';
  if (isBudget) {
    if (level === 'ad') return blocked(base, 'not_supported', 'Ads have no budget.');
    if (entity.budgetOwnedByCampaign) {
      return blocked(
        base,
        'campaign_budget',
        "The budget belongs to the campaign (campaign budget optimization): edit the campaign's budget.",
      );
    }
    if (entity.budget === null) {
      return blocked(base, 'no_budget', 'No budget to change (unlimited budget).');
    }
  } else {
    if (level !== 'adgroup') return blocked(base, 'not_supported', 'Only ad groups have bids.');
    if (entity.bidType !== 'BID_TYPE_CUSTOM') {
      return blocked(
        base,
        'no_bid',
        'Uses the no-bid strategy (maximum delivery): there is no bid to change.',
      );
    }
  }

  const before = isBudget ? entity.budget : currentBid(entity);
  let raw: number;
  if (target.kind === 'fixed') {
    if (typeof target.value !== 'number') throw new Error('An amount target needs a number.');
    raw = target.value;
  } else {
    const operation = target.operation;
    if (operation.kind !== 'budget' && operation.kind !== 'bid') {
      throw new Error(`A ${operation.kind} operation has no amount.`);
    }
    if (before === null && operation.change.type !== 'set') {
      return blocked(base, 'no_bid', 'No bid is set: use "set to" instead of a relative change.');
    }
    raw = applyChange(before ?? 0, operation.change);
  }
  if (!(raw > 0)) {
    return blocked(
      { ...base, after: raw },
      'below_minimum',
      `The result (${formatUnroundedMoney(raw, currency)}) is not a positive amount.`,
    );
  }
  const after = roundToCurrency(raw, currency);
  const rounded = Math.abs(after - raw) > 1e-9;
  const row = { ...base, before, after };
  if (before !== null && Math.abs(after - before) < 1e-9) {
    return {
      ...row,
      changePercent: 0,
      verdict: 'unchanged',
      reasonCode: null,
      reason: 'Already at this value.',
    };
  }

  const problem = isBudget
    ? checkBudgetRules({
        level: level === 'campaign' ? 'campaign' : 'adgroup',
        entity,
        budget: after,
        currency,
        spendSoFar:
          (isLifetimeBudget(entity.budgetMode) ? context.spendLifetime : context.spendToday).get(
            entity.id,
          ) ?? 0,
      })
    : checkBidRules({ entity, bid: after, currency });
  if (problem) return blocked(row, problem.code, problem.message);

  if (
    isBudget &&
    level === 'adgroup' &&
    isLifetimeBudget(entity.budgetMode) &&
    context.inBudgetLock
  ) {
    return blocked(
      row,
      'locked_window',
      'TikTok locks lifetime ad-group budgets from 23:55 to midnight (account time): try after midnight.',
    );
  }

  const changePercent = percentChange(before, after);
  if (context.applyGuardrails) {
    const { guardrails } = context;
    if (guardrails.cooldownMinutes > 0) {
      const last = context.lastChangedAt(entity.id, base.field);
      const waitMs = last === null ? 0 : last + guardrails.cooldownMinutes * 60_000 - context.now;
      if (waitMs > 0) {
        return blocked(
          row,
          'cooldown',
          `Changed through the toolkit ${Math.round((context.now - (last ?? 0)) / 60_000)} min ago; Bayme's cool-down is ${guardrails.cooldownMinutes} min (${Math.ceil(waitMs / 60_000)} min to go).`,
        );
      }
    }
    if (changePercent !== null && Math.abs(changePercent) > guardrails.maxChangePercent) {
      const limit = `Bayme's limit is ±${guardrails.maxChangePercent}% per edit`;
      if (guardrails.overLimit === 'block') {
        return blocked(row, 'guardrail', `A ${formatPercent(changePercent)} change: ${limit}.`);
      }
      return {
        ...row,
        changePercent,
        verdict: 'needs_approval',
        reasonCode: 'guardrail',
        reason: `A ${formatPercent(changePercent)} change: ${limit}; an admin must approve it.`,
      };
    }
  }

  return {
    ...row,
    changePercent,
    verdict: rounded ? 'adjusted' : 'ok',
    reasonCode: null,
    reason: rounded
      ? `Rounded from ${formatUnroundedMoney(raw, currency)} to ${formatMoney(after, currency)}: ${currency} ${currencyDigits(currency) === 0 ? 'takes whole amounts only' : 'takes two decimals at most'}.`
      : null,
  };
}

export function sameValue(a: FieldValue | null, b: FieldValue | null): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return a === b;
}

/** "+60%", "−12.5%", "+16,666,566.7%": thousands grouped, one decimal at most. */
function formatPercent(value: number): string {
  const size = Math.abs(value).toLocaleString('en-US', { maximumFractionDigits: 1 });
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${size}%`;
}
