import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../companion-server/src/contract/bulk-edits';
import type {
  Evaluation,
  RuleInput,
  RuleRun,
  RuleView,
} from '../../companion-server/src/contract/rules';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { callAs, connectAdvertisers } from '../helpers/companion-calls';
import { readJournalLines, sentRows, sentWithoutOutcome } from '../helpers/job-journals';

/**
 * Issue 16's unhappy paths, against the emulator over HTTP (the companion's own routes through
 * `inject`, its TikTok calls over the wire):
 * - a rule switched off while its job is sending stops at the next entity: TikTok never sees
 *   the rest, the log says why, and what was done can still be undone;
 * - a rule run while the account's authorization is revoked fails with a plain reason, sends
 *   nothing, notifies the failure webhook, and runs again once the account is re-authorized;
 * - TikTok throttling (40100) during a cycle is waited out: the reads complete, each pause
 *   reaches TikTok once, and the log accounts for every ad group.
 */

const AD_GROUPS = 250;
const STATUS_PATH = 'adgroup/status/update/';
const READ_PATH = 'adgroup/get/';
const REPORT_PATH = 'report/integrated/get/';
/** A status update carries up to 20 ad groups (API_LIMITS.idsPerBatch). */
const PER_STATUS_CALL = 20;

interface Received {
  json: { text: string; bayme: { event: string; ruleId: string } };
}

let companion: TestCompanion;
let receiver: Server;
const received: Received[] = [];
let large = '';
let token = '';
/** ENABLE ad groups of the large account not yet used by a scenario. */
let unused: string[] = [];

beforeAll(async () => {
  receiver = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ json: JSON.parse(body) });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  companion = await startTestCompanion({
    RULES_TICK_SECONDS: '0',
    RULES_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    RULES_WEBHOOK_SECRET: 'test-webhook-secret-not-real-0002',
  });
  await companion.emulator.control.reset({ large_account_adgroups: AD_GROUPS });
  const state = await companion.emulator.control.state();
  large = state.advertisers.find((a) => a.name === 'Bayme Scale Test')?.advertiser_id ?? '';
  expect(large).not.toBe('');
  unused = (await companion.emulator.control.state(large)).adgroups
    .filter((g) => !g.deleted && g.operation_status === 'ENABLE')
    .map((g) => g.adgroup_id);
  expect(unused.length).toBeGreaterThanOrEqual(200);
  token = await connectAdvertisers(companion, [large]);
}, 60_000);

afterAll(async () => {
  await companion?.emulator.control.clearFaults();
  await companion?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** The next `count` ENABLE ad groups, for one scenario alone. */
function take(count: number): string[] {
  const ids = unused.slice(0, count);
  unused = unused.slice(count);
  return ids;
}

/** A rule that pauses exactly these ad groups (all match); runs only when the test says. */
function pauseRule(name: string, ids: readonly string[], overrides: Partial<RuleInput> = {}) {
  const input: RuleInput = {
    name,
    enabled: true,
    scope: {
      advertiserIds: [large],
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
    schedule: { every: { kind: 'hourly' }, days: null, hours: null },
    cooldownHours: 0,
    maxActionsPerRun: ids.length,
    notify: { onAction: false, onApprovalNeeded: false, onFailure: true, webhookUrl: null },
    ...overrides,
  };
  return input;
}

async function create(input: RuleInput): Promise<RuleView> {
  const { status, body } = await callAs<RuleView>(companion, 'buyer', 'POST', '/api/rules', input);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function put(view: RuleView, change: Partial<RuleInput>): Promise<void> {
  const {
    id,
    version,
    createdBy,
    createdByEmail,
    createdAt,
    updatedBy,
    updatedAt,
    lastRun,
    nextRunAt,
    ...input
  } = view;
  const response = await companion.app.inject({
    method: 'PUT',
    url: `/api/rules/${id}`,
    headers: companion.as('buyer'),
    payload: { ...input, ...change },
  });
  expect(response.statusCode, response.body).toBe(200);
}

function runNow(ruleId: string) {
  return callAs<RuleRun>(companion, 'buyer', 'POST', `/api/rules/${ruleId}/run`);
}

async function log(ruleId: string): Promise<Evaluation[]> {
  const { body } = await callAs<{ evaluations: Evaluation[] }>(
    companion,
    'viewer',
    'GET',
    `/api/rules/log?ruleId=${ruleId}&limit=500`,
  );
  return body.evaluations;
}

async function statuses(ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const groups = (await companion.emulator.control.state(large)).adgroups;
  return new Map(
    groups
      .filter((g) => wanted.has(g.adgroup_id))
      .map((g) => [g.adgroup_id, String(g.operation_status)]),
  );
}

/** Calls TikTok received on a path, by answer code. */
async function codes(path: string): Promise<Record<string, number>> {
  return (await companion.emulator.control.calls({ path })).by_path[path]?.codes ?? {};
}

describe('a rule changed while its job is sending', () => {
  it('switched off mid-job: later rows never reach TikTok, the log says why, undo still works', async () => {
    const ids = take(150);
    const rule = await create(pauseRule('Pause (switched off mid-job)', ids));
    await companion.emulator.control.clearCalls();
    // Every status update takes a while at TikTok: the switch-off lands while the first
    // updates are there and the rest wait to be sent.
    await companion.emulator.control.fault({ path: STATUS_PATH, count: 1_000, delay_ms: 1_500 });
    const running = runNow(rule.id);
    await expect
      .poll(async () => (await companion.emulator.control.calls({ path: STATUS_PATH })).total, {
        timeout: 30_000,
        interval: 25,
      })
      .toBeGreaterThanOrEqual(1);
    await put(rule, { enabled: false });
    const { status, body: run } = await running;
    await companion.emulator.control.clearFaults();
    expect(status, JSON.stringify(run)).toBe(200);

    expect(run.status).toBe('done');
    expect(run.message).toContain('The rule was switched off during this run.');
    expect(run.jobIds).toHaveLength(1);
    const job = (
      await callAs<Job>(companion, 'viewer', 'GET', `/api/bulk-edits/jobs/${run.jobIds[0]}`)
    ).body;
    // Stopped on request, not refused by TikTok: no row failed, none is unknown.
    expect(job.status).toBe('stopped');
    expect(job.statusMessage).toBe('The rule was switched off during this run.');
    expect(job.counts).toMatchObject({ failed: 0, unknown: 0, conflict: 0, remaining: 0 });
    expect(job.counts.done).toBeGreaterThan(0);
    expect(job.counts.skipped).toBeGreaterThan(0);
    expect(job.counts.done + job.counts.skipped).toBe(ids.length);
    const done = job.rows.filter((row) => row.state === 'done').map((row) => row.entityId);
    const skipped = job.rows.filter((row) => row.state === 'skipped');
    expect(new Set(skipped.map((row) => row.message))).toEqual(
      new Set(['Not sent: The rule was switched off during this run.']),
    );

    // The journal: every row sent has its outcome, and no skipped row was ever sent.
    const journal = await readJournalLines(companion.dataDir, 'bulk-edits', job.jobId);
    expect(sentWithoutOutcome(journal)).toEqual([]);
    const sent = new Set(sentRows(journal));
    expect(skipped.filter((row) => sent.has(row.entityId))).toEqual([]);
    expect(journal.at(-1)).toMatchObject({ t: 'end', status: 'stopped' });

    // TikTok: the done ad groups are paused, the rest were never touched.
    const after = await statuses(ids);
    for (const id of done) expect(after.get(id)).toBe('DISABLE');
    for (const row of skipped) expect(after.get(row.entityId)).toBe('ENABLE');
    // Each update TikTok received succeeded and carried done rows only.
    const received = await codes(STATUS_PATH);
    expect(received).toEqual({ '0': Math.ceil(done.length / PER_STATUS_CALL) });

    // The run log: done where TikTok applied it, not done (and why) for the rest.
    const entries = await log(rule.id);
    expect(entries).toHaveLength(ids.length);
    const withOutcome = (outcome: Evaluation['outcome']) =>
      entries.filter((e) => e.outcome === outcome);
    expect(
      withOutcome('done')
        .map((e) => e.entityId)
        .sort(),
    ).toEqual([...done].sort());
    expect(withOutcome('rule_changed')).toHaveLength(skipped.length);
    for (const e of withOutcome('rule_changed')) {
      expect(e.reason).toBe('The rule was switched off during this run.');
      expect(e.jobId).toBe(job.jobId);
    }
    expect(run.acted).toBe(done.length);

    // What was done can be undone like any run.
    const undone = await callAs<RuleRun>(
      companion,
      'buyer',
      'POST',
      `/api/rules/runs/${run.runId}/undo`,
    );
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body.undoneAt).not.toBeNull();
    const restored = await statuses(ids);
    expect([...restored.values()].every((s) => s === 'ENABLE')).toBe(true);
  }, 90_000);
});

describe('a rule run when the authorization was revoked', () => {
  it('fails with a plain reason, sends nothing, notifies, and works again after re-authorizing', async () => {
    const ids = take(10);
    const rule = await create(pauseRule('Pause (revoked)', ids));
    await companion.emulator.control.revokeToken(token);
    await companion.emulator.control.clearCalls();
    received.length = 0;

    const { status, body: run } = await runNow(rule.id);
    expect(status, JSON.stringify(run)).toBe(200);
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/authoriz/i);
    expect(run.acted).toBe(0);
    const calls = await companion.emulator.control.calls({});
    const writes = Object.keys(calls.by_path).filter((path) => /update|create/.test(path));
    expect(writes).toEqual([]);
    expect([...(await statuses(ids)).values()].every((s) => s === 'ENABLE')).toBe(true);
    await expect
      .poll(() => received.filter((r) => r.json.bayme.ruleId === rule.id), { timeout: 15_000 })
      .toHaveLength(1);
    const [notice] = received.filter((r) => r.json.bayme.ruleId === rule.id);
    expect(notice?.json.bayme.event).toBe('failure');
    expect(notice?.json.text).toContain('Pause (revoked)');
    expect(notice?.json.text).toMatch(/authoriz/i);

    token = await connectAdvertisers(companion, [large]);
    const again = await runNow(rule.id);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ status: 'done', acted: ids.length, message: null });
    expect([...(await statuses(ids)).values()].every((s) => s === 'DISABLE')).toBe(true);
  }, 90_000);
});

describe('a cycle while TikTok throttles', () => {
  it('waits out 40100 on reads and writes: every read completes, each pause is sent once', async () => {
    const ids = take(40);
    const rule = await create(
      pauseRule('Pause (throttled)', ids, {
        // A report read too: a window of today's figures.
        groups: [
          {
            conditions: [
              {
                left: { metric: 'days_since_created', window: null },
                comparison: 'gte',
                right: { kind: 'number', value: 0 },
              },
              {
                left: { metric: 'impressions', window: { kind: 'today' } },
                comparison: 'gte',
                right: { kind: 'number', value: 0 },
              },
            ],
          },
        ],
      }),
    );
    await companion.emulator.control.clearCalls();
    // More throttled answers in a row than the transport retries (6 attempts) on each read,
    // and some on the writes.
    const throttled = { code: 40100, message: 'Too many requests.' };
    await companion.emulator.control.fault({ path: READ_PATH, count: 7, ...throttled });
    await companion.emulator.control.fault({ path: REPORT_PATH, count: 7, ...throttled });
    await companion.emulator.control.fault({ path: STATUS_PATH, count: 3, ...throttled });

    const { status, body: run } = await runNow(rule.id);
    expect(status, JSON.stringify(run)).toBe(200);
    expect(run).toMatchObject({ status: 'done', message: null, acted: ids.length });
    const reads = await codes(READ_PATH);
    expect(reads['40100']).toBe(7);
    expect(reads['0']).toBeGreaterThan(0);
    expect((await codes(REPORT_PATH))['40100']).toBe(7);
    // Each ad group's pause reached TikTok once: throttled answers applied nothing, and the
    // calls that succeeded are exactly one per 20 ad groups.
    const writes = await codes(STATUS_PATH);
    expect(writes).toEqual({ '0': Math.ceil(ids.length / PER_STATUS_CALL), '40100': 3 });
    expect([...(await statuses(ids)).values()].every((s) => s === 'DISABLE')).toBe(true);

    const entries = await log(rule.id);
    expect(entries.map((e) => e.entityId).sort()).toEqual([...ids].sort());
    expect(entries.every((e) => e.outcome === 'done')).toBe(true);
  }, 120_000);
});

describe('the run log, page by page', () => {
  it('pages with the cursor it gives, each entry once, and refuses a cursor it did not give', async () => {
    const url = `/api/rules/log?advertiserId=${large}`;
    const all = await callAs<{ evaluations: Evaluation[]; nextCursor: string | null }>(
      companion,
      'viewer',
      'GET',
      `${url}&limit=500`,
    );
    expect(all.body.nextCursor).toBeNull();
    // The scenarios above logged hundreds of entries, most sharing their run's time.
    expect(all.body.evaluations.length).toBeGreaterThan(150);
    const keys: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        status: number;
        body: { evaluations: Evaluation[]; nextCursor: string | null };
      } = await callAs(
        companion,
        'viewer',
        'GET',
        `${url}&limit=33${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      keys.push(...page.body.evaluations.map((e) => `${e.runId}/${e.entityId}`));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(keys).toEqual(all.body.evaluations.map((e) => `${e.runId}/${e.entityId}`));

    for (const bad of ['not-a-cursor', Buffer.from('["yesterday",1]').toString('base64url')]) {
      const refused = await callAs<{ error: { message: string } }>(
        companion,
        'viewer',
        'GET',
        `${url}&cursor=${bad}`,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBe(
        'This run log cursor is not one the server gave: load the log again from its first page.',
      );
    }
  });
});
