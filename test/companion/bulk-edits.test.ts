import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import type { Role } from '../../companion-server/src/contract/common';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Bulk edits through the companion server's routes against the real emulator over HTTP:
 * plans with TikTok's rules and Bayme's guardrails, apply as a job, conflicts, partial
 * failures, throttling, undo and retry. The emulator's own state is the judge of what
 * changed at "TikTok".
 */

const START = Date.parse('2026-11-21T20:00:00.000Z'); // noon in Los Angeles
const US = '7252569388304511798';
const AG = {
  broad: '1840158125589658770', // daily 150, no bid
  homeDecor: '1894767388663798066', // daily 120, custom OCPM bid 28.5
  lookalike: '1813531537187447830', // daily 200, custom OCPM bid 32
  kitchen: '1840111043551616958', // daily 80, paused
  broad45: '1889035234624232194', // daily 60
  siteVisitors: '1861623145997870949', // daily 120, custom CPC bid 1.2
  deleted: '1864372247215310282',
  cboBroad: '1849091869425433287', // under a CBO campaign
  springBroad: '1863474710353129194', // lifetime 2000, CPC bid 0.8
  springInterests: '1870328098788357200', // lifetime 1800
};
const CAMPAIGN = {
  evergreen: '1765549142363622598', // daily 500
  retargeting: '1705916137701765061', // no budget
  spring: '1795055873644827705', // lifetime 6000
};

let companion: TestCompanion;

async function call<T>(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  role: Role,
  payload?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await companion.app.inject({
    method,
    url,
    headers: companion.as(role),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: response.json() as T };
}

async function plan(
  level: 'campaign' | 'adgroup' | 'ad',
  entityIds: string[],
  operation: unknown,
  role: Role = 'buyer',
): Promise<Plan> {
  const { status, body } = await call<Plan>(
    'POST',
    `/api/ad-accounts/${US}/bulk-edits/plans`,
    role,
    { level, entityIds, operation },
  );
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function applyAndWait(planId: string, role: Role = 'buyer'): Promise<Job> {
  const { status, body } = await call<Job>('POST', `/api/bulk-edits/plans/${planId}/apply`, role);
  expect(status, JSON.stringify(body)).toBe(200);
  await companion.context.bulkEdits.settled();
  return (await call<Job>('GET', `/api/bulk-edits/jobs/${body.jobId}`, 'viewer')).body;
}

function row<R extends { entityId: string }>(p: { rows: R[] }, id: string): R {
  const found = p.rows.find((r) => r.entityId === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

async function emulatorAdGroup(id: string) {
  const state = await companion.emulator.control.state(US);
  const adGroup = state.adgroups.find((g) => g.adgroup_id === id);
  if (!adGroup) throw new Error(`no ad group ${id}`);
  return adGroup;
}

async function emulatorCampaign(id: string) {
  const state = await companion.emulator.control.state(US);
  const campaign = state.campaigns.find((c) => c.campaign_id === id);
  if (!campaign) throw new Error(`no campaign ${id}`);
  return campaign;
}

/** Change an ad group's budget at "TikTok" directly, as someone in Ads Manager would. */
async function changeAtTikTok(token: string, adgroupId: string, budget: number) {
  const response = await fetch(`${companion.emulator.url}/open_api/v1.3/adgroup/update/`, {
    method: 'POST',
    headers: { 'Access-Token': token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ advertiser_id: US, adgroup_id: adgroupId, budget }),
  });
  expect(((await response.json()) as { code: number }).code).toBe(0);
}

let token = '';

beforeAll(async () => {
  const shiftMs = START - Date.now();
  companion = await startTestCompanion({}, { now: () => new Date(Date.now() + shiftMs) });
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
});

afterAll(async () => {
  await companion?.close();
});

beforeEach(async () => {
  await companion.context.bulkEdits.settled();
  await companion.emulator.control.reset();
  await companion.emulator.control.clearFaults();
  token = await companion.emulator.control.mintToken([US]);
  const response = await companion.app.inject({
    method: 'POST',
    url: '/api/connections/import',
    headers: companion.as('admin'),
    payload: { accessToken: token },
  });
  expect(response.statusCode, response.body).toBe(200);
  await companion.context.bulkEdits.setGuardrails(
    { id: companion.staffIds.admin, email: 'admin@bayme.example', role: 'admin' },
    { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
  );
});

afterEach(async () => {
  await companion.context.bulkEdits.settled();
});

describe('planning (nothing changes at TikTok)', () => {
  it('raises daily budgets by 10% with old → new, and blocks what cannot change, with reasons', async () => {
    const calls = await companion.emulator.control.calls();
    const p = await plan(
      'adgroup',
      [AG.broad, AG.homeDecor, AG.cboBroad, AG.deleted, AG.springBroad],
      {
        kind: 'budget',
        change: { type: 'percent', value: 10 },
      },
    );
    expect(row(p, AG.broad)).toMatchObject({
      before: 150,
      after: 165,
      verdict: 'ok',
      changePercent: 10,
    });
    expect(row(p, AG.homeDecor)).toMatchObject({ before: 120, after: 132, verdict: 'ok' });
    expect(row(p, AG.cboBroad)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'campaign_budget',
    });
    expect(row(p, AG.deleted)).toMatchObject({ verdict: 'blocked', reasonCode: 'deleted' });
    expect(row(p, AG.springBroad)).toMatchObject({
      before: 2000,
      after: 2200,
      budgetMode: 'BUDGET_MODE_TOTAL',
      verdict: 'ok',
    });
    expect(p.summary).toEqual({ ok: 3, adjusted: 0, unchanged: 0, needsApproval: 0, blocked: 2 });
    // Only reads: entities, their campaigns, today's and lifetime spend.
    const after = await companion.emulator.control.calls({ since_seq: lastSeq(calls) });
    expect(Object.keys(after.by_path).sort()).toEqual([
      'adgroup/get/',
      'campaign/get/',
      'report/integrated/get/',
    ]);
    expect((await emulatorAdGroup(AG.broad)).budget).toBe(150);
  });

  it('rounds to the currency precision and says so', async () => {
    const p = await plan('adgroup', [AG.broad], {
      kind: 'budget',
      change: { type: 'amount', value: 0.333 },
    });
    expect(row(p, AG.broad)).toMatchObject({ after: 150.33, verdict: 'adjusted' });
    expect(row(p, AG.broad).reason).toMatch(
      /Rounded from \$150\.333 to \$150\.33: USD takes two decimals at most\./,
    );
  });

  it("blocks below the currency's minimum, above the maximum and below 105% of today's spend", async () => {
    const low = await plan('adgroup', [AG.broad], {
      kind: 'budget',
      change: { type: 'set', value: 19.99 },
    });
    expect(row(low, AG.broad)).toMatchObject({ verdict: 'blocked', reasonCode: 'below_minimum' });
    expect(row(low, AG.broad).reason).toContain('$20.00');

    const campaignLow = await plan('campaign', [CAMPAIGN.evergreen], {
      kind: 'budget',
      change: { type: 'set', value: 49 },
    });
    expect(row(campaignLow, CAMPAIGN.evergreen)).toMatchObject({ reasonCode: 'below_minimum' });

    const high = await plan(
      'campaign',
      [CAMPAIGN.evergreen],
      {
        kind: 'budget',
        change: { type: 'set', value: 10_000_000 },
      },
      'admin',
    );
    expect(row(high, CAMPAIGN.evergreen)).toMatchObject({ reasonCode: 'above_maximum' });

    const spentToday = await todaysSpend(AG.lookalike);
    expect(spentToday * 1.05).toBeGreaterThan(20);
    const belowSpend = await plan(
      'adgroup',
      [AG.lookalike],
      {
        kind: 'budget',
        change: { type: 'set', value: Math.max(20, Math.floor(spentToday)) },
      },
      'admin',
    );
    expect(row(belowSpend, AG.lookalike)).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'below_spend',
    });
  });

  it('refuses budgets without one, bids on no-bid ad groups, and keeps budgets above bids', async () => {
    const noBudget = await plan('campaign', [CAMPAIGN.retargeting], {
      kind: 'budget',
      change: { type: 'percent', value: 10 },
    });
    expect(row(noBudget, CAMPAIGN.retargeting)).toMatchObject({ reasonCode: 'no_budget' });

    const bids = await plan('adgroup', [AG.broad, AG.homeDecor, AG.siteVisitors], {
      kind: 'bid',
      change: { type: 'percent', value: 10 },
    });
    expect(row(bids, AG.broad)).toMatchObject({ verdict: 'blocked', reasonCode: 'no_bid' });
    expect(row(bids, AG.homeDecor)).toMatchObject({
      field: 'conversion_bid_price',
      before: 28.5,
      after: 31.35,
      verdict: 'ok',
    });
    expect(row(bids, AG.siteVisitors)).toMatchObject({
      field: 'bid_price',
      before: 1.2,
      after: 1.32,
    });

    const cpcTooHigh = await plan(
      'adgroup',
      [AG.siteVisitors],
      {
        kind: 'bid',
        change: { type: 'set', value: 31 },
      },
      'admin',
    );
    expect(row(cpcTooHigh, AG.siteVisitors)).toMatchObject({ reasonCode: 'bid_too_high' });
  });

  it('marks a status already in place as unchanged', async () => {
    const p = await plan('adgroup', [AG.broad, AG.kitchen], { kind: 'status', status: 'DISABLE' });
    expect(row(p, AG.broad)).toMatchObject({ before: 'ENABLE', after: 'DISABLE', verdict: 'ok' });
    expect(row(p, AG.kitchen)).toMatchObject({ verdict: 'unchanged' });
  });

  it('reports ids TikTok does not know', async () => {
    const p = await plan('adgroup', ['1800000000000000001'], { kind: 'status', status: 'DISABLE' });
    expect(row(p, '1800000000000000001')).toMatchObject({
      verdict: 'blocked',
      reasonCode: 'not_found',
    });
  });

  it('refuses bad input with a clear 400 and plans nothing', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        { level: 'adgroup', entityIds: [], operation: { kind: 'status', status: 'DISABLE' } },
        /at least one row/,
      ],
      [
        {
          level: 'adgroup',
          entityIds: [Number(AG.broad)],
          operation: { kind: 'status', status: 'DISABLE' },
        },
        /string|id/i,
      ],
      [
        {
          level: 'adgroup',
          entityIds: [AG.broad],
          operation: { kind: 'budget', change: { type: 'percent', value: 0 } },
        },
        /0%/,
      ],
      [
        {
          level: 'adgroup',
          entityIds: [AG.broad],
          operation: { kind: 'budget', change: { type: 'percent', value: -100 } },
        },
        /less than 100%/,
      ],
      [
        {
          level: 'adgroup',
          entityIds: [AG.broad],
          operation: { kind: 'status', status: 'DELETE' },
        },
        /status/,
      ],
      [
        {
          level: 'ad',
          entityIds: [AG.broad],
          operation: { kind: 'budget', change: { type: 'set', value: 50 } },
        },
        /only pause and enable/,
      ],
      [
        {
          level: 'campaign',
          entityIds: [CAMPAIGN.evergreen],
          operation: { kind: 'bid', change: { type: 'set', value: 1 } },
        },
        /Bids belong to ad groups/,
      ],
      [
        {
          level: 'adgroup',
          entityIds: Array.from({ length: 1001 }, (_, i) =>
            String(1_800_000_000_000_000_000n + BigInt(i)),
          ),
          operation: { kind: 'status', status: 'DISABLE' },
        },
        /At most 1000 rows/,
      ],
    ];
    for (const [payload, message] of cases) {
      const { status, body } = await call<{ error: { message: string } }>(
        'POST',
        `/api/ad-accounts/${US}/bulk-edits/plans`,
        'buyer',
        payload,
      );
      expect(status, JSON.stringify(payload)).toBe(400);
      expect(body.error.message).toMatch(message);
    }
  });

  it('lets viewers look but not plan or apply', async () => {
    const { status } = await call('POST', `/api/ad-accounts/${US}/bulk-edits/plans`, 'viewer', {
      level: 'adgroup',
      entityIds: [AG.broad],
      operation: { kind: 'status', status: 'DISABLE' },
    });
    expect(status).toBe(403);
    const p = await plan('adgroup', [AG.broad], { kind: 'status', status: 'DISABLE' });
    expect((await call('POST', `/api/bulk-edits/plans/${p.planId}/apply`, 'viewer')).status).toBe(
      403,
    );
    expect((await call('GET', `/api/bulk-edits/plans/${p.planId}`, 'viewer')).status).toBe(200);
  });
});

describe('guardrails', () => {
  it('needs an admin to approve a change beyond the limit; a buyer applies only the rest', async () => {
    const p = await plan('adgroup', [AG.broad, AG.homeDecor], {
      kind: 'budget',
      change: { type: 'percent', value: 60 },
    });
    expect(row(p, AG.broad)).toMatchObject({ verdict: 'needs_approval', reasonCode: 'guardrail' });
    expect((await call('POST', `/api/bulk-edits/plans/${p.planId}/approve`, 'buyer')).status).toBe(
      403,
    );
    // Unapproved: nothing to apply.
    expect((await call('POST', `/api/bulk-edits/plans/${p.planId}/apply`, 'buyer')).status).toBe(
      400,
    );

    const approved = await call<Plan>('POST', `/api/bulk-edits/plans/${p.planId}/approve`, 'admin');
    expect(approved.status).toBe(200);
    expect(approved.body.approvedBy).toBe(companion.staffIds.admin);
    const job = await applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ done: 2, failed: 0 });
    expect((await emulatorAdGroup(AG.broad)).budget).toBe(240);
  });

  it('blocks changes beyond the limit outright when set to block', async () => {
    const set = await call('PATCH', '/api/guardrails', 'admin', {
      overLimit: 'block',
      maxChangePercent: 20,
    });
    expect(set.status).toBe(200);
    expect((await call('PATCH', '/api/guardrails', 'buyer', { maxChangePercent: 90 })).status).toBe(
      403,
    );
    const p = await plan('adgroup', [AG.broad], {
      kind: 'budget',
      change: { type: 'percent', value: 25 },
    });
    expect(row(p, AG.broad)).toMatchObject({ verdict: 'blocked', reasonCode: 'guardrail' });
    expect(row(p, AG.broad).reason).toContain('±20%');
  });

  it('enforces the cool-down between two changes of one entity', async () => {
    await call('PATCH', '/api/guardrails', 'admin', { cooldownMinutes: 60 });
    // Entities no earlier test changed (jobs are remembered across the emulator's resets).
    const first = await plan('adgroup', [AG.broad45], {
      kind: 'budget',
      change: { type: 'percent', value: 10 },
    });
    await applyAndWait(first.planId);
    const second = await plan('adgroup', [AG.broad45, AG.lookalike], {
      kind: 'budget',
      change: { type: 'percent', value: 10 },
    });
    expect(row(second, AG.broad45)).toMatchObject({ verdict: 'blocked', reasonCode: 'cooldown' });
    expect(row(second, AG.broad45).reason).toMatch(/cool-down is 60 min/);
    expect(row(second, AG.lookalike)).toMatchObject({ verdict: 'ok' });
  });
});

describe('applying', () => {
  it('applies through the right endpoints, audits every entity, and undo restores', async () => {
    await companion.emulator.control.clearCalls();
    const p = await plan(
      'adgroup',
      [AG.broad, AG.homeDecor, AG.springBroad, AG.springInterests, AG.cboBroad],
      {
        kind: 'budget',
        change: { type: 'percent', value: 10 },
      },
    );
    const job = await applyAndWait(p.planId);
    expect(job.status).toBe('finished');
    expect(job.counts).toMatchObject({ total: 5, done: 4, failed: 0, skipped: 1, remaining: 0 });
    expect(row(job, AG.cboBroad)).toMatchObject({ state: 'skipped' });
    expect((await emulatorAdGroup(AG.broad)).budget).toBe(165);
    expect((await emulatorAdGroup(AG.springBroad)).budget).toBe(2200);

    const calls = await companion.emulator.control.calls();
    // Daily budgets one by one (the only immediate route), both lifetime budgets in one call.
    expect(calls.by_path['adgroup/update/']?.count).toBe(2);
    expect(calls.by_path['adgroup/budget/update/']?.count).toBe(1);

    const audit = await call<{ entries: Array<Record<string, any>> }>(
      'GET',
      `/api/audit?action=bulk_edit.budget&advertiserId=${US}`,
      'viewer',
    );
    const entries = audit.body.entries.filter((e) => e.details.jobId === job.jobId);
    expect(entries).toHaveLength(4);
    const broad = entries.find((e) => e.entityIds[0] === AG.broad);
    expect(broad).toMatchObject({
      outcome: 'success',
      actor: { staffId: companion.staffIds.buyer },
      changes: [{ entityId: AG.broad, field: 'budget', before: 150, after: 165 }],
    });
    expect(broad?.tiktokRequestIds).toHaveLength(1);

    // Undo: a previewed plan of its own, then a job of its own.
    const undo = await call<Plan>('POST', `/api/bulk-edits/jobs/${job.jobId}/undo`, 'buyer');
    expect(undo.status).toBe(200);
    expect(undo.body.purpose).toEqual({ kind: 'undo', jobId: job.jobId });
    expect(row(undo.body, AG.broad)).toMatchObject({ before: 165, after: 150, verdict: 'ok' });
    const undone = await applyAndWait(undo.body.planId);
    expect(undone.counts.done).toBe(4);
    expect((await emulatorAdGroup(AG.broad)).budget).toBe(150);
    expect((await emulatorAdGroup(AG.springBroad)).budget).toBe(2000);
  });

  it('pauses and enables in batches of 20 and reports each row', async () => {
    const p = await plan('adgroup', [AG.broad, AG.homeDecor, AG.kitchen, AG.deleted], {
      kind: 'status',
      status: 'DISABLE',
    });
    await companion.emulator.control.clearCalls();
    const job = await applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ done: 2, skipped: 2 });
    expect((await emulatorAdGroup(AG.broad)).operation_status).toBe('DISABLE');
    const calls = await companion.emulator.control.calls();
    expect(calls.by_path['adgroup/status/update/']?.count).toBe(1);
  });

  it('applies a plan once, and refuses an expired one', async () => {
    const p = await plan('adgroup', [AG.broad], { kind: 'status', status: 'DISABLE' });
    const [first, second] = await Promise.all([
      call('POST', `/api/bulk-edits/plans/${p.planId}/apply`, 'buyer'),
      call('POST', `/api/bulk-edits/plans/${p.planId}/apply`, 'buyer'),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    await companion.context.bulkEdits.settled();
    expect((await call('POST', `/api/bulk-edits/plans/${p.planId}/apply`, 'buyer')).status).toBe(
      409,
    );
    // Someone else's plan is not theirs to apply.
    const other = await plan(
      'adgroup',
      [AG.homeDecor],
      { kind: 'status', status: 'DISABLE' },
      'admin',
    );
    expect(
      (await call('POST', `/api/bulk-edits/plans/${other.planId}/apply`, 'buyer')).status,
    ).toBe(403);
  });

  it('leaves a row changed by someone else since the preview alone, as a conflict', async () => {
    const p = await plan('adgroup', [AG.broad, AG.homeDecor], {
      kind: 'budget',
      change: { type: 'percent', value: 10 },
    });
    await changeAtTikTok(token, AG.broad, 175);
    const job = await applyAndWait(p.planId);
    expect(row(job, AG.broad)).toMatchObject({ state: 'conflict' });
    expect(row(job, AG.broad).message).toMatch(/changed by someone else/);
    expect(row(job, AG.homeDecor)).toMatchObject({ state: 'done' });
    expect((await emulatorAdGroup(AG.broad)).budget).toBe(175);
  });

  it('reports the exact outcome of each row when TikTok refuses some mid-job, and retries them', async () => {
    const ids = [AG.broad, AG.homeDecor, AG.lookalike, AG.broad45, AG.siteVisitors];
    const p = await plan('adgroup', ids, {
      kind: 'budget',
      change: { type: 'percent', value: 10 },
    });
    await companion.emulator.control.fault({
      path: 'adgroup/update/',
      count: 2,
      code: 40002,
      message: 'budget: Injected refusal.',
    });
    const job = await applyAndWait(p.planId);
    expect(job.counts).toMatchObject({ done: 3, failed: 2, remaining: 0 });
    for (const jobRow of job.rows) {
      const budget = (await emulatorAdGroup(jobRow.entityId)).budget;
      if (jobRow.state === 'done') expect(budget).toBeCloseTo(Number(jobRow.after), 2);
      else {
        expect(jobRow.state).toBe('failed');
        expect(jobRow.message).toContain('Injected refusal');
        expect(budget).toBeCloseTo(Number(jobRow.before), 2);
      }
    }
    const retry = await call<Plan>('POST', `/api/bulk-edits/jobs/${job.jobId}/retry`, 'buyer');
    expect(retry.status).toBe(200);
    expect(retry.body.rows).toHaveLength(2);
    const retried = await applyAndWait(retry.body.planId);
    expect(retried.counts).toMatchObject({ done: 2, failed: 0 });
    for (const id of ids) {
      const original = row(p, id);
      expect((await emulatorAdGroup(id)).budget).toBeCloseTo(Number(original.after), 2);
    }
  });

  it('absorbs a storm of 40100 throttling with the limiter and retries', async () => {
    const ids = [AG.broad, AG.homeDecor, AG.lookalike, AG.broad45];
    const p = await plan('adgroup', ids, { kind: 'budget', change: { type: 'amount', value: 5 } });
    await companion.emulator.control.clearCalls();
    // Two rounds of refusals for every concurrent write, then for the re-read too.
    await companion.emulator.control.fault({ path: 'adgroup/update/', count: 8, code: 40100 });
    await companion.emulator.control.fault({ path: 'adgroup/get/', count: 3, code: 40100 });
    const job = await applyAndWait(p.planId);
    expect(job.counts, JSON.stringify(job)).toMatchObject({ done: 4, failed: 0 });
    const calls = await companion.emulator.control.calls({ path: 'adgroup/update/' });
    expect(calls.by_path['adgroup/update/']?.codes).toEqual({ '0': 4, '40100': 8 });
    for (const id of ids) {
      expect((await emulatorAdGroup(id)).budget).toBeCloseTo(Number(row(p, id).after), 2);
    }
  }, 30_000);

  it('finds the one refused row of a lifetime batch by splitting it', async () => {
    const p = await plan('adgroup', [AG.springBroad, AG.springInterests], {
      kind: 'budget',
      change: { type: 'percent', value: 10 },
    });
    await companion.emulator.control.clearCalls();
    // The first batch call is refused as a whole; the halves then go through one by one.
    await companion.emulator.control.fault({
      path: 'adgroup/budget/update/',
      count: 2,
      code: 40002,
      message: 'budget: Injected.',
    });
    const job = await applyAndWait(p.planId);
    const states = job.rows.map((r) => r.state).sort();
    expect(states).toEqual(['done', 'failed']);
    const calls = await companion.emulator.control.calls();
    expect(calls.by_path['adgroup/budget/update/']?.count).toBe(3);
  });

  it('stops a job when TikTok revokes the token, keeping the remaining rows to retry', async () => {
    const p = await plan('adgroup', [AG.broad, AG.homeDecor], {
      kind: 'status',
      status: 'DISABLE',
    });
    await companion.emulator.control.revokeToken(token);
    const job = await applyAndWait(p.planId);
    expect(job.status).toBe('stopped');
    expect(job.statusMessage).toMatch(/Re-authorize/);
    expect(job.counts.done).toBe(0);
    expect((await emulatorAdGroup(AG.broad)).operation_status).toBe('ENABLE');
  });

  it('changes campaign budgets, daily and lifetime, one call each', async () => {
    const p = await plan('campaign', [CAMPAIGN.evergreen, CAMPAIGN.spring], {
      kind: 'budget',
      change: { type: 'amount', value: 100 },
    });
    const job = await applyAndWait(p.planId);
    expect(job.counts.done).toBe(2);
    expect((await emulatorCampaign(CAMPAIGN.evergreen)).budget).toBe(600);
    expect((await emulatorCampaign(CAMPAIGN.spring)).budget).toBe(6100);
  });
});

function lastSeq(summary: { calls: Array<{ seq: number }> }): number {
  return summary.calls.at(-1)?.seq ?? 0;
}

async function todaysSpend(adgroupId: string): Promise<number> {
  const url = new URL(`${companion.emulator.url}/open_api/v1.3/report/integrated/get/`);
  const today = new Date(Date.now() + (START - Date.now())).toISOString().slice(0, 10);
  const params = {
    advertiser_id: US,
    report_type: 'BASIC',
    data_level: 'AUCTION_ADGROUP',
    dimensions: JSON.stringify(['adgroup_id']),
    metrics: JSON.stringify(['spend']),
    start_date: today,
    end_date: today,
    filtering: JSON.stringify([
      { field_name: 'adgroup_ids', filter_type: 'IN', filter_value: JSON.stringify([adgroupId]) },
    ]),
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: { 'Access-Token': token } });
  const body = (await response.json()) as { data: { list: Array<{ metrics: { spend: string } }> } };
  return Number(body.data.list[0]?.metrics.spend ?? 0);
}
