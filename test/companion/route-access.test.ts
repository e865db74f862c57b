import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import type { Role } from '../../companion-server/src/contract/common';
import { type RouteContract, routePath } from '../../companion-server/src/contract/route';
import type { RuleInput } from '../../companion-server/src/contract/rules';
import type { ScheduledChangeInput } from '../../companion-server/src/contract/scheduled-changes';
import { generateStaffKey } from '../../companion-server/src/security/staff-keys';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { layoutHints, layoutSample } from '../helpers/page-layout';

/**
 * Every route of the contract × every kind of caller. The route list is read from the
 * contract folder, so a new route is in the matrix (and fails until it has a request below)
 * without anyone remembering to add it.
 */

const CONTRACT_DIR = fileURLToPath(new URL('../../companion-server/src/contract', import.meta.url));

function isRoute(value: unknown): value is RouteContract {
  return (
    typeof value === 'object' &&
    value !== null &&
    'method' in value &&
    'path' in value &&
    'access' in value &&
    'response' in value
  );
}

const contractModules: Array<Record<string, unknown>> = await Promise.all(
  readdirSync(CONTRACT_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort()
    .map((file) => import(join(CONTRACT_DIR, file))),
);
const ALL_ROUTES = contractModules.flatMap((module) => Object.values(module).filter(isRoute));
const PROTECTED_ROUTES = ALL_ROUTES.filter((route) => route.access !== 'public');
/**
 * The only public routes under /api: shops' order webhooks, which carry no staff key because
 * their authorization is the signature over the body (test/companion/orders-ingest.test.ts
 * tests it).
 */
const SIGNED_WEBHOOK_ROUTES = [
  'POST /api/orders/webhooks/generic',
  'POST /api/orders/webhooks/shopify',
];

const routeName = (route: Pick<RouteContract, 'method' | 'path'>) =>
  `${route.method} ${route.path}`;

const CALLERS = [
  'no key',
  'malformed key',
  'unknown key',
  'viewer',
  'buyer',
  'admin',
  'disabled staff',
  'revoked key',
] as const;
type Caller = (typeof CALLERS)[number];

/** The test's own ranking, so that a wrong ranking in the server cannot agree with itself. */
const RANK: Record<Role, number> = { viewer: 0, buyer: 1, admin: 2 };

function expectedOutcome(caller: Caller, access: Role): 401 | 403 | 'allowed' {
  if (caller === 'viewer' || caller === 'buyer' || caller === 'admin') {
    return RANK[caller] >= RANK[access] ? 'allowed' : 403;
  }
  return 401;
}

let companion: TestCompanion;
let advertiserId: string;
let emailCounter = 0;
const uniqueEmail = (label: string) => `${label}-${++emailCounter}@bayme.example`;

async function addStaff(role: Role, label: string) {
  return companion.context.staff.add(
    { email: uniqueEmail(label), name: `Matrix ${label}`, role },
    SYSTEM_ACTOR,
  );
}

/**
 * A fresh caller per case, so that a route acting on the caller (rotating their own key)
 * cannot change another case. Disabled and revoked callers are admins: nothing but the
 * disabling or the rotation can explain their 401.
 */
async function callerFor(
  caller: Caller,
): Promise<{ headers: Record<string, string>; staffId: string | null }> {
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  switch (caller) {
    case 'no key':
      return { headers: {}, staffId: null };
    case 'malformed key':
      return { headers: { authorization: 'Bearer not-a-staff-key' }, staffId: null };
    case 'unknown key':
      return { headers: bearer(generateStaffKey().key), staffId: null };
    case 'viewer':
    case 'buyer':
    case 'admin': {
      const { staff, key } = await addStaff(caller, caller);
      return { headers: bearer(key), staffId: staff.id };
    }
    case 'disabled staff': {
      const { staff, key } = await addStaff('admin', 'disabled');
      await companion.context.staff.disable(staff.id, {}, SYSTEM_ACTOR);
      return { headers: bearer(key), staffId: staff.id };
    }
    case 'revoked key': {
      const { staff, key } = await addStaff('admin', 'rotated');
      await companion.context.staff.rotateKey(staff.id, SYSTEM_ACTOR);
      return { headers: bearer(key), staffId: staff.id };
    }
  }
}

/** A real TikTok connection (through the emulator), created by the shared buyer. */
async function createConnection(): Promise<string> {
  const accessToken = await companion.emulator.control.mintToken([advertiserId]);
  const { connectionId } = await companion.context.connections.connect(
    {
      accessToken,
      advertiserIds: [advertiserId],
      scope: [],
      expiresInSeconds: null,
      refreshToken: null,
    },
    companion.context.staff.find(companion.staffIds.buyer),
  );
  return connectionId;
}

interface RequestSpec {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** A week that has ended in every time zone. */
const PAST_WEEK = {
  start: new Date(Date.now() - 9 * 86_400_000).toISOString().slice(0, 10),
  end: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10),
};

/** A minimal valid request per route; objects a route acts on are made fresh for each case. */
const REQUESTS: Record<string, (callerStaffId: string | null) => Promise<RequestSpec>> = {
  'GET /api/audit': async () => ({}),
  'GET /api/ad-accounts': async () => ({}),
  'GET /api/connections': async () => ({}),
  'POST /api/connections/:connectionId/check': async () => ({
    params: { connectionId: await createConnection() },
  }),
  'DELETE /api/connections/:connectionId': async () => ({
    params: { connectionId: await createConnection() },
  }),
  'POST /api/connections/import': async () => ({
    body: { accessToken: await companion.emulator.control.mintToken([advertiserId]) },
  }),
  'GET /api/ad-accounts/:advertiserId/metrics': async () => {
    await createConnection();
    return { params: { advertiserId }, query: { level: 'campaign', ...PAST_WEEK } };
  },
  'GET /api/ad-accounts/:advertiserId/entities': async () => {
    await createConnection();
    return { params: { advertiserId }, query: { level: 'adgroup' } };
  },
  'POST /api/page-health': async () => ({
    body: {
      problem: 'no_table',
      path: '/i18n/manage/campaign',
      level: 'campaign',
      advertiserId,
      extensionVersion: '0.1.0',
      selectorMatches: { 'table#current': 0 },
    },
  }),
  'GET /api/extension/latest': async () => ({}),
  'POST /api/oauth/start': async () => ({}),
  // Staff may read only their own attempts: the attempt belongs to the caller when there is one.
  'GET /api/oauth/attempts/:attemptId': async (callerStaffId) => {
    const owner = companion.context.staff.find(callerStaffId ?? companion.staffIds.buyer);
    const { attemptId } = await companion.context.oauth.start(owner);
    return { params: { attemptId } };
  },
  'POST /api/ad-accounts/:advertiserId/bulk-edits/plans': async () => {
    await createConnection();
    const adGroup = await dailyAdGroup();
    return {
      params: { advertiserId },
      body: {
        level: 'adgroup',
        entityIds: [adGroup.id],
        operation: { kind: 'budget', change: { type: 'percent', value: 5 } },
      },
    };
  },
  'GET /api/bulk-edits/plans/:planId': async (caller) => ({
    params: { planId: (await statusPlan(caller)).planId },
  }),
  'POST /api/bulk-edits/plans/:planId/approve': async (caller) => {
    await createConnection();
    const adGroup = await dailyAdGroup();
    const plan = await companion.context.bulkEdits.plan(ownerOf(caller), advertiserId, {
      level: 'adgroup',
      entityIds: [adGroup.id],
      operation: { kind: 'budget', change: { type: 'percent', value: 80 } },
    });
    return { params: { planId: plan.planId } };
  },
  'POST /api/bulk-edits/plans/:planId/apply': async (caller) => ({
    params: { planId: (await statusPlan(caller)).planId },
  }),
  'GET /api/bulk-edits/jobs': async () => ({}),
  'GET /api/bulk-edits/jobs/:jobId': async (caller) => ({
    params: { jobId: await finishedJob(caller, 'done') },
  }),
  'POST /api/bulk-edits/jobs/:jobId/undo': async (caller) => ({
    params: { jobId: await finishedJob(caller, 'done') },
  }),
  'POST /api/bulk-edits/jobs/:jobId/retry': async (caller) => ({
    params: { jobId: await finishedJob(caller, 'failed') },
  }),
  'GET /api/reports/overview': async () => {
    await createConnection();
    return { query: { advertiserIds: advertiserId, ...PAST_WEEK } };
  },
  'GET /api/ad-accounts/:advertiserId/export.csv': async () => {
    await createConnection();
    return { params: { advertiserId }, query: { level: 'campaign', ...PAST_WEEK } };
  },
  'POST /api/ad-accounts/:advertiserId/exports': async () => {
    await createConnection();
    return { params: { advertiserId }, body: { level: 'campaign', ...PAST_WEEK } };
  },
  'GET /api/exports/:exportId': async (caller) => ({
    params: { exportId: await ownExport(caller) },
  }),
  'GET /api/exports/:exportId/download': async (caller) => ({
    params: { exportId: await ownExport(caller) },
  }),
  'GET /api/bulk-create/template.csv': async () => ({}),
  'POST /api/ad-accounts/:advertiserId/bulk-create/plans': async () => {
    await createConnection();
    return { params: { advertiserId }, body: { csv: 'type,name\r\ncampaign,' } };
  },
  'POST /api/ad-accounts/:advertiserId/bulk-create/duplicates': async () => {
    await createConnection();
    const state = await companion.emulator.control.state(advertiserId);
    const campaign = state.campaigns.find((c) => !c.deleted);
    return {
      params: { advertiserId },
      body: {
        level: 'campaign',
        entityIds: [campaign?.campaign_id ?? ''],
        nameSuffix: ` (${++emailCounter})`,
      },
    };
  },
  'GET /api/bulk-create/plans/:planId': async (caller) => ({
    params: { planId: (await createPlan(caller)).planId },
  }),
  'POST /api/bulk-create/plans/:planId/apply': async (caller) => ({
    params: { planId: (await createPlan(caller)).planId },
  }),
  'GET /api/bulk-create/jobs/:jobId': async (caller) => {
    const plan = await createPlan(caller);
    const job = await companion.context.bulkCreate.apply(ownerOf(caller), plan.planId);
    await companion.context.bulkCreate.settled();
    return { params: { jobId: job.jobId } };
  },
  'POST /api/page-layout/samples': async () => ({ body: layoutSample() }),
  'GET /api/page-layout/samples': async () => ({}),
  'GET /api/page-layout/samples/:sampleId': async () => {
    const admin = companion.context.staff.find(companion.staffIds.admin);
    const { sampleId } = await companion.context.pageLayout.storeSample(admin, layoutSample());
    return { params: { sampleId } };
  },
  'GET /api/page-layout/hints': async () => ({}),
  // A new version each time: the same version with other content would be refused.
  'PUT /api/page-layout/hints': async () => ({ body: layoutHints(`matrix-${++emailCounter}`) }),
  'DELETE /api/page-layout/hints': async () => ({}),
  'GET /api/rules': async () => ({}),
  'GET /api/rules/settings': async () => ({}),
  'PUT /api/rules/settings': async () => ({ body: { paused: false } }),
  'GET /api/rules/log': async () => ({}),
  'GET /api/rules/webhook-deliveries': async () => ({}),
  'POST /api/rules/preview': async () => {
    await createConnection();
    return { body: ruleInput() };
  },
  'POST /api/rules': async () => {
    await createConnection();
    return { body: ruleInput() };
  },
  'GET /api/rules/:ruleId': async (caller) => ({
    params: { ruleId: (await savedRule(caller)).id },
  }),
  'PUT /api/rules/:ruleId': async (caller) => ({
    params: { ruleId: (await savedRule(caller)).id },
    body: { ...ruleInput(), name: 'Renamed matrix rule' },
  }),
  'DELETE /api/rules/:ruleId': async (caller) => ({
    params: { ruleId: (await savedRule(caller)).id },
  }),
  'POST /api/rules/:ruleId/run': async (caller) => ({
    params: { ruleId: (await savedRule(caller)).id },
  }),
  'GET /api/rules/:ruleId/runs': async (caller) => ({
    params: { ruleId: (await savedRule(caller)).id },
  }),
  'POST /api/rules/runs/:runId/undo': async (caller) => {
    // A run that changed something: it flips one ad group's status.
    await createConnection();
    const adGroup = await dailyAdGroup();
    const rule = await companion.context.rules.create(ownerOf(caller), {
      ...ruleInput(),
      scope: { ...ruleInput().scope, level: 'adgroup', entityIds: [adGroup.id] },
      action: { kind: adGroup.status === 'ENABLE' ? 'pause' : 'enable' },
    });
    const run = await companion.context.rules.runNow(ownerOf(caller), rule.id);
    return { params: { runId: run.runId } };
  },
  'GET /api/ad-accounts/:advertiserId/rule-actions': async () => ({ params: { advertiserId } }),
  'GET /api/scheduled-changes': async () => ({}),
  'POST /api/scheduled-changes': async () => ({ body: await scheduledChangeInput() }),
  'GET /api/scheduled-changes/:changeId': async (caller) => ({
    params: { changeId: (await savedScheduledChange(caller)).id },
  }),
  'PUT /api/scheduled-changes/:changeId': async (caller) => ({
    params: { changeId: (await savedScheduledChange(caller)).id },
    body: { ...(await scheduledChangeInput()), name: 'Renamed matrix change' },
  }),
  'DELETE /api/scheduled-changes/:changeId': async (caller) => ({
    params: { changeId: (await savedScheduledChange(caller)).id },
  }),
  'GET /api/scheduled-changes/:changeId/firings': async (caller) => ({
    params: { changeId: (await savedScheduledChange(caller)).id },
  }),
  'GET /api/guardrails': async () => ({}),
  'PATCH /api/guardrails': async () => ({ body: { maxChangePercent: 50 } }),
  'GET /api/orders/settings': async () => ({}),
  'PATCH /api/orders/settings': async () => ({ body: { clickWindowDays: 7 } }),
  'GET /api/ad-accounts/:advertiserId/tracking-check': async () => {
    await createConnection();
    return { params: { advertiserId } };
  },
  'POST /api/orders/import': async () => ({
    body: {
      csv: 'shop,order_id,placed_at,currency,revenue\nroute-access-shop,RA-1,2026-11-01T10:00:00Z,EUR,10.00',
    },
  }),
  'POST /api/orders/currency-rates': async () => ({
    body: { csv: 'date,from,to,rate\n2026-11-01,EUR,USD,1.08' },
  }),
  'GET /api/orders/status': async () => ({}),
  'GET /api/me': async () => ({}),
  'POST /api/me/rotate-key': async () => ({}),
  'GET /api/staff': async () => ({}),
  'POST /api/staff': async () => ({
    body: { email: uniqueEmail('new'), name: 'New Person', role: 'viewer' },
  }),
  'PATCH /api/staff/:staffId': async () => ({
    params: { staffId: (await addStaff('viewer', 'target')).staff.id },
    body: { name: 'Renamed Person' },
  }),
  'POST /api/staff/:staffId/disable': async () => ({
    params: { staffId: (await addStaff('buyer', 'target')).staff.id },
    body: {},
  }),
  'POST /api/staff/:staffId/enable': async () => {
    const { staff } = await addStaff('buyer', 'target');
    await companion.context.staff.disable(staff.id, {}, SYSTEM_ACTOR);
    return { params: { staffId: staff.id }, body: {} };
  },
  'POST /api/staff/:staffId/rotate-key': async () => ({
    params: { staffId: (await addStaff('buyer', 'target')).staff.id },
    body: {},
  }),
};

/** A valid rule on the test account that only notifies (its runs change nothing). */
function ruleInput(): RuleInput {
  return {
    name: `Matrix rule ${++emailCounter}`,
    enabled: true,
    scope: {
      advertiserIds: [advertiserId],
      level: 'campaign',
      name: null,
      statuses: null,
      campaignIds: null,
      entityIds: null,
    },
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
    minimumData: null,
    action: { kind: 'notify' },
    until: null,
    schedule: { every: { kind: 'minutes', minutes: 15 }, days: null, hours: null },
    cooldownHours: 0,
    maxActionsPerRun: 10,
    notify: { onAction: false, onApprovalNeeded: false, onFailure: false, webhookUrl: null },
  };
}

/**
 * A valid scheduled change on the test account: weekly, so that no time has to be in the
 * future, and never fired here (nothing ticks the scheduler in this file).
 */
async function scheduledChangeInput(): Promise<ScheduledChangeInput> {
  await createConnection();
  return {
    name: `Matrix change ${++emailCounter}`,
    enabled: true,
    advertiserId,
    level: 'adgroup',
    entityIds: [(await dailyAdGroup()).id],
    operation: { kind: 'budget', change: { type: 'percent', value: 10 } },
    when: { kind: 'weekly', days: [1, 2, 3, 4, 5], at: '07:00' },
    revert: { kind: 'same_day', at: '19:00' },
  };
}

/** A saved scheduled change, made by the caller (or the shared buyer). */
async function savedScheduledChange(callerStaffId: string | null) {
  return companion.context.scheduledChanges.create(
    ownerOf(callerStaffId),
    await scheduledChangeInput(),
  );
}

/** A saved rule, made by the caller (or the shared buyer). */
async function savedRule(callerStaffId: string | null) {
  await createConnection();
  return companion.context.rules.create(ownerOf(callerStaffId), ruleInput());
}

/** An ad group of the test account with a daily budget, its current status flipped by plans. */
async function dailyAdGroup(): Promise<{ id: string; status: string }> {
  const state = await companion.emulator.control.state(advertiserId);
  const adGroup = state.adgroups.find(
    (g) => !g.deleted && g.budget_mode === 'BUDGET_MODE_DAY' && g.budget >= 100,
  );
  if (!adGroup) throw new Error('No ad group with a daily budget in the seed.');
  return { id: adGroup.adgroup_id, status: adGroup.operation_status };
}

function ownerOf(callerStaffId: string | null) {
  const staff = companion.context.staff.find(callerStaffId ?? companion.staffIds.buyer);
  // Viewers cannot plan; their requests are refused before the plan matters.
  return staff.role === 'viewer' ? companion.context.staff.find(companion.staffIds.buyer) : staff;
}

/** A plan that flips one ad group's status, made by the caller (or the shared buyer). */
async function statusPlan(callerStaffId: string | null) {
  await createConnection();
  const adGroup = await dailyAdGroup();
  return companion.context.bulkEdits.plan(ownerOf(callerStaffId), advertiserId, {
    level: 'adgroup',
    entityIds: [adGroup.id],
    operation: { kind: 'status', status: adGroup.status === 'ENABLE' ? 'DISABLE' : 'ENABLE' },
  });
}

/** A finished job that changed one row, or (failing) refused it. */
async function finishedJob(callerStaffId: string | null, outcome: 'done' | 'failed') {
  const plan = await statusPlan(callerStaffId);
  if (outcome === 'failed') {
    await companion.emulator.control.fault({ path: 'adgroup/status/update/', code: 40002 });
  }
  const job = await companion.context.bulkEdits.apply(ownerOf(callerStaffId), plan.planId);
  await companion.context.bulkEdits.settled();
  return job.jobId;
}

/** A valid bulk-create preview (one paused campaign), made by the caller or the shared buyer. */
async function createPlan(callerStaffId: string | null) {
  await createConnection();
  const name = `Matrix campaign ${++emailCounter}`;
  return companion.context.bulkCreate.planFromCsv(
    ownerOf(callerStaffId),
    advertiserId,
    `type,name,objective_type,budget_mode,budget\r\ncampaign,${name},TRAFFIC,BUDGET_MODE_DAY,100`,
  );
}

/** An export started by the caller (or the shared buyer when there is no caller). */
async function ownExport(callerStaffId: string | null): Promise<string> {
  await createConnection();
  const owner = companion.context.staff.find(callerStaffId ?? companion.staffIds.buyer);
  const job = await companion.context.exports.start(owner, advertiserId, {
    level: 'campaign',
    breakdown: 'total',
    ...PAST_WEEK,
  });
  return job.exportId;
}

/** What a refused request must leave as it was: everything but the record of key use. */
function stateWithoutKeyUse() {
  const state = companion.context.store.read();
  return {
    ...state,
    staff: state.staff.map((s) => ({
      ...s,
      keys: s.keys.map((k) => ({ ...k, lastUsedAt: null })),
    })),
  };
}

/** `METHOD /path` of every route the app registered, from Fastify's route tree. */
function registeredRoutes(tree: string): string[] {
  const prefixes: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^(.*?)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (prefixes[depth - 1] ?? '') + (match[2] ?? '');
    prefixes[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

beforeAll(async () => {
  companion = await startTestCompanion();
  const state = await companion.emulator.control.state();
  const first = state.advertisers[0];
  if (!first) throw new Error('The emulator has no seeded ad account.');
  advertiserId = first.advertiser_id;
});

afterAll(async () => {
  // Refused requests are audited after their answer: queue one more entry behind them, so
  // that the data directory is not removed while they are being written.
  await companion?.context.audit.append({
    actor: SYSTEM_ACTOR,
    action: 'test.teardown',
    outcome: 'success',
  });
  await companion?.close();
});

describe('the route list', () => {
  it('covers every /api route the app serves, and has a request for each', () => {
    const served = registeredRoutes(companion.app.printRoutes({ commonPrefix: false }))
      .filter((route) => route.includes(' /api/') && !route.startsWith('HEAD '))
      .sort();
    expect(served).toEqual([...PROTECTED_ROUTES.map(routeName), ...SIGNED_WEBHOOK_ROUTES].sort());
    expect(Object.keys(REQUESTS).sort()).toEqual(PROTECTED_ROUTES.map(routeName).sort());
  });

  it('has no public route under /api but the signed order webhooks', () => {
    const publicApi = ALL_ROUTES.filter(
      (route) => route.access === 'public' && route.path.startsWith('/api/'),
    );
    expect(publicApi.map(routeName).sort()).toEqual(SIGNED_WEBHOOK_ROUTES);
  });
});

describe.each(PROTECTED_ROUTES.map((route) => ({ name: routeName(route), route })))(
  '$name',
  ({ route }) => {
    const access = route.access as Role;

    it.each(CALLERS)('as %s', async (caller) => {
      const { headers, staffId } = await callerFor(caller);
      const prepare = REQUESTS[routeName(route)];
      if (!prepare) throw new Error(`No request for ${routeName(route)} in REQUESTS.`);
      const spec = await prepare(staffId);
      const before = stateWithoutKeyUse();

      const response = await companion.app.inject({
        method: route.method,
        url: `${routePath(route.path, spec.params)}${spec.query ? `?${new URLSearchParams(spec.query)}` : ''}`,
        headers,
        ...(spec.body === undefined ? {} : { payload: spec.body }),
      });

      const expected = expectedOutcome(caller, access);
      if (expected === 'allowed') {
        expect(response.statusCode, response.body).toBe(200);
        // The CSV export answers text; every other route JSON.
        const payload = String(response.headers['content-type']).startsWith('text/csv')
          ? response.body
          : response.json();
        expect(route.response.safeParse(payload).success).toBe(true);
        return;
      }
      expect(response.statusCode, response.body).toBe(expected);
      const body = response.json();
      if (expected === 401) {
        expect(body.error.code).toBe('unauthorized');
        expect(body.error.message).toMatch(/Authorization: Bearer/);
      } else {
        expect(body.error.code).toBe('forbidden');
        expect(body.error.message).toBe(
          `Your role (${caller}) may not do this; it needs ${access} or higher.`,
        );
      }
      expect(stateWithoutKeyUse()).toEqual(before);
    });
  },
);

describe('keys that are not valid staff keys', () => {
  it.each([
    ['a key without the Bearer scheme', (key: string) => key],
    ['the Basic scheme', (key: string) => `Basic ${key}`],
    ['Bearer and nothing', () => 'Bearer '],
    ['a key with a character appended', (key: string) => `Bearer ${key}x`],
    ['a key with its secret changed', (key: string) => `Bearer ${key.slice(0, -4)}AAAA`],
    ['two keys', (key: string) => `Bearer ${key} ${key}`],
  ])('%s → 401', async (_label, header) => {
    const { key } = await addStaff('admin', 'variant');
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: header(key) },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthorized');
  });

  it('accepts the scheme in any case, as HTTP says it is case-insensitive', async () => {
    const { staff, key } = await addStaff('viewer', 'scheme');
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `bearer ${key}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().staff.id).toBe(staff.id);
  });
});

describe('disabling through the admin route', () => {
  it("refuses the disabled staff member's very next request", async () => {
    const { staff, key } = await addStaff('buyer', 'leaver');
    const asLeaver = { authorization: `Bearer ${key}` };
    const before = await companion.app.inject({ method: 'GET', url: '/api/me', headers: asLeaver });
    expect(before.statusCode).toBe(200);
    expect(before.json().staff.email).toBe(staff.email);

    const disabled = await companion.app.inject({
      method: 'POST',
      url: `/api/staff/${staff.id}/disable`,
      headers: companion.as('admin'),
      payload: {},
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().staff.status).toBe('disabled');

    const next = await companion.app.inject({ method: 'GET', url: '/api/me', headers: asLeaver });
    expect(next.statusCode).toBe(401);
    const write = await companion.app.inject({
      method: 'POST',
      url: '/api/oauth/start',
      headers: asLeaver,
    });
    expect(write.statusCode).toBe(401);
  });
});
