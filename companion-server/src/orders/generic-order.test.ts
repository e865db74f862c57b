import { describe, expect, it } from 'vitest';
import { lastTikTokTouch, readGenericOrder } from './generic-order';

const SHOP = 'eu-shop';
const AD =
  'campaign_id=1800000000000000001&adgroup_id=1800000000000000002&ad_id=1800000000000000003';
const OTHER_AD =
  'campaign_id=1800000000000000011&adgroup_id=1800000000000000012&ad_id=1800000000000000013';

function body(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    order_id: 'A-10023',
    placed_at: '2026-12-01T18:04:11+01:00',
    currency: 'eur',
    revenue: '12.50',
    updated_at: '2026-12-02T09:00:00+01:00',
    landing_url: `https://shop.example/p/1?${AD}`,
    clicked_at: '2026-12-01T17:52:40+01:00',
    refunds: [{ refund_id: 'R-1', refunded_at: '2026-12-03T10:00:00+01:00', amount: '4.00' }],
    email: 'jane.doe@example.test',
    customer: { name: 'Jane Doe', ip: '203.0.113.9' },
    ...fields,
  });
}

describe('readGenericOrder', () => {
  it('keeps the documented fields and drops every other key', () => {
    const reading = readGenericOrder(SHOP, body());
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value).toEqual({
      order: {
        shop: SHOP,
        orderId: 'A-10023',
        placedAtMs: Date.parse('2026-12-01T17:04:11Z'),
        currency: 'EUR',
        revenueMicros: 12_500_000,
        click: {
          campaignId: '1800000000000000001',
          adgroupId: '1800000000000000002',
          adId: '1800000000000000003',
          ttclid: null,
          clickedAtMs: Date.parse('2026-12-01T16:52:40Z'),
        },
        sourceUpdatedAtMs: Date.parse('2026-12-02T08:00:00Z'),
        cancelled: false,
      },
      refunds: [
        {
          shop: SHOP,
          refundId: 'R-1',
          orderId: 'A-10023',
          refundedAtMs: Date.parse('2026-12-03T09:00:00Z'),
          currency: 'EUR',
          amountMicros: 4_000_000,
        },
      ],
    });
    expect(JSON.stringify(reading.value)).not.toMatch(/jane|Jane|203\.0\.113/);
  });

  it('takes the last TikTok touch at or before the order from a list of touches', () => {
    const reading = readGenericOrder(
      SHOP,
      body({
        landing_url: undefined,
        clicked_at: undefined,
        touches: [
          { url: `/a?${OTHER_AD}`, at: '2026-12-01T10:00:00+01:00' },
          { url: `/b?${AD}&ttclid=tt1`, at: '2026-12-01T12:00:00+01:00' },
          { url: '/c?utm_source=newsletter', at: '2026-12-01T15:00:00+01:00' },
          { url: `/d?${OTHER_AD}`, at: '2026-12-01T19:00:00+01:00' },
        ],
      }),
    );
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value.order.click).toEqual({
      campaignId: '1800000000000000001',
      adgroupId: '1800000000000000002',
      adId: '1800000000000000003',
      ttclid: 'tt1',
      clickedAtMs: Date.parse('2026-12-01T11:00:00Z'),
    });
  });

  it('refuses landing_url and touches together as ambiguous', () => {
    const reading = readGenericOrder(SHOP, body({ touches: [] }));
    expect(reading).toEqual({
      ok: false,
      problem: 'touches: send either landing_url (and clicked_at) or touches, not both.',
    });
  });

  it('accepts an order with no click at all as unattributed', () => {
    const reading = readGenericOrder(
      SHOP,
      body({ landing_url: null, clicked_at: null, refunds: undefined, cancelled: true }),
    );
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value.order.click).toEqual({
      campaignId: null,
      adgroupId: null,
      adId: null,
      ttclid: null,
      clickedAtMs: null,
    });
    expect(reading.value.order.cancelled).toBe(true);
    expect(reading.value.refunds).toEqual([]);
  });

  it.each([
    ['revenue as a JSON number', { revenue: 12.5 }, 'revenue:'],
    ['a negative revenue', { revenue: '-1.00' }, 'revenue:'],
    ['a placed_at without zone', { placed_at: '2026-12-01T18:04:11' }, 'placed_at:'],
    ['no updated_at', { updated_at: undefined }, 'updated_at:'],
    ['an order id with spaces', { order_id: 'jane doe' }, 'order_id:'],
    ['a currency name', { currency: 'euro' }, 'currency:'],
  ])('refuses %s, naming the field and no value', (_label, fields, start) => {
    const reading = readGenericOrder(SHOP, body(fields));
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problem.startsWith(start)).toBe(true);
    expect(reading.problem).not.toMatch(/jane|euro|-1\.00|18:04:11/);
  });
});

describe('lastTikTokTouch', () => {
  const at = (iso: string) => Date.parse(iso);
  const placed = at('2026-12-01T12:00:00Z');

  it('prefers the later of two touches at the same time (the later in the list)', () => {
    const click = lastTikTokTouch(
      [
        { url: `/x?${OTHER_AD}`, at: at('2026-12-01T11:00:00Z') },
        { url: `/y?${AD}`, at: at('2026-12-01T11:00:00Z') },
      ],
      placed,
    );
    expect(click.adId).toBe('1800000000000000003');
  });

  it('counts a touch at the very moment of the order, not one after it', () => {
    expect(lastTikTokTouch([{ url: `/y?${AD}`, at: placed }], placed).clickedAtMs).toBe(placed);
    expect(lastTikTokTouch([{ url: `/y?${AD}`, at: placed + 1 }], placed).adId).toBeNull();
  });

  it('does not let an earlier TikTok touch listed later win over a later one', () => {
    const click = lastTikTokTouch(
      [
        { url: `/y?${AD}`, at: at('2026-12-01T11:00:00Z') },
        { url: `/x?${OTHER_AD}`, at: at('2026-12-01T09:00:00Z') },
      ],
      placed,
    );
    expect(click.adId).toBe('1800000000000000003');
  });
});
