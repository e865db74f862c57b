import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ConnectionService } from '../connections/connection-service';
import type { AdAccountView } from '../contract/connections';
import type { MarketingApiClient } from '../marketing-api/client';
import type { ReportFilters, ReportRequest, ReportRow } from '../marketing-api/reports';
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
) {
  const connections = {
    adAccount: () => ACCOUNT,
    withAdvertiserToken: <T>(_id: string, use: (token: string) => Promise<T>) => use('token'),
  } as unknown as ConnectionService;
  const marketingApi = {
    reports: { pages },
    campaigns: { list: async () => campaignIds.map((campaign_id) => ({ campaign_id })) },
  } as unknown as MarketingApiClient;
  const log = { info() {}, warn() {} } as unknown as FastifyBaseLogger;
  return new ReportingService({
    connections,
    marketingApi,
    log,
    now: () => new Date('2026-11-21T12:00:00.000Z'),
    cacheTtlMs: 60_000,
  });
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
