/**
 * Benchmark: what Bayme's own figures add to an overlay view (issue 17: "an overlay view's
 * added latency with Bayme ROAS on, goal ≤ 20 ms warm").
 *
 *   npm run bench:orders-overlay            (npx tsx test/bench/orders-overlay.ts)
 *   npm run bench:orders-overlay -- --orders 100000 --samples 40
 *
 * One companion server in this process against the emulator, over real HTTP, with the large
 * test account's 1,000 ad groups. The same view — `GET /api/ad-accounts/:id/metrics`, the ad
 * groups over the last 7 days, the request an Ads Manager page makes — is timed warm (TikTok's
 * report served from the server's cache, as on every view after the first of a minute):
 *
 *   1. without the feature: no shop configured and no order stored (the answer says
 *      `bayme: null`);
 *   2. with it: 100,000 orders over the last 90 days attributed to those ad groups (imported
 *      by the admin's CSV route), so that every row carries Bayme's revenue, orders and ROAS;
 *   3. the first view after each of 10 new orders: Bayme's figures are kept while no order
 *      arrives, so this is what every view costs while orders stream in.
 *
 * Medians and spread of each; the difference is the cost of the feature. No timed assertion.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { startTestCompanion } from '../helpers/companion';
import { median, percentile } from './stats';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '30' },
  },
});
const ORDERS = Number(values.orders);
const SAMPLES = Number(values.samples);
const AD_GROUPS = 1_000;
const CSV_ROWS_PER_IMPORT = 100_000;
const DAY_MS = 86_400_000;

async function main(): Promise<void> {
  const companion = await startTestCompanion();
  try {
    await companion.emulator.control.reset({ large_account_adgroups: AD_GROUPS });
    const state = await companion.emulator.control.state();
    const large = state.advertisers.find((a) => a.name === 'Bayme Scale Test');
    if (!large) throw new Error('The emulator has no large test account.');
    const token = await companion.emulator.control.mintToken(
      state.advertisers.map((a) => a.advertiser_id),
    );
    const imported = await companion.app.inject({
      method: 'POST',
      url: '/api/connections/import',
      headers: companion.as('admin'),
      payload: { accessToken: token },
    });
    if (imported.statusCode !== 200) throw new Error(`Connecting failed: ${imported.body}`);
    const base = await companion.app.listen({ host: '127.0.0.1', port: 0 });

    const today = zonedDate(Date.now(), large.timezone);
    const query = new URLSearchParams({
      level: 'adgroup',
      start: addDays(today, -7),
      end: addDays(today, -1),
    });
    const view = async () => {
      const started = performance.now();
      const response = await fetch(
        `${base}/api/ad-accounts/${large.advertiser_id}/metrics?${query}`,
        { headers: companion.as('viewer') },
      );
      const body = (await response.json()) as {
        rows: Array<{ bayme?: unknown }>;
        bayme?: unknown;
      };
      if (response.status !== 200) throw new Error(`The view failed: ${JSON.stringify(body)}`);
      return { ms: performance.now() - started, rows: body.rows.length, bayme: body.bayme };
    };
    const timeViews = async () => {
      await view(); // the cold one: TikTok's report, then cached
      const times: number[] = [];
      let last = await view();
      for (let i = 0; i < SAMPLES; i += 1) {
        last = await view();
        times.push(last.ms);
      }
      return { times, rows: last.rows, bayme: last.bayme };
    };

    const without = await timeViews();

    // The ad groups' ids, from the same route the side panel uses.
    const listed = await fetch(
      `${base}/api/ad-accounts/${large.advertiser_id}/entities?level=adgroup`,
      { headers: companion.as('viewer') },
    );
    const adGroups = ((await listed.json()) as { entities: Array<{ id: string }> }).entities.map(
      (e) => e.id,
    );
    if (adGroups.length === 0) throw new Error('No ad groups listed.');
    const now = Date.now();
    const importStarted = performance.now();
    for (let first = 0; first < ORDERS; first += CSV_ROWS_PER_IMPORT) {
      const lines = ['shop,order_id,placed_at,currency,revenue,adgroup_id'];
      for (let n = first; n < Math.min(ORDERS, first + CSV_ROWS_PER_IMPORT); n += 1) {
        const placed = new Date(now - ((n * 7_919) % (90 * DAY_MS)) - 60_000).toISOString();
        const revenue = (20 + ((n * 37) % 18_000) / 100).toFixed(2);
        lines.push(
          `bench-shop,bench-${n},${placed},USD,${revenue},${adGroups[n % adGroups.length]}`,
        );
      }
      const response = await fetch(`${base}/api/orders/import`, {
        method: 'POST',
        headers: { ...companion.as('admin'), 'content-type': 'application/json' },
        body: JSON.stringify({ csv: lines.join('\n') }),
      });
      if (response.status !== 200) throw new Error(`Import failed: ${await response.text()}`);
    }
    const importMs = performance.now() - importStarted;

    const withOrders = await timeViews();
    // The first view after a new order: the figures are computed again (the cache is per
    // change of the store), as on a busy shop's every view.
    const afterOrder: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const placed = new Date(now - 3_600_000).toISOString();
      const response = await fetch(`${base}/api/orders/import`, {
        method: 'POST',
        headers: { ...companion.as('admin'), 'content-type': 'application/json' },
        body: JSON.stringify({
          csv: `shop,order_id,placed_at,currency,revenue,adgroup_id\nbench-shop,bench-new-${i},${placed},USD,42.00,${adGroups[i]}`,
        }),
      });
      if (response.status !== 200) throw new Error(`Import failed: ${await response.text()}`);
      afterOrder.push((await view()).ms);
    }
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const line = (label: string, run: { times: number[]; rows: number }) =>
      `  ${label.padEnd(34)} median ${ms(median(run.times))}, p90 ${ms(percentile(run.times, 90))}, min ${ms(Math.min(...run.times))}, max ${ms(Math.max(...run.times))} (${run.rows} rows)`;
    const added = median(withOrders.times) - median(without.times);
    console.info(
      [
        '',
        `  Overlay view with Bayme's figures: ${AD_GROUPS} ad groups, last 7 days, warm (TikTok's report cached), ${SAMPLES} views each, one after another`,
        line('without (no shop, no orders)', without),
        line(`with ${ORDERS.toLocaleString('en-US')} orders over 90 days`, withOrders),
        `  added: ${ms(added)} at the median (goal ≤ 20 ms warm) → ${added <= 20 ? 'MET' : 'NOT MET'}`,
        `  the first view after a new order (figures computed again): median ${ms(median(afterOrder))}, max ${ms(Math.max(...afterOrder))} (10 orders, one view each): ${ms(median(afterOrder) - median(without.times))} more than without`,
        `  the orders were imported in ${(importMs / 1000).toFixed(1)} s; the answer without says bayme: ${JSON.stringify(without.bayme)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await companion.close();
  }
}

await main();
