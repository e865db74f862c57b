import type { BulkOperation } from '../contract/bulk-edits';
import { currencyRule, formatAmount } from '../lib/currency';
import { maximumBudget } from './tiktok-rules';

/**
 * What an operation asks for, judged against the ad account's currency before anything is
 * read or written: an amount above what any budget of that currency can be, or smaller than
 * the currency's smallest unit (it would round to nothing), is a mistake to point out, not a
 * row to plan. The contract has already bounded it for every currency; this bounds it for
 * this one. A budget at the maximum or amounts finer than the currency counts stay the
 * planner's: it blocks or rounds each row and says why.
 */
export interface OperationProblem {
  /** The body field at fault, as the contract names it. */
  field: string;
  message: string;
}

export function operationBoundsProblem(
  operation: BulkOperation,
  currency: string,
): OperationProblem | null {
  if (operation.kind !== 'budget' && operation.kind !== 'bid') return null;
  if (operation.change.type === 'percent') return null;
  const field = 'operation.change.value';
  const { value } = operation.change;
  const what = operation.change.type === 'set' ? 'The amount' : 'A change';
  const max = maximumBudget(currency);
  if (Math.abs(value) > max) {
    return {
      field,
      message: `${what} must not be above TikTok's maximum budget in ${currency}, ${formatAmount(max, currency)}.`,
    };
  }
  const smallest = currencyRule(currency).integerOnly ? 1 : 0.01;
  if (Math.abs(value) < smallest) {
    return {
      field,
      message: `${what} must be at least ${formatAmount(smallest, currency)}: ${currency} counts nothing smaller.`,
    };
  }
  return null;
}
