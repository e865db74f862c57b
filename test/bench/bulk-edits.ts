/**
 * Benchmark: bulk edits of 1,000 ad groups through the companion server, against the
 * emulator enforcing TikTok's Basic tier (10 QPS) in its own process, as TikTok would.
 *
 *   npm run bench:bulk                 # 1,000 daily budgets +10%, then 1,000 pauses (≈ 2.5 min)
 *   npm run bench:bulk -- --rows 200
 *
 * For each operation it prints the fewest calls TikTok's rules allow for it (the reads a
 * preview needs and the writes, at TikTok's page and batch sizes: fewest-calls.ts, computed
 * from the emulator's state before the edit, never from what the server did), the calls the
 * server actually made for the preview and the run (from the emulator's request log), the
 * time floor (that minimum ÷ the tier's QPS) against the actual preview + run time, and checks
 * at the emulator that every row was applied, and applied once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import { loadConfig } from '../../companion-server/src/config';
import type { BulkOperation } from '../../companion-server/src/contract/bulk-edits';
import { createContext } from '../../companion-server/src/services';
import { type CallSummary, controlClient, type EmulatorSnapshot } from '../helpers/control-client';
import { startEmulatorProcess } from './emulator-process';
import { type BulkEditFacts, type CallCount, fewestBulkEditCalls } from './fewest-calls';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000' } } });
const ROWS = Number(values.rows);
if (!Number.isInteger(ROWS) || ROWS < 1 || ROWS > 1000) {
  throw new Error(`--rows must be an integer from 1 to 1000, got ${values.rows}`);
}
const QPS = 10;
const EMULATOR_SECRET = 'emulator-app-secret-not-a-real-one';

function byPath(summary: CallSummary): string {
  return Object.entries(summary.by_path)
    .map(([path, { count, codes }]) => {
      const refused = Object.entries(codes).filter(([code]) => code !== '0');
      return `${path} ${count}${refused.length > 0 ? ` (${refused.map(([c, n]) => `${n}× ${c}`).join(', ')})` : ''}`;
    })
    .join(', ');
}

function breakdown(counts: CallCount[]): string {
  return counts.map((count) => `${count.path} ${count.calls} (${count.why})`).join('; ');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * What TikTok must change for the benchmark's operations on these ad groups, judged from the
 * emulator's state before the edit: an ad group in a deleted campaign is deleted too; under
 * budget optimization, or without a budget limit, the ad group has no budget of its own.
 */
function adGroupFacts(
  before: EmulatorSnapshot,
  ids: readonly string[],
  operation: BulkOperation,
): BulkEditFacts {
  const campaigns = new Map(before.campaigns.map((c) => [c.campaign_id, c]));
  const selected = before.adgroups.filter((g) => ids.includes(g.adgroup_id));
  const live = selected.filter((g) => !g.deleted && !campaigns.get(g.campaign_id)?.deleted);
  let changing = live;
  if (operation.kind === 'status') {
    changing = live.filter((g) => g.operation_status !== operation.status);
  } else if (operation.kind === 'budget') {
    changing = live.filter(
      (g) =>
        g.budget_mode !== 'BUDGET_MODE_INFINITE' &&
        campaigns.get(g.campaign_id)?.budget_optimize_on !== true,
    );
  } else {
    throw new Error('The benchmark edits budgets and statuses only.');
  }
  return {
    level: 'adgroup',
    kind: operation.kind,
    selected: ids.length,
    levelTotal: before.adgroups.length,
    parentCampaigns: new Set(selected.map((g) => g.campaign_id)).size,
    campaignTotal: before.campaigns.length,
    changes: changing.length,
    lifetimeChanges:
      operation.kind === 'budget'
        ? changing.filter((g) => g.budget_mode === 'BUDGET_MODE_TOTAL').length
        : 0,
  };
}

async function main(): Promise<void> {
  const { url, child } = await startEmulatorProcess({
    EMULATOR_TIER: 'basic',
    EMULATOR_LARGE_ACCOUNT_ADGROUPS: String(ROWS),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-bulk-'));
  try {
    const control = controlClient(url);
    const large = (await control.state()).advertisers.find((a) => a.name === 'Bayme Scale Test');
    if (!large) throw new Error('The emulator has no large account.');
    const adGroups = (await control.state(large.advertiser_id)).adgroups.filter((g) => !g.deleted);
    const ids = adGroups.map((g) => g.adgroup_id);

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
    const token = await control.mintToken([large.advertiser_id]);
    await context.connections.importToken(token, buyer);

    const run = async (label: string, operation: BulkOperation) => {
      const fewest = fewestBulkEditCalls(
        adGroupFacts(await control.state(large.advertiser_id), ids, operation),
      );
      const floorMs = (fewest.total / QPS) * 1000;

      await control.clearCalls();
      const planStarted = performance.now();
      const plan = await context.bulkEdits.plan(buyer, large.advertiser_id, {
        level: 'adgroup',
        entityIds: ids,
        operation,
      });
      const planMs = performance.now() - planStarted;
      const planCalls = await control.calls();
      await control.clearCalls();

      const applyStarted = performance.now();
      const { jobId } = await context.bulkEdits.apply(buyer, plan.planId);
      await context.bulkEdits.settled();
      const applyMs = performance.now() - applyStarted;
      const applyCalls = await control.calls();
      const job = await context.bulkEdits.getJob(jobId);

      const after = await control.state(large.advertiser_id);
      // Rows the plan skipped (already paused, say) are not sent; every other row must be done.
      const lost = job.rows
        .filter((row) => row.state !== 'skipped')
        .filter((row) => {
          const now = after.adgroups.find((g) => g.adgroup_id === row.entityId);
          const value = row.field === 'budget' ? now?.budget : now?.operation_status;
          return (
            row.state !== 'done' ||
            (typeof value === 'number'
              ? Math.abs(value - Number(row.after)) > 1e-9
              : value !== row.after)
          );
        });
      const writePath = operation.kind === 'status' ? 'adgroup/status/update/' : 'adgroup/update/';
      const successfulWrites = applyCalls.by_path[writePath]?.codes['0'] ?? 0;
      const sent = job.rows.filter((row) => row.state !== 'skipped').length;
      // Every call TikTok received counts against the tier, refused ones (40100) included.
      const actualCalls = planCalls.total + applyCalls.total;
      const actualMs = planMs + applyMs;
      const fewestReads = fewest.reads.reduce((sum, count) => sum + count.calls, 0);

      console.info(`\n  ${label}: ${ids.length} ad groups`);
      console.info(
        `    minimum  ${fewest.total} calls = ${plural(fewestReads, 'read')} for the preview + ${plural(fewest.total - fewestReads, 'write')}`,
      );
      console.info(`               reads:  ${breakdown(fewest.reads)}`);
      console.info(`               writes: ${breakdown(fewest.writes)}`);
      console.info(
        `    actual   ${actualCalls} calls = ${planCalls.total} preview + ${applyCalls.total} run`,
      );
      console.info(`               preview: ${byPath(planCalls)}`);
      console.info(`               run:     ${byPath(applyCalls)}`);
      console.info(`    floor    ${seconds(floorMs)} (${fewest.total} calls ÷ ${QPS} QPS)`);
      console.info(
        `    time     ${seconds(actualMs)} = ${seconds(planMs)} preview + ${seconds(applyMs)} run`,
      );
      console.info(
        `    ratio    ${(actualCalls / fewest.total).toFixed(2)}× the fewest calls, ${(actualMs / floorMs).toFixed(2)}× the floor time`,
      );
      console.info(
        `    rows     ${job.counts.done} done, ${job.counts.skipped} skipped (unchanged), ${job.counts.failed} failed, ${job.counts.conflict} conflict; ${lost.length} lost or wrong at the emulator; ${operation.kind === 'status' ? 'each id in one successful batch' : `${successfulWrites - sent} applied twice`}`,
      );
    };

    console.info(`Bulk edits against ${url} (Basic tier, ${QPS} QPS)…`);
    await run('daily budgets +10%', { kind: 'budget', change: { type: 'percent', value: 10 } });
    await run('pause', { kind: 'status', status: 'DISABLE' });
  } finally {
    child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
