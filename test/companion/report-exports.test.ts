import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExportJob } from '../../companion-server/src/contract/reporting';
import { addDays } from '../../companion-server/src/lib/time-zone';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Export jobs through the companion server, with TikTok's "Asynchronous Report" allowlist
 * on (TIKTOK_ASYNC_REPORTS): report tasks per date window with progress, their files
 * converted to the same CSV as the synchronous path; and the synchronous fallback when
 * TikTok refuses tasks (40118).
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const TODAY = '2026-11-21';
const US = '7252569388304511798';

let companion: TestCompanion;
let large = '';

function rowsOf(csv: string): string[] {
  return csv
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');
}

async function startExport(advertiserId: string, body: Record<string, string>): Promise<ExportJob> {
  const response = await companion.app.inject({
    method: 'POST',
    url: `/api/ad-accounts/${advertiserId}/exports`,
    headers: companion.as('viewer'),
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ExportJob;
}

async function view(exportId: string, role: 'viewer' | 'buyer' = 'viewer') {
  return companion.app.inject({
    method: 'GET',
    url: `/api/exports/${exportId}`,
    headers: companion.as(role),
  });
}

async function download(exportId: string) {
  return companion.app.inject({
    method: 'GET',
    url: `/api/exports/${exportId}/download`,
    headers: companion.as('viewer'),
  });
}

async function syncCsv(advertiserId: string, query: Record<string, string>): Promise<string> {
  const response = await companion.app.inject({
    method: 'GET',
    url: `/api/ad-accounts/${advertiserId}/export.csv?${new URLSearchParams(query)}`,
    headers: companion.as('viewer'),
  });
  expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
  return response.body;
}

beforeAll(async () => {
  const shiftMs = START - Date.now();
  companion = await startTestCompanion(
    { TIKTOK_ASYNC_REPORTS: 'true' },
    { now: () => new Date(Date.now() + shiftMs) },
  );
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
  await companion.emulator.control.reset({ large_account_adgroups: 600 });
  const state = await companion.emulator.control.state();
  large = state.advertisers.find((a) => a.name === 'Bayme Scale Test')?.advertiser_id ?? '';
  const token = await companion.emulator.control.mintToken(
    state.advertisers.map((a) => a.advertiser_id),
  );
  const response = await companion.app.inject({
    method: 'POST',
    url: '/api/connections/import',
    headers: companion.as('admin'),
    payload: { accessToken: token },
  });
  expect(response.statusCode, response.body).toBe(200);
});

afterAll(async () => {
  await companion?.context.exports.settled();
  await companion?.close();
});

beforeEach(async () => {
  await companion.emulator.control.settings({
    asyncReportsAllowlisted: true,
    asyncReportDelayMs: 300,
    syncReportAdLimit: 20_000,
  });
});

describe('export jobs with report tasks', () => {
  it('prepares one task per window with progress, beyond the sync ad limit, as the sync CSV', async () => {
    const query = {
      level: 'adgroup',
      breakdown: 'daily',
      start: addDays(TODAY, -34),
      end: addDays(TODAY, -1),
    };
    const expected = await syncCsv(large, query);
    // The synchronous report would now leave ads out; report tasks do not.
    await companion.emulator.control.settings({ syncReportAdLimit: 100 });
    await companion.emulator.control.clearCalls();

    const started = await startExport(large, query);
    expect(started).toMatchObject({
      mode: 'async',
      status: 'preparing',
      progress: { done: 0, total: 2 },
    });
    expect((await download(started.exportId)).statusCode).toBe(404);
    let job = started;
    await expect
      .poll(
        async () => {
          job = (await view(started.exportId)).json() as ExportJob;
          return job.status;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe('ready');
    expect(job.progress).toEqual({ done: 2, total: 2 });
    const calls = await companion.emulator.control.calls();
    expect(calls.by_path['report/task/create/']?.count).toBe(2);
    expect(calls.by_path['report/integrated/get/']).toBeUndefined();

    const csv = await download(started.exportId);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain(started.fileName);
    const [header, ...rows] = rowsOf(csv.body);
    const [expectedHeader, ...expectedRows] = rowsOf(expected);
    expect(header).toBe(expectedHeader);
    expect(rows.length).toBeGreaterThan(1_000);
    expect(rows.sort()).toEqual(expectedRows.sort());
  }, 60_000);

  it('falls back to the synchronous report when TikTok refuses tasks (40118)', async () => {
    await companion.emulator.control.settings({ asyncReportsAllowlisted: false });
    const query = { level: 'campaign', start: addDays(TODAY, -7), end: addDays(TODAY, -1) };
    const started = await startExport(US, query);
    await companion.context.exports.settled();
    const job = (await view(started.exportId)).json() as ExportJob;
    expect(job).toMatchObject({ mode: 'sync', status: 'ready' });
    expect(job.message).toMatch(/allowlist/);
    const csv = await download(started.exportId);
    expect(rowsOf(csv.body)).toEqual(rowsOf(await syncCsv(US, query)));
  });

  it('keeps the account level on the synchronous path, ready at once', async () => {
    const job = await startExport(US, {
      level: 'advertiser',
      breakdown: 'daily',
      start: addDays(TODAY, -7),
      end: addDays(TODAY, -1),
    });
    expect(job).toMatchObject({ mode: 'sync', status: 'ready' });
    expect(rowsOf((await download(job.exportId)).body)).toHaveLength(1 + 7);
  });

  it('shows an export only to whoever started it (or an admin)', async () => {
    const job = await startExport(US, {
      level: 'campaign',
      start: addDays(TODAY, -7),
      end: addDays(TODAY, -1),
    });
    expect((await view(job.exportId, 'buyer')).statusCode).toBe(403);
    expect((await view('exp_00000000000000000000')).statusCode).toBe(404);
  });
});
