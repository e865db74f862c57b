/**
 * Benchmark: the dashboard with Bayme's figures, as issue 17 asks ("a 3-account, 90-day
 * dashboard with Bayme figures: time, database queries"). Against the emulator in its own
 * process with three large accounts, it loads 100,000 orders into the companion's SQLite
 * store, then prints for GET /api/reports/overview of the three accounts over 90 days:
 *
 *   - cold views (TikTok's reports fetched) and warm views (reports from the dashboard's
 *     cache, so the difference is Bayme's own cost), with and without Bayme's figures;
 *   - per view: the order store's queries (each call of the store is one SQL statement:
 *     the store is wrapped and counted) and the time spent in them, TikTok's calls by path
 *     (the emulator's call log), and the answer's size.
 *
 *   npm run bench:orders-dashboard                  # ≈ 1 min
 *   npm run bench:orders-dashboard -- --samples 9
 *   npm run bench:orders-dashboard -- --orders 20000
 *
 * The orders: spread over the 90 days of the range (times uniform in each day of the
 * accounts' zone), 90% naming a campaign, ad group and ad of one of the accounts (its live
 * entities), 10% naming none (the dashboard's unattributed line); 5% refunded part of the way
 * three days later; 10% in EUR, with exchange rates given for every other day (the rest is
 * shown apart). Loaded through the store's all-or-nothing import in batches of 10,000, like
 * the admin's CSV import, but without the CSV (its speed is the ingest benchmark's figure).
 *
 * Cold views: the emulator has computed each report once before (a throwaway view), so cold
 * means the companion's caches are empty, not TikTok's; every report is still fetched.
 *
 * With and without: the same server; "without" is a reporting service built without orders
 * (what a server that takes none runs), swapped in for those requests. Both read TikTok's
 * reports through caches of their own, so each has its own cold views. The campaigns' ids
 * come from the side panel's list (30 s per account), shared by both: the first view with
 * Bayme's figures pays for it, later ones within 30 s do not.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../companion-server/src/app';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import { loadConfig } from '../../companion-server/src/config';
import type { Overview } from '../../companion-server/src/contract/reporting';
import {
  addDays,
  eachDate,
  startOfZonedDay,
  zonedDate,
} from '../../companion-server/src/lib/time-zone';
import { OrderFigures } from '../../companion-server/src/orders/order-figures';
import type {
  CurrencyRate,
  OrderRecord,
  OrderStore,
  RefundRecord,
} from '../../companion-server/src/orders/order-store';
import { SqliteOrderStore } from '../../companion-server/src/orders/sqlite-order-store';
import { ReportingService } from '../../companion-server/src/reporting/reporting-service';
import { createContext, type ServerContext } from '../../companion-server/src/services';
import { controlClient } from '../helpers/control-client';
import { startEmulatorProcess } from './emulator-process';
import { median } from './stats';

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '5' },
    orders: { type: 'string', default: '100000' },
    'log-level': { type: 'string', default: 'silent' },
  },
});
const SAMPLES = Number(args.samples);
const ORDERS = Number(args.orders);
if (!Number.isInteger(SAMPLES) || SAMPLES < 1 || SAMPLES > 30) {
  throw new Error(`--samples must be an integer from 1 to 30, got ${args.samples}`);
}
if (!Number.isInteger(ORDERS) || ORDERS < 1 || ORDERS > 1_000_000) {
  throw new Error(`--orders must be an integer from 1 to 1,000,000, got ${args.orders}`);
}
const AD_GROUPS = 1_000;
const DAYS = 90;
const BATCH = 10_000;
const EMULATOR_SECRET = 'emulator-app-secret-not-a-real-one';
const DAY_MS = 86_400_000;
const SHOP = 'bench.bayme.example';

/** Every call of the store counted and timed: each is one SQL statement (sqlite-order-store.ts). */
interface Counter {
  queries: number;
  ms: number;
  /** Calls and milliseconds by method. */
  byMethod: Map<string, { calls: number; ms: number }>;
}

function counted(store: OrderStore, counter: Counter): OrderStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...callArgs: unknown[]) => {
        const started = performance.now();
        try {
          return value.apply(target, callArgs);
        } finally {
          const took = performance.now() - started;
          counter.ms += took;
          counter.queries += 1;
          const name = String(key);
          const entry = counter.byMethod.get(name) ?? { calls: 0, ms: 0 };
          entry.calls += 1;
          entry.ms += took;
          counter.byMethod.set(name, entry);
        }
      };
    },
  });
}

/** A small deterministic generator, so that every run loads the same orders. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Entities {
  campaigns: string[];
  /** Ad group → its campaign; ad → its ad group. */
  adGroups: Array<{ id: string; campaignId: string }>;
  ads: Array<{ id: string; adgroupId: string }>;
}

function ordersFor(
  accounts: Entities[],
  days: string[],
  timeZone: string,
): { orders: OrderRecord[]; refunds: RefundRecord[]; rates: CurrencyRate[] } {
  const random = seeded(17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const campaignOf = new Map(
    accounts.flatMap((account) => account.adGroups.map((g) => [g.id, g.campaignId] as const)),
  );
  const dayStarts = days.map((day) => startOfZonedDay(day, timeZone));
  const orders: OrderRecord[] = [];
  const refunds: RefundRecord[] = [];
  for (let n = 0; n < ORDERS; n += 1) {
    const placedAtMs = (dayStarts[n % days.length] as number) + Math.floor(random() * (DAY_MS - 1));
    const attributed = random() < 0.9;
    const account = pick(accounts);
    const ad = pick(account.ads);
    const currency = random() < 0.1 ? 'EUR' : 'USD';
    const revenueMicros = (10 + Math.floor(random() * 190)) * 1_000_000 + 500_000;
    const orderId = `b${n}`;
    orders.push({
      shop: SHOP,
      orderId,
      placedAtMs,
      currency,
      revenueMicros,
      click: {
        campaignId: attributed ? (campaignOf.get(ad.adgroupId) ?? null) : null,
        adgroupId: attributed ? ad.adgroupId : null,
        adId: attributed ? ad.id : null,
        ttclid: random() < 0.5 ? `E.C.P.${n}` : null,
        clickedAtMs: null,
      },
      sourceUpdatedAtMs: placedAtMs,
      cancelled: false,
    });
    if (random() < 0.05) {
      refunds.push({
        shop: SHOP,
        refundId: `${orderId}:r`,
        orderId,
        refundedAtMs: placedAtMs + 3 * DAY_MS,
        currency,
        amountMicros: Math.floor(revenueMicros / 2),
      });
    }
  }
  const rates = days
    .filter((_, i) => i % 2 === 0)
    .map((day) => ({ day, from: 'EUR', to: 'USD', rate: '1.0842' }));
  return { orders, refunds, rates };
}

async function main(): Promise<void> {
  const { url, child } = await startEmulatorProcess({
    EMULATOR_LARGE_ACCOUNT_ADGROUPS: String(AD_GROUPS),
    EMULATOR_LARGE_ACCOUNTS: '3',
  });
  let dataDir: string | null = null;
  let context: ServerContext | null = null;
  let app: FastifyInstance | null = null;
  try {
    const control = controlClient(url);
    const large = (await control.state()).advertisers
      .filter((a) => a.name.startsWith('Bayme Scale Test'))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (large.length !== 3) throw new Error(`Expected 3 large accounts, found ${large.length}.`);
    const timeZone = large[0]?.timezone as string;
    const accounts: Entities[] = [];
    for (const a of large) {
      const snapshot = await control.state(a.advertiser_id);
      const live = <T extends { deleted: boolean; advertiser_id: string }>(list: T[]) =>
        list.filter((e) => !e.deleted && e.advertiser_id === a.advertiser_id);
      accounts.push({
        campaigns: live(snapshot.campaigns).map((c) => c.campaign_id),
        adGroups: live(snapshot.adgroups).map((g) => ({
          id: g.adgroup_id,
          campaignId: g.campaign_id,
        })),
        ads: live(snapshot.ads).map((ad) => ({ id: ad.ad_id, adgroupId: ad.adgroup_id })),
      });
    }

    dataDir = await mkdtemp(join(tmpdir(), 'bench-orders-dashboard-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const log = pino({ level: args['log-level'] });
    const ctx = await createContext(config, { origin: url, appSecret: EMULATOR_SECRET }, log);
    context = ctx;
    const { staff: admin } = await ctx.staff.add(
      { email: 'admin@bayme.example', name: 'Admin', role: 'admin' },
      SYSTEM_ACTOR,
    );
    const { key: viewerKey } = await ctx.staff.add(
      { email: 'viewer@bayme.example', name: 'Viewer', role: 'viewer' },
      SYSTEM_ACTOR,
    );
    await ctx.connections.importToken(
      await control.mintToken(large.map((a) => a.advertiser_id)),
      admin,
    );

    // The range: 90 complete days of the accounts' zone, ending yesterday.
    const end = addDays(zonedDate(Date.now(), timeZone), -1);
    const start = addDays(end, -(DAYS - 1));
    const days = eachDate(start, end);

    const store = new SqliteOrderStore(ctx.sql);
    const load = ordersFor(accounts, days, timeZone);
    const loadStarted = performance.now();
    for (let at = 0; at < load.orders.length; at += BATCH) {
      const batch = load.orders.slice(at, at + BATCH);
      const ids = new Set(batch.map((o) => o.orderId));
      store.importAll(
        batch,
        load.refunds.filter((r) => ids.has(r.orderId)),
      );
    }
    store.setRates(load.rates);
    const loadMs = performance.now() - loadStarted;
    const sqlite = join(dataDir, 'bayme.sqlite');
    const fileBytes =
      (await stat(sqlite)).size + (await stat(`${sqlite}-wal`).catch(() => ({ size: 0 }))).size;

    const counter: Counter = { queries: 0, ms: 0, byMethod: new Map() };
    const countedStore = counted(store, counter);
    const base = {
      connections: ctx.connections,
      marketingApi: ctx.marketingApi,
      log,
      now: () => new Date(),
      cacheTtlMs: config.metricsCacheTtlMs,
    };
    const services = {
      // Only to have the emulator compute its reports once before anything is timed.
      warmUp: new ReportingService({ ...base, orders: null }),
      without: new ReportingService({ ...base, orders: null }),
      with: new ReportingService({
        ...base,
        orders: {
          figures: new OrderFigures({ store: countedStore, clickWindowDays: () => 7 }),
          store: countedStore,
          shopsConfigured: () => false,
          campaignIds: (advertiserId) => ctx.entities.allCampaignIds(advertiserId),
          entitiesOf: (advertiserId, level) => ctx.entities.withDeleted(advertiserId, level),
        },
      }),
    };

    app = await buildApp(ctx);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const ids = large.map((a) => a.advertiser_id).join(',');

    interface View {
      ms: number;
      queries: number;
      storeMs: number;
      bytes: number;
      tiktok: Record<string, number>;
      overview: Overview;
    }
    const view = async (mode: keyof typeof services): Promise<View> => {
      // The route reads the context's service on each request.
      ctx.reporting = services[mode];
      await control.clearCalls();
      counter.queries = 0;
      counter.ms = 0;
      const started = performance.now();
      const response = await fetch(
        `${origin}/api/reports/overview?${new URLSearchParams({ advertiserIds: ids, start, end })}`,
        { headers: { authorization: `Bearer ${viewerKey}` } },
      );
      const text = await response.text();
      const ms = performance.now() - started;
      if (!response.ok) throw new Error(`The overview answered ${response.status}: ${text}`);
      const calls = await control.calls();
      return {
        ms,
        queries: counter.queries,
        storeMs: counter.ms,
        bytes: Buffer.byteLength(text),
        tiktok: Object.fromEntries(
          Object.entries(calls.by_path).map(([path, { count }]) => [path, count]),
        ),
        overview: JSON.parse(text) as Overview,
      };
    };

    console.info(
      `Dashboard overview against ${url}: 3 accounts × ${AD_GROUPS} ad groups (${accounts.map((a) => a.campaigns.length).join('/')} campaigns), ${DAYS} days (${start} – ${end}, ${timeZone}), ${SAMPLES} warm samples each`,
    );
    console.info(
      `Orders: ${load.orders.length.toLocaleString('en-US')} orders and ${load.refunds.length.toLocaleString('en-US')} refunds loaded in ${(loadMs / 1000).toFixed(1)} s (batches of ${BATCH.toLocaleString('en-US')}); ${load.rates.length} EUR→USD rates; database file ${(fileBytes / 1024 / 1024).toFixed(1)} MiB`,
    );

    const rows: string[] = [];
    const line = (label: string, views: View[]) => {
      const tiktok = views[0]?.tiktok ?? {};
      const calls = Object.entries(tiktok)
        .map(([path, count]) => `${path} ${count}`)
        .join(', ');
      rows.push(
        [
          label.padEnd(26),
          `${median(views.map((v) => v.ms))
            .toFixed(1)
            .padStart(8)} ms`,
          `(${Math.min(...views.map((v) => v.ms)).toFixed(1)}–${Math.max(...views.map((v) => v.ms)).toFixed(1)})`.padEnd(
            18,
          ),
          `${String(views[0]?.queries ?? 0).padStart(3)} queries`,
          `${median(views.map((v) => v.storeMs))
            .toFixed(1)
            .padStart(7)} ms in the store`,
          `${((views[0]?.bytes ?? 0) / 1024).toFixed(0).padStart(4)} KiB`,
          `TikTok: ${calls || 'none'}`,
        ].join('  '),
      );
    };

    await view('warmUp');
    const coldWithout = await view('without');
    const coldWith = await view('with');
    const warmWithout: View[] = [];
    const warmWith: View[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      warmWithout.push(await view('without'));
      warmWith.push(await view('with'));
    }
    line('cold, without Bayme', [coldWithout]);
    line('cold, with Bayme', [coldWith]);
    line('warm, without Bayme', warmWithout);
    line('warm, with Bayme', warmWith);
    console.info(
      `\n${'view'.padEnd(26)}  ${'median'.padStart(11)}  ${'(min–max)'.padEnd(18)}  queries      store time      size  TikTok calls`,
    );
    for (const row of rows) console.info(row);

    counter.byMethod.clear();
    await view('with');
    console.info(
      `\nQueries of one warm view with Bayme: ${[...counter.byMethod].map(([name, { calls, ms }]) => `${name} ×${calls} (${ms.toFixed(1)} ms)`).join(', ')}`,
    );
    const sample = warmWith[0]?.overview;
    const counts = sample?.accounts.map((a) => a.bayme?.orders ?? 0) ?? [];
    const unattributed = sample?.bayme?.unattributed.reduce((n, u) => n + u.orders, 0) ?? 0;
    console.info(
      `Orders in the answer: ${counts.join(' + ')} attributed (by account) + ${unattributed} unattributed = ${counts.reduce((a, b) => a + b, 0) + unattributed} of ${ORDERS} placed in the range; USD revenue ${sample?.byCurrency.find((g) => g.currency === 'USD')?.bayme?.revenue.toFixed(2)}, EUR not converted ${sample?.byCurrency
        .find((g) => g.currency === 'USD')
        ?.bayme?.unconverted.map((u) => u.revenue.toFixed(2))
        .join(', ')}`,
    );
  } finally {
    await app?.close();
    if (context) {
      await context.ruleScheduler.stop();
      await context.notifier.close();
      context.sql.close();
      await context.audit.settled();
    }
    child.kill();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
