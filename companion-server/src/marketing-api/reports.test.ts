import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  metricNumber,
  type ReportRequest,
  ReportRowSchema,
  reportsApi,
  reportWindows,
} from './reports';
import type { ApiCall, ApiResult, Transport } from './transport';

describe('metricNumber', () => {
  it.each([
    ['20.000', 20],
    ['1.18', 1.18],
    ['5830', 5830],
    ['0', 0],
    ['-', null],
    ['', null],
    [null, null],
    [undefined, null],
    ['n/a', null],
  ])('%j → %j', (value, expected) => {
    expect(metricNumber(value)).toBe(expected);
  });
});

describe('reportWindows', () => {
  it('uses 30-day windows with stat_time_day', () => {
    const windows = reportWindows({
      dimensions: ['campaign_id', 'stat_time_day'],
      range: { startDate: '2026-08-01', endDate: '2026-10-29' },
    });
    expect(windows).toHaveLength(3);
  });

  it('uses 1-day windows with stat_time_hour', () => {
    const windows = reportWindows({
      dimensions: ['stat_time_hour'],
      range: { startDate: '2026-11-01', endDate: '2026-11-02' },
    });
    expect(windows).toEqual([
      { startDate: '2026-11-01', endDate: '2026-11-01' },
      { startDate: '2026-11-02', endDate: '2026-11-02' },
    ]);
  });

  it('allows up to 365 days without a time dimension, and refuses to add up longer ranges', () => {
    expect(
      reportWindows({
        dimensions: ['campaign_id'],
        range: { startDate: '2026-01-01', endDate: '2026-12-31' },
      }),
    ).toHaveLength(1);
    expect(() =>
      reportWindows({
        dimensions: ['campaign_id'],
        range: { startDate: '2025-01-01', endDate: '2026-12-31' },
      }),
    ).toThrow(/at most 365 days/);
  });

  it('asks for the lifetime in one request, never with a time dimension', () => {
    expect(reportWindows({ dimensions: ['ad_id'], range: 'lifetime' })).toEqual(['lifetime']);
    expect(() =>
      reportWindows({ dimensions: ['ad_id', 'stat_time_day'], range: 'lifetime' }),
    ).toThrow(/time dimension/);
  });
});

describe('ReportRowSchema', () => {
  it('takes metrics as text, numbers or null, and dimensions as text', () => {
    const row = {
      dimensions: { ad_id: '1999619316359625407', stat_time_day: '2026-11-01 00:00:00' },
      metrics: { spend: '83.260', impressions: 11803, ctr: '-', conversion: null },
    };
    expect(ReportRowSchema.parse(row)).toEqual(row);
  });

  it.each([
    ['dimensions that are not text', { dimensions: { ad_id: 1 }, metrics: {} }],
    ['a metric that is an object', { dimensions: {}, metrics: { spend: { value: 1 } } }],
    ['a metric that is a list', { dimensions: {}, metrics: { spend: ['1'] } }],
    ['no metrics', { dimensions: {} }],
    ['a list of rows', [{ dimensions: {}, metrics: {} }]],
    ['null', null],
  ])('refuses %s, saying what a row must be', (_, value) => {
    const result = ReportRowSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/Expected a report row/);
  });
});

describe('reports.pages', () => {
  /** Answers report pages from JSON texts, through the call's own schema. */
  function fakeTransport(texts: string[], onRequest: (page: number) => void = () => {}) {
    const transport = {
      async request(call: ApiCall<unknown>): Promise<ApiResult<unknown>> {
        const page = Number(call.query?.page);
        onRequest(page);
        const envelope = JSON.parse(texts[page - 1] ?? '') as { data: unknown };
        return {
          data: call.data.parse(envelope.data),
          code: 0,
          message: 'OK',
          requestId: `request-${page}`,
          headers: new Headers(),
        };
      },
    };
    const api = reportsApi({
      transport: transport as unknown as Transport,
      appId: 'app',
      appSecret: 'secret',
      portalOrigin: 'http://127.0.0.1',
    });
    return { api };
  }

  const request: ReportRequest = {
    advertiserId: '7252569388304511798',
    dataLevel: 'AUCTION_AD',
    dimensions: ['ad_id', 'stat_time_day'],
    metrics: ['spend', 'impressions', 'ctr'],
    range: { startDate: '2026-11-01', endDate: '2026-11-02' },
  };

  const pageText = (page: number, totalPages: number, rows: Array<Record<string, unknown>>) =>
    JSON.stringify({
      code: 0,
      message: 'OK',
      request_id: `request-${page}`,
      data: {
        list: rows,
        page_info: { page, page_size: 1000, total_number: rows.length, total_page: totalPages },
      },
    });

  it('gives every metric as text', async () => {
    const row = (id: string, spend: unknown) => ({
      dimensions: { ad_id: id, stat_time_day: '2026-11-01 00:00:00' },
      metrics: { spend, impressions: 5830, ctr: '-' },
    });
    const { api } = fakeTransport([
      pageText(1, 2, [row('1', '20.000'), row('2', 1.5)]),
      pageText(2, 2, [row('3', null)]),
    ]);
    const pages = [];
    for await (const page of api.pages('token', request)) pages.push(page);
    expect(pages.map((page) => page.rows)).toEqual([
      [
        {
          dimensions: { ad_id: '1', stat_time_day: '2026-11-01 00:00:00' },
          metrics: { spend: '20.000', impressions: '5830', ctr: '-' },
        },
        {
          dimensions: { ad_id: '2', stat_time_day: '2026-11-01 00:00:00' },
          metrics: { spend: '1.5', impressions: '5830', ctr: '-' },
        },
      ],
      [
        {
          dimensions: { ad_id: '3', stat_time_day: '2026-11-01 00:00:00' },
          metrics: { spend: null, impressions: '5830', ctr: '-' },
        },
      ],
    ]);
  });

  it('lets go of a page before asking for the next', async () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => ({
      dimensions: { ad_id: String(i), stat_time_day: '2026-11-01 00:00:00' },
      metrics: { spend: '1.000', impressions: '10', ctr: '1.00' },
    }));
    let firstPage: WeakRef<object> | null = null;
    let firstPageAliveAtSecondRequest: boolean | null = null;
    const { api } = fakeTransport([pageText(1, 2, rows), pageText(2, 2, rows)], (page) => {
      if (page !== 2) return;
      collectGarbage();
      firstPageAliveAtSecondRequest = firstPage?.deref() !== undefined;
    });
    const pages = api.pages('token', request);
    // In a function of its own, so that this test keeps nothing of the page either.
    const readFirst = async () => {
      const first = await pages.next();
      if (first.done) throw new Error('no first page');
      firstPage = new WeakRef(first.value.rows[0] as object);
    };
    await readFirst();
    // A WeakRef's target is kept until the current macrotask ends.
    await new Promise((resolve) => setImmediate(resolve));
    expect((await pages.next()).done).toBe(false);
    expect(firstPageAliveAtSecondRequest).toBe(false);
  });
});

/** A full collection now (the test needs to know what is still reachable). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
