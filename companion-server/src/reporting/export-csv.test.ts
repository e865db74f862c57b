import { describe, expect, it } from 'vitest';
import type { AdAccountView } from '../contract/connections';
import type { ExportQuery } from '../contract/reporting';
import type { BaymeFigures } from '../orders/order-figures';
import { csvLines } from './export-csv';
import { type ExportRow, planExport } from './export-plan';
import { figuresOf } from './report-figures';

/** The export's CSV in an account's units: each money column in its currency's precision. */

const NOW = new Date('2026-11-21T12:00:00.000Z');
const QUERY: ExportQuery = {
  level: 'campaign',
  breakdown: 'total',
  start: '2026-11-19',
  end: '2026-11-20',
};

const account = (currency: string): AdAccountView => ({
  advertiserId: '7252569388304511798',
  name: 'Bayme',
  currency,
  timezone: 'UTC',
  status: 'STATUS_ENABLE',
  health: 'ok',
  connectionId: 'con_1',
  connectedAt: '2026-11-01T00:00:00.000Z',
});

const row = (metrics: Record<string, string>): ExportRow => ({
  id: '1800000000000000001',
  name: 'Spring',
  date: '',
  figures: figuresOf(metrics),
});

async function csvOf(
  currency: string,
  rows: ExportRow[],
  bayme: BaymeFigures[] | null = null,
): Promise<string[]> {
  const plan = planExport(account(currency), QUERY, NOW, bayme !== null);
  const pages = async function* () {
    yield rows;
  };
  const reader = bayme
    ? { ready: async () => {}, read: async () => bayme, extraRows: async () => [] }
    : null;
  let text = '';
  for await (const chunk of csvLines(plan, pages(), reader)) text += chunk;
  return text
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');
}

const DELIVERED = {
  spend: '1234.565',
  impressions: '100000',
  clicks: '1234',
  ctr: '1.234',
  cpc: '1.005',
  conversion: '7',
  cost_per_conversion: '176.366',
  complete_payment_roas: '2.5',
};

describe('export CSV units', () => {
  it('writes a USD account in cents, naming the currency and the percent in the header', async () => {
    const [header, line] = await csvOf('USD', [row(DELIVERED)]);
    expect(header).toBe(
      'campaign_id,campaign_name,Spend (USD),Impressions,Clicks,CTR (%),CPC (USD),Conversions,CPA (USD),ROAS (x),currency',
    );
    expect(line).toBe('1800000000000000001,Spring,1234.57,100000,1234,1.23,1.01,7,176.37,2.50,USD');
  });

  it('writes a JPY account in whole yen, as TikTok takes yen', async () => {
    const [header, line] = await csvOf('JPY', [row(DELIVERED)]);
    expect(header).toBe(
      'campaign_id,campaign_name,Spend (JPY),Impressions,Clicks,CTR (%),CPC (JPY),Conversions,CPA (JPY),ROAS (x),currency',
    );
    expect(line).toBe('1800000000000000001,Spring,1235,100000,1234,1.23,1,7,176,2.50,JPY');
  });

  it('leaves ratios without a denominator empty and keeps whole amounts for HUF', async () => {
    const [header, line] = await csvOf('HUF', [
      row({ ...DELIVERED, spend: '0', impressions: '0', clicks: '0', conversion: '0' }),
    ]);
    expect(header).toContain('Spend (HUF)');
    expect(line).toBe('1800000000000000001,Spring,0,0,0,,,0,,,HUF');
  });
});

describe('export CSV Bayme columns', () => {
  const orders = (partial: Partial<BaymeFigures>): BaymeFigures => ({
    orders: 0,
    revenue: 0,
    refunds: 0,
    unconverted: [],
    ...partial,
  });

  it('writes orders, revenue in the account’s precision, ROAS over TikTok’s spend, and revenue not converted apart', async () => {
    const [header, line] = await csvOf(
      'USD',
      [row(DELIVERED)],
      [
        orders({
          orders: 12,
          revenue: 3086.4125,
          unconverted: [
            { currency: 'EUR', revenue: 12.5, orders: 1 },
            { currency: 'JPY', revenue: 1500.4, orders: 1 },
          ],
        }),
      ],
    );
    expect(header).toBe(
      'campaign_id,campaign_name,Spend (USD),Impressions,Clicks,CTR (%),CPC (USD),Conversions,CPA (USD),ROAS (x),Bayme orders,Bayme revenue (USD),Bayme ROAS (x),Bayme revenue not converted,currency',
    );
    // 3086.4125 / 1234.565 = 2.50002…
    expect(line).toBe(
      '1800000000000000001,Spring,1234.57,100000,1234,1.23,1.01,7,176.37,2.50,12,3086.41,2.50,EUR 12.50; JPY 1500,USD',
    );
  });

  it('writes whole yen, and no ROAS on a row without spend', async () => {
    const [header, line] = await csvOf(
      'JPY',
      [row({ ...DELIVERED, spend: '0' })],
      [orders({ orders: 2, revenue: 4999.5 })],
    );
    expect(header).toContain('Bayme revenue (JPY)');
    expect(line).toMatch(/,2,5000,,,JPY$/);
  });

  it('has no Bayme columns when the server takes no orders', async () => {
    const [header] = await csvOf('USD', [row(DELIVERED)]);
    expect(header).not.toContain('Bayme');
  });
});
