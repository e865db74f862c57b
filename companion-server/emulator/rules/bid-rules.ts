import { currencyRule, formatAmount, hasCurrencyPrecision } from '../../src/contract/currency';
import type { AdGroup } from '../state/model';

/**
 * Bid rules (shared/reference/tiktok-marketing-api.md §6, DOC 1745292444424193).
 * Only custom-bid ad groups take bids; `bid_price` goes with CPC/CPM/CPV billing and
 * `conversion_bid_price` with OCPM; a bid stays below the ad group's and campaign's budgets.
 *
 * The maximum is a per-billing-event base times the currency ratio. Only the CPC base (30) is
 * documented; the others are our assumption, kept conservative: the emulator then rejects
 * bids that TikTok might accept, never the other way round.
 */
const MAX_BID_BASE: Record<AdGroup['billing_event'], number> = {
  CPC: 30,
  CPM: 100,
  CPV: 10,
  OCPM: 1_000,
};

export type BidField = 'bid_price' | 'conversion_bid_price';

export interface BidCheck {
  adGroup: Pick<AdGroup, 'bid_type' | 'billing_event'>;
  field: BidField;
  value: number;
  currency: string;
  /** Budgets the bid must stay under (ad group and campaign), when they have one. */
  budgets: number[];
}

export function bidFieldFor(billingEvent: AdGroup['billing_event']): BidField {
  return billingEvent === 'OCPM' ? 'conversion_bid_price' : 'bid_price';
}

export function checkBid({ adGroup, field, value, currency, budgets }: BidCheck): string | null {
  if (adGroup.bid_type !== 'BID_TYPE_CUSTOM') {
    return `${field}: Bids can only be set on ad groups with bid_type BID_TYPE_CUSTOM; this ad group uses ${adGroup.bid_type}.`;
  }
  const expected = bidFieldFor(adGroup.billing_event);
  if (field !== expected) {
    return `${field}: Ad groups billed by ${adGroup.billing_event} take ${expected}, not ${field}.`;
  }
  if (!Number.isFinite(value) || value <= 0) return `${field}: The bid must be a positive number.`;
  if (!hasCurrencyPrecision(value, currency)) {
    return currencyRule(currency).integerOnly
      ? `${field}: ${currency} bids must be whole numbers.`
      : `${field}: ${currency} bids allow at most two decimal places.`;
  }
  const max = MAX_BID_BASE[adGroup.billing_event] * currencyRule(currency).ratio;
  if (value > max) {
    return `${field}: The bid must not exceed ${formatAmount(max, currency)} for ${adGroup.billing_event} billing.`;
  }
  for (const budget of budgets) {
    if (budget > 0 && value >= budget) {
      return `${field}: The bid must be lower than the budget (${formatAmount(budget, currency)}).`;
    }
  }
  return null;
}

/** The bid a custom-bid ad group currently uses, or null for no-bid ad groups. */
export function currentBid(
  adGroup: Pick<AdGroup, 'bid_type' | 'billing_event' | 'bid_price' | 'conversion_bid_price'>,
): number | null {
  if (adGroup.bid_type !== 'BID_TYPE_CUSTOM') return null;
  const bid = adGroup[bidFieldFor(adGroup.billing_event)];
  return bid > 0 ? bid : null;
}

/** A budget must stay above the bids under it, whichever of the two changes. */
export function checkBudgetAboveBid(
  budget: number,
  bid: number | null,
  currency: string,
): string | null {
  if (bid === null || budget > bid) return null;
  return `budget: The budget must be higher than the bid of ${formatAmount(bid, currency)}; lower the bid first.`;
}
