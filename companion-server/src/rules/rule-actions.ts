import { applyChange } from '../bulk-edits/planner';
import { type BidField, isLifetimeBudget } from '../bulk-edits/tiktok-rules';
import type { EditedField } from '../contract/bulk-edits';
import {
  formatMoney,
  formatUnroundedMoney,
  isSupportedCurrency,
  roundToCurrency,
  smallestAmount,
} from '../contract/currency';
import type { RuleAction, RuleUntil } from '../contract/rules';
import { endOfZonedDay, zonedDate } from '../lib/time-zone';

/**
 * What a matched rule's action becomes for one entity: a change with its target value, or
 * why there is none. The target goes to the bulk-edit planner as a fixed value, which still
 * applies TikTok's rules (minimums, 105% of spend, bid below budget) and Bayme's guardrails:
 * this step only works out the number the rule asks for and whether it moves anything.
 */

/** What the action needs to know about the entity, as TikTok lists it. */
export interface ActionFacts {
  /** Deleted entities are never in scope (rule-scope.ts); one here is refused all the same. */
  status: 'ENABLE' | 'DISABLE' | 'DELETE';
  /** Null without a budget of its own: ads, unlimited budgets, ad groups under a CBO campaign. */
  budget: number | null;
  /** TikTok's budget mode (BUDGET_MODE_DAY, BUDGET_MODE_TOTAL…), for the wording only. */
  budgetMode: string | null;
  /** The custom bid (tiktok-rules.ts currentBid); null under a no-bid strategy. */
  bid: number | null;
  /** Which field holds the bid (tiktok-rules.ts bidFieldOf): OCPM ad groups bid per conversion. */
  bidField: BidField;
}

export type RuleActionField = Extract<
  EditedField,
  'operation_status' | 'budget' | 'bid_price' | 'conversion_bid_price'
>;

export type ActionDecision =
  | {
      kind: 'change';
      field: 'operation_status';
      before: 'ENABLE' | 'DISABLE';
      after: 'ENABLE' | 'DISABLE';
    }
  | {
      kind: 'change';
      field: Exclude<RuleActionField, 'operation_status'>;
      before: number;
      after: number;
    }
  | { kind: 'skip'; outcome: 'already' | 'blocked'; reason: string }
  | { kind: 'notify' };

export function plannedAction(
  action: RuleAction,
  facts: ActionFacts,
  currency: string,
): ActionDecision {
  if (action.kind === 'notify') return { kind: 'notify' };
  const { status } = facts;
  if (status === 'DELETE') return blocked('Deleted: it can no longer be changed.');
  switch (action.kind) {
    case 'pause':
      return status === 'DISABLE'
        ? already('Already paused.')
        : { kind: 'change', field: 'operation_status', before: status, after: 'DISABLE' };
    case 'enable':
      return status === 'ENABLE'
        ? already('Already active.')
        : { kind: 'change', field: 'operation_status', before: status, after: 'ENABLE' };
    case 'budget':
      if (facts.budget === null) {
        return blocked(
          "No budget of its own to change: it has an unlimited budget, or its campaign's budget optimization (CBO) owns the budget.",
        );
      }
      return decideAmount(action, facts.budget, 'budget', budgetLabel(facts.budgetMode), currency);
    case 'bid':
      if (facts.bid === null) {
        return blocked('No bid to change: it uses the no-bid strategy (maximum delivery).');
      }
      return decideAmount(action, facts.bid, facts.bidField, 'Bid', currency);
  }
}

function decideAmount(
  action: Extract<RuleAction, { kind: 'budget' | 'bid' }>,
  current: number,
  field: 'budget' | BidField,
  label: string,
  currency: string,
): ActionDecision {
  if (!isSupportedCurrency(currency)) {
    return blocked(`TikTok's rules for ${currency} amounts are not known: nothing is changed.`);
  }
  const { change, floor, ceiling } = action;
  const money = (amount: number) => formatMoney(amount, currency);
  // A relative change moves one way only: "raise by 20% up to 500" leaves a budget already
  // above 500 alone rather than lowering it to the ceiling (and a cut never raises to the floor).
  if (change.type !== 'set') {
    if (change.value > 0 && ceiling !== null && current >= ceiling) {
      return already(
        current === ceiling
          ? `${label} is already at the ceiling (${money(ceiling)}).`
          : `${label} (${money(current)}) is already above the ceiling (${money(ceiling)}).`,
      );
    }
    if (change.value < 0 && floor !== null && current <= floor) {
      return already(
        current === floor
          ? `${label} is already at the floor (${money(floor)}).`
          : `${label} (${money(current)}) is already below the floor (${money(floor)}).`,
      );
    }
  }
  const raw = applyChange(current, change);
  const atCeiling = ceiling !== null && raw >= ceiling;
  const atFloor = floor !== null && raw <= floor;
  const bounded = Math.min(Math.max(raw, floor ?? raw), ceiling ?? raw);
  const after = roundWithin(bounded, floor, ceiling, currency);
  if (after === null) {
    return blocked(
      `No ${currency} amount lies between the floor (${formatUnroundedMoney(floor ?? 0, currency)}) and the ceiling (${formatUnroundedMoney(ceiling ?? 0, currency)}).`,
    );
  }
  if (!(after > 0)) {
    return blocked(
      `${label} would become ${formatUnroundedMoney(raw, currency)}, not a positive amount: set a floor.`,
    );
  }
  if (Math.abs(after - current) < 1e-9) {
    return already(
      atCeiling
        ? `${label} is already at the ceiling (${money(after)}).`
        : atFloor
          ? `${label} is already at the floor (${money(after)}).`
          : `${label} is already ${money(current)}.`,
    );
  }
  return { kind: 'change', field, before: current, after };
}

/**
 * The amount rounded to the currency's precision (TikTok's: whole yen, cents), kept inside
 * the bounds: a ceiling of 99.5 yen gives 99, not 100. Null when no amount of the currency
 * fits between them.
 */
function roundWithin(
  amount: number,
  floor: number | null,
  ceiling: number | null,
  currency: string,
): number | null {
  const step = smallestAmount(currency);
  // toPrecision drops float noise first, as roundToCurrency does, so 1.1 / 0.01 is 110 steps.
  const steps = (value: number) => Number((value / step).toPrecision(12));
  let rounded = roundToCurrency(amount, currency);
  if (ceiling !== null && rounded > ceiling) {
    rounded = roundToCurrency(Math.floor(steps(ceiling)) * step, currency);
  }
  if (floor !== null && rounded < floor) {
    rounded = roundToCurrency(Math.ceil(steps(floor)) * step, currency);
  }
  const outside = (ceiling !== null && rounded > ceiling) || (floor !== null && rounded < floor);
  return outside ? null : rounded;
}

function budgetLabel(budgetMode: string | null): string {
  if (isLifetimeBudget(budgetMode)) return 'Lifetime budget';
  return budgetMode === 'BUDGET_MODE_DAY' || budgetMode === 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET'
    ? 'Daily budget'
    : 'Budget';
}

function already(reason: string): ActionDecision {
  return { kind: 'skip', outcome: 'already', reason };
}

function blocked(reason: string): ActionDecision {
  return { kind: 'skip', outcome: 'blocked', reason };
}

const HOUR_MS = 3_600_000;

/**
 * When a run's changes are undone ("until"): the next midnight in the account's time zone
 * (the start of its next day, so a DST day is 23 or 25 hours long), or some hours from now.
 */
export function undoAt(until: RuleUntil, timeZone: string, now: number): number {
  return until.kind === 'hours'
    ? now + until.hours * HOUR_MS
    : endOfZonedDay(zonedDate(now, timeZone), timeZone);
}
