import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ConnectionService } from '../connections/connection-service';
import type { AdAccountView } from '../contract/connections';
import { eachDate } from '../lib/time-zone';
import type { MarketingApiClient } from '../marketing-api/client';
import type { ReportFilters, ReportRequest, ReportRow } from '../marketing-api/reports';
import type {
  BaymeFigures,
  EntityOrderFigures,
  OrderFigures,
  OrderFiguresQuery,
} from '../orders/order-figures';
import type { UnattributedQuery } from '../orders/order-store';
import type { ReportingOrders } from './report-orders';
import { EXPORT_ROWS_PER_SLICE, ReportingService } from './reporting-service';

/**
 * The synchronous export from TikTok's pages to CSV, against a fake Marketing API: every row
 * once and in order, in small chunks, no page kept while the next is fetched, and a report
 * TikTok truncates split by campaign or refused.
 */

const ACCOUNT: AdAccountView = {
  advertiserId: '7252569388304511798',
  name: 'Bayme US',
  currency: 'USD',
  timezone: 'UTC',
  status: 'STATUS_ENABLE',
  health: 'ok',
  connectionId: 'con_1',
  connectedAt: '2026-11-01T00:00:00.000Z',
};
const QUERY = {
  level: 'ad',
  breakdown: 'daily',
  start: '2026-11-19',
  end: '2026-11-20',
} as const;
const HEADER =
  '\ufeffad_id,ad_name,date,Spend (USD),Impressions,Clicks,CTR (%),CPC (USD),Conversions,CPA (USD),ROAS (x),currency';

type Page = { rows: ReportRow[]; truncated: boolean };

function reportRow(n: number, campaign = 'c1'): ReportRow {
  return {
    dimensions: {
      ad_id: `17${String(n).padStart(17, '0')}`,
      stat_time_day: `2026-11-${n % 2 === 0 ? '19' : '20'} 00:00:00`,
      campaign_id: campaign,
    },
    metrics: {
      spend: (n / 100).toFixed(3),
      impressions: String(n * 10),
      clicks: String(n % 7),
      ctr: n % 7 === 0 ? '0.00' : '1.25',
      cpc: '0.420',
      conversion: String(n % 3),
      cost_per_conversion: n % 3 === 0 ? '0.000' : '2.100',
      complete_payment_roas: '-',
      ad_name: `Ad ${n}, "spring"`,
    },
  };
}

/**
 * The CSV line our export must write for a row (the rules of figuresOf, spelled out): money
 * in cents, as USD takes them, and CTR a percent with two decimals.
 */
function expectedLine(row: ReportRow): string {
  const { metrics: m, dimensions: d } = row;
  const impressions = Number(m.impressions);
  const clicks = Number(m.clicks);
  const conversions = Number(m.conversion);
  return [
    d.ad_id,
    `"${(m.ad_name ?? '').replaceAll('"', '""')}"`,
    (d.stat_time_day ?? '').slice(0, 10),
    Number(m.spend).toFixed(2),
    String(impressions),
    String(clicks),
    impressions === 0 ? '' : Number(m.ctr).toFixed(2),
    clicks === 0 ? '' : Number(m.cpc).toFixed(2),
    String(conversions),
    conversions === 0 ? '' : Number(m.cost_per_conversion).toFixed(2),
    '',
    'USD',
  ].join(',');
}

/**
 * TikTok's pages as a plain async iterator rather than a generator, so that it holds nothing
 * of a page it handed on; `beforeEach(n)` runs when page n is asked for.
 */
function pagesOf(
  pages: Array<() => Page>,
  beforeEach: (n: number) => Promise<void> = async () => {},
): AsyncGenerator<Page> {
  let next = 0;
  const iterator = {
    async next(): Promise<IteratorResult<Page>> {
      if (next >= pages.length) return { done: true, value: undefined };
      next += 1;
      await beforeEach(next);
      return { done: false, value: (pages[next - 1] as () => Page)() };
    },
    async return(): Promise<IteratorResult<Page>> {
      next = pages.length;
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator as unknown as AsyncGenerator<Page>;
}

function service(
  pages: (token: string, request: ReportRequest) => AsyncGenerator<Page>,
  campaignIds: string[] = [],
  orders: ReportingOrders | null = null,
) {
  const connections = {
    adAccount: () => ACCOUNT,
    listAdAccounts: () => [ACCOUNT],
    withAdvertiserToken: <T>(_id: string, use: (token: string) => Promise<T>) => use('token'),
  } as unknown as ConnectionService;
  const marketingApi = {
    reports: { pages, integrated: integratedReport },
    campaigns: { list: async () => campaignIds.map((campaign_id) => ({ campaign_id })) },
  } as unknown as MarketingApiClient;
  const log = { info() {}, warn() {} } as unknown as FastifyBaseLogger;
  return new ReportingService({
    connections,
    marketingApi,
    log,
    now: () => new Date('2026-11-21T12:00:00.000Z'),
    cacheTtlMs: 60_000,
    orders,
  });
}

/** TikTok's account report: 100 spent on each day (of the daily series and of each total). */
async function integratedReport(_token: string, request: ReportRequest) {
  const { range } = request;
  if (range === 'lifetime') throw new Error('The dashboard asks for dates.');
  const days = eachDate(range.startDate, range.endDate);
  const metrics = (spend: number) => ({
    spend: String(spend),
    impressions: '1000',
    clicks: '10',
    ctr: '1',
    cpc: '1',
    conversion: '2',
    cost_per_conversion: '5',
    complete_payment_roas: '1.5',
  });
  const rows = request.dimensions.includes('stat_time_day')
    ? days.map((day) => ({
        dimensions: { stat_time_day: `${day} 00:00:00` },
        metrics: metrics(100),
      }))
    : [
        {
          dimensions: { advertiser_id: ACCOUNT.advertiserId },
          metrics: metrics(100 * days.length),
        },
      ];
  return { rows, truncated: false, requests: 1 };
}

async function download(reporting: ReportingService): Promise<string[]> {
  const { lines } = await reporting.exportCsv(ACCOUNT.advertiserId, QUERY, {
    callClass: 'background',
    staffId: 'stf_1',
  });
  const chunks: string[] = [];
  for await (const chunk of lines) chunks.push(chunk);
  return chunks;
}

const rowsOf = (chunks: string[]) => chunks.join('').trimEnd().split('\r\n');

describe('synchronous CSV export', () => {
  it('writes every row of every page once, in order, a slice of rows at a time', async () => {
    const sizes = [1_000, 1_000, 345];
    const all = sizes.flatMap((size, page) =>
      Array.from({ length: size }, (_, i) => reportRow(page * 1_000 + i)),
    );
    const pages = sizes.map(
      (size, page) => () =>
        ({ rows: all.slice(page * 1_000, page * 1_000 + size), truncated: false }) as Page,
    );
    const chunks = await download(service(() => pagesOf(pages)));

    expect(rowsOf(chunks)).toEqual([HEADER, ...all.map(expectedLine)]);
    const [header, ...body] = chunks;
    expect(header).toBe(`${HEADER}\r\n`);
    expect(body).toHaveLength(sizes.reduce((n, size) => n + Math.ceil(size / 50), 0));
    for (const chunk of body) {
      expect(chunk.split('\r\n').length - 1).toBeLessThanOrEqual(EXPORT_ROWS_PER_SLICE);
    }
  });

  it('lets go of each page before asking TikTok for the next', async () => {
    const alive: boolean[] = [];
    let handedOn: WeakRef<ReportRow> | null = null;
    const page = (from: number) => () => {
      const rows = Array.from({ length: 1_000 }, (_, i) => reportRow(from + i));
      handedOn = new WeakRef(rows[0] as ReportRow);
      return { rows, truncated: false };
    };
    const pages = pagesOf([page(0), page(1_000), page(2_000)], async (n) => {
      if (n === 1) return;
      // A WeakRef's target is kept until the current macrotask ends.
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      alive.push(handedOn?.deref() !== undefined);
    });
    const chunks = await download(service(() => pages));

    expect(rowsOf(chunks)).toHaveLength(3_001);
    expect(alive).toEqual([false, false]);
  });

  it('fails the download when TikTok truncates a page after rows went out', async () => {
    const pages = [
      () => ({ rows: [reportRow(1)], truncated: false }),
      () => ({ rows: [reportRow(2)], truncated: true }),
    ];
    await expect(download(service(() => pagesOf(pages)))).rejects.toThrow(/part-way/);
  });

  it('splits a window TikTok truncates by campaign, and writes every row once', async () => {
    const byCampaign: Record<string, ReportRow[]> = {
      c1: [reportRow(1, 'c1'), reportRow(2, 'c1')],
      c2: [reportRow(3, 'c2')],
    };
    const requested: Array<ReportFilters | undefined> = [];
    const reporting = service(
      (_token, request) => {
        requested.push(request.filters);
        const ids = request.filters?.campaignIds;
        if (!ids) return pagesOf([() => ({ rows: [reportRow(9)], truncated: true })]);
        return pagesOf([
          () => ({ rows: ids.flatMap((id) => byCampaign[id] ?? []), truncated: false }),
        ]);
      },
      ['c1', 'c2'],
    );

    const lines = rowsOf(await download(reporting));
    expect(lines).toEqual([HEADER, ...[1, 2, 3].map((n) => expectedLine(reportRow(n)))]);
    expect(requested.map((filters) => filters?.campaignIds)).toEqual([undefined, ['c1', 'c2']]);
  });
});

/** A full collection now (the test needs to know what is still reachable). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('dashboard overview with Bayme’s orders', () => {
  const RANGE = { start: '2026-11-18', end: '2026-11-20' };
  const figures = (
    orders: number,
    revenue: number,
    unconverted: BaymeFigures['unconverted'] = [],
  ) => ({ orders, revenue, refunds: 0, unconverted }) satisfies BaymeFigures;

  /** Campaign c1 sells one order of 60 a day, c2 one of 90 with 5 GBP that had no rate. */
  function orders(takes: boolean) {
    const asked: { figures: OrderFiguresQuery[]; unattributed: UnattributedQuery[] } = {
      figures: [],
      unattributed: [],
    };
    const perDay: Record<string, BaymeFigures> = {
      c1: figures(1, 60),
      c2: figures(1, 90, [{ currency: 'GBP', revenue: 5, orders: 0 }]),
    };
    let campaignReads = 0;
    const stand = {
      forEntities(query: OrderFiguresQuery): Map<string, EntityOrderFigures> {
        asked.figures.push(query);
        const days = eachDate(query.start, query.end);
        return new Map(
          query.entityIds.map((id) => {
            const day = perDay[id] as BaymeFigures;
            const n = days.length;
            const total = figures(
              day.orders * n,
              day.revenue * n,
              day.unconverted.map((u) => ({ ...u, revenue: u.revenue * n })),
            );
            return [
              id,
              { totals: total, daily: query.daily ? days.map((date) => ({ date, ...day })) : null },
            ];
          }),
        );
      },
      latestOrderAt: () => (takes ? '2026-11-21T11:58:00.000Z' : null),
    } as unknown as OrderFigures;
    const deps: ReportingOrders = {
      figures: stand,
      store: {
        unattributedSums: (query) => {
          asked.unattributed.push(query);
          return [
            { currency: 'USD', period: 0, orders: 4, revenueMicros: 80_000_000, tiktokClicks: 1 },
          ];
        },
      },
      // Orders stored, or none yet and no shop configured.
      shopsConfigured: () => false,
      campaignIds: async () => {
        campaignReads += 1;
        return ['c1', 'c2'];
      },
      entitiesOf: async () => [],
    };
    return { deps, asked, campaignReads: () => campaignReads };
  }

  it('puts Bayme’s revenue, orders and ROAS beside TikTok’s, in totals, days and the currency’s totals', async () => {
    const { deps, asked, campaignReads } = orders(true);
    const reporting = service(() => pagesOf([]), [], deps);
    const overview = await reporting.overview(RANGE);
    const [account] = overview.accounts;

    // 3 days × (60 + 90) = 450 over 300 spent.
    expect(account?.bayme).toEqual({
      orders: 6,
      revenue: 450,
      refunds: 0,
      roas: 1.5,
      unconverted: [{ currency: 'GBP', revenue: 15, orders: 0 }],
    });
    expect(account?.previousBayme?.revenue).toBe(450);
    expect(account?.daily.map((day) => [day.date, day.bayme?.revenue, day.bayme?.roas])).toEqual([
      ['2026-11-18', 150, 1.5],
      ['2026-11-19', 150, 1.5],
      ['2026-11-20', 150, 1.5],
    ]);
    expect(overview.byCurrency[0]?.bayme?.revenue).toBe(450);
    expect(overview.byCurrency[0]?.bayme?.roas).toBe(1.5);
    expect(overview.bayme).toEqual({
      latestOrderAt: '2026-11-21T11:58:00.000Z',
      unattributed: [{ currency: 'USD', orders: 4, revenue: 80, tiktokClicks: 1 }],
      unattributedTimeZone: 'UTC',
    });

    // One read of the campaigns, the range by day and the previous range in all, in the
    // account's zone and currency; the unattributed orders over the whole range, once.
    expect(campaignReads()).toBe(1);
    expect(
      asked.figures.map((q) => [q.level, q.start, q.end, q.daily, q.timeZone, q.currency]),
    ).toEqual([
      ['campaign', '2026-11-18', '2026-11-20', true, 'UTC', 'USD'],
      ['campaign', '2026-11-15', '2026-11-17', false, 'UTC', 'USD'],
    ]);
    expect(asked.unattributed).toEqual([
      { periods: [[Date.parse('2026-11-18T00:00:00Z'), Date.parse('2026-11-21T00:00:00Z')]] },
    ]);
  });

  it('has no Bayme figures at all, and reads no campaign, when the server takes no orders', async () => {
    const { deps, asked, campaignReads } = orders(false);
    const overview = await service(() => pagesOf([]), [], deps).overview(RANGE);
    expect(overview.bayme).toBeNull();
    expect(overview.byCurrency[0]?.bayme).toBeNull();
    expect(overview.accounts[0]?.bayme).toBeNull();
    expect(overview.accounts[0]?.daily.every((day) => day.bayme === null)).toBe(true);
    expect(campaignReads()).toBe(0);
    expect(asked.figures).toEqual([]);
  });
});

describe('CSV export with Bayme’s columns', () => {
  it('refuses the export before its first byte when the account’s campaigns cannot be read', async () => {
    const orders: ReportingOrders = {
      figures: { latestOrderAt: () => '2026-11-21T11:58:00.000Z' } as unknown as OrderFigures,
      store: { unattributedSums: () => [] },
      shopsConfigured: () => false,
      entitiesOf: async () => [],
      campaignIds: async () => {
        throw new Error('TikTok did not deliver the list of campaigns.');
      },
    };
    const reporting = service(
      () => pagesOf([() => ({ rows: [reportRow(1)], truncated: false })]),
      [],
      orders,
    );
    await expect(
      reporting.exportCsv(
        ACCOUNT.advertiserId,
        { level: 'advertiser', breakdown: 'daily', start: '2026-11-19', end: '2026-11-20' },
        { callClass: 'background', staffId: 'stf_1' },
      ),
    ).rejects.toThrow('TikTok did not deliver the list of campaigns.');
  });
});
