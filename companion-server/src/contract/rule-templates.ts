import { currencyRule, formatMoney, isSupportedCurrency, roundToCurrency } from './currency';
import type { RuleInput, RuleNotify, RuleScope, RuleWindow } from './rules';

/**
 * Rules to start from, for the rules page. Each builds a complete rule for the chosen ad
 * accounts, disabled: the buyer adjusts the amounts and targets, previews what it matches,
 * then enables it. A template's money is written in USD terms and scaled to the accounts'
 * currency (templateAmount); when that currency is not one (accounts in several, or none
 * chosen yet) the amounts are left empty, for the form to ask for.
 */
export interface RuleTemplate {
  id: string;
  name: string;
  /** What it does, its amounts in the currency, or "an amount you set" when there is none. */
  description(currency: string | null): string;
  build(params: { advertiserIds: string[]; currency: string | null }): RuleInput;
}

/**
 * A template's amount in the currency: the USD amount times TikTok's Budget Verification
 * Ratio, the factor TikTok itself scales its minimum and maximum budgets by (50 is ¥5,000,
 * Rp500,000, 200 zł), so a threshold keeps its weight beside the account's budgets. NaN (an
 * empty box, which the form asks to fill in) for no currency or one TikTok's table lacks:
 * a guessed rate would pause or scale on a figure nobody chose.
 */
export function templateAmount(usd: number, currency: string | null): number {
  if (currency === null || !isSupportedCurrency(currency)) return Number.NaN;
  return roundToCurrency(usd * currencyRule(currency).ratio, currency);
}

/** The currency a template's amounts are in: the chosen accounts' one, if they share one. */
export function templateCurrency(
  advertiserIds: readonly string[],
  accounts: readonly { advertiserId: string; currency: string }[],
): string | null {
  const currencies = new Set(
    advertiserIds.map((id) => accounts.find((a) => a.advertiserId === id)?.currency),
  );
  const [only] = currencies;
  return currencies.size === 1 && only !== undefined ? only : null;
}

/** An amount in a description: "¥5,000", or the words for an amount left to fill in. */
function moneyText(usd: number, currency: string | null, unknown: string): string {
  const amount = templateAmount(usd, currency);
  return currency !== null && !Number.isNaN(amount) ? formatMoney(amount, currency) : unknown;
}

/** Each build returns new objects: a rule edited from a template must not change the next one. */
function notifyAll(): RuleNotify {
  return { onAction: true, onApprovalNeeded: true, onFailure: true, webhookUrl: null };
}

function scope(
  advertiserIds: string[],
  level: RuleScope['level'],
  statuses: RuleScope['statuses'],
): RuleScope {
  return {
    advertiserIds: [...advertiserIds],
    level,
    name: null,
    statuses,
    campaignIds: null,
    entityIds: null,
  };
}

/** Full days only: today's figures lag, and its conversions have not come in yet. */
function fullDays(days: number): RuleWindow {
  return { kind: 'last_days', days, includeToday: false };
}

/** The templates' money in USD terms (templateAmount scales it to the account's currency). */
const STOP_LOSS_SPEND = 50;
const SCALE_CEILING = 1_000;
const DAILY_BUDGET = 50;

export const RULE_TEMPLATES: readonly RuleTemplate[] = [
  {
    id: 'stop-loss',
    name: 'Stop-loss: spend without a conversion',
    description: (currency) =>
      `Every 15 minutes, pauses active ads that spent more than ${moneyText(STOP_LOSS_SPEND, currency, 'an amount you set')} today without a conversion, until midnight in the account’s time zone, when they are enabled again for a fresh day. Set the amount to what an ad may spend before its first conversion.`,
    build: ({ advertiserIds, currency }) => ({
      name: 'Stop-loss: spend without a conversion',
      enabled: false,
      scope: scope(advertiserIds, 'ad', ['ENABLE']),
      groups: [
        {
          conditions: [
            {
              left: { metric: 'spend', window: { kind: 'today' } },
              comparison: 'gt',
              right: { kind: 'number', value: templateAmount(STOP_LOSS_SPEND, currency) },
            },
            // "No conversion": TikTok reports whole conversions, so ≤ 0 is = 0. A missing figure
            // leaves the condition unmet: the rule never pauses on data it does not have.
            {
              left: { metric: 'conversions', window: { kind: 'today' } },
              comparison: 'lte',
              right: { kind: 'number', value: 0 },
            },
          ],
        },
      ],
      // The spend threshold is itself the evidence: no separate guard.
      minimumData: null,
      action: { kind: 'pause' },
      until: { kind: 'midnight' },
      schedule: { every: { kind: 'minutes', minutes: 15 }, days: null, hours: null },
      // No cool-down: the pause is lifted at midnight, and the next day must be guarded again
      // from its first quarter hour.
      cooldownHours: 0,
      maxActionsPerRun: 50,
      notify: notifyAll(),
    }),
  },
  {
    id: 'scale-winners',
    name: 'Scale winners: +20% on ROAS above target',
    description: (currency) =>
      `Every morning at 09:00, raises by 20% the budget of active ad groups whose ROAS over the last 3 full days is above 2.0 (with at least 3 conversions), at most once every 2 days per ad group and never above ${moneyText(SCALE_CEILING, currency, 'a ceiling you set')}. Set the target ROAS and the ceiling.`,
    build: ({ advertiserIds, currency }) => ({
      name: 'Scale winners: +20% on ROAS above target',
      enabled: false,
      scope: scope(advertiserIds, 'adgroup', ['ENABLE']),
      groups: [
        {
          conditions: [
            {
              left: { metric: 'roas', window: fullDays(3) },
              comparison: 'gt',
              right: { kind: 'number', value: 2 },
            },
          ],
        },
      ],
      minimumData: { metric: 'conversions', window: fullDays(3), atLeast: 3 },
      action: {
        kind: 'budget',
        change: { type: 'percent', value: 20 },
        floor: null,
        ceiling: templateAmount(SCALE_CEILING, currency),
      },
      until: null,
      // Daily rather than every 15 minutes: a window of full days changes once a day, so
      // more runs would read the same figures again; 09:00 leaves the day to spend the raise.
      schedule: { every: { kind: 'daily', at: '09:00' }, days: null, hours: null },
      cooldownHours: 48,
      maxActionsPerRun: 50,
      notify: notifyAll(),
    }),
  },
  {
    id: 'revive',
    name: 'Revive: paused ad groups whose ROAS settled above target',
    description: () =>
      'Every hour, enables paused ad groups left alone for at least 48 hours whose ROAS over the last 2 full days, now that late conversions have come in, is above 2.0 (with at least 3 conversions). Set the target ROAS.',
    build: ({ advertiserIds }) => ({
      name: 'Revive: paused ad groups whose ROAS settled above target',
      enabled: false,
      scope: scope(advertiserIds, 'adgroup', ['DISABLE']),
      groups: [
        {
          conditions: [
            {
              left: { metric: 'roas', window: fullDays(2) },
              comparison: 'gt',
              right: { kind: 'number', value: 2 },
            },
            // Conversions settle over about 48 hours: judge a pause only once they have.
            {
              left: { metric: 'hours_since_change', window: null },
              comparison: 'gte',
              right: { kind: 'number', value: 48 },
            },
          ],
        },
      ],
      minimumData: { metric: 'conversions', window: fullDays(2), atLeast: 3 },
      action: { kind: 'enable' },
      until: null,
      // Hourly: an ad group paused 48 hours ago still has the day of its pause in the last 2
      // full days only until the next midnight; a daily run could miss that day.
      schedule: { every: { kind: 'hourly' }, days: null, hours: null },
      cooldownHours: 48,
      maxActionsPerRun: 20,
      notify: notifyAll(),
    }),
  },
  {
    id: 'daily-budget',
    name: 'Daily budget schedule',
    description: (currency) =>
      `Every day at 07:00, sets the daily budget of the active ad groups in scope to ${moneyText(DAILY_BUDGET, currency, 'an amount you set')} and notifies. Narrow the scope to the ad groups you mean (by name or campaign) and set the amount before enabling.`,
    build: ({ advertiserIds, currency }) => ({
      name: 'Daily budget schedule',
      enabled: false,
      scope: scope(advertiserIds, 'adgroup', ['ENABLE']),
      groups: [
        {
          conditions: [
            // A rule needs a condition; "has a budget of its own" leaves out the ad groups
            // whose campaign owns the budget (CBO), which a budget change cannot touch.
            {
              left: { metric: 'budget', window: null },
              comparison: 'gt',
              right: { kind: 'number', value: 0 },
            },
          ],
        },
      ],
      minimumData: null,
      action: {
        kind: 'budget',
        change: { type: 'set', value: templateAmount(DAILY_BUDGET, currency) },
        floor: null,
        ceiling: null,
      },
      until: null,
      schedule: { every: { kind: 'daily', at: '07:00' }, days: null, hours: null },
      cooldownHours: 0,
      maxActionsPerRun: 100,
      notify: notifyAll(),
    }),
  },
];
