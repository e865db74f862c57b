import type { BulkOperation } from './bulk-edits';
import { formatMoney, maximumBudget, smallestAmount } from './currency';

/**
 * What an operation asks for, judged against the ad account's currency before anything is
 * read or written: an amount above what any budget of that currency can be, or smaller than
 * the currency's smallest unit (it would round to nothing), is a mistake to point out, not a
 * row to plan. The requested-operation schema has already bounded it for every currency; this
 * bounds it for this one. The drawer's form asks it too, so the buyer reads the reason before
 * any request; the server asks again. A budget at the maximum or amounts finer than the
 * currency counts stay the planner's: it blocks or rounds each row and says why.
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
      message: `${what} must be at most ${formatMoney(max, currency)}, TikTok's largest budget in ${currency}.`,
    };
  }
  const smallest = smallestAmount(currency);
  if (Math.abs(value) < smallest) {
    return {
      field,
      message: `${what} must be at least ${formatMoney(smallest, currency)}: ${currency} has no smaller amount.`,
    };
  }
  return null;
}
