/**
 * Benchmark: the field updates of bulk edits (ad names, landing pages, ad text, ad group
 * start times and dayparting) through the companion server, against the emulator enforcing
 * TikTok's Basic tier (10 QPS) in its own process, as TikTok would.
 *
 *   npx tsx test/bench/bulk-update-fields.ts                # 40 ad groups of 5 ads (≈ 1 min)
 *   npx tsx test/bench/bulk-update-fields.ts --groups 100 --ads 10
 *
 * For each operation it prints calls per row: the fewest TikTok's rules allow (the reads a
 * preview needs and the writes, at TikTok's page and batch sizes: fewest-update-calls.ts,
 * computed from the emulator's state before the edit, never from what the server did) and
 * the calls the server actually made for the preview and the run (from the emulator's
 * request log), with the time, and checks at the emulator that every row was applied once
 * and that no other ad of an ad group sent whole was lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import { loadConfig } from '../../companion-server/src/config';
import type { Level } from '../../companion-server/src/contract/ads-manager';
import type { BulkOperation } from '../../companion-server/src/contract/bulk-edits';
import { canonicalDayparting } from '../../companion-server/src/contract/dayparting';
import { createContext } from '../../companion-server/src/services';
import { type CallSummary, controlClient, type EmulatorSnapshot } from '../helpers/control-client';
import { startEmulatorProcess } from './emulator-process';
import {
  CREATIVES_PER_UPDATE,
  type FieldEditFacts,
  fewestFieldEditCalls,
} from './fewest-update-calls';

const { values } = parseArgs({
  options: {
    groups: { type: 'string', default: '40' },
    ads: { type: 'string', default: '5' },
  },
});
const GROUPS = Number(values.groups);
const ADS = Number(values.ads);
if (!Number.isInteger(GROUPS) || GROUPS < 2 || GROUPS > 200) {
  throw new Error(`--groups must be an integer from 2 to 200, got ${values.groups}`);
}
if (!Number.isInteger(ADS) || ADS < 1 || ADS > CREATIVES_PER_UPDATE) {
  throw new Error(`--ads must be an integer from 1 to ${CREATIVES_PER_UPDATE}, got ${values.ads}`);
}
const QPS = 10;
const DAY_MS = 86_400_000;
const EMULATOR_SECRET = 'emulator-app-secret-not-a-real-one';
const WEEKDAYS = `${'0'.repeat(18)}${'1'.repeat(18)}${'0'.repeat(12)}`.repeat(5).padEnd(336, '0');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perRow = (calls: number, rows: number) => (calls / rows).toFixed(2);
const utc = (instant: number) => new Date(instant).toISOString().slice(0, 19).replace('T', ' ');

function byPath(summary: CallSummary): string {
  return Object.entries(summary.by_path)
    .map(([path, { count, codes }]) => {
      const refused = Object.entries(codes).filter(([code]) => code !== '0');
      return `${path} ${count}${refused.length > 0 ? ` (${refused.map(([c, n]) => `${n}× ${c}`).join(', ')})` : ''}`;
    })
    .join(', ');
}

async function main(): Promise<void> {
  const { url, child } = await startEmulatorProcess({
    EMULATOR_TIER: 'basic',
    EMULATOR_LARGE_ACCOUNT_ADGROUPS: String(GROUPS),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-bulk-fields-'));
  try {
    const control = controlClient(url);
    const large = (await control.state()).advertisers.find((a) => a.name === 'Bayme Scale Test');
    if (!large) throw new Error('The emulator has no large account.');
    const advertiserId = large.advertiser_id;
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const context = await createContext(
      config,
      { origin: url, appSecret: EMULATOR_SECRET },
      pino({ level: 'silent' }),
    );
    const { staff: buyer } = await context.staff.add(
      { email: 'bench@bayme.example', name: 'Bench', role: 'buyer' },
      SYSTEM_ACTOR,
    );
    const token = await control.mintToken([advertiserId]);
    await context.connections.importToken(token, buyer);
    const api = context.marketingApi;

    // The account as the benchmark wants it: each ad group with ADS ads, and as many ad
    // groups that have not started yet (a sale next week), for the start times.
    console.info(`Setting up ${GROUPS} ad groups of ${ADS} ads, and ${GROUPS} upcoming ones…`);
    const setup = await control.state(advertiserId);
    const adGroups = setup.adgroups.filter((g) => !g.deleted).slice(0, GROUPS);
    const template = setup.ads.find((ad) => ad.adgroup_id === adGroups[0]?.adgroup_id);
    if (!template) throw new Error('The large account has no ad to copy.');
    for (const group of adGroups) {
      const creatives = Array.from({ length: ADS - 1 }, (_, n) => ({
        ad_name: `${group.adgroup_name} | extra ${n + 2}`,
        ad_format: template.ad_format,
        ad_text: template.ad_text,
        identity_id: template.identity_id,
        identity_type: template.identity_type,
        video_id: template.video_id,
        call_to_action: template.call_to_action,
        landing_page_url: template.landing_page_url,
      }));
      if (creatives.length === 0) continue;
      const [outcome] = await api.ads.create(token, {
        advertiserId,
        adgroupId: group.adgroup_id,
        creatives,
      });
      if (!outcome?.ok) throw new Error(`ad/create failed for ${group.adgroup_id}`);
    }
    const now = (await control.clock({ advance_ms: 0 })).now_ms;
    const upcoming: string[] = [];
    for (let n = 0; n < GROUPS; n++) {
      const { adGroup } = await api.adGroups.create(token, {
        advertiserId,
        campaignId: adGroups[0]?.campaign_id ?? '',
        fields: {
          adgroup_name: `Scale | Upcoming ${String(n + 1).padStart(3, '0')}`,
          budget_mode: 'BUDGET_MODE_DAY',
          budget: 50,
          billing_event: 'OCPM',
          optimization_goal: 'CONVERT',
          pacing: 'PACING_MODE_SMOOTH',
          schedule_type: 'SCHEDULE_FROM_NOW',
          schedule_start_time: utc(now + 7 * DAY_MS),
          placement_type: 'PLACEMENT_TYPE_AUTOMATIC',
          location_ids: ['6252001'],
        },
      });
      upcoming.push(adGroup.adgroup_id);
    }
    const groupIds = adGroups.map((g) => g.adgroup_id);
    const adIds = (await control.state(advertiserId)).ads
      .filter((ad) => !ad.deleted && groupIds.includes(ad.adgroup_id))
      .map((ad) => ad.ad_id);

    const results: string[] = [];
    const run = async (
      label: string,
      level: Level,
      ids: string[],
      operation: BulkOperation,
      facts: (before: EmulatorSnapshot) => FieldEditFacts,
      applied: (after: EmulatorSnapshot, id: string) => boolean,
    ) => {
      const before = await control.state(advertiserId);
      const fewest = fewestFieldEditCalls(facts(before));
      await control.clearCalls();
      const started = performance.now();
      const plan = await context.bulkEdits.plan(buyer, advertiserId, {
        level,
        entityIds: ids,
        operation,
      });
      const planCalls = await control.calls();
      await control.clearCalls();
      const { jobId } = await context.bulkEdits.apply(buyer, plan.planId);
      await context.bulkEdits.settled();
      const elapsed = performance.now() - started;
      const runCalls = await control.calls();
      const job = await context.bulkEdits.getJob(jobId);
      const after = await control.state(advertiserId);
      const wrong = job.rows.filter(
        (row) => row.state !== 'skipped' && (row.state !== 'done' || !applied(after, row.entityId)),
      );
      const deletedAds = (snapshot: EmulatorSnapshot) =>
        snapshot.ads.filter((a) => a.deleted).length;
      const actual = planCalls.total + runCalls.total;
      const rows = ids.length;
      console.info(`\n  ${label}: ${rows} rows, ${job.counts.done} changed`);
      console.info(
        `    minimum  ${fewest.total} calls (${perRow(fewest.total, rows)} a row): ${[...fewest.reads, ...fewest.writes].map((c) => `${c.path} ${c.calls} (${c.why})`).join('; ')}`,
      );
      console.info(
        `    actual   ${actual} calls (${perRow(actual, rows)} a row) = ${planCalls.total} preview + ${runCalls.total} run`,
      );
      console.info(`               preview: ${byPath(planCalls)}`);
      console.info(`               run:     ${byPath(runCalls)}`);
      console.info(
        `    time     ${seconds(elapsed)} (floor ${seconds((fewest.total / QPS) * 1000)} at ${QPS} QPS); ${(actual / fewest.total).toFixed(2)}× the fewest calls`,
      );
      console.info(
        `    check    ${wrong.length} rows lost or wrong at the emulator; ${deletedAds(after) - deletedAds(before)} ads deleted by the edit; ${job.counts.failed} failed, ${job.counts.conflict} conflict`,
      );
      results.push(
        `| ${label} | ${rows} | ${perRow(fewest.total, rows)} | ${perRow(actual, rows)} | ${seconds(elapsed)} |`,
      );
    };

    const adFacts =
      (changes: (snapshot: EmulatorSnapshot) => number) =>
      (before: EmulatorSnapshot): FieldEditFacts => ({
        edit: 'ad_update',
        selected: adIds.length,
        levelTotal: before.ads.length,
        changes: changes(before),
        adGroups: groupIds.length,
        changedAdGroups: groupIds.length,
      });
    const adGroupFacts =
      (ids: string[], changes: (snapshot: EmulatorSnapshot) => number, readsSource = false) =>
      (before: EmulatorSnapshot): FieldEditFacts => ({
        edit: 'adgroup_update',
        selected: ids.length,
        levelTotal: before.adgroups.length,
        changes: changes(before),
        readsSource,
      });
    const ad = (snapshot: EmulatorSnapshot, id: string) => snapshot.ads.find((a) => a.ad_id === id);
    const group = (snapshot: EmulatorSnapshot, id: string) =>
      snapshot.adgroups.find((g) => g.adgroup_id === id);

    console.info(`\nField updates against ${url} (Basic tier, ${QPS} QPS)…`);
    await run(
      'ad names: add a suffix',
      'ad',
      adIds,
      { kind: 'name', change: { type: 'suffix', text: ' | EU' } },
      adFacts(() => adIds.length),
      (after, id) => String(ad(after, id)?.ad_name).endsWith(' | EU'),
    );
    await run(
      'landing pages: tracking template',
      'ad',
      adIds,
      {
        kind: 'landing_url',
        change: {
          type: 'params',
          params: [
            { key: 'utm_source', value: 'tiktok' },
            { key: 'utm_campaign', value: '__CAMPAIGN_NAME__' },
            { key: 'ad_id', value: '__CID__' },
          ],
        },
      },
      adFacts(() => adIds.length),
      (after, id) => String(ad(after, id)?.landing_page_url).includes('ad_id=__CID__'),
    );
    // TikTok's review of the new landing pages ends (the emulator's takes a day).
    await control.clock({ advance_ms: DAY_MS + 3_600_000 });
    await run(
      'ad text: find and replace',
      'ad',
      adIds,
      {
        kind: 'ad_text',
        change: {
          type: 'replace',
          find: 'this week',
          replace: 'all month',
          regex: false,
          ignoreCase: false,
        },
      },
      adFacts(
        (before) =>
          adIds.filter((id) => String(ad(before, id)?.ad_text).includes('this week')).length,
      ),
      (after, id) => String(ad(after, id)?.ad_text).includes('all month'),
    );
    await run(
      'ad group starts: one day later',
      'adgroup',
      upcoming,
      { kind: 'schedule', change: { type: 'shift_start', days: 1 } },
      adGroupFacts(upcoming, () => upcoming.length),
      (after, id) =>
        Date.parse(`${String(group(after, id)?.schedule_start_time).replace(' ', 'T')}Z`) >
        now + 7 * DAY_MS,
    );
    await run(
      'dayparting: draw a grid',
      'adgroup',
      groupIds,
      { kind: 'dayparting', change: { type: 'set', dayparting: WEEKDAYS } },
      adGroupFacts(groupIds, () => groupIds.length),
      (after, id) => canonicalDayparting(group(after, id)?.dayparting) === WEEKDAYS,
    );
    await run(
      'dayparting: copy from an ad group',
      'adgroup',
      upcoming,
      { kind: 'dayparting', change: { type: 'copy', fromAdgroupId: groupIds[0] ?? '' } },
      adGroupFacts(upcoming, () => upcoming.length, true),
      (after, id) => canonicalDayparting(group(after, id)?.dayparting) === WEEKDAYS,
    );

    console.info('\n| operation | rows | minimum calls/row | actual calls/row | time |');
    console.info('| --- | --- | --- | --- | --- |');
    for (const line of results) console.info(line);
  } finally {
    child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
