import { describe, expect, it } from 'vitest';
import { figuresOf, sumFigures } from './report-figures';

const day = (
  spend: string,
  impressions: string,
  clicks: string,
  conversions: string,
  roas: string,
) =>
  figuresOf({
    spend,
    impressions,
    clicks,
    ctr: '0',
    cpc: '0',
    conversion: conversions,
    cost_per_conversion: '0',
    complete_payment_roas: roas,
  });

describe('sumFigures', () => {
  it('adds counts and derives ratios from the sums, never adding ratios', () => {
    const total = sumFigures([
      day('100.00', '10000', '100', '5', '2.00'),
      day('50.00', '5000', '25', '0', '4.00'),
    ]);
    expect(total.values).toEqual({
      spend: 150,
      impressions: 15_000,
      clicks: 125,
      ctr: 0.83,
      cpc: 1.2,
      conversions: 5,
      cpa: 30,
      roas: 2.67,
    });
    expect(total.purchaseValue).toBe(400);
  });

  it('leaves ROAS out when a part reports no purchase value, and ratios without a denominator', () => {
    const total = sumFigures([
      day('10.00', '0', '0', '0', '-'),
      day('5.00', '0', '0', '0', '1.50'),
    ]);
    expect(total.values.roas).toBeNull();
    expect(total.values.ctr).toBeNull();
    expect(total.values.cpc).toBeNull();
    expect(total.values.cpa).toBeNull();
    expect(sumFigures([]).values.spend).toBe(0);
  });
});
