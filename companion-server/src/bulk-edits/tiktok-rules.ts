import type { BlockReason } from '../contract/bulk-edits';
import { currencyRule, formatMoney, maximumBudget, smallestAmount } from '../contract/currency';
import type { EntitySnapshot } from './entity-snapshots';

/**
 * TikTok's budget and bid rules as the planner predicts them, so that a preview says what
 * TikTok will refuse before anything is sent (shared/reference/tiktok-marketing-api.md §6).
 * TikTok stays the authority: a row it refuses anyway fails with its own message.
 */

export interface RuleProblem {
  code: BlockReason;
  message: string;
}

const CAMPAIGN_MIN_BASE = 50;
const CAMPAIGN_REDUCED_MIN_BASE = 10;
const AD_GROUP_MIN_BASE = 20;
const AD_GROUP_REDUCED_MIN_BASE = 10;
const SPEND_FLOOR_RATIO = 1.05;
/**
 * Only the CPC bid maximum (base 30) is documented. For other billing events the planner
 * does not guess: a bid TikTok refuses fails at apply with TikTok's message, whereas a
 * guessed limit could block a bid TikTok would take.
 */
const CPC_MAX_BID_BASE = 30;

export function isLifetimeBudget(budgetMode: string | null): boolean {
  return budgetMode === 'BUDGET_MODE_TOTAL';
}

export function minimumBudget(
  level: 'campaign' | 'adgroup',
  entity: EntitySnapshot,
  currency: string,
) {
  const { ratio } = currencyRule(currency);
  if (level === 'campaign') {
    const reduced = entity.objective === 'PRODUCT_SALES' && entity.productSource === 'STORE';
    return (reduced ? CAMPAIGN_REDUCED_MIN_BASE : CAMPAIGN_MIN_BASE) * ratio;
  }
  const reduced = entity.productSource === 'STORE' || entity.productSource === 'SHOWCASE';
  const daily = (reduced ? AD_GROUP_REDUCED_MIN_BASE : AD_GROUP_MIN_BASE) * ratio;
  return isLifetimeBudget(entity.budgetMode) ? daily * entity.scheduledDays : daily;
}

/** The first rule a new budget breaks, or null. */
export function checkBudgetRules(input: {
  level: 'campaign' | 'adgroup';
  entity: EntitySnapshot;
  budget: number;
  currency: string;
  /** Today's spend for daily budgets, lifetime spend for lifetime budgets. */
  spendSoFar: number;
}): RuleProblem | null {
  const { level, entity, budget, currency } = input;
  const max = maximumBudget(currency);
  if (budget >= max) {
    return { code: 'above_maximum', message: `Must be less than ${formatMoney(max, currency)}.` };
  }
  const min = minimumBudget(level, entity, currency);
  // The lifetime campaign minimum must be exceeded; the others are inclusive (as documented).
  const lifetimeCampaign = level === 'campaign' && isLifetimeBudget(entity.budgetMode);
  if (lifetimeCampaign ? budget <= min : budget < min) {
    const kind = isLifetimeBudget(entity.budgetMode) ? 'lifetime' : 'daily';
    return {
      code: 'below_minimum',
      message: `Below TikTok's minimum ${kind} budget of ${formatMoney(min, currency)}${lifetimeCampaign ? ' (must be more)' : ''}.`,
    };
  }
  const floor = input.spendSoFar * SPEND_FLOOR_RATIO;
  if (budget + 1e-9 < floor) {
    const period = isLifetimeBudget(entity.budgetMode) ? 'so far' : 'today';
    return {
      code: 'below_spend',
      message: `Below 105% of the ${formatMoney(input.spendSoFar, currency)} already spent ${period} (at least ${formatMoney(ceilToCurrency(floor, currency), currency)}).`,
    };
  }
  const bid = currentBid(entity);
  if (level === 'adgroup' && bid !== null && budget <= bid) {
    return {
      code: 'budget_below_bid',
      message: `Must stay above the ad group's bid of ${formatMoney(bid, currency)}.`,
    };
  }
  return null;
}

/**
 * The smallest amount of the currency at or above the given one: the least budget that
 * passes, as a buyer can type it (whole yen, or cents). toPrecision drops float noise first,
 * so 105% of 100 (105.00000000000001) asks for $105.00, not $105.01.
 */
function ceilToCurrency(amount: number, currency: string): number {
  const step = smallestAmount(currency);
  return Math.ceil(Number((amount / step).toPrecision(12))) * step;
}

export type BidField = 'bid_price' | 'conversion_bid_price';

/** The bid field an ad group uses: conversion bids for OCPM billing, bid_price otherwise. */
export function bidFieldOf(entity: EntitySnapshot): BidField {
  return entity.billingEvent === 'OCPM' ? 'conversion_bid_price' : 'bid_price';
}

export function currentBid(entity: EntitySnapshot): number | null {
  if (entity.bidType !== 'BID_TYPE_CUSTOM') return null;
  const bid = bidFieldOf(entity) === 'bid_price' ? entity.bidPrice : entity.conversionBidPrice;
  return bid !== null && bid > 0 ? bid : null;
}

export function checkBidRules(input: {
  entity: EntitySnapshot;
  bid: number;
  currency: string;
}): RuleProblem | null {
  const { entity, bid, currency } = input;
  if (entity.billingEvent === 'CPC') {
    const max = CPC_MAX_BID_BASE * currencyRule(currency).ratio;
    if (bid > max) {
      return {
        code: 'bid_too_high',
        message: `Above TikTok's maximum CPC bid of ${formatMoney(max, currency)}.`,
      };
    }
  }
  const ceilings = [
    ...(entity.budgetOwnedByCampaign || entity.budget === null ? [] : [entity.budget]),
    ...(entity.campaignBudget === null ? [] : [entity.campaignBudget]),
  ];
  for (const ceiling of ceilings) {
    if (bid >= ceiling) {
      return {
        code: 'bid_too_high',
        message: `Must stay below the budget of ${formatMoney(ceiling, currency)}.`,
      };
    }
  }
  return null;
}

/** TikTok refuses adgroup/budget/update from 23:55 to midnight in the account's time zone. */
export function inBudgetLockWindow(zonedHour: number, zonedMinute: number): boolean {
  return zonedHour === 23 && zonedMinute >= 55;
}
