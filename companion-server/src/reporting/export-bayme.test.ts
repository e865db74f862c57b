import { describe, expect, it } from 'vitest';
import type { AdAccountView } from '../contract/connections';
import type { ExportQuery } from '../contract/reporting';
import { eachDate } from '../lib/time-zone';
import type {
  BaymeFigures,
  EntityOrderFigures,
  OrderFigures,
  OrderFiguresQuery,
} from '../orders/order-figures';
import { exportBaymeReader } from './export-bayme';
import { type ExportRow, planExport } from './export-plan';
import { ZERO_FIGURES } from './report-figures';
import type { ReportingOrders } from './report-orders';

/**
 * Bayme's figures for export rows: per entity at each level, the account's as the sum of its
 * campaigns', per day with the daily breakdown, one read of the orders per slice of rows.
 */

const NOW = new Date('2026-11-21T12:00:00.000Z');
const ACCOUNT: AdAccountView = {
  advertiserId: '7252569388304511798',
  name: 'Bayme',
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  status: 'STATUS_ENABLE',
  health: 'ok',
  connectionId: 'con_1',
  connectedAt: '2026-11-01T00:00:00.000Z',
};

const figures = (orders: number, revenue: number): BaymeFigures => ({
  orders,
  revenue,
  refunds: 0,
  unconverted: [],
});

/**
 * Orders as a stand-in OrderFigures gives them: entity "c1" has one order a day (10 in
 * all), "c2" two (5 in all); every query is recorded.
 */
function ordersOf(campaigns: string[]) {
  const queries: OrderFiguresQuery[] = [];
  let campaignReads = 0;
  const perDay: Record<string, BaymeFigures> = { c1: figures(1, 10), c2: figures(2, 5) };
  const stand = {
    forEntities(query: OrderFiguresQuery): Map<string, EntityOrderFigures> {
      queries.push(query);
      const days = eachDate(query.start, query.end);
      return new Map(
        query.entityIds.map((id) => {
          const day = perDay[id] ?? figures(0, 0);
          return [
            id,
            {
              totals: figures(day.orders * days.length, day.revenue * days.length),
              daily: query.daily ? days.map((date) => ({ date, ...day })) : null,
            },
          ];
        }),
      );
    },
  } as unknown as OrderFigures;
  const orders: ReportingOrders = {
    figures: stand,
    store: { unattributedSums: () => [] },
    shopsConfigured: () => true,
    campaignIds: async () => {
      campaignReads += 1;
      return campaigns;
    },
    entitiesOf: async () => campaigns.map((id) => ({ id, name: `Campaign ${id}` })),
  };
  return { orders, queries, campaignReads: () => campaignReads };
}

const row = (id: string, date = ''): ExportRow => ({ id, name: null, date, figures: ZERO_FIGURES });

const plan = (query: Partial<ExportQuery>) =>
  planExport(
    ACCOUNT,
    { level: 'campaign', breakdown: 'total', start: '2026-11-14', end: '2026-11-20', ...query },
    NOW,
    true,
  );

describe('exportBaymeReader', () => {
  it('reads the slice’s entities over the export’s range, in the account’s zone and currency', async () => {
    const { orders, queries } = ordersOf([]);
    const reader = exportBaymeReader(orders, plan({}));
    const result = await reader.read([row('c2'), row('c1'), row('c9')]);
    expect(result).toEqual([figures(14, 35), figures(7, 70), figures(0, 0)]);
    // After the one that looked for entities with orders (extraRows, below).
    expect(queries.slice(1)).toEqual([
      {
        level: 'campaign',
        entityIds: ['c2', 'c1', 'c9'],
        start: '2026-11-14',
        end: '2026-11-20',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
        daily: false,
      },
    ]);
  });

  it('gives each daily row its entity’s day, reading only the days the slice spans', async () => {
    const { orders, queries } = ordersOf([]);
    const reader = exportBaymeReader(orders, plan({ level: 'ad', breakdown: 'daily' }));
    const result = await reader.read([
      row('c1', '2026-11-17'),
      row('c2', '2026-11-16'),
      row('c1', '2026-11-16'),
    ]);
    expect(result).toMatchObject([figures(1, 10), figures(2, 5), figures(1, 10)]);
    expect(queries.slice(1).map((q) => [q.level, q.start, q.end, q.daily])).toEqual([
      ['ad', '2026-11-16', '2026-11-17', true],
    ]);
  });

  it('gives the account the sum of its campaigns, reading their ids once per export', async () => {
    const { orders, queries, campaignReads } = ordersOf(['c1', 'c2']);
    const reader = exportBaymeReader(orders, plan({ level: 'advertiser', breakdown: 'daily' }));
    await reader.ready();
    expect(await reader.read([row(ACCOUNT.advertiserId, '2026-11-15')])).toEqual([figures(3, 15)]);
    expect(await reader.read([row(ACCOUNT.advertiserId, '2026-11-18')])).toEqual([figures(3, 15)]);
    expect(campaignReads()).toBe(1);
    expect(queries.slice(1).map((q) => [q.level, q.entityIds, q.start])).toEqual([
      ['campaign', ['c1', 'c2'], '2026-11-15'],
      ['campaign', ['c1', 'c2'], '2026-11-18'],
    ]);

    const total = exportBaymeReader(orders, plan({ level: 'advertiser' }));
    expect(await total.read([row(ACCOUNT.advertiserId)])).toEqual([figures(21, 105)]);
  });
  it('writes the entities and days with orders that TikTok had no row for, after its rows', async () => {
    // c1 and c2 have orders every day; TikTok's rows cover c1 on the 15th and c2 on the 16th.
    const { orders } = ordersOf(['c1', 'c2', 'c3']);
    const reader = exportBaymeReader(orders, plan({ breakdown: 'daily' }));
    await reader.read([row('c1', '2026-11-15'), row('c2', '2026-11-16')]);
    const extra = await reader.extraRows();
    const keys = extra.map(({ row: r }) => `${r.id} ${r.date}`);
    expect(keys).toHaveLength(12);
    expect(keys).not.toContain('c1 2026-11-15');
    expect(keys).not.toContain('c2 2026-11-16');
    expect(keys.some((key) => key.startsWith('c3'))).toBe(false);
    expect(extra[0]).toMatchObject({
      row: { id: 'c1', name: 'Campaign c1', date: '2026-11-14', figures: { values: { spend: 0 } } },
      figures: figures(1, 10),
    });
    // Asked once: the rest is already written.
    expect(await reader.extraRows()).toEqual([]);

    const totals = exportBaymeReader(orders, plan({}));
    await totals.read([row('c2')]);
    expect((await totals.extraRows()).map(({ row: r, figures: f }) => [r.id, f])).toEqual([
      ['c1', figures(7, 70)],
    ]);
  });
});
