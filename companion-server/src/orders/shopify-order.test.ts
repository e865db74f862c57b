import { describe, expect, it } from 'vitest';
import { readShopifyOrder, readShopifyRefund } from './shopify-order';

const SHOP = 'bayme-test.myshopify.com';

/** A Shopify order body as text, with bare integer ids as Shopify writes them. */
function orderBody(overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id: '5678901234567',
    name: '"#1001"',
    email: '"jane.doe@example.test"',
    phone: '"+15550100"',
    created_at: '"2026-12-01T10:15:30-05:00"',
    processed_at: '"2026-12-01T10:15:29-05:00"',
    updated_at: '"2026-12-01T10:20:00-05:00"',
    cancelled_at: 'null',
    currency: '"USD"',
    presentment_currency: '"EUR"',
    total_price: '"120.50"',
    current_total_price: '"100.50"',
    landing_site:
      '"/products/mug?utm_source=tiktok&campaign_id=1800000000000000001&adgroup_id=1800000000000000002&ad_id=1800000000000000003&ttclid=E.C.P.abc"',
    customer: '{"id":1,"first_name":"Jane","last_name":"Doe","email":"jane.doe@example.test"}',
    billing_address: '{"address1":"1 Test Street","city":"Testville","zip":"00001"}',
    client_details: '{"browser_ip":"203.0.113.9","user_agent":"TestAgent"}',
    note: '"leave at door"',
    line_items: '[{"id":9,"title":"Mug","price":"120.50","quantity":1}]',
    refunds:
      '[{"id":9876543210123456789,"created_at":"2026-12-03T09:00:00Z","note":"n","transactions":[{"kind":"refund","status":"success","amount":"20.00","currency":"USD"},{"kind":"refund","status":"failure","amount":"99.00","currency":"USD"}]}]',
    ...overrides,
  };
  return `{${Object.entries(fields)
    .map(([key, value]) => `"${key}":${value}`)
    .join(',')}}`;
}

describe('readShopifyOrder', () => {
  it('keeps the order id, times, amounts, currency and the click ids — nothing else', () => {
    const reading = readShopifyOrder(SHOP, orderBody());
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value.order).toEqual({
      shop: SHOP,
      orderId: '5678901234567',
      placedAtMs: Date.parse('2026-12-01T15:15:29Z'),
      currency: 'USD',
      revenueMicros: 120_500_000,
      click: {
        campaignId: '1800000000000000001',
        adgroupId: '1800000000000000002',
        adId: '1800000000000000003',
        ttclid: 'E.C.P.abc',
        clickedAtMs: null,
      },
      sourceUpdatedAtMs: Date.parse('2026-12-01T15:20:00Z'),
      cancelled: false,
    });
    expect(reading.value.refunds).toEqual([
      {
        shop: SHOP,
        refundId: '9876543210123456789',
        orderId: '5678901234567',
        refundedAtMs: Date.parse('2026-12-03T09:00:00Z'),
        currency: 'USD',
        amountMicros: 20_000_000,
      },
    ]);
    const kept = JSON.stringify(reading.value);
    for (const personal of [
      'jane',
      'Jane',
      'Doe',
      '5550100',
      'Test Street',
      '203.0.113.9',
      'TestAgent',
      'door',
      'Mug',
    ]) {
      expect(kept).not.toContain(personal);
    }
  });

  it('marks a test order ("test": true), and only that, as a test', () => {
    const test = readShopifyOrder(SHOP, orderBody({ test: 'true' }));
    const real = readShopifyOrder(SHOP, orderBody({ test: 'false' }));
    const unsaid = readShopifyOrder(SHOP, orderBody());
    if (!test.ok || !real.ok || !unsaid.ok) throw new Error('not read');
    expect([test.value.test, real.value.test, unsaid.value.test]).toEqual([true, false, false]);
  });

  it('reads a 19-digit id exactly (never through a number)', () => {
    const reading = readShopifyOrder(SHOP, orderBody({ id: '9223372036854775807' }));
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value.order?.orderId).toBe('9223372036854775807');
  });

  it('places the order at created_at when processed_at is missing, and marks cancellations', () => {
    const reading = readShopifyOrder(
      SHOP,
      orderBody({ processed_at: 'null', cancelled_at: '"2026-12-02T08:00:00Z"' }),
    );
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value.order?.placedAtMs).toBe(Date.parse('2026-12-01T15:15:30Z'));
    expect(reading.value.order?.cancelled).toBe(true);
  });

  it('counts an order without TikTok parameters as not from TikTok', () => {
    const reading = readShopifyOrder(
      SHOP,
      orderBody({ landing_site: '"/?utm_source=newsletter&campaign_id=__CAMPAIGN_ID__"' }),
    );
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value.order?.click).toEqual({
      campaignId: null,
      adgroupId: null,
      adId: null,
      ttclid: null,
      clickedAtMs: null,
    });
  });

  it('keeps no refund for a restock without money back', () => {
    const reading = readShopifyOrder(
      SHOP,
      orderBody({ refunds: '[{"id":5,"created_at":"2026-12-03T09:00:00Z","transactions":[]}]' }),
    );
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value.refunds).toEqual([]);
  });

  it.each([
    ['not JSON', '{"id":', 'The body is not JSON.'],
    ['a JSON array', '[]', 'the body:'],
    ['an amount as a number', orderBody({ total_price: '120.5' }), 'total_price:'],
    ['an amount with a comma', orderBody({ total_price: '"120,50"' }), 'total_price:'],
    ['a time without zone', orderBody({ updated_at: '"2026-12-01T10:20:00"' }), 'updated_at:'],
    ['no currency', orderBody({ currency: 'null' }), 'currency:'],
    ['a fractional id', orderBody({ id: '12.5' }), 'id:'],
  ])('refuses %s, naming the field and no value', (_label, body, start) => {
    const reading = readShopifyOrder(SHOP, body);
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problem.startsWith(start)).toBe(true);
    expect(reading.problem).not.toContain('120');
    expect(reading.problem).not.toContain('jane');
  });
});

describe('readShopifyRefund', () => {
  const refund = (transactions: string) =>
    `{"id":777000111222,"order_id":5678901234567,"created_at":"2026-12-04T12:00:00+01:00","note":"jane asked","user_id":5,"transactions":${transactions}}`;

  it('keeps the successful refund transactions as one refund of the order', () => {
    const reading = readShopifyRefund(
      SHOP,
      refund(
        '[{"kind":"refund","status":"success","amount":"5.10","currency":"EUR"},{"kind":"refund","status":"success","amount":"0.20","currency":"EUR"},{"kind":"refund","status":"pending","amount":"3.00","currency":"EUR"}]',
      ),
    );
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.value).toEqual({
      order: null,
      refunds: [
        {
          shop: SHOP,
          refundId: '777000111222',
          orderId: '5678901234567',
          refundedAtMs: Date.parse('2026-12-04T11:00:00Z'),
          currency: 'EUR',
          amountMicros: 5_300_000,
        },
      ],
      test: false,
    });
  });

  it('refuses transactions in two currencies rather than adding them', () => {
    const reading = readShopifyRefund(
      SHOP,
      refund('[{"amount":"1.00","currency":"EUR"},{"amount":"1.00","currency":"USD"}]'),
    );
    expect(reading).toEqual({
      ok: false,
      problem: 'refund 777000111222: its transactions are in different currencies.',
    });
  });

  it('refuses a refund whose currency is not said', () => {
    const reading = readShopifyRefund(SHOP, refund('[{"amount":"1.00"}]'));
    expect(reading.ok).toBe(false);
  });
});
