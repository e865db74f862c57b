/**
 * Benchmark: one fair TikTok budget. Against the emulator enforcing TikTok's Basic tier
 * (10 QPS) in its own process, with a 2,000-ad-group account, it measures in one run:
 *
 *   - a cold overlay metrics request (GET /api/ad-accounts/:id/metrics, ad-group level) and a
 *     cold 3-account dashboard overview, idle and while a 1,000-row daily-budget job runs
 *     (goal: each ≤ 1.5× its idle time);
 *   - the job's own wall time when nobody else works, against its floor: its calls ÷ 10 QPS
 *     (goal: ≤ 1.1×).
 *
 *   npm run bench:fair                 # ≈ 4 min
 *   npm run bench:fair -- --samples 3
 *
 * Every sample asks a range no other sample asked, so no answer comes from the cache; all
 * ranges end on the same day, so every report is about as large.
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

const { values } = parseArgs({ options: { samples: { type: 'string', default: '5' } } });
const SAMPLES = Number(values.samples);
if (!Number.isInteger(SAMPLES) || SAMPLES < 1 || SAMPLES > 20) {
  throw new Error(`--samples must be an integer from 1 to 20, got ${values.samples}`);
}
const QPS = 10;
const AD_GROUPS = 2_000;
const JOB_ROWS = 1_000;
const EMULATOR_SECRET = 'emulator-app-secret-not-a-real-one';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const ms = (value: number) => `${Math.round(value)} ms`;

async function main(): Promise<void> {
  const { url, child } = await startEmulatorProcess({
    EMULATOR_TIER: 'basic',
    EMULATOR_LARGE_ACCOUNT_ADGROUPS: String(AD_GROUPS),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-fair-'));
  try {
    const control = controlClient(url);
    const advertisers = (await control.state()).advertisers;
    const large = advertisers.find((a) => a.name === 'Bayme Scale Test');
    if (!large) throw new Error('The emulator has no large account.');
    const dashboardIds = advertisers
      .filter((a) => a.advertiser_id !== large.advertiser_id)
      .slice(0, 3)
      .map((a) => a.advertiser_id);
    if (dashboardIds.length < 3) throw new Error('The emulator has fewer than 3 other accounts.');
    const jobIds = (await control.state(large.advertiser_id)).adgroups
      .filter((g) => !g.deleted && g.budget_mode === 'BUDGET_MODE_DAY')
      .map((g) => g.adgroup_id)
      .slice(0, JOB_ROWS);
    if (jobIds.length < JOB_ROWS) throw new Error(`Only ${jobIds.length} daily-budget ad groups.`);

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
    const { key: viewerKey } = await context.staff.add(
      { email: 'viewer@bayme.example', name: 'Viewer', role: 'viewer' },
      SYSTEM_ACTOR,
    );
    const token = await control.mintToken(advertisers.map((a) => a.advertiser_id));
    await context.connections.importToken(token, buyer);
    const app = await buildApp(context);
    await app.ready();

    // A range no sample asked before (so every request is a cold one), all ending on the
    // same recent day so that each report holds as many rows (every ad group delivers).
    const end = addDays(new Date().toISOString().slice(0, 10), -2);
    let days = 6;
    const freshRange = () => {
      days += 1;
      return { start: addDays(end, -days), end };
    };
    const timed = async (path: string, as: string): Promise<number> => {
      const started = performance.now();
      const response = await app.inject({
        method: 'GET',
        url: path,
        headers: { authorization: `Bearer ${as}` },
      });
      const took = performance.now() - started;
      if (response.statusCode !== 200) {
        throw new Error(`${path} answered ${response.statusCode}: ${response.body}`);
      }
      return took;
    };
    const overlay = () => {
      const { start, end } = freshRange();
      return timed(
        `/api/ad-accounts/${large.advertiser_id}/metrics?level=adgroup&start=${start}&end=${end}`,
        viewerKey,
      );
    };
    const dashboard = () => {
      const { start, end } = freshRange();
      return timed(
        `/api/reports/overview?advertiserIds=${dashboardIds.join(',')}&start=${start}&end=${end}`,
        viewerKey,
      );
    };
    const sample = async () => {
      const overlays: number[] = [];
      const dashboards: number[] = [];
      for (let i = 0; i < SAMPLES; i += 1) {
        overlays.push(await overlay());
        dashboards.push(await dashboard());
        // Spaced like a person clicking, so samples do not queue behind each other.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      return { overlay: median(overlays), dashboard: median(dashboards) };
    };
    const startJob = async (percent: number) => {
      const plan = await context.bulkEdits.plan(buyer, large.advertiser_id, {
        level: 'adgroup',
        entityIds: jobIds,
        operation: { kind: 'budget', change: { type: 'percent', value: percent } },
      });
      await control.clearCalls();
      const started = performance.now();
      const { jobId } = await context.bulkEdits.apply(buyer, plan.planId);
      return { jobId, started };
    };

    console.info(`Fair budget against ${url} (Basic tier, ${QPS} QPS, ${SAMPLES} samples each)…`);
    await control.clearCalls();
    const idle = await sample();

    const busy = await startJob(10);
    // Let the job reach its steady pace before a person starts clicking.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const during = await sample();
    const stillRunning = (await context.bulkEdits.getJob(busy.jobId)).status === 'running';
    await context.bulkEdits.settled();
    const busyJob = await context.bulkEdits.getJob(busy.jobId);

    const alone = await startJob(5);
    await context.bulkEdits.settled();
    const aloneMs = performance.now() - alone.started;
    const aloneCalls = await control.calls();
    const aloneJob = await context.bulkEdits.getJob(alone.jobId);
    const floorMs = (aloneCalls.total / QPS) * 1_000;

    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    console.info(`\n  cold overlay (ad groups of ${AD_GROUPS}), median`);
    console.info(
      `    idle ${ms(idle.overlay)}, during the job ${ms(during.overlay)}: ${ratio(during.overlay, idle.overlay)} (goal ≤ 1.5×)`,
    );
    console.info('  cold dashboard (3 accounts), median');
    console.info(
      `    idle ${ms(idle.dashboard)}, during the job ${ms(during.dashboard)}: ${ratio(during.dashboard, idle.dashboard)} (goal ≤ 1.5×)`,
    );
    console.info(
      `    the job was ${stillRunning ? 'still running' : 'FINISHED (samples partly idle)'} when sampling ended; it ended ${busyJob.status}, ${busyJob.counts.done} done, ${busyJob.counts.failed} failed`,
    );
    console.info(`  ${JOB_ROWS}-row daily-budget job alone`);
    console.info(
      `    ${(aloneMs / 1000).toFixed(1)} s vs floor ${(floorMs / 1000).toFixed(1)} s (${aloneCalls.total} calls ÷ ${QPS} QPS): ${ratio(aloneMs, floorMs)} (goal ≤ 1.1×); ${aloneJob.counts.done} done, ${aloneJob.counts.failed} failed`,
    );
    await app.close();
  } finally {
    child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
