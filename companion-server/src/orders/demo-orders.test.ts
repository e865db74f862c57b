import { describe, expect, it } from 'vitest';
import { startOfZonedDay } from '../lib/time-zone';
import { type DemoDelivery, generateDemoOrders } from './demo-orders';

const US = {
  advertiserId: '7000000000000000001',
  currency: 'USD',
  timeZone: 'America/Los_Angeles',
};
const JP = { advertiserId: '7000000000000000002', currency: 'JPY', timeZone: 'Asia/Tokyo' };

function deliveries(): DemoDelivery[] {
  const days = ['2026-11-28', '2026-11-29', '2026-11-30'];
  return days.flatMap((date, d) => [
    {
      ...US,
      campaignId: '1800000000000000001',
      adgroupId: '1810000000000000001',
      adId: '1820000000000000001',
      date,
      conversions: 40 + d,
      purchaseValue: 2_400 + d * 10,
    },
    {
      ...JP,
      campaignId: '1800000000000000002',
      adgroupId: '1810000000000000002',
      adId: '1820000000000000002',
      date,
      conversions: 30,
      purchaseValue: 450_000,
    },
    // No purchases: no orders.
    { ...US, campaignId: '1', adgroupId: '2', adId: '3', date, conversions: 0, purchaseValue: 0 },
  ]);
}

const NOW = startOfZonedDay('2026-11-30', 'America/Los_Angeles') + 15 * 3_600_000;
const OPTIONS = {
  shop: 'bayme-demo',
  foreignAccount: JP.advertiserId,
  foreignCurrency: 'USD',
  foreignRate: 150,
  nowMs: NOW,
  today: (id: string) => (id === JP.advertiserId ? '2026-12-01' : '2026-11-30'),
};

describe('generateDemoOrders', () => {
  it('is deterministic, so generating again on the next start changes nothing', () => {
    expect(generateDemoOrders(deliveries(), OPTIONS)).toEqual(
      generateDemoOrders(deliveries(), OPTIONS),
    );
  });

  it("follows TikTok's purchases: some orders attributed to the ad, some with no parameters, none in the future", () => {
    const { orders } = generateDemoOrders(deliveries(), OPTIONS);
    const us = orders.filter(
      (o) => o.currency === 'USD' && !o.orderId.includes('1820000000000000002'),
    );
    expect(us.length).toBeGreaterThan(40);
    // TikTok counted 123 purchases over the three days; the shop sees fewer or more, not wildly so.
    expect(us.length).toBeLessThan(123 * 1.2);
    const attributed = us.filter((o) => o.click.adId === '1820000000000000001');
    const unattributed = us.filter((o) => o.click.adId === null && o.click.campaignId === null);
    expect(attributed.length + unattributed.length).toBe(us.length);
    expect(unattributed.length / us.length).toBeGreaterThan(0.05);
    expect(unattributed.length / us.length).toBeLessThan(0.4);
    for (const order of attributed) {
      expect(order.click).toMatchObject({
        campaignId: '1800000000000000001',
        adgroupId: '1810000000000000001',
      });
      expect(order.click.clickedAtMs).toBeLessThanOrEqual(order.placedAtMs);
    }
    expect(Math.max(...orders.map((o) => o.placedAtMs))).toBeLessThan(NOW);
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(orders.length);
  });

  it("sells in another currency for one account, with rates for every day but that account's today", () => {
    const { orders, rates } = generateDemoOrders(deliveries(), OPTIONS);
    const japan = orders.filter((o) => o.orderId.includes('1820000000000000002'));
    expect(japan.length).toBeGreaterThan(0);
    expect(new Set(japan.map((o) => o.currency))).toEqual(new Set(['USD']));
    // ¥15,000 a purchase is about $100 at 150 yen to the dollar.
    const average = japan.reduce((sum, o) => sum + o.revenueMicros, 0) / japan.length / 1e6;
    expect(average).toBeGreaterThan(50);
    expect(average).toBeLessThan(150);
    expect(rates.map((r) => r.day)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    for (const rate of rates) {
      expect(rate).toMatchObject({ from: 'USD', to: 'JPY' });
      expect(Number(rate.rate)).toBeGreaterThan(140);
    }
  });

  it('refunds a few orders, later than they were placed and never in the future', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      ...US,
      campaignId: '1800000000000000001',
      adgroupId: '1810000000000000001',
      adId: `18200000000000001${String(i).padStart(2, '0')}`,
      date: '2026-11-20',
      conversions: 30,
      purchaseValue: 1_500,
    }));
    const { orders, refunds } = generateDemoOrders(many, OPTIONS);
    expect(refunds.length).toBeGreaterThan(0);
    expect(refunds.length / orders.length).toBeLessThan(0.1);
    const byId = new Map(orders.map((o) => [o.orderId, o]));
    for (const refund of refunds) {
      const order = byId.get(refund.orderId);
      expect(order).toBeDefined();
      expect(refund.refundedAtMs).toBeGreaterThan(order?.placedAtMs ?? Number.POSITIVE_INFINITY);
      expect(refund.refundedAtMs).toBeLessThan(NOW);
      expect(refund.amountMicros).toBe(order?.revenueMicros);
    }
  });
});
