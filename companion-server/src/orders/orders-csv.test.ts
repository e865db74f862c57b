import { describe, expect, it } from 'vitest';
import { csvRefundId, MAX_ORDER_ROWS, personalDataRefusal, readOrdersCsv } from './orders-csv';

const HEADER =
  'shop,order_id,placed_at,currency,revenue,refunded,refunded_at,landing_url,campaign_id,adgroup_id,ad_id,ttclid,clicked_at';
const AD_URL =
  'https://shop.example/p?campaign_id=1800000000000000001&adgroup_id=1800000000000000002&ad_id=1800000000000000003';

const csv = (...lines: string[]) => lines.join('\n');

describe('readOrdersCsv', () => {
  it('reads every column into orders and refunds', () => {
    const reading = readOrdersCsv(
      csv(
        HEADER,
        `Bayme.myshopify.com,1001,2026-12-01T18:04:11+01:00,eur,120.50,20,2026-12-03T10:00:00Z,${AD_URL},,,1800000000000000009,tt.1,2026-12-01T17:00:00+01:00`,
        'bayme.myshopify.com,1002,2026-12-02T08:00:00Z,USD,5,,,,,,,,',
      ),
    );
    if (!reading.ok) throw new Error(JSON.stringify(reading.problems));
    expect(reading.orders).toEqual([
      {
        shop: 'bayme.myshopify.com',
        orderId: '1001',
        placedAtMs: Date.parse('2026-12-01T17:04:11Z'),
        currency: 'EUR',
        revenueMicros: 120_500_000,
        // The ad_id cell wins over the URL's; the rest comes from the URL.
        click: {
          campaignId: '1800000000000000001',
          adgroupId: '1800000000000000002',
          adId: '1800000000000000009',
          ttclid: 'tt.1',
          clickedAtMs: Date.parse('2026-12-01T16:00:00Z'),
        },
        sourceUpdatedAtMs: Date.parse('2026-12-01T17:04:11Z'),
        cancelled: false,
      },
      {
        shop: 'bayme.myshopify.com',
        orderId: '1002',
        placedAtMs: Date.parse('2026-12-02T08:00:00Z'),
        currency: 'USD',
        revenueMicros: 5_000_000,
        click: { campaignId: null, adgroupId: null, adId: null, ttclid: null, clickedAtMs: null },
        sourceUpdatedAtMs: Date.parse('2026-12-02T08:00:00Z'),
        cancelled: false,
      },
    ]);
    expect(reading.refunds).toEqual([
      {
        shop: 'bayme.myshopify.com',
        refundId: csvRefundId('1001'),
        orderId: '1001',
        refundedAtMs: Date.parse('2026-12-03T10:00:00Z'),
        currency: 'EUR',
        amountMicros: 20_000_000,
      },
    ]);
  });

  it('needs only the required columns, in any order, and skips blank rows', () => {
    const reading = readOrdersCsv(
      csv(
        'revenue , Currency,order_id,placed_at,shop',
        '',
        '9.99,GBP,A-1,2026-12-01T00:00:00Z,uk-shop',
        ',,,,',
      ),
    );
    if (!reading.ok) throw new Error(JSON.stringify(reading.problems));
    expect(reading.orders.map((o) => [o.shop, o.orderId, o.revenueMicros])).toEqual([
      ['uk-shop', 'A-1', 9_990_000],
    ]);
  });

  it('reports every problem at its line and column, and returns no orders', () => {
    const reading = readOrdersCsv(
      csv(
        HEADER,
        'shop-a,1,2026-12-01T10:00:00Z,EUR,10.00,,,,,,,,',
        'shop-a,2,2026-12-01 10:00,EUR,1,234.50,,,,,,,',
        'shop-a,3,2026-12-01T10:00:00Z,EURO,10,,,,1.8E+18,,,,',
        'shop-a,1,2026-12-01T10:00:00Z,EUR,10,20,2026-11-30T10:00:00Z,,,,,,2026-12-02T00:00:00Z',
        'shop-a,5,2026-12-01T10:00:00Z,EUR,,5,,,,,,,',
      ),
    );
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'placed_at'],
      // "1,234.50" unquoted: revenue 1, refunded 234.50 with no time, and more than the revenue.
      [3, 'refunded_at'],
      [3, 'refunded'],
      [4, 'currency'],
      [4, 'campaign_id'],
      [5, 'order_id'],
      [5, 'refunded'],
      [5, 'refunded_at'],
      [5, 'clicked_at'],
      [6, 'revenue'],
      [6, 'refunded_at'],
    ]);
    expect(reading.problems[5]?.message).toBe(
      'This order is already on line 2; keep one row per order.',
    );
    expect(reading.problems[4]?.message).toMatch(/format the column as text/);
  });

  it.each([
    'email',
    'Customer Name',
    'phone',
    'shipping_address',
    'browser_ip',
    'user_agent',
    'e-mail',
  ])('refuses a personal-data column (%s), naming it, instead of skipping it', (column) => {
    const reading = readOrdersCsv(
      csv(`shop,order_id,placed_at,currency,revenue,${column}`, 's,1,2026-12-01T10:00:00Z,EUR,1,x'),
    );
    expect(reading).toEqual({
      ok: false,
      problems: [
        {
          line: 1,
          column: column.toLowerCase(),
          message:
            'This column holds personal data, which Bayme does not keep. Remove the column and import again.',
        },
      ],
    });
  });

  it('refuses an unknown column and a missing required one', () => {
    const reading = readOrdersCsv(
      csv('shop,order_id,placed_at,revenue,campaign_name', 's,1,2026-12-01T10:00:00Z,1,x'),
    );
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((p) => [p.line, p.column])).toEqual([
      [1, 'campaign_name'],
      [1, 'currency'],
    ]);
  });

  it('reports a broken quote at its line', () => {
    const reading = readOrdersCsv(csv(HEADER, 's,1,2026-12-01T10:00:00Z,EUR,1,,,"https://x,,,,,'));
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems).toHaveLength(1);
    expect(reading.problems[0]?.line).toBe(2);
    expect(reading.problems[0]?.column).toBe('landing_url');
  });

  it('refuses a row with more cells than the header', () => {
    const reading = readOrdersCsv(
      csv('shop,order_id,placed_at,currency,revenue', 's,1,2026-12-01T10:00:00Z,EUR,1,234.50'),
    );
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems[0]).toMatchObject({ line: 2, column: null });
  });

  it('refuses an empty file and a header alone', () => {
    expect(readOrdersCsv('').ok).toBe(false);
    expect(readOrdersCsv(HEADER).ok).toBe(false);
  });

  it(`refuses more than ${MAX_ORDER_ROWS} rows`, () => {
    const rows = Array.from(
      { length: MAX_ORDER_ROWS + 1 },
      (_, i) => `s,${i},2026-12-01T10:00:00Z,EUR,1`,
    );
    const reading = readOrdersCsv(csv('shop,order_id,placed_at,currency,revenue', ...rows));
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems[0]?.message).toMatch(/at most 100000/);
  });
});

describe('personalDataRefusal', () => {
  it.each(['campaign_name', 'ad_name', 'product_name', 'revenue', 'shop_name'])(
    'does not take %s for personal data',
    (column) => {
      expect(personalDataRefusal(column)).toBeNull();
    },
  );
});
