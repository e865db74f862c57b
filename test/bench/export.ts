/**
 * Benchmark: year-long, ad-level, daily CSV exports through the companion server as staff run
 * it — a standalone process (`node --import tsx companion-server/src/server.ts`) whose memory is
 * read from /proc — over real HTTP, against the emulator at TikTok's Basic tier in a third
 * process (EMULATOR_URL), so neither the emulator's work nor this process's counts.
 *
 *   npm run bench:export                                  # both paths
 *   npm run bench:export -- --paths async --async-ads 10000
 *   npm run bench:export -- --days 90 --sync-ads 2000
 *   npm run bench:export -- --client-mbps 4              # download as over a slow line
 *
 * The emulator's scale account is seeded with its clock turned back by the range, so that every
 * campaign started before the range: each ad that is not paused (the emulator pauses every
 * tenth ad group) delivers on every day of it. Each path gets a fresh emulator account and a
 * fresh server: synchronous reports (streamed page by page when downloaded) and report tasks
 * (TIKTOK_ASYNC_REPORTS: TikTok's files streamed to the data directory and turned into the
 * export's CSV there before it is ready; the download serves that file). The synchronous path
 * uses 1,000 ads by default so that a year's export stays short; `--sync-ads 5000 --days 90`
 * is the export the rate-limit floor is checked on (the emulator pages a report from one
 * computation, so the calls, not its CPU, set the pace). Whatever the size, the server holds
 * one of TikTok's pages at a time there and writes it out 50 rows at a time.
 *
 * Prints per path rows and bytes exported, the prepared file on disk, wall time, TikTok calls
 * by endpoint, and the server's memory: idle RSS once ready, peak RSS sampled every 50 ms
 * during the export (and while preparing, for report tasks), and VmHWM (its peak since it
 * started). Target: peak ≤ 200 MB.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportJob } from '../../companion-server/src/contract/reporting';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { type CompanionProcess, startCompanionProcess } from '../helpers/companion-process';
import { type ControlClient, controlClient } from '../helpers/control-client';
import { serverApi } from '../helpers/server-api';
import { stop } from '../helpers/server-process';
import { startEmulatorProcess } from './emulator-process';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '365' },
    'async-ads': { type: 'string', default: '5000' },
    'sync-ads': { type: 'string', default: '1000' },
    paths: { type: 'string', default: 'sync,async' },
    /** Read the download at most this fast (MB/s); 0: as fast as this process can. */
    'client-mbps': { type: 'string', default: '0' },
  },
});
const DAYS = Number(values.days);
const PATHS = values.paths.split(',').map((path) => path.trim());
const CLIENT_BYTES_PER_MS = (Number(values['client-mbps']) * 1024 * 1024) / 1000;
const TARGET_MB = 200;
const DAY_MS = 86_400_000;

type ExportPath = 'sync' | 'async';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const count = (n: number) => n.toLocaleString('en-US');

async function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

/** The scale account, seeded `DAYS` in the past: its campaigns start 35 days before the seed. */
async function seedOldAccount(
  control: ControlClient,
  ads: number,
): Promise<{ advertiserId: string; timezone: string; delivering: number }> {
  const shiftMs = DAYS * DAY_MS;
  await control.clock({ advance_ms: -shiftMs });
  await control.reset({ large_account_adgroups: ads });
  await control.clock({ advance_ms: shiftMs });
  const state = await control.state();
  const large = state.advertisers.find((a) => a.name === 'Bayme Scale Test');
  if (!large) throw new Error('The emulator has no scale account.');
  const account = await control.state(large.advertiser_id);
  // TikTok's times are UTC, "YYYY-MM-DD HH:MM:SS".
  const newest = Math.max(
    ...account.campaigns.map((c) => Date.parse(`${String(c.create_time).replace(' ', 'T')}Z`)),
  );
  const delivering = account.adgroups.filter((g) => g.operation_status === 'ENABLE').length;
  const rangeStart = addDays(zonedDate(state.now_ms, large.timezone), -DAYS);
  if (!(zonedDate(newest, large.timezone) < rangeStart)) {
    throw new Error('The seeded campaigns start inside the range: the clock did not move.');
  }
  return { advertiserId: large.advertiser_id, timezone: large.timezone, delivering };
}

async function filesSize(dir: string): Promise<{ files: number; bytes: number }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let bytes = 0;
  for (const name of names) bytes += (await stat(join(dir, name))).size;
  return { files: names.length, bytes };
}

async function runPath(path: ExportPath, emulatorUrl: string, control: ControlClient) {
  const ads = Number(path === 'async' ? values['async-ads'] : values['sync-ads']);
  const account = await seedOldAccount(control, ads);
  let companion: CompanionProcess | null = null;
  try {
    companion = await startCompanionProcess(emulatorUrl, {
      TIKTOK_ASYNC_REPORTS: path === 'async' ? 'true' : 'false',
    });
    const { base, dataDir } = companion;
    const pid = companion.server.child.pid ?? 0;
    await companion.api('POST', '/api/connections/import', {
      accessToken: await control.mintToken([account.advertiserId]),
    });
    // The exports of the issue were a viewer's: the least privileged role that may export.
    const { key } = await companion.api<{ key: string }>('POST', '/api/staff', {
      email: 'bench-viewer@bayme.example',
      name: 'Bench viewer',
      role: 'viewer',
    });
    const api = serverApi(base, key);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idleRss = await procStatusBytes(pid, 'VmRSS');

    const today = zonedDate(Date.now(), account.timezone);
    const query = {
      level: 'ad',
      breakdown: 'daily',
      start: addDays(today, -DAYS),
      end: addDays(today, -1),
    };
    console.info(
      `\n${path === 'async' ? 'Report tasks (TIKTOK_ASYNC_REPORTS)' : 'Synchronous reports'}: ${count(ads)} ads (${count(account.delivering)} delivering) × ${DAYS} days, ${query.start}..${query.end}, ad level, daily`,
    );
    let peakRss = idleRss;
    let sampling = Promise.resolve();
    const sampler = setInterval(() => {
      sampling = sampling.then(async () => {
        peakRss = Math.max(peakRss, await procStatusBytes(pid, 'VmRSS'));
      });
    }, 50);
    await control.clearCalls();
    const started = performance.now();

    let job = await api<ExportJob>(
      'POST',
      `/api/ad-accounts/${account.advertiserId}/exports`,
      query,
    );
    while (job.status === 'preparing') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = await api<ExportJob>('GET', `/api/exports/${job.exportId}`);
    }
    if (job.status !== 'ready') throw new Error(`Export ${job.status}: ${job.message}`);
    if (job.mode !== path) throw new Error(`Export ran ${job.mode}, not ${path}: ${job.message}`);
    const preparedMs = performance.now() - started;
    await sampling;
    const preparingPeak = peakRss;
    const prepared = await filesSize(join(dataDir, 'exports', job.exportId));
    const response = await fetch(`${base}/api/exports/${job.exportId}/download`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (!response.ok || !response.body) throw new Error(`Download failed: ${response.status}`);
    let bytes = 0;
    let lines = 0;
    const downloadStarted = performance.now();
    for await (const chunk of response.body) {
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 0x0a) lines += 1;
      if (CLIENT_BYTES_PER_MS === 0) continue;
      const aheadMs = downloadStarted + bytes / CLIENT_BYTES_PER_MS - performance.now();
      if (aheadMs > 0) await new Promise((resolve) => setTimeout(resolve, aheadMs));
    }
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    await sampling;
    const hwm = await procStatusBytes(pid, 'VmHWM');
    const calls = await control.calls();
    const rows = lines - 1;

    console.info(
      `  rows         ${count(rows)} (${((rows / (account.delivering * DAYS)) * 100).toFixed(1)}% of delivering ads × days)`,
    );
    console.info(
      `  CSV          ${mb(bytes)} downloaded${CLIENT_BYTES_PER_MS > 0 ? ` at ≤ ${values['client-mbps']} MB/s` : ''}`,
    );
    if (path === 'async') {
      console.info(
        `  on disk      ${mb(prepared.bytes)} in ${prepared.files} file(s) (DATA_DIR/exports/<id>/), ready after ${(preparedMs / 1000).toFixed(1)} s`,
      );
    }
    console.info(`  wall time    ${(wallMs / 1000).toFixed(1)} s (start to last byte)`);
    console.info(
      `  calls        ${calls.total}: ${Object.entries(calls.by_path)
        .map(([endpoint, { count: n }]) => `${endpoint} ${n}`)
        .join(', ')}`,
    );
    const verdict = Math.max(peakRss, hwm) <= TARGET_MB * 1024 * 1024 ? 'within' : 'ABOVE';
    console.info(
      `  server RSS   idle ${mb(idleRss)}; peak during export ${mb(peakRss)} (+${mb(peakRss - idleRss)}${path === 'async' ? `; ${mb(preparingPeak)} while preparing` : ''}); VmHWM ${mb(hwm)} — ${verdict} the ${TARGET_MB} MB target`,
    );
  } finally {
    if (companion) {
      await stop(companion.server);
      await companion.removeData();
    }
  }
}

async function main(): Promise<void> {
  const { url, child } = await startEmulatorProcess({
    EMULATOR_TIER: 'basic',
    EMULATOR_ASYNC_REPORTS: 'true',
  });
  try {
    const control = controlClient(url);
    await control.settings({ asyncReportDelayMs: 2_000 });
    console.info(
      `Companion server: a standalone process per path (memory from /proc/<pid>/status). Emulator: its own process at ${url} (EMULATOR_URL), Basic tier — not counted in the server's memory.`,
    );
    for (const path of PATHS) {
      if (path !== 'sync' && path !== 'async') throw new Error(`Unknown path ${path}.`);
      await runPath(path, url, control);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
