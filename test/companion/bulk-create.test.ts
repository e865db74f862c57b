import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreateJob, CreatePlan } from '../../companion-server/src/contract/bulk-create';
import { CREATE_COLUMNS } from '../../companion-server/src/contract/bulk-create';
import {
  adGroupRow,
  adRow,
  type CreateCsvRow,
  campaignRow,
  createCsv,
} from '../helpers/bulk-create-csv';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { connectAdvertisers } from '../helpers/companion-calls';

/**
 * Bulk create through the companion server against the real emulator over HTTP: a valid
 * spreadsheet creates its campaigns, ad groups and ads in order; each rule of a bad one is
 * reported at its row and column and nothing is created; a failure mid-job leaves no
 * duplicate; duplication of campaigns with their ad groups.
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const US = '7252569388304511798';
const EVERGREEN = '1765549142363622598'; // daily 500

let companion: TestCompanion;
let identityId = '';

const ad = (n: number, overrides: CreateCsvRow = {}): CreateCsvRow =>
  adRow(n, identityId, overrides);

async function plan(text: string, role: 'buyer' | 'viewer' = 'buyer') {
  const response = await companion.app.inject({
    method: 'POST',
    url: `/api/ad-accounts/${US}/bulk-create/plans`,
    headers: companion.as(role),
    payload: { csv: text },
  });
  return { status: response.statusCode, body: response.json() as CreatePlan };
}

async function applyAndWait(planId: string): Promise<CreateJob> {
  const response = await companion.app.inject({
    method: 'POST',
    url: `/api/bulk-create/plans/${planId}/apply`,
    headers: companion.as('buyer'),
  });
  expect(response.statusCode, response.body).toBe(200);
  await companion.context.bulkCreate.settled();
  const job = await companion.app.inject({
    method: 'GET',
    url: `/api/bulk-create/jobs/${(response.json() as CreateJob).jobId}`,
    headers: companion.as('viewer'),
  });
  return job.json() as CreateJob;
}

function errorsOf(p: CreatePlan) {
  return [...p.fileErrors, ...p.rows.flatMap((r) => r.errors)].map(
    (e) => `${e.row}:${e.column}:${e.message}`,
  );
}

beforeAll(async () => {
  const shiftMs = START - Date.now();
  companion = await startTestCompanion({}, { now: () => new Date(Date.now() + shiftMs) });
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
});

afterAll(async () => {
  await companion?.close();
});

beforeEach(async () => {
  await companion.context.bulkCreate.settled();
  await companion.emulator.control.reset();
  await companion.emulator.control.clearFaults();
  const state = await companion.emulator.control.state(US);
  identityId = String(state.ads[0]?.identity_id ?? '');
  await connectAdvertisers(companion, [US]);
  await companion.emulator.control.clearCalls();
});

describe('a valid spreadsheet', () => {
  it('creates campaigns, ad groups and ads in order, paused by default, and audits them', async () => {
    // No campaign budget limit: its ad groups may have daily or lifetime budgets.
    const unlimited = campaignRow({ budget_mode: 'BUDGET_MODE_INFINITE', budget: '' });
    const { status, body } = await plan(
      createCsv([
        unlimited,
        adGroupRow(),
        ad(1),
        ad(2),
        adGroupRow({
          ref: 'g2',
          name: 'Winter sale | Retarget',
          budget_mode: 'BUDGET_MODE_TOTAL',
          budget: '400',
          schedule_start: '2026-11-22 08:00',
          schedule_end: '2026-11-30 23:00',
        }),
        ad(3, { parent: 'g2' }),
      ]),
    );
    expect(status).toBe(200);
    expect(errorsOf(body)).toEqual([]);
    expect(body).toMatchObject({ canApply: true, counts: { campaigns: 1, adgroups: 2, ads: 3 } });
    // Nothing sent to TikTok but reads.
    const calls = await companion.emulator.control.calls();
    expect(Object.keys(calls.by_path).every((path) => path.endsWith('/get/'))).toBe(true);

    const job = await applyAndWait(body.planId);
    expect(job.status).toBe('finished');
    expect(job.counts, JSON.stringify(job.rows)).toMatchObject({
      total: 6,
      created: 6,
      failed: 0,
      remaining: 0,
    });
    const state = await companion.emulator.control.state(US);
    const created = state.campaigns.find((c) => c.campaign_name === 'Winter sale');
    expect(created).toMatchObject({
      operation_status: 'DISABLE',
      budget_mode: 'BUDGET_MODE_INFINITE',
    });
    const groups = state.adgroups.filter((g) => g.campaign_id === created?.campaign_id);
    expect(groups.map((g) => g.adgroup_name).sort()).toEqual([
      'Winter sale | Broad',
      'Winter sale | Retarget',
    ]);
    const ads = state.ads.filter((a) => groups.some((g) => g.adgroup_id === a.adgroup_id));
    expect(ads).toHaveLength(3);
    const after = await companion.emulator.control.calls();
    expect(after.by_path['ad/create/']?.count).toBe(2); // one call per ad group

    const audit = await companion.app.inject({
      method: 'GET',
      url: `/api/audit?action=bulk_create.campaign&advertiserId=${US}`,
      headers: companion.as('viewer'),
    });
    expect(audit.json().entries[0]).toMatchObject({
      outcome: 'success',
      entityIds: [created?.campaign_id],
    });
  });

  it('adds ad groups to an existing campaign by its id, and sends 20 ads per call', async () => {
    const rows = [
      adGroupRow({ parent: EVERGREEN, ref: 'g1' }),
      ...Array.from({ length: 25 }, (_, i) => ad(i + 1)),
    ];
    const { body } = await plan(createCsv(rows));
    expect(errorsOf(body)).toEqual([]);
    const job = await applyAndWait(body.planId);
    expect(job.counts.created).toBe(26);
    const calls = await companion.emulator.control.calls();
    expect(calls.by_path['ad/create/']?.count).toBe(2);
  });

  it('serves a template that is itself a valid file', async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/bulk-create/template.csv',
      headers: companion.as('viewer'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    const template = response.body.replace(identityId ? '7012345678901234567' : '', identityId);
    const { body } = await plan(template);
    expect(errorsOf(body)).toEqual([]);
    expect(body.counts).toEqual({ campaigns: 1, adgroups: 1, ads: 1 });
  });
});

describe('a bad spreadsheet creates nothing and says where', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'unknown column',
      createCsv([campaignRow()], [...CREATE_COLUMNS, 'colour']),
      /^1:colour:Unknown column/,
    ],
    [
      'missing column',
      createCsv(
        [campaignRow()],
        CREATE_COLUMNS.filter((c) => c !== 'type'),
      ),
      /^1:type:The column "type" is missing/,
    ],
    [
      'not UTF-8',
      `${createCsv([campaignRow({ name: 'Caf\ufffd' })])}`,
      /^null:null:The file is not UTF-8/,
    ],
    ['empty', '', /The file is empty/],
    [
      'bad type',
      createCsv([campaignRow({ type: 'creative' })]),
      /^2:type:"creative" is not one of/,
    ],
    [
      'campaign budget below the USD minimum',
      createCsv([campaignRow({ budget: '49.99' })]),
      /^2:budget:At least \$50\.00 /,
    ],
    [
      'budget with three decimals',
      createCsv([campaignRow({ budget: '100.001' })]),
      /^2:budget:USD amounts have at most two decimals/,
    ],
    [
      'budget not a number',
      createCsv([campaignRow({ budget: '$100' })]),
      /^2:budget:"\$100" is not an amount/,
    ],
    [
      'budget with an unlimited campaign',
      createCsv([campaignRow({ budget_mode: 'BUDGET_MODE_INFINITE', budget: '100' })]),
      /^2:budget:A campaign without a budget limit/,
    ],
    ['missing name', createCsv([campaignRow({ name: '' })]), /^2:name:Required/],
    [
      'emoji in a name',
      createCsv([campaignRow({ name: 'Sale 🔥' })]),
      /^2:name:Names cannot contain emoji/,
    ],
    [
      'name taken by a live campaign',
      createCsv([campaignRow({ name: 'US | Prospecting | Evergreen' })]),
      /^2:name:A live campaign already has this name/,
    ],
    [
      'ad group without a parent',
      createCsv([campaignRow(), adGroupRow({ parent: '' })]),
      /^3:parent:Required/,
    ],
    [
      'parent ref not above',
      createCsv([adGroupRow({ parent: 'c9' })]),
      /^2:parent:No row above has the ref "c9"/,
    ],
    [
      'parent of the wrong type',
      createCsv([campaignRow(), adGroupRow(), ad(1, { parent: 'c1' })]),
      /^4:parent:"c1" \(row 2\) is a campaign, not a ad group/,
    ],
    [
      'unknown parent id',
      createCsv([adGroupRow({ parent: '1800000000000000001' })]),
      /^2:parent:There is no campaign 1800000000000000001/,
    ],
    [
      'duplicate ref',
      createCsv([campaignRow(), campaignRow({ name: 'Other' })]),
      /^3:ref:The ref "c1" is already used on row 2/,
    ],
    [
      'ad group budget below minimum',
      createCsv([campaignRow(), adGroupRow({ budget: '19' })]),
      /^3:budget:At least \$20\.00 /,
    ],
    [
      'lifetime ad group without an end',
      createCsv([campaignRow(), adGroupRow({ budget_mode: 'BUDGET_MODE_TOTAL', budget: '400' })]),
      /^3:schedule_end:A lifetime budget needs an end/,
    ],
    [
      'lifetime minimum over the days',
      createCsv([
        campaignRow(),
        adGroupRow({
          budget_mode: 'BUDGET_MODE_TOTAL',
          budget: '100',
          schedule_start: '2026-11-22 00:00',
          schedule_end: '2026-11-30 00:00',
        }),
      ]),
      /^3:budget:At least \$160\.00 .*for 8 days/,
    ],
    [
      'start in the past',
      createCsv([campaignRow(), adGroupRow({ schedule_start: '2026-11-19 00:00' })]),
      /^3:schedule_start:Cannot be more than 12 hours in the past/,
    ],
    [
      'end before start',
      createCsv([
        campaignRow(),
        adGroupRow({ schedule_start: '2026-11-25 00:00', schedule_end: '2026-11-24 00:00' }),
      ]),
      /^3:schedule_end:Must be after schedule_start/,
    ],
    [
      'bad time',
      createCsv([campaignRow(), adGroupRow({ schedule_start: 'tomorrow' })]),
      /^3:schedule_start:"tomorrow" is not a time/,
    ],
    [
      'custom bid without a bid',
      createCsv([campaignRow(), adGroupRow({ bid_type: 'BID_TYPE_CUSTOM' })]),
      /^3:bid:Required/,
    ],
    [
      'CPC bid above the maximum',
      createCsv([
        campaignRow(),
        adGroupRow({ bid_type: 'BID_TYPE_CUSTOM', bid: '31', budget: '100' }),
      ]),
      /^3:bid:At most \$30\.00 for CPC/,
    ],
    [
      'no location',
      createCsv([campaignRow(), adGroupRow({ location_ids: '' })]),
      /^3:location_ids:Required/,
    ],
    [
      'ad text too long',
      createCsv([campaignRow(), adGroupRow(), ad(1, { ad_text: 'x'.repeat(101) })]),
      /^4:ad_text:At most 100 characters/,
    ],
    [
      'video ad without a video',
      createCsv([campaignRow(), adGroupRow(), ad(1, { video_id: '' })]),
      /^4:video_id:Required/,
    ],
    [
      'not a web address',
      createCsv([campaignRow(), adGroupRow(), ad(1, { landing_page_url: 'bayme.store' })]),
      /^4:landing_page_url:"bayme.store" is not a web address/,
    ],
    [
      'a row with too many fields',
      `${createCsv([campaignRow()])},extra`,
      /^2:null:This row has 23 fields/,
    ],
  ];

  it.each(cases)('%s', async (_label, text, expected) => {
    const { status, body } = await plan(text);
    expect(status).toBe(200);
    expect(body.canApply).toBe(false);
    expect(
      errorsOf(body).some((e) => expected.test(e)),
      errorsOf(body).join('\n'),
    ).toBe(true);
    const apply = await companion.app.inject({
      method: 'POST',
      url: `/api/bulk-create/plans/${body.planId}/apply`,
      headers: companion.as('buyer'),
    });
    expect(apply.statusCode).toBe(400);
    const calls = await companion.emulator.control.calls();
    expect(Object.keys(calls.by_path).filter((path) => path.includes('create'))).toEqual([]);
  });

  it('refuses viewers and files over the size limit', async () => {
    expect((await plan(createCsv([campaignRow()]), 'viewer')).status).toBe(403);
    const big = await plan(`${createCsv([campaignRow()])}\r\n${'x'.repeat(600 * 1024)}`);
    expect(big.status).toBe(400);
  });
});

describe('failures mid-job', () => {
  it('reads ads back after an ad/create whose outcome is unknown, and sends only the missing ones', async () => {
    const { body } = await plan(createCsv([campaignRow(), adGroupRow(), ad(1), ad(2), ad(3)]));
    // A server error: TikTok may or may not have created the ads; the client does not repeat it.
    await companion.emulator.control.fault({ path: 'ad/create/', count: 1, code: 50002 });
    const job = await applyAndWait(body.planId);
    expect(job.counts).toMatchObject({ created: 5, failed: 0 });
    const state = await companion.emulator.control.state(US);
    const names = state.ads
      .map((a) => a.ad_name)
      .filter((n) => n.startsWith('Winter sale | Video'));
    expect(names.sort()).toEqual([
      'Winter sale | Video 1',
      'Winter sale | Video 2',
      'Winter sale | Video 3',
    ]);
    const calls = await companion.emulator.control.calls();
    expect(calls.by_path['ad/list/'] ?? calls.by_path['ad/get/']).toBeDefined();
  });

  it('retries a refused campaign create with the same request_id and creates it once', async () => {
    const { body } = await plan(createCsv([campaignRow(), adGroupRow()]));
    await companion.emulator.control.fault({ path: 'campaign/create/', count: 2, code: 50002 });
    const job = await applyAndWait(body.planId);
    expect(job.counts.created).toBe(2);
    const state = await companion.emulator.control.state(US);
    expect(state.campaigns.filter((c) => c.campaign_name === 'Winter sale')).toHaveLength(1);
    const calls = await companion.emulator.control.calls();
    expect(calls.by_path['campaign/create/']?.count).toBe(3);
  });

  it('skips the children of a row TikTok refuses, and reports each', async () => {
    const { body } = await plan(createCsv([campaignRow(), adGroupRow(), ad(1)]));
    await companion.emulator.control.fault({
      path: 'adgroup/create/',
      count: 1,
      code: 40002,
      message: 'budget: Injected refusal.',
    });
    const job = await applyAndWait(body.planId);
    const byRow = new Map(job.rows.map((r) => [r.row, r]));
    expect(byRow.get(2)?.state).toBe('created');
    expect(byRow.get(3)).toMatchObject({ state: 'failed' });
    expect(byRow.get(3)?.message).toContain('Injected refusal');
    expect(byRow.get(4)).toMatchObject({ state: 'skipped' });
  });
});

describe('duplication', () => {
  it('copies a campaign with its ad groups, paused, with a suffix and a new budget', async () => {
    const response = await companion.app.inject({
      method: 'POST',
      url: `/api/ad-accounts/${US}/bulk-create/duplicates`,
      headers: companion.as('buyer'),
      payload: { level: 'campaign', entityIds: [EVERGREEN], nameSuffix: ' (Q1)', budget: 600 },
    });
    expect(response.statusCode, response.body).toBe(200);
    const p = response.json() as CreatePlan;
    expect(errorsOf(p), errorsOf(p).join('\n')).toEqual([]);
    expect(p.counts.campaigns).toBe(1);
    expect(p.counts.adgroups).toBeGreaterThanOrEqual(4);
    const job = await applyAndWait(p.planId);
    expect(job.counts.failed).toBe(0);
    const state = await companion.emulator.control.state(US);
    const copy = state.campaigns.find(
      (c) => c.campaign_name === 'US | Prospecting | Evergreen (Q1)',
    );
    expect(copy).toMatchObject({ operation_status: 'DISABLE', budget: 600 });
    const groups = state.adgroups.filter((g) => g.campaign_id === copy?.campaign_id);
    expect(groups.length).toBe(p.counts.adgroups);
    expect(
      groups.every((g) => g.adgroup_name.endsWith(' (Q1)') && g.operation_status === 'DISABLE'),
    ).toBe(true);
    // Their ads are copied under the copied ad groups, with the same creative.
    const originalGroups = state.adgroups.filter((g) => g.campaign_id === EVERGREEN && !g.deleted);
    const originals = state.ads.filter(
      (ad) => !ad.deleted && originalGroups.some((g) => g.adgroup_id === ad.adgroup_id),
    );
    const copies = state.ads.filter((ad) => groups.some((g) => g.adgroup_id === ad.adgroup_id));
    expect(originals.length).toBeGreaterThan(0);
    expect(copies).toHaveLength(originals.length);
    expect(copies.map((ad) => ad.ad_text).sort()).toEqual(originals.map((ad) => ad.ad_text).sort());
  });
});
