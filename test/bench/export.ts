/**
 * Benchmark: a CSV export of 5,000 ad groups × 90 days of daily rows through the companion
 * server over real HTTP, against the emulator at TikTok's Basic tier in its own process.
 *
 *   npm run bench:export                        # synchronous report path
 *   npm run bench:export -- --async             # report tasks (async allowlist on)
 *   npm run bench:export -- --adgroups 1000 --days 30
 *
 * Prints upstream calls by endpoint, wall time, rows and bytes written, and the server
 * process's peak memory (RSS and heap, sampled every 50 ms) against its memory before.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp } from '../../companion-server/src/app';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import { loadConfig } from '../../companion-server/src/config';
import { addDays } from '../../companion-server/src/lib/time-zone';
import { createContext } from '../../companion-server/src/services';
import { controlClient } from '../helpers/control-client';
import { startEmulatorProcess } from './emulator-process';

const { values } = parseArgs({
  options: {
    adgroups: { type: 'string', default: '5000' },
    days: { type: 'string', default: '90' },
    async: { type: 'boolean', default: false },
  },
});
const AD_GROUPS = Number(values.adgroups);
const DAYS = Number(values.days);
const EMULATOR_SECRET = 'emulator-app-secret-not-a-real-one';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const { url, child } = await startEmulatorProcess({
    EMULATOR_TIER: 'basic',
    EMULATOR_LARGE_ACCOUNT_ADGROUPS: String(AD_GROUPS),
    EMULATOR_ASYNC_REPORTS: values.async ? 'true' : 'false',
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-export-'));
  try {
    const control = controlClient(url);
    await control.settings({ asyncReportDelayMs: 2_000 });
    const state = await control.state();
    const large = state.advertisers.find((a) => a.name === 'Bayme Scale Test');
    if (!large) throw new Error('The emulator has no large account.');
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      TIKTOK_ASYNC_REPORTS: values.async ? 'true' : 'false',
    });
    const context = await createContext(
      config,
      { origin: url, appSecret: EMULATOR_SECRET },
      pino({ level: 'silent' }),
    );
    const { key } = await context.staff.add(
      { email: 'bench@bayme.example', name: 'Bench', role: 'viewer' },
      SYSTEM_ACTOR,
    );
    const admin = await context.staff.add(
      { email: 'bench-admin@bayme.example', name: 'Bench admin', role: 'admin' },
      SYSTEM_ACTOR,
    );
    await context.connections.importToken(
      await control.mintToken([large.advertiser_id]),
      admin.staff,
    );
    const app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const headers = { authorization: `Bearer ${key}` };

    const today = new Date(state.now_ms).toISOString().slice(0, 10);
    const query = {
      level: 'adgroup',
      breakdown: 'daily',
      start: addDays(today, -DAYS),
      end: addDays(today, -1),
    };
    console.info(
      `Export of ${AD_GROUPS} ad groups × ${DAYS} days (${values.async ? 'report tasks' : 'synchronous reports'}) against ${url}, Basic tier…`,
    );
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 50);
    await control.clearCalls();
    const started = performance.now();

    const job = await (
      await fetch(`${base}/api/ad-accounts/${large.advertiser_id}/exports`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(query),
      })
    ).json();
    let status = job;
    while (status.status === 'preparing') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await (await fetch(`${base}/api/exports/${job.exportId}`, { headers })).json();
    }
    if (status.status !== 'ready') throw new Error(`Export ${status.status}: ${status.message}`);
    const response = await fetch(`${base}/api/exports/${job.exportId}/download`, { headers });
    if (!response.ok || !response.body) throw new Error(`Download failed: ${response.status}`);
    let bytes = 0;
    let lines = 0;
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      bytes += chunk.byteLength;
      lines += (decoder.decode(chunk, { stream: true }).match(/\n/g) ?? []).length;
    }
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    const calls = await control.calls();

    console.info(`  rows       ${lines - 1} (${mb(bytes)} of CSV)`);
    console.info(`  wall time  ${(wallMs / 1000).toFixed(1)} s`);
    console.info(
      `  calls      ${calls.total}: ${Object.entries(calls.by_path)
        .map(([path, { count }]) => `${path} ${count}`)
        .join(', ')}`,
    );
    console.info(
      `  memory     peak RSS ${mb(peakRss)} (before ${mb(before.rss)}, +${mb(peakRss - before.rss)}); peak heap ${mb(peakHeap)} (before ${mb(before.heapUsed)})`,
    );
    await app.close();
  } finally {
    child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
