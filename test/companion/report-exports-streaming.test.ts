import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob } from '../../companion-server/src/contract/reporting';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { type CompanionProcess, startCompanionProcess } from '../helpers/companion-process';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { type MarketingApiProxy, startMarketingApiProxy } from '../helpers/marketing-api-proxy';
import { killServerProcesses, STAFF_KEY } from '../helpers/server-process';

/**
 * Report files of async exports through the server as staff run it (a process of its own,
 * TIKTOK_ASYNC_REPORTS on), reaching the emulator through a proxy that can hold or cut off a
 * file part-way: a file reaches the disk piece by piece as it arrives (half of it is there
 * while the rest is still on its way) and is only taken once whole, then becomes the export's
 * CSV, which the download serves from disk; a download cut off is
 * fetched again from the start; and a TikTok error instead of a file fails the export with
 * nothing of it left in the data directory.
 */

const AD_GROUPS = 1_000;

let emulator: TestEmulator;
let proxy: MarketingApiProxy;
let companion: CompanionProcess;
let advertiserId = '';
let today = '';

function startExport(days: number): Promise<ExportJob> {
  return companion.api<ExportJob>('POST', `/api/ad-accounts/${advertiserId}/exports`, {
    level: 'adgroup',
    breakdown: 'daily',
    start: addDays(today, -days),
    end: addDays(today, -1),
  });
}

async function settledExport(exportId: string): Promise<ExportJob> {
  let job: ExportJob | null = null;
  await expect
    .poll(
      async () => {
        job = await companion.api<ExportJob>('GET', `/api/exports/${exportId}`);
        return job.status;
      },
      { timeout: 45_000, interval: 100 },
    )
    .not.toBe('preparing');
  return job as unknown as ExportJob;
}

const exportDir = (exportId: string) => join(companion.dataDir, 'exports', exportId);
const download = (exportId: string) =>
  fetch(`${companion.base}/api/exports/${exportId}/download`, {
    headers: { authorization: `Bearer ${companion.server.banner.match(STAFF_KEY)?.[0]}` },
  });
const filesOf = (exportId: string) => readdir(exportDir(exportId)).catch(() => [] as string[]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const rowsOfTikTokFile = (body: Buffer) => body.toString('utf8').trimEnd().split('\n').length - 1;
const rowsOfExport = (csv: Buffer) =>
  csv
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');

beforeAll(async () => {
  emulator = await startTestEmulator({ asyncReportsAllowlisted: true, asyncReportDelayMs: 200 });
  await emulator.control.reset({ large_account_adgroups: AD_GROUPS });
  const large = (await emulator.control.state()).advertisers.find(
    (a) => a.name === 'Bayme Scale Test',
  );
  if (!large) throw new Error('no large account');
  advertiserId = large.advertiser_id;
  today = zonedDate(Date.now(), large.timezone);
  proxy = await startMarketingApiProxy(emulator.url);
  companion = await startCompanionProcess(proxy.url, { TIKTOK_ASYNC_REPORTS: 'true' });
  await companion.api('POST', '/api/connections/import', {
    accessToken: await emulator.control.mintToken([advertiserId]),
  });
}, 60_000);

afterAll(async () => {
  killServerProcesses();
  await companion?.server.exited;
  await companion?.removeData();
  await proxy?.close();
  await emulator?.close();
});

describe('report files of async exports', () => {
  it('writes a large file to disk piece by piece and takes it only once whole', async () => {
    proxy.plan('hold-halfway');
    const job = await startExport(30);
    expect(job).toMatchObject({ mode: 'async', progress: { total: 1 } });

    // Half the file has left TikTok; the rest has not. That half is on disk already, under a
    // temporary name: the server did not wait for the whole file before writing.
    const held = await proxy.held();
    expect(held.body.length).toBeGreaterThan(2_000_000);
    let partial = '';
    await expect
      .poll(
        async () => {
          partial = (await filesOf(job.exportId)).find((name) => name.endsWith('.part')) ?? '';
          return partial ? (await stat(join(exportDir(job.exportId), partial))).size : 0;
        },
        { timeout: 10_000, interval: 20 },
      )
      .toBe(held.sent);
    expect(held.sent).toBeLessThan(held.body.length);
    expect(await filesOf(job.exportId)).toEqual([partial]);
    const preparing = await companion.api<ExportJob>('GET', `/api/exports/${job.exportId}`);
    expect(preparing.status).toBe('preparing');

    proxy.release();
    expect(await settledExport(job.exportId)).toMatchObject({
      status: 'ready',
      progress: { done: 1, total: 1 },
    });
    // TikTok's file, once whole, became the export's CSV, which the download serves as it is.
    expect(await filesOf(job.exportId)).toEqual(['export.csv']);
    const file = join(exportDir(job.exportId), 'export.csv');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const response = await download(job.exportId);
    expect(response.status).toBe(200);
    const csv = Buffer.from(await response.arrayBuffer());
    expect(sha256(csv)).toBe(sha256(await readFile(file)));
    const lines = rowsOfExport(csv);
    expect(lines[0]).toMatch(/^adgroup_id,adgroup_name,date,Spend \(USD\),/);
    expect(lines.length - 1).toBe(rowsOfTikTokFile(held.body));
    expect(lines.length - 1).toBeGreaterThan(20_000);
  }, 60_000);

  it('fetches a file cut off part-way again from the start, and never takes the half', async () => {
    proxy.plan('cut-halfway');
    const before = proxy.downloads.length;
    const job = await startExport(30);
    expect(await settledExport(job.exportId)).toMatchObject({ status: 'ready' });
    const [cut, whole] = proxy.downloads.slice(before);
    expect(cut).toMatchObject({ behaviour: 'cut-halfway' });
    expect(cut?.sent).toBeLessThan(cut?.body.length ?? 0);
    expect(whole).toMatchObject({ behaviour: 'pass' });
    expect(await filesOf(job.exportId)).toEqual(['export.csv']);
    const csv = Buffer.from(await (await download(job.exportId)).arrayBuffer());
    expect(rowsOfExport(csv).length - 1).toBe(rowsOfTikTokFile(whole?.body ?? Buffer.alloc(0)));
  }, 60_000);

  it('fails the export when TikTok answers an error instead of a file, leaving nothing behind', async () => {
    // Two windows: the first file arrives whole, TikTok refuses the second.
    proxy.plan('hold-halfway');
    const job = await startExport(35);
    expect(job.progress.total).toBe(2);
    await proxy.held();
    await emulator.control.fault({
      path: 'report/task/download/',
      code: 40002,
      message: 'task_id: the report file is not available.',
    });
    const before = proxy.downloads.length;
    proxy.release();
    const failed = await settledExport(job.exportId);
    expect(failed).toMatchObject({ status: 'failed', progress: { done: 1, total: 2 } });
    expect(failed.message).toContain('the report file is not available');
    // The error came from TikTok for the second file: nothing more was downloaded.
    expect(proxy.downloads.length).toBe(before);
    expect(await filesOf(job.exportId)).toEqual([]);
    const refused = await download(job.exportId);
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('failed');
  }, 60_000);

  it('fails the export when every attempt at a file is cut off, with no part of it left', async () => {
    proxy.plan(
      'cut-halfway',
      'cut-halfway',
      'cut-halfway',
      'cut-halfway',
      'cut-halfway',
      'cut-halfway',
    );
    const before = proxy.downloads.length;
    const job = await startExport(30);
    const failed = await settledExport(job.exportId);
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/cut off/);
    expect(proxy.downloads.slice(before).map((d) => d.behaviour)).toEqual(
      Array(6).fill('cut-halfway'),
    );
    expect(await filesOf(job.exportId)).toEqual([]);
  }, 60_000);
});
