import { AsyncLocalStorage } from 'node:async_hooks';
import { type CallBudget, DEFAULT_CALL_BUDGET } from './rate-limiter';

/**
 * The limiter class and staff member of the calls made inside a piece of work. A job or an
 * export sets it once around its run, and every Marketing API call it makes, however deep,
 * waits in that class. A signed-in staff member's request runs in `interactive` under their
 * id (http/staff-call-budget.ts); work outside any request or budget is `interactive` for
 * 'anonymous'. The innermost budget wins, and a call's own `budget` option wins over all.
 */
const current = new AsyncLocalStorage<CallBudget>();

export function withCallBudget<T>(budget: CallBudget, work: () => T): T {
  return current.run(budget, work);
}

export function currentCallBudget(): CallBudget {
  return current.getStore() ?? DEFAULT_CALL_BUDGET;
}
