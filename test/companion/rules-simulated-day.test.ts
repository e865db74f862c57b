import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import type {
  Evaluation,
  RuleInput,
  RuleRun,
  RuleView,
} from '../../companion-server/src/contract/rules';
import { verifyWebhookSignature } from '../../companion-server/src/rules/webhook-signature';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Automated rules through a simulated day, against the emulator over HTTP: both clocks move
 * together (the emulator's delivery grows with its clock), and the test drives the rule
 * scheduler's ticks itself (RULES_TICK_SECONDS=0). A stop-loss pauses exactly the ads over
 * its threshold and puts them back at midnight in the account's time zone; a scaling rule
 * respects its cool-down and the guardrail; the webhook receiver gets signed messages.
 */

const US = '7252569388304511798';
/** Monday 2026-12-07, 07:00 in Los Angeles (the US account's zone). */
const START = Date.parse('2026-12-07T15:00:00Z');
const HOUR = 3_600_000;
const SECRET = 'test-webhook-secret-not-real-0001';

interface Received {
  body: string;
  timestamp: string;
  signature: string;
  json: { text: string; bayme: { event: string; ruleId: string } };
}

let companion: TestCompanion;
let shift = START - Date.now();
let receiver: Server;
const received: Received[] = [];

async function moveClocksTo(instant: number): Promise<void> {
  shift = instant - Date.now();
  await companion.emulator.control.clock({ set: Date.now() + shift });
}

async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: unknown,
  role: 'buyer' | 'admin' | 'viewer' = 'buyer',
): Promise<{ status: number; body: T }> {
  const response = await companion.app.inject({
    method,
    url,
    headers: companion.as(role),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: response.json() as T };
}

/** One scheduler tick, and every job it started finished. */
async function tick(): Promise<void> {
  await companion.context.ruleScheduler.tick();
  await companion.context.bulkEdits.settled();
}

async function tiktok(path: string, params: Record<string, unknown>) {
  const token = await companion.emulator.control.mintToken([US]);
  const response = await companion.emulator.api.get(path, { advertiser_id: US, ...params }, token);
  return response.body.data as Record<string, any>;
}

async function adStatuses(): Promise<Map<string, string>> {
  const data = await tiktok('ad/get/', { page_size: 1000 });
  return new Map(
    (data.list as Array<{ ad_id: string; operation_status: string }>).map((ad) => [
      ad.ad_id,
      ad.operation_status,
    ]),
  );
}

/** Today's spend and conversions per ad, as TikTok reports them right now. */
async function adFiguresToday(): Promise<
  Array<{ id: string; spend: number; conversions: number }>
> {
  const today = new Date(Date.now() + shift).toLocaleDateString('en-CA', {
    timeZone: 'America/Los_Angeles',
  });
  const data = await tiktok('report/integrated/get/', {
    report_type: 'BASIC',
    data_level: 'AUCTION_AD',
    dimensions: JSON.stringify(['ad_id']),
    metrics: JSON.stringify(['spend', 'conversion']),
    start_date: today,
    end_date: today,
    page_size: 1000,
  });
  return (
    data.list as Array<{ dimensions: { ad_id: string }; metrics: Record<string, string> }>
  ).map((row) => ({
    id: row.dimensions.ad_id,
    spend: Number(row.metrics.spend),
    conversions: Number(row.metrics.conversion),
  }));
}

function rule(overrides: Partial<RuleInput>): RuleInput {
  return {
    name: 'Test rule',
    enabled: true,
    scope: {
      advertiserIds: [US],
      level: 'ad',
      name: null,
      statuses: null,
      campaignIds: null,
      entityIds: null,
    },
    groups: [
      {
        conditions: [
          {
            left: { metric: 'impressions', window: { kind: 'today' } },
            comparison: 'gte',
            right: { kind: 'number', value: 0 },
          },
        ],
      },
    ],
    minimumData: null,
    action: { kind: 'notify' },
    until: null,
    schedule: { every: { kind: 'minutes', minutes: 15 }, days: null, hours: null },
    cooldownHours: 0,
    maxActionsPerRun: 100,
    notify: { onAction: true, onApprovalNeeded: true, onFailure: true, webhookUrl: null },
    ...overrides,
  };
}

async function create(input: RuleInput): Promise<RuleView> {
  const { status, body } = await call<RuleView>('POST', '/api/rules', input);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function setEnabled(view: RuleView, enabled: boolean): Promise<void> {
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
  const { status, body } = await call('PUT', `/api/rules/${id}`, { ...input, enabled });
  expect(status, JSON.stringify(body)).toBe(200);
}

async function log(ruleId: string): Promise<Evaluation[]> {
  const { body } = await call<{ evaluations: Evaluation[] }>(
    'GET',
    `/api/rules/log?ruleId=${ruleId}&limit=500`,
  );
  return body.evaluations;
}

async function runs(ruleId: string): Promise<RuleRun[]> {
  const { body } = await call<{ runs: RuleRun[] }>('GET', `/api/rules/${ruleId}/runs`);
  return body.runs;
}

beforeAll(async () => {
  receiver = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({
        body,
        timestamp: String(request.headers['x-bayme-timestamp']),
        signature: String(request.headers['x-bayme-signature']),
        json: JSON.parse(body),
      });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  companion = await startTestCompanion(
    {
      RULES_TICK_SECONDS: '0',
      RULES_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      RULES_WEBHOOK_SECRET: SECRET,
    },
    { now: () => new Date(Date.now() + shift) },
  );
  await moveClocksTo(START);
  const token = await companion.emulator.control.mintToken([US]);
  const imported = await call('POST', '/api/connections/import', { accessToken: token }, 'admin');
  expect(imported.status).toBe(200);
});

afterAll(async () => {
  await companion?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('a stop-loss through a simulated day', () => {
  it('pauses exactly the ads over the threshold, logs why, and re-enables them at midnight', async () => {
    // 13:50 in Los Angeles: most of the day's spend is in. The threshold lies between two ads
    // without a sale, far from both, so that some are over it and some not.
    await moveClocksTo(START + 7 * HOUR - 10 * 60_000);
    const early = (await adFiguresToday()).filter((f) => f.spend > 0 && f.conversions === 0);
    const noSale = early.map((f) => f.spend).sort((a, b) => a - b);
    expect(noSale.length, 'the emulator’s day needs ads without a sale').toBeGreaterThanOrEqual(2);
    const threshold = ((noSale[0] as number) + (noSale[noSale.length - 1] as number)) / 2;

    const stopLoss = await create(
      rule({
        name: 'Stop-loss: spend without a sale',
        groups: [
          {
            conditions: [
              {
                left: { metric: 'spend', window: { kind: 'today' } },
                comparison: 'gt',
                right: { kind: 'number', value: threshold },
              },
              {
                left: { metric: 'conversions', window: { kind: 'today' } },
                comparison: 'lt',
                right: { kind: 'number', value: 1 },
              },
            ],
          },
        ],
        action: { kind: 'pause' },
        until: { kind: 'midnight' },
      }),
    );
    // A new rule first runs at its next slot: 14:00.
    await tick();
    expect(await runs(stopLoss.id)).toEqual([]);
    await moveClocksTo(START + 7 * HOUR);
    const statuses = await adStatuses();
    const expected = (await adFiguresToday())
      .filter((f) => statuses.get(f.id) === 'ENABLE' && f.spend > threshold && f.conversions === 0)
      .map((f) => f.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    await tick();

    const after = await adStatuses();
    const paused = [...after].filter(([id, s]) => s === 'DISABLE' && statuses.get(id) === 'ENABLE');
    expect(paused.map(([id]) => id).sort()).toEqual(expected);

    const [run] = await runs(stopLoss.id);
    expect(run).toMatchObject({ status: 'done', acted: expected.length, trigger: 'schedule' });
    expect(run?.undoAt).toBe('2026-12-08T08:00:00.000Z');
    const entries = await log(stopLoss.id);
    const done = entries.filter((e) => e.outcome === 'done');
    expect(done.map((e) => e.entityId).sort()).toEqual(expected);
    for (const e of done) {
      expect(e.values['spend@today']).toBeGreaterThan(threshold);
      expect(e.conditions.every((c) => c.met === true)).toBe(true);
      expect(e.change).toMatchObject({ field: 'operation_status', after: 'DISABLE' });
    }
    // Every other ad in scope is logged too, with the reason nothing was done.
    expect(entries.filter((e) => e.outcome === 'no_match').length).toBeGreaterThan(0);

    // The audit says which rule acted, and as whom.
    const audit = await call<{ entries: Array<{ actor: { kind: string }; message: string }> }>(
      'GET',
      '/api/audit?limit=200',
      undefined,
      'admin',
    );
    const byRule = audit.body.entries.filter((e) => e.actor.kind === 'rule');
    expect(byRule.length).toBe(expected.length);
    expect(byRule[0]?.message).toContain(
      'By rule “Stop-loss: spend without a sale”, created by buyer@bayme.example',
    );

    // The next slot finds them paused already: nothing more to do.
    await moveClocksTo(START + 7 * HOUR + 15 * 60_000);
    await tick();
    const second = (await runs(stopLoss.id))[0];
    expect(second?.acted).toBe(0);

    // 23:59 in Los Angeles: still paused. 00:01: back on.
    await setEnabled(stopLoss, false);
    await moveClocksTo(Date.parse('2026-12-08T07:59:00Z'));
    await tick();
    expect(
      [...(await adStatuses())].filter(([, s]) => s === 'DISABLE').length,
    ).toBeGreaterThanOrEqual(expected.length);
    await moveClocksTo(Date.parse('2026-12-08T08:01:00Z'));
    await tick();
    const morning = await adStatuses();
    for (const id of expected) expect(morning.get(id)).toBe('ENABLE');
    const undone = (await runs(stopLoss.id)).find((r) => r.runId === run?.runId);
    expect(undone?.undoneAt).toMatch(/^2026-12-08T08:0/);
    // What was undone is no longer marked on the overlays.
    const marks = await call<{ actions: unknown[] }>('GET', `/api/ad-accounts/${US}/rule-actions`);
    expect(marks.body.actions).toEqual([]);

    // Signed messages reached the receiver.
    const actions = received.filter((r) => r.json.bayme.event === 'action');
    expect(actions.length).toBeGreaterThan(0);
    for (const r of received) {
      expect(verifyWebhookSignature(SECRET, r.timestamp, r.body, r.signature)).toBe(true);
    }
    expect(actions[0]?.json.text).toContain('Stop-loss: spend without a sale');
  });
});

describe('a scaling rule', () => {
  it('raises budgets once, then holds off for its cool-down; beyond the guardrail it waits for an admin', async () => {
    await moveClocksTo(Date.parse('2026-12-08T17:00:00Z'));
    const scale = await create(
      rule({
        name: 'Scale what spends',
        scope: {
          advertiserIds: [US],
          level: 'adgroup',
          name: null,
          statuses: ['ENABLE'],
          campaignIds: null,
          entityIds: null,
        },
        groups: [
          {
            conditions: [
              {
                left: {
                  metric: 'spend',
                  window: { kind: 'last_days', days: 3, includeToday: false },
                },
                comparison: 'gt',
                right: { kind: 'number', value: 0 },
              },
            ],
          },
        ],
        action: {
          kind: 'budget',
          change: { type: 'percent', value: 20 },
          floor: null,
          ceiling: 500,
        },
        cooldownHours: 48,
      }),
    );
    await moveClocksTo(Date.parse('2026-12-08T17:15:00Z'));
    await tick();
    const first = await log(scale.id);
    const raised = first.filter((e) => e.outcome === 'done');
    expect(raised.length).toBeGreaterThan(0);
    for (const e of raised) {
      const before = e.change?.before as number;
      expect(e.change?.after).toBeCloseTo(Math.min(before * 1.2, 500), 2);
    }
    // Ad groups under campaign budget optimization have no budget of their own.
    expect(first.some((e) => e.outcome === 'blocked')).toBe(true);

    await moveClocksTo(Date.parse('2026-12-08T17:30:00Z'));
    await tick();
    const [second] = await runs(scale.id);
    expect(second?.acted).toBe(0);
    const cooled = (await log(scale.id)).filter(
      (e) => e.runId === second?.runId && e.outcome === 'cooldown',
    );
    expect(cooled.map((e) => e.entityId).sort()).toEqual(raised.map((e) => e.entityId).sort());

    // A +80% step is beyond the guardrail (50%): planned apart, for an admin.
    await setEnabled(scale, false);
    const bold = await create(
      rule({
        name: 'Scale boldly',
        scope: {
          advertiserIds: [US],
          level: 'adgroup',
          name: { type: 'contains', value: 'Broad 45+' },
          statuses: null,
          campaignIds: null,
          entityIds: null,
        },
        groups: [
          {
            conditions: [
              {
                left: { metric: 'budget', window: null },
                comparison: 'gt',
                right: { kind: 'number', value: 0 },
              },
            ],
          },
        ],
        action: {
          kind: 'budget',
          change: { type: 'percent', value: 80 },
          floor: null,
          ceiling: null,
        },
      }),
    );
    await moveClocksTo(Date.parse('2026-12-08T17:45:00Z'));
    await tick();
    const waiting = (await log(bold.id)).filter((e) => e.outcome === 'needs_approval');
    expect(waiting).toHaveLength(1);
    const planId = waiting[0]?.planId as string;
    expect(waiting[0]?.reason).toContain(planId);
    expect(received.some((r) => r.json.bayme.event === 'approval_needed')).toBe(true);
    const approved = await call<Plan>(
      'POST',
      `/api/bulk-edits/plans/${planId}/approve`,
      undefined,
      'admin',
    );
    expect(approved.status).toBe(200);
    const job = await call<Job>(
      'POST',
      `/api/bulk-edits/plans/${planId}/apply`,
      undefined,
      'admin',
    );
    expect(job.status, JSON.stringify(job.body)).toBe(200);
    await companion.context.bulkEdits.settled();
    const applied = await call<Job>('GET', `/api/bulk-edits/jobs/${job.body.jobId}`);
    expect(applied.body.rows[0]?.state).toBe('done');
  });
});

describe('the preview and the switches', () => {
  it('previews without writing to TikTok, and nothing runs while an admin has rules off', async () => {
    await companion.emulator.control.clearCalls();
    const preview = await call<{ evaluations: Evaluation[] }>(
      'POST',
      '/api/rules/preview',
      rule({
        groups: [
          {
            conditions: [
              {
                left: { metric: 'impressions', window: { kind: 'yesterday' } },
                comparison: 'gte',
                right: { kind: 'number', value: 0 },
              },
            ],
          },
        ],
        action: { kind: 'pause' },
      }),
      'viewer',
    );
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.evaluations.some((e) => e.outcome === 'would_act')).toBe(true);
    const calls = await companion.emulator.control.calls({});
    const writes = Object.keys(calls.by_path).filter((path) => /update|create/.test(path));
    expect(writes).toEqual([]);

    const off = await call('PUT', '/api/rules/settings', { paused: true }, 'admin');
    expect(off.status).toBe(200);
    const refused = await call('PUT', '/api/rules/settings', { paused: false }, 'buyer');
    expect(refused.status).toBe(403);
    const live = await create(rule({ name: 'Runs only when allowed' }));
    await moveClocksTo(Date.parse('2026-12-08T18:15:00Z'));
    await tick();
    expect(await runs(live.id)).toEqual([]);
    await call('PUT', '/api/rules/settings', { paused: false }, 'admin');
    await tick();
    expect((await runs(live.id)).length).toBe(1);
  });

  it('refuses a rule it cannot run, with a reason, and stores nothing', async () => {
    const before = (await call<{ rules: RuleView[] }>('GET', '/api/rules')).body.rules.length;
    const bad = await call<{ error: { message: string } }>(
      'POST',
      '/api/rules',
      rule({
        scope: { ...rule({}).scope, level: 'ad' },
        action: { kind: 'bid', change: { type: 'percent', value: 10 }, floor: null, ceiling: null },
        groups: [
          {
            conditions: [
              {
                left: { metric: 'spend', window: { kind: 'today' } },
                comparison: 'gt',
                right: { kind: 'number', value: 1 },
              },
            ],
          },
        ],
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/bid/i);
    const viewer = await call('POST', '/api/rules', rule({}), 'viewer');
    expect(viewer.status).toBe(403);
    expect((await call<{ rules: RuleView[] }>('GET', '/api/rules')).body.rules.length).toBe(before);
  });
});
