import { currencyRule, formatAmount, hasCurrencyPrecision } from '../../src/contract/currency';
import type { BudgetMode, ObjectiveType, ProductSource } from '../state/model';

/**
 * TikTok's budget rules (shared/reference/tiktok-marketing-api.md §6). Each check returns
 * a TikTok-style error message, or null when the budget is acceptable.
 */

const CAMPAIGN_MIN_BASE = 50;
const CAMPAIGN_REDUCED_MIN_BASE = 10;
const AD_GROUP_MIN_BASE = 20;
const AD_GROUP_REDUCED_MIN_BASE = 10;
const MAX_BASE = 10_000_000;
const SPEND_FLOOR_RATIO = 1.05;

export type BudgetLevel = 'campaign' | 'adgroup';

export interface BudgetCheck {
  level: BudgetLevel;
  mode: BudgetMode;
  budget: number;
  currency: string;
  /** Spend so far: today's for daily budgets, lifetime for lifetime budgets. */
  spendSoFar: number;
  objective?: ObjectiveType;
  productSource: ProductSource | null;
  /** Days a lifetime ad group is scheduled to run (lifetime ad-group minimum scales with it). */
  scheduledDays?: number;
}

export function checkBudget(check: BudgetCheck): string | null {
  const { level, mode, budget, currency } = check;
  const { ratio, integerOnly } = currencyRule(currency);
  const label = level === 'campaign' ? 'Campaign' : 'Ad group';

  if (mode === 'BUDGET_MODE_INFINITE') {
    return `budget: ${label} budget cannot be set when budget_mode is BUDGET_MODE_INFINITE.`;
  }
  if (!Number.isFinite(budget) || budget <= 0) {
    return 'budget: Budget must be a positive number.';
  }
  if (!hasCurrencyPrecision(budget, currency)) {
    return integerOnly
      ? `budget: ${currency} budgets must be whole numbers.`
      : `budget: ${currency} budgets allow at most two decimal places.`;
  }

  const max = MAX_BASE * ratio;
  if (budget >= max) {
    return `budget: ${label} budget must be less than ${formatAmount(max, currency)}.`;
  }

  const minimum = minimumBudget(check);
  // TikTok's guide says a lifetime campaign budget must *exceed* the minimum; the range table
  // is inclusive for daily budgets. We keep each as documented.
  const lifetimeCampaign = level === 'campaign' && mode === 'BUDGET_MODE_TOTAL';
  if (lifetimeCampaign ? budget <= minimum : budget < minimum) {
    const relation = lifetimeCampaign ? 'greater than' : 'at least';
    const kind = mode === 'BUDGET_MODE_TOTAL' ? 'lifetime' : 'daily';
    return `budget: ${label} ${kind} budget must be ${relation} ${formatAmount(minimum, currency)}.`;
  }

  const floor = check.spendSoFar * SPEND_FLOOR_RATIO;
  if (budget + 1e-9 < floor) {
    return (
      `budget: The budget must be at least 105% of the amount already spent ` +
      `(${formatAmount(check.spendSoFar, currency)} spent).`
    );
  }
  return null;
}

export function minimumBudget(check: Omit<BudgetCheck, 'budget' | 'spendSoFar'>): number {
  const { ratio } = currencyRule(check.currency);
  if (check.level === 'campaign') {
    const reduced = check.objective === 'PRODUCT_SALES' && check.productSource === 'STORE';
    return (reduced ? CAMPAIGN_REDUCED_MIN_BASE : CAMPAIGN_MIN_BASE) * ratio;
  }
  const reduced = check.productSource === 'STORE' || check.productSource === 'SHOWCASE';
  const daily = (reduced ? AD_GROUP_REDUCED_MIN_BASE : AD_GROUP_MIN_BASE) * ratio;
  if (check.mode === 'BUDGET_MODE_TOTAL') return daily * Math.max(1, check.scheduledDays ?? 1);
  return daily;
}

/** Budget modes a campaign may be created with. */
export function checkCampaignBudgetMode(mode: BudgetMode, cbo: boolean): string | null {
  const allowed: BudgetMode[] = cbo
    ? ['BUDGET_MODE_TOTAL', 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET', 'BUDGET_MODE_DAY']
    : ['BUDGET_MODE_INFINITE', 'BUDGET_MODE_TOTAL', 'BUDGET_MODE_DAY'];
  if (allowed.includes(mode)) return null;
  return `budget_mode: ${mode} is not allowed for a campaign with budget optimization ${cbo ? 'on' : 'off'}; use one of ${allowed.join(', ')}.`;
}

/** Budget modes an ad group may be created with, given its campaign and schedule. */
export function checkAdGroupBudgetMode(input: {
  mode: BudgetMode;
  campaignMode: BudgetMode;
  scheduleType: 'SCHEDULE_START_END' | 'SCHEDULE_FROM_NOW';
}): string | null {
  const { mode, campaignMode, scheduleType } = input;
  const daily: BudgetMode[] = ['BUDGET_MODE_DAY', 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET'];
  if (mode === 'BUDGET_MODE_INFINITE') {
    return 'budget_mode: An ad group needs a budget unless its campaign uses budget optimization.';
  }
  if (scheduleType === 'SCHEDULE_FROM_NOW' && !daily.includes(mode)) {
    return 'budget_mode: Ad groups scheduled from now need a daily budget (BUDGET_MODE_DAY or BUDGET_MODE_DYNAMIC_DAILY_BUDGET).';
  }
  if (campaignMode === 'BUDGET_MODE_DAY' && !daily.includes(mode)) {
    return 'budget_mode: A campaign with a daily budget only allows ad groups with daily budgets.';
  }
  return null;
}
