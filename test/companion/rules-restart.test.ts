import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../companion-server/src/contract/audit';
import type { Job } from '../../companion-server/src/contract/bulk-edits';
import type {
  Evaluation,
  RuleInput,
  RuleRun,
  RuleView,
} from '../../companion-server/src/contract/rules';
import { type CompanionProcess, startCompanionProcess } from '../helpers/companion-process';
import type { SeedAccount } from '../helpers/control-client';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { killServerProcesses } from '../helpers/server-process';

/**
 * Issue 16: "a server restart mid-cycle neither loses nor repeats an action". A rule that
 * pauses ad groups is run by hand in a companion server process, the process is killed
 * (SIGKILL: no chance to clean up) at three points of the run, and started again on the same
 * data directory:
 * - while the run's job is at TikTok (some updates answered, some held there, the rest unsent);
 * - after the run logged its decisions, before its job sent anything;
 * - before the run decided anything.
 * Each time every ad group ends paused, TikTok received each one's pause exactly once over
 * both processes, and the run log has one entry per ad group, done.
 *
 * What TikTok received is counted on the wire: the companion talks to the emulator through a
 * small proxy in this test that notes the ad group ids of every adgroup/status/update/ call it
 * passes on (the emulator's call log counts calls per path, not the ids in them), and that can
 * keep chosen calls from TikTok to stop the run at an exact point.
 */

const AD_GROUPS = 250;
const STATUS_PATH = 'adgroup/status/update/';
const READ_PATH = 'adgroup/get/';
const API_PREFIX = '/open_api/v1.3/';
/** More than one chunk of the job (100 rows, read then sent 20 per call): a kill lands mid-job. */
const MID_JOB = 120;
const SMALL = 40;

let emulator: TestEmulator;
let wire: Wire;
let companion: CompanionProcess;
let account: SeedAccount;
/** ENABLE ad groups of the large account not yet used by a scenario. */
let unused: string[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  await emulator.control.reset({ large_account_adgroups: AD_GROUPS });
  const large = (await emulator.control.state()).advertisers.find(
    (a) => a.name === 'Bayme Scale Test',
  );
  if (!large) throw new Error('no large account');
  account = large;
  unused = (await emulator.control.state(account.advertiser_id)).adgroups
    .filter((g) => !g.deleted && g.operation_status === 'ENABLE')
    .map((g) => g.adgroup_id);
  expect(unused.length).toBeGreaterThanOrEqual(MID_JOB + 2 * SMALL);
  wire = await startWire(emulator.url);
  companion = await startCompanionProcess(wire.url);
  await companion.api('POST', '/api/connections/import', {
    accessToken: await emulator.control.mintToken([account.advertiser_id]),
  });
}, 60_000);

afterAll(async () => {
  killServerProcesses();
  await companion?.server.exited;
  await companion?.removeData();
  await wire?.close();
  await emulator?.close();
});

describe('a rule run across a killed server', () => {
  it('killed while its job is at TikTok: each ad group is paused once, the run ends done', async () => {
    const ids = take(MID_JOB);
    const rule = await createPauseRule('Pause (killed mid-job)', ids);
    wire.forget();
    await emulator.control.clearCalls();
    // TikTok answers the first two status updates at once and holds the rest, so that the kill
    // finds rows done, rows in flight and rows not sent yet.
    await emulator.control.fault({ path: STATUS_PATH, count: 2, delay_ms: 0 });
    await emulator.control.fault({ path: STATUS_PATH, count: 1_000, delay_ms: 2_500 });
    const cutOff = runNow(rule.id);
    await expect
      .poll(async () => (await emulator.control.calls({ path: STATUS_PATH })).total, {
        timeout: 30_000,
        interval: 25,
      })
      .toBeGreaterThanOrEqual(3);
    const sentBeforeRestart = await killAndRestart(cutOff);
    // The scenario is the one announced: some pauses had reached TikTok, and some had not.
    expect(sentBeforeRestart.length).toBeGreaterThanOrEqual(3);
    expect(sentBeforeRestart.flatMap((call) => call.ids).length).toBeLessThan(ids.length);

    const run = await finishedRun(rule.id);
    await expectPausedOnce(run, ids);
    const job = await companion.api<Job>('GET', `/api/bulk-edits/jobs/${run.jobIds[0]}`);
    expect(job.resumedAt).not.toBeNull();
    expect(job.counts).toMatchObject({ total: ids.length, done: ids.length, failed: 0 });
    // The emulator's own count agrees with the wire's: every call reached it and succeeded.
    const calls = (await emulator.control.calls({ path: STATUS_PATH })).by_path[STATUS_PATH];
    expect(calls?.count).toBe(wire.statusCalls.length);
    expect(calls?.codes['0']).toBe(wire.statusCalls.length);
  }, 120_000);

  it('killed after deciding, before sending: the decisions are sent once after the restart', async () => {
    const ids = take(SMALL);
    const rule = await createPauseRule('Pause (killed after deciding)', ids);
    wire.forget();
    // The planner reads ad groups before the run decides; the job reads them again before
    // sending. The first read or send made once the log holds decisions is kept from TikTok.
    const held = wire.trap([READ_PATH, STATUS_PATH], async () => {
      const pending = await search(rule.id, 'pending');
      return pending.length > 0;
    });
    const cutOff = runNow(rule.id);
    await within(held, 'the first call after the decisions');
    const decided = await search(rule.id, 'pending');
    expect(decided.map((e) => e.entityId).sort()).toEqual([...ids].sort());
    expect(await killAndRestart(cutOff)).toEqual([]);

    const run = await finishedRun(rule.id);
    await expectPausedOnce(run, ids);
  }, 120_000);

  it('killed before deciding: the run is closed as interrupted and runs again once at start', async () => {
    const ids = take(SMALL);
    const rule = await createPauseRule('Pause (killed before deciding)', ids);
    wire.forget();
    // Its first read of the ad groups: nothing can be decided without it.
    const held = wire.trap([READ_PATH], async () => true);
    const cutOff = runNow(rule.id);
    await within(held, 'the first read of the ad groups');
    expect(await search(rule.id)).toEqual([]);
    expect(await killAndRestart(cutOff)).toEqual([]);

    const [again, interrupted] = await runsWhenSettled(rule.id, 2);
    expect(interrupted).toMatchObject({ status: 'failed', evaluated: 0, acted: 0 });
    expect(interrupted?.message).toContain('before it decided anything');
    expect(again?.trigger).toBe('catch_up');
    await expectPausedOnce(again as RuleRun, ids);
  }, 120_000);
});

/** The next `count` ENABLE ad groups, for one scenario alone. */
function take(count: number): string[] {
  const ids = unused.slice(0, count);
  unused = unused.slice(count);
  return ids;
}

/**
 * A rule that pauses exactly these ad groups, all of which match. It only runs when the test
 * says so: its slots are on a weekday three days away, so that no scheduled run joins in
 * (a restart re-runs an interrupted run at its latest slot, which is then days ago).
 */
async function createPauseRule(name: string, ids: readonly string[]): Promise<RuleView> {
  const today = new Intl.DateTimeFormat('en-US', {
    timeZone: account.timezone,
    weekday: 'short',
  }).format(new Date());
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(today);
  const input: RuleInput = {
    name,
    enabled: true,
    scope: {
      advertiserIds: [account.advertiser_id],
      level: 'adgroup',
      name: null,
      statuses: null,
      campaignIds: null,
      entityIds: [...ids],
    },
    groups: [
      {
        conditions: [
          {
            left: { metric: 'days_since_created', window: null },
            comparison: 'gte',
            right: { kind: 'number', value: 0 },
          },
        ],
      },
    ],
    minimumData: null,
    action: { kind: 'pause' },
    until: null,
    schedule: { every: { kind: 'hourly' }, days: [(weekday + 3) % 7], hours: null },
    // No cool-down: only the run log and the job journal stand between a restart and a repeat.
    cooldownHours: 0,
    maxActionsPerRun: ids.length,
    notify: { onAction: false, onApprovalNeeded: false, onFailure: false, webhookUrl: null },
  };
  return companion.api<RuleView>('POST', '/api/rules', input);
}

/**
 * Run the rule now. No answer should come, since the process dies under the request: fetch
 * then fails with a TypeError, while an HTTP error (a refused run) is an answer.
 */
function runNow(ruleId: string): Promise<'answered' | 'cut off'> {
  return companion.api<RuleRun>('POST', `/api/rules/${ruleId}/run`).then(
    () => 'answered' as const,
    (error: unknown) => (error instanceof TypeError ? ('cut off' as const) : ('answered' as const)),
  );
}

/** Fails the test, rather than hang it, when the run never reaches the point it waits for. */
async function within(point: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the run never reached ${what}`)), 30_000);
  });
  try {
    await Promise.race([point, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SIGKILL the process; once TikTok has answered every call it had (the process never learns
 * those answers), start it again on the same data directory and port. Returns the status
 * updates TikTok had received before the new process started.
 */
async function killAndRestart(
  cutOff: Promise<'answered' | 'cut off'>,
): Promise<Wire['statusCalls']> {
  companion.server.child.kill('SIGKILL');
  await companion.server.exited;
  expect(await cutOff).toBe('cut off');
  await expect
    .poll(async () => wire.passing() + (await emulator.control.unanswered()), {
      timeout: 15_000,
      interval: 50,
    })
    .toBe(0);
  await emulator.control.clearFaults();
  wire.disarm();
  const sentBefore = [...wire.statusCalls];
  await companion.restart();
  return sentBefore;
}

/** The rule's runs, newest first, once the newest is done and the `count - 1` before it failed. */
async function runsWhenSettled(ruleId: string, count: number): Promise<RuleRun[]> {
  let runs: RuleRun[] = [];
  await expect
    .poll(
      async () => {
        runs = (await companion.api<{ runs: RuleRun[] }>('GET', `/api/rules/${ruleId}/runs`)).runs;
        return runs.map((run) => run.status);
      },
      { timeout: 60_000, interval: 250 },
    )
    .toEqual(Array.from({ length: count }, (_, i) => (i === 0 ? 'done' : 'failed')));
  return runs;
}

/** The rule's only run (the one run by hand), once the restarted process has finished it. */
async function finishedRun(ruleId: string): Promise<RuleRun> {
  const [run] = await runsWhenSettled(ruleId, 1);
  if (!run) throw new Error('no run');
  expect(run.trigger).toBe('manual');
  return run;
}

async function search(ruleId: string, outcome?: Evaluation['outcome']): Promise<Evaluation[]> {
  const filter = outcome ? `&outcome=${outcome}` : '';
  const { evaluations } = await companion.api<{ evaluations: Evaluation[] }>(
    'GET',
    `/api/rules/log?ruleId=${ruleId}${filter}&limit=500`,
  );
  return evaluations;
}

/**
 * The run paused every ad group, each exactly once at TikTok over both processes; its log has
 * one entry per ad group, done, in this run; the audit names the rule for each.
 */
async function expectPausedOnce(run: RuleRun, ids: readonly string[]): Promise<void> {
  const sorted = [...ids].sort();
  expect(run).toMatchObject({
    status: 'done',
    evaluated: ids.length,
    matched: ids.length,
    acted: ids.length,
    needsApproval: 0,
  });
  expect(run.jobIds).toHaveLength(1);

  const sent = wire.statusCalls.flatMap((call) => call.ids).sort();
  expect(sent).toEqual(sorted);
  expect(wire.statusCalls.every((call) => call.status === 'DISABLE')).toBe(true);
  const state = await emulator.control.state(account.advertiser_id);
  const status = new Map(state.adgroups.map((g) => [g.adgroup_id, g.operation_status]));
  for (const id of ids) expect(status.get(id), id).toBe('DISABLE');

  const log = await search(run.ruleId);
  expect(log.map((e) => e.entityId).sort()).toEqual(sorted);
  for (const e of log) {
    expect(e).toMatchObject({ runId: run.runId, outcome: 'done', jobId: run.jobIds[0] });
    expect(e.change).toMatchObject({ field: 'operation_status', after: 'DISABLE' });
  }

  // A row audited just before the kill may be audited again (audit, then journal): count ids.
  const audit = await companion.api<AuditPage>(
    'GET',
    `/api/audit?advertiserId=${account.advertiser_id}&action=bulk_edit.status&limit=500`,
  );
  const byRun = audit.entries.filter(
    (e) => e.actor.kind === 'rule' && e.outcome === 'success' && e.details.runId === run.runId,
  );
  expect([...new Set(byRun.flatMap((e) => e.entityIds))].sort()).toEqual(sorted);
}

// The wire between the companion and TikTok -------------------------------------------------

interface Wire {
  url: string;
  /** Every adgroup/status/update/ call passed on to TikTok, in order. */
  statusCalls: Array<{ ids: string[]; status: string }>;
  /** Calls passed on to TikTok and not answered yet. */
  passing(): number;
  /**
   * From now on each call to one of `paths` waits for `hold()`; the first for which it says
   * true, and every later call to those paths, is kept from TikTok and never answered.
   * Resolves when the first is held.
   */
  trap(paths: readonly string[], hold: () => Promise<boolean>): Promise<void>;
  /** Pass every call again. */
  disarm(): void;
  /** Start a new count of status calls. */
  forget(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding']);

async function startWire(target: string): Promise<Wire> {
  const statusCalls: Wire['statusCalls'] = [];
  const held = new Set<ServerResponse>();
  let passing = 0;
  let trap: {
    paths: ReadonlySet<string>;
    hold: () => Promise<boolean>;
    sprung: boolean;
    spring: () => void;
  } | null = null;

  async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = (request.url ?? '').split('?')[0]?.replace(API_PREFIX, '') ?? '';
    const armed = trap;
    if (armed?.paths.has(path) && (armed.sprung || (await armed.hold()))) {
      held.add(response);
      response.once('close', () => held.delete(response));
      if (!armed.sprung) {
        armed.sprung = true;
        armed.spring();
      }
      return;
    }
    if (path === STATUS_PATH) {
      const sent = JSON.parse(body.toString('utf8')) as {
        adgroup_ids: string[];
        operation_status: string;
      };
      statusCalls.push({ ids: sent.adgroup_ids, status: sent.operation_status });
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !HOP_BY_HOP.has(name) && name !== 'content-length') {
        headers[name] = value;
      }
    }
    passing += 1;
    try {
      const upstream = await fetch(new URL(request.url ?? '/', target), {
        method: request.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      const answerHeaders: Record<string, string> = { 'content-length': String(answer.length) };
      upstream.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name) && name !== 'content-length') answerHeaders[name] = value;
      });
      response.writeHead(upstream.status, answerHeaders);
      response.end(answer);
    } finally {
      passing -= 1;
    }
  }

  const server = createServer((request, response) => {
    forward(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    statusCalls,
    passing: () => passing,
    trap(paths, hold) {
      return new Promise<void>((spring) => {
        trap = { paths: new Set(paths), hold, sprung: false, spring };
      });
    },
    disarm() {
      trap = null;
    },
    forget() {
      statusCalls.length = 0;
    },
    async close() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
