import { describe, expect, it } from 'vitest';
import type { BillingEvent } from '../state/model';
import { type BidCheck, bidFieldFor, checkBid } from './bid-rules';

function bid(value: number, overrides: Partial<BidCheck> = {}): string | null {
  return checkBid({
    adGroup: { bid_type: 'BID_TYPE_CUSTOM', billing_event: 'CPC' },
    field: 'bid_price',
    value,
    currency: 'USD',
    budgets: [],
    ...overrides,
  });
}

describe('bidFieldFor', () => {
  it.each([
    ['CPC', 'bid_price'],
    ['CPM', 'bid_price'],
    ['CPV', 'bid_price'],
    ['OCPM', 'conversion_bid_price'],
  ] as const)('%s billing takes %s', (billing, field) => {
    expect(bidFieldFor(billing)).toBe(field);
  });
});

describe('checkBid', () => {
  it('accepts an ordinary custom bid', () => {
    expect(bid(1.2, { budgets: [120, 500] })).toBeNull();
  });

  it.each(['bid_price', 'conversion_bid_price'] as const)(
    'refuses %s on a no-bid ad group',
    (field) => {
      expect(
        bid(1, { adGroup: { bid_type: 'BID_TYPE_NO_BID', billing_event: 'OCPM' }, field }),
      ).toBe(
        `${field}: Bids can only be set on ad groups with bid_type BID_TYPE_CUSTOM; this ad group uses BID_TYPE_NO_BID.`,
      );
    },
  );

  it.each([
    ['CPC', 'conversion_bid_price', 'bid_price'],
    ['CPM', 'conversion_bid_price', 'bid_price'],
    ['CPV', 'conversion_bid_price', 'bid_price'],
    ['OCPM', 'bid_price', 'conversion_bid_price'],
  ] as const)('refuses %s billing with %s (wants %s)', (billing, wrong, right) => {
    const adGroup = { bid_type: 'BID_TYPE_CUSTOM' as const, billing_event: billing };
    expect(bid(1, { adGroup, field: wrong })).toBe(
      `${wrong}: Ad groups billed by ${billing} take ${right}, not ${wrong}.`,
    );
    expect(bid(1, { adGroup, field: right })).toBeNull();
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses the bid %d', (value) => {
    expect(bid(value)).toBe('bid_price: The bid must be a positive number.');
  });

  describe('maximum CPC bid is 30 × ratio (inclusive)', () => {
    it.each([
      ['USD', 30, 30.01, '30.00 USD'],
      ['GBP', 30, 30.01, '30.00 GBP'],
      ['PLN', 120, 120.01, '120.00 PLN'],
      ['HKD', 300, 300.01, '300.00 HKD'],
      ['PHP', 1_500, 1_500.01, '1500.00 PHP'],
      ['JPY', 3_000, 3_001, '3000 JPY'],
      ['KRW', 30_000, 30_001, '30000 KRW'],
      ['IDR', 300_000, 300_001, '300000 IDR'],
    ])('%s: %d accepted, %d refused', (currency, max, above, shown) => {
      expect(bid(max, { currency })).toBeNull();
      expect(bid(above, { currency })).toBe(
        `bid_price: The bid must not exceed ${shown} for CPC billing.`,
      );
    });
  });

  // Only the CPC base is documented; these are the emulator's stated assumptions.
  it.each([
    ['CPM', 'bid_price', 100],
    ['CPV', 'bid_price', 10],
    ['OCPM', 'conversion_bid_price', 1_000],
  ] as const)('caps %s bids at its assumed base %d × ratio', (billing, field, base) => {
    const adGroup = {
      bid_type: 'BID_TYPE_CUSTOM' as const,
      billing_event: billing as BillingEvent,
    };
    expect(bid(base, { adGroup, field })).toBeNull();
    expect(bid(base + 0.01, { adGroup, field })).toMatch(/must not exceed/);
    expect(bid(base * 100, { adGroup, field, currency: 'JPY' })).toBeNull();
    expect(bid(base * 100 + 1, { adGroup, field, currency: 'JPY' })).toMatch(/must not exceed/);
  });

  describe('a bid stays below the ad group and campaign budgets', () => {
    it('accepts a bid just under every budget and refuses one equal to the lowest', () => {
      expect(bid(19.99, { budgets: [20, 500] })).toBeNull();
      expect(bid(20, { budgets: [20, 500] })).toBe(
        'bid_price: The bid must be lower than the budget (20.00 USD).',
      );
    });

    it('checks the campaign budget too', () => {
      expect(bid(25, { budgets: [100, 25] })).toBe(
        'bid_price: The bid must be lower than the budget (25.00 USD).',
      );
      expect(bid(24.99, { budgets: [100, 25] })).toBeNull();
    });

    it('ignores budgets that are not set (0)', () => {
      expect(bid(29, { budgets: [0, 0] })).toBeNull();
    });

    it('compares in the account currency', () => {
      const adGroup = { bid_type: 'BID_TYPE_CUSTOM' as const, billing_event: 'OCPM' as const };
      const base = { adGroup, field: 'conversion_bid_price' as const, currency: 'JPY' };
      expect(bid(1_999, { ...base, budgets: [2_000] })).toBeNull();
      expect(bid(2_000, { ...base, budgets: [2_000] })).toBe(
        'conversion_bid_price: The bid must be lower than the budget (2000 JPY).',
      );
    });
  });

  describe('precision', () => {
    it.each([
      [0.015, 'USD', 'bid_price: USD bids allow at most two decimal places.'],
      [1.999, 'PLN', 'bid_price: PLN bids allow at most two decimal places.'],
      [90.5, 'JPY', 'bid_price: JPY bids must be whole numbers.'],
      [100.1, 'KRW', 'bid_price: KRW bids must be whole numbers.'],
    ])('refuses %d %s', (value, currency, message) => {
      expect(bid(value, { currency })).toBe(message);
    });

    it.each([
      [0.01, 'USD'],
      [1.25, 'USD'],
      [90, 'JPY'],
      [100, 'KRW'],
    ])('accepts %d %s', (value, currency) => {
      expect(bid(value, { currency })).toBeNull();
    });
  });
});
