/**
 * Benchmark: taking orders in, as issue 17 asks ("ingest 100,000 orders by CSV and by
 * webhooks: requests per second, server memory; database file size per 100,000 orders").
 * Each path runs against a companion server of its own — a standalone process
 * (`node --import tsx companion-server/src/server.ts`, its memory read from /proc/<pid>/status:
 * the server's own VmRSS and VmHWM, not this process's) on a fresh data directory — with the
 * emulator in a third process (EMULATOR_URL), so that neither its work nor ours is counted.
 *
 *   (a) csv:      the admin's import (POST /api/orders/import), in the largest chunks the
 *                 route takes (100,000 rows and 32 MiB of CSV each), one after the other.
 *   (b) webhooks: signed Shopify orders/create deliveries (realistic bodies of about 1.9 kB,
 *                 with the customer's personal data the server drops), from a few concurrent
 *                 senders over keep-alive connections, all from one address: signed webhooks
 *                 are not counted by the per-address rate limit (RATE_LIMIT_PER_MINUTE stays at
 *                 its default, 600), so a shop's burst is not throttled.
 *
 *   npm run bench:orders                          # ≈ 2–3 min on 2 cores
 *   npm run bench:orders -- --orders 20000 --senders 8
 *   npm run bench:orders -- --paths webhooks
 *
 * The orders: placed over the last 90 days, 90% naming a campaign, ad group and ad (of 60
 * ads), 10% none; 5% refunded (CSV: a refund column; webhooks: in the order's refunds). The
 * database size is of the server's bayme.sqlite and its -wal after the server closed and a
 * checkpoint (TRUNCATE), scaled to 100,000 orders; the live size (before) is shown too.
 *
 * This process and the server share the machine's cores: the webhook figure is a lower bound
 * of what the server alone does. No figure is asserted.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { MAX_IMPORT_CSV_BYTES } from '../../companion-server/src/contract/orders';
import {
  demoOrderBody,
  shopifyWebhookRequest,
} from '../../companion-server/src/orders/demo-order-webhook';
import { type CompanionProcess, startCompanionProcess } from '../helpers/companion-process';
import { stop } from '../helpers/server-process';
import { startEmulatorProcess } from './emulator-process';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    senders: { type: 'string', default: '4' },
    paths: { type: 'string', default: 'csv,webhooks' },
  },
});

const ORDERS = Number(values.orders);
const SENDERS = Number(values.senders);
const PATHS = (values.paths ?? '').split(',');
/** The import route's limits (contract/orders.ts, orders-csv.ts). */
const MAX_CSV_ROWS = 100_000;
const SHOP = 'bayme-bench.myshopify.com';
/** Obviously fake: a benchmark's. */
const SECRET = 'bench-only-orders-webhook-secret-0001';
const DAY_MS = 86_400_000;
const ADS = 60;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

async function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

/** Samples the server's VmRSS every 100 ms until stopped; the highest seen. */
function rssSampler(pid: number): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await procStatusBytes(pid, 'VmRSS'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

/** The n-th order of the benchmark: deterministic, so both paths ingest the same orders. */
function benchOrder(n: number, nowMs: number) {
  const placedAt = new Date(nowMs - 90 * DAY_MS + Math.floor((n * 7_919) % (90 * DAY_MS - 60_000)));
  const attributed = n % 10 !== 0;
  const ad = n % ADS;
  return {
    orderId: String(5_000_000_000_000 + n),
    placedAt,
    totalPrice: (15 + ((n * 37) % 13_500) / 100).toFixed(2),
    ad: attributed
      ? {
          campaignId: String(1_800_000_000_000_000_000n + BigInt(ad % 6)),
          adgroupId: String(1_810_000_000_000_000_000n + BigInt(ad % 20)),
          adId: String(1_820_000_000_000_000_000n + BigInt(ad)),
        }
      : null,
    refunded: n % 20 === 7,
  };
}

/** Three days after the order, never in the future. */
function refundTime(placedAt: Date, nowMs: number): Date {
  return new Date(Math.min(placedAt.getTime() + 3 * DAY_MS, nowMs - 1_000));
}

function csvChunks(nowMs: number): string[] {
  const header = 'shop,order_id,placed_at,currency,revenue,refunded,refunded_at,landing_url\n';
  const chunks: string[] = [];
  let rows: string[] = [];
  let bytes = header.length;
  for (let n = 0; n < ORDERS; n += 1) {
    const o = benchOrder(n, nowMs);
    const landing = o.ad
      ? `https://shop.example/p/1?utm_source=tiktok&campaign_id=${o.ad.campaignId}&adgroup_id=${o.ad.adgroupId}&ad_id=${o.ad.adId}&ttclid=E.C.P.b${n}`
      : 'https://shop.example/p/1?utm_source=newsletter';
    const refundedAt = refundTime(o.placedAt, nowMs);
    const row = `${SHOP},${o.orderId},${o.placedAt.toISOString()},USD,${o.totalPrice},${o.refunded ? o.totalPrice : ''},${o.refunded ? refundedAt.toISOString() : ''},${landing}\n`;
    if (rows.length === MAX_CSV_ROWS || bytes + row.length > MAX_IMPORT_CSV_BYTES) {
      chunks.push(header + rows.join(''));
      rows = [];
      bytes = header.length;
    }
    rows.push(row);
    bytes += row.length;
  }
  if (rows.length > 0) chunks.push(header + rows.join(''));
  return chunks;
}

async function ingestCsv(companion: CompanionProcess, nowMs: number): Promise<string[]> {
  const chunks = csvChunks(nowMs);
  const lines: string[] = [];
  const started = performance.now();
  for (const [i, csv] of chunks.entries()) {
    const chunkStarted = performance.now();
    const result = await companion.api<{ orders: { inserted: number } }>(
      'POST',
      '/api/orders/import',
      { csv },
    );
    lines.push(
      `    chunk ${i + 1}/${chunks.length}: ${mb(Buffer.byteLength(csv))} of CSV, ${count(result.orders.inserted)} orders inserted in ${((performance.now() - chunkStarted) / 1000).toFixed(2)} s`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  lines.unshift(
    `  wall time    ${seconds.toFixed(2)} s for ${count(ORDERS)} orders in ${chunks.length} request(s): ${count(ORDERS / seconds)} orders/s`,
  );
  return lines;
}

async function ingestWebhooks(companion: CompanionProcess, nowMs: number): Promise<string[]> {
  let next = 0;
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  const sender = async () => {
    for (;;) {
      const n = next;
      next += 1;
      if (n >= ORDERS) return;
      const o = benchOrder(n, nowMs);
      const body = demoOrderBody({
        orderId: o.orderId,
        placedAt: o.placedAt,
        currency: 'USD',
        totalPrice: o.totalPrice,
        ad: o.ad,
        ttclid: `E.C.P.b${n}`,
        ...(o.refunded
          ? {
              refund: {
                refundId: String(6_000_000_000_000 + n),
                refundedAt: refundTime(o.placedAt, nowMs),
              },
            }
          : {}),
      });
      const request = shopifyWebhookRequest('orders/create', body, {
        shop: SHOP,
        secret: SECRET,
        now: new Date(),
      });
      const sent = performance.now();
      const response = await fetch(`${companion.base}/api/orders/webhooks/shopify`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: SENDERS }, sender));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return [
    `  wall time    ${seconds.toFixed(2)} s for ${count(ORDERS)} deliveries from ${SENDERS} concurrent senders: ${count(ORDERS / seconds)} requests/s`,
    `  latency      median ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms, max ${pct(1).toFixed(1)} ms`,
    `  answers      ${[...statuses.entries()].map(([status, n]) => `${status}×${count(n)}`).join(', ')}`,
  ];
}

async function databaseSize(dataDir: string): Promise<{ file: number; wal: number }> {
  const size = async (path: string) => (await stat(path).catch(() => ({ size: 0 }))).size;
  const file = join(dataDir, 'bayme.sqlite');
  return { file: await size(file), wal: await size(`${file}-wal`) };
}

async function runPath(path: string, emulatorUrl: string): Promise<void> {
  const companion = await startCompanionProcess(emulatorUrl, {
    ORDERS_SHOPS: SHOP,
    ORDERS_WEBHOOK_SECRET: SECRET,
  });
  try {
    const pid = companion.server.child.pid ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idleRss = await procStatusBytes(pid, 'VmRSS');
    const nowMs = Date.now();
    const sampler = rssSampler(pid);
    const lines =
      path === 'csv' ? await ingestCsv(companion, nowMs) : await ingestWebhooks(companion, nowMs);
    const peakRss = await sampler.stop();
    const hwm = await procStatusBytes(pid, 'VmHWM');
    const status = await companion.api<{ orders: number; refunds: number }>(
      'GET',
      '/api/orders/status',
    );
    const live = await databaseSize(companion.dataDir);
    await stop(companion.server);
    const db = new Database(join(companion.dataDir, 'bayme.sqlite'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const closed = await databaseSize(companion.dataDir);
    const per100k = ((closed.file + closed.wal) * 100_000) / Math.max(1, status.orders);
    console.info(
      [
        `\n(${path === 'csv' ? 'a' : 'b'}) ${path === 'csv' ? 'CSV import' : 'signed webhooks'}`,
        ...lines,
        `  stored       ${count(status.orders)} orders, ${count(status.refunds)} refunds`,
        `  server RSS   idle ${mb(idleRss)}; peak while ingesting ${mb(peakRss)} (+${mb(peakRss - idleRss)}); VmHWM ${mb(hwm)}`,
        `  database     live ${mb(live.file)} + ${mb(live.wal)} -wal; after close and checkpoint ${mb(closed.file)} + ${mb(closed.wal)} -wal = ${mb(per100k)} per 100,000 orders`,
      ].join('\n'),
    );
  } finally {
    await stop(companion.server);
    await companion.removeData();
  }
}

async function main(): Promise<void> {
  const { url, child } = await startEmulatorProcess({});
  try {
    console.info(
      `Ingest of ${count(ORDERS)} orders. Companion server: a standalone process per path (memory from /proc/<pid>/status), emulator in its own process (${url}). Node ${process.version}.`,
    );
    for (const path of PATHS) {
      if (path !== 'csv' && path !== 'webhooks') throw new Error(`Unknown path ${path}.`);
      await runPath(path, url);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
