import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER } from '../../companion-server/src/orders/demo-order-webhook';
import { DEMO_SHOP } from '../../companion-server/src/orders/demo-shop';
import { freePort, killServerProcesses, startServerProcess, stop } from '../helpers/server-process';

/**
 * `npm start` without TikTok credentials, as a process on a temporary data directory: the
 * built-in emulator's demo orders are in the store at once (attributed and not, refunds,
 * one account's shop selling in another currency, with rates), the demo shop takes webhooks
 * signed with a secret made once into the data directory, `npm run orders -- send` plays one
 * that is stored (and none of its personal data is), and a second start adds nothing.
 */

const run = promisify(execFile);
const directories: string[] = [];

afterAll(async () => {
  killServerProcesses();
  for (const dir of directories) await rm(dir, { recursive: true, force: true });
});

interface EmulatorWorld {
  advertisers: Array<{ advertiser_id: string; currency: string }>;
  ads: Array<{ ad_id: string; advertiser_id: string }>;
}

function readStore(dataDir: string) {
  const db = new Database(join(dataDir, 'bayme.sqlite'), { readonly: true });
  try {
    const all = <T>(sql: string) => db.prepare(sql).all() as T[];
    return {
      orders: all<{
        shop: string;
        order_id: string;
        currency: string;
        ad_id: string | null;
        campaign_id: string | null;
      }>('SELECT shop, order_id, currency, ad_id, campaign_id FROM orders'),
      refunds: all<{ order_id: string }>('SELECT order_id FROM refunds'),
      rates: all<{ from_currency: string; to_currency: string; rate: string }>(
        'SELECT from_currency, to_currency, rate FROM currency_rates',
      ),
    };
  } finally {
    db.close();
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('demo orders on npm start', () => {
  it('seeds the demo orders once, takes signed webhooks from the demo shop, and npm run orders -- send is stored', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'companion-orders-demo-'));
    directories.push(dataDir);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMULATOR_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    const first = await startServerProcess(env);
    const generated = /DEMO orders: (\d+) generated now/.exec(first.banner);
    expect(generated, first.banner).not.toBeNull();
    expect(first.banner).toContain(`shop ${DEMO_SHOP} takes signed webhooks`);

    const world = (await (
      await fetch(`http://127.0.0.1:${env.EMULATOR_PORT}/__emulator/state`)
    ).json()) as EmulatorWorld;
    const currencyOfAd = new Map(
      world.ads.map((ad) => [
        ad.ad_id,
        world.advertisers.find((a) => a.advertiser_id === ad.advertiser_id)?.currency,
      ]),
    );
    const seeded = readStore(dataDir);
    expect(seeded.orders.length).toBe(Number(generated?.[1]));
    expect(new Set(seeded.orders.map((o) => o.shop))).toEqual(new Set([DEMO_SHOP]));
    const attributed = seeded.orders.filter((o) => o.ad_id !== null);
    const unattributed = seeded.orders.filter((o) => o.ad_id === null && o.campaign_id === null);
    expect(attributed.length).toBeGreaterThan(seeded.orders.length / 2);
    expect(unattributed.length).toBeGreaterThan(seeded.orders.length / 20);
    expect(seeded.refunds.length).toBeGreaterThan(0);
    expect(seeded.refunds.length).toBeLessThan(seeded.orders.length / 10);
    // The Japanese account's shop sells in dollars; every other order is in its account's currency.
    const inAnotherCurrency = attributed.filter(
      (o) => o.currency !== currencyOfAd.get(o.ad_id ?? ''),
    );
    expect(inAnotherCurrency.length).toBeGreaterThan(0);
    expect(
      new Set(inAnotherCurrency.map((o) => `${currencyOfAd.get(o.ad_id ?? '')}→${o.currency}`)),
    ).toEqual(new Set(['JPY→USD']));
    expect(seeded.rates.length).toBeGreaterThan(20);
    for (const rate of seeded.rates) {
      expect([rate.from_currency, rate.to_currency]).toEqual(['USD', 'JPY']);
      expect(Number(rate.rate)).toBeGreaterThan(145);
      expect(Number(rate.rate)).toBeLessThan(155);
    }

    // The demo secret: owner-only, never printed.
    const secretFile = join(dataDir, 'orders-demo-webhook-secret');
    expect((await stat(secretFile)).mode & 0o777).toBe(0o600);
    const secret = (await readFile(secretFile, 'utf8')).trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);

    const ad = attributed[0]?.ad_id ?? '';
    const cli = await run(
      process.execPath,
      ['--import', 'tsx', 'companion-server/src/orders/orders-cli.ts', 'send', '--ad', ad],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
    );
    expect(cli.stdout).toContain(`for ad ${ad}`);
    expect(cli.stdout).toMatch(/→ 200 \{"status":"stored","reason":null,"order":"inserted"/);
    const sentId = /order (\d+) {2}/.exec(cli.stdout)?.[1];
    const afterSend = readStore(dataDir);
    expect(afterSend.orders.find((o) => o.order_id === sentId)).toMatchObject({
      shop: DEMO_SHOP,
      ad_id: ad,
    });
    expect(`${first.output()}\n${cli.stdout}\n${cli.stderr}`).not.toContain(secret);

    expect(await stop(first), first.output()).toBe(0);
    const second = await startServerProcess(env);
    expect(second.banner).not.toContain('generated now');
    expect(second.banner).toContain('DEMO orders');
    // Answering a request: past its start, with its signal handlers in place.
    expect((await fetch(`http://127.0.0.1:${env.PORT}/health`)).status).toBe(200);
    const again = readStore(dataDir);
    expect(again.orders.length).toBe(afterSend.orders.length);
    expect(again.refunds.length).toBe(afterSend.refunds.length);
    expect(await stop(second), second.output()).toBe(0);
    expect(second.output()).not.toContain(secret);

    // The made-up customer of the webhook is in no file of the data directory.
    for (const file of await filesUnder(dataDir)) {
      const bytes = await readFile(file, 'latin1');
      for (const value of [DEMO_CUSTOMER.email, DEMO_CUSTOMER.lastName, DEMO_CUSTOMER.ip]) {
        expect(bytes.includes(value), `${value} in ${file}`).toBe(false);
      }
    }
  }, 120_000);
});
