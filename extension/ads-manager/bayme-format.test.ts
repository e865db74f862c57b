import { describe, expect, it } from 'vitest';
import type { EntityMetrics } from '../../companion-server/src/contract/ads-manager';
import { formatGap, formatUnconverted, purchaseValueGap } from './bayme-format';

const current = {
  spend: 200,
  impressions: 10_000,
  clicks: 100,
  ctr: 1,
  cpc: 2,
  conversions: 4,
  cpa: 50,
  roas: 2.5,
};
const bayme = { orders: 3, revenue: 340, refunds: 0, roas: 1.7, unconverted: [] };

function row(change: Partial<EntityMetrics>): EntityMetrics {
  return { id: '1800000000000000001', name: 'Ad group', current, bayme, ...change };
}

describe('purchase value gap', () => {
  it('compares Bayme revenue with TikTok’s ROAS × spend, in percent', () => {
    // TikTok claims 2.5 × 200 = 500; the shop saw 340: 32 % less.
    expect(purchaseValueGap(row({}))).toBeCloseTo(-32, 10);
    expect(purchaseValueGap(row({ bayme: { ...bayme, revenue: 550 } }))).toBeCloseTo(10, 10);
  });

  it('has no gap without TikTok’s value, without spend or without Bayme figures', () => {
    expect(purchaseValueGap(row({ current: { ...current, roas: null } }))).toBeNull();
    expect(purchaseValueGap(row({ current: { ...current, roas: 0 } }))).toBeNull();
    expect(purchaseValueGap(row({ current: { ...current, spend: null } }))).toBeNull();
    expect(purchaseValueGap(row({ bayme: null }))).toBeNull();
    expect(purchaseValueGap(row({ bayme: undefined }))).toBeNull();
  });

  it('is written signed, in whole percents', () => {
    expect(formatGap(-32.4)).toBe('−32%');
    expect(formatGap(9.6)).toBe('+10%');
    expect(formatGap(0.4)).toBe('0%');
    expect(formatGap(-0.4)).toBe('0%');
    expect(formatGap(null)).toBe('n/a');
  });
});

describe('unconverted revenue', () => {
  it('says each currency’s revenue in its own currency, with its orders', () => {
    expect(
      formatUnconverted([
        { currency: 'EUR', revenue: 120.5, orders: 3 },
        { currency: 'JPY', revenue: 2000, orders: 1 },
      ]),
    ).toBe('€120.50 (3 orders) · ¥2,000 (1 order)');
    expect(formatUnconverted([])).toBe('');
  });
});
