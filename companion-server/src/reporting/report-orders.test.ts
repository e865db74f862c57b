import { describe, expect, it } from 'vitest';
import type { OrderFigures } from '../orders/order-figures';
import { ordersInUse, type ReportingOrders } from './report-orders';

/** When reports show Bayme's figures: a shop is configured, or orders are stored. */

function orders(latestOrderAt: string | null, shopsConfigured: boolean): ReportingOrders {
  return {
    figures: { latestOrderAt: () => latestOrderAt } as unknown as OrderFigures,
    store: { unattributedSums: () => [] },
    shopsConfigured: () => shopsConfigured,
    campaignIds: async () => [],
    entitiesOf: async () => [],
  };
}

describe('ordersInUse', () => {
  it('is off without orders and without a shop, so reports show no Bayme columns', () => {
    expect(ordersInUse(orders(null, false))).toBeNull();
    expect(ordersInUse(null)).toBeNull();
  });

  it('is on once an order is stored, or as soon as a shop is configured', () => {
    expect(ordersInUse(orders('2026-11-21T10:00:00.000Z', false))?.latestOrderAt).toBe(
      '2026-11-21T10:00:00.000Z',
    );
    const configured = ordersInUse(orders(null, true));
    expect(configured).not.toBeNull();
    expect(configured?.latestOrderAt).toBeNull();
  });
});
