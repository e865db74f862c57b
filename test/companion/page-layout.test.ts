import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import type { Role } from '../../companion-server/src/contract/common';
import type {
  LayoutSample,
  LayoutSampleSummary,
} from '../../companion-server/src/contract/page-layout';
import { fixtureFromSample, parseLayoutFixture } from '../fixtures/ads-manager/layout-fixture';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { layoutHints, layoutSample } from '../helpers/page-layout';

/**
 * Layout samples (admins store, list and download them; anything that looks like a raw id is
 * refused) and the layout hints document (viewers read it, admins replace or remove it; a
 * version means one content), through the real app, with the audit entries they leave.
 */

const SAMPLES = '/api/page-layout/samples';
const HINTS = '/api/page-layout/hints';

/** Every call of the clock is a millisecond later, so samples stored in a row sort by time. */
function steppingClock(): () => Date {
  let step = 0;
  return () => new Date(Date.now() + ++step);
}

async function teardown(companion: TestCompanion | undefined): Promise<void> {
  // Refused requests are audited after their answer: queue one more entry behind them, so
  // that the data directory is not removed while they are being written.
  await companion?.context.audit.append({
    actor: SYSTEM_ACTOR,
    action: 'test.teardown',
    outcome: 'success',
  });
  await companion?.close();
}

function request(
  companion: TestCompanion,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  role: Role = 'admin',
  payload?: unknown,
) {
  return companion.app.inject({
    method,
    url,
    headers: companion.as(role),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function postSample(
  companion: TestCompanion,
  sample: unknown = layoutSample(),
): Promise<{ sampleId: string; storedAt: string }> {
  const response = await request(companion, 'POST', SAMPLES, 'admin', sample);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function listSamples(companion: TestCompanion): Promise<LayoutSampleSummary[]> {
  const response = await request(companion, 'GET', SAMPLES);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().samples;
}

async function sampleFiles(companion: TestCompanion): Promise<string[]> {
  return (await readdir(join(companion.dataDir, 'layout-samples'))).sort();
}

async function auditEntries(companion: TestCompanion, action: string) {
  return (await companion.context.audit.query({ action, limit: 500 })).entries;
}

let companion: TestCompanion;

beforeAll(async () => {
  companion = await startTestCompanion({}, { now: steppingClock() });
});

afterAll(async () => {
  await teardown(companion);
});

describe('layout samples', () => {
  it('are stored by an admin, listed newest first and downloaded as sent', async () => {
    const older = layoutSample(3);
    const newer = { ...layoutSample(2), hintsVersion: '2026-05-20.1' };
    const first = await postSample(companion, older);
    const second = await postSample(companion, newer);
    expect(first.sampleId).toMatch(/^lay_\d{8}T\d{9}Z_[0-9a-f]{12}$/);
    expect(Date.parse(second.storedAt)).toBeGreaterThan(Date.parse(first.storedAt));

    const listed = await listSamples(companion);
    const ours = listed.filter((s) => [first.sampleId, second.sampleId].includes(s.sampleId));
    expect(ours).toEqual([
      {
        sampleId: second.sampleId,
        storedAt: second.storedAt,
        staffName: 'Test admin',
        page: { path: '/i18n/manage/campaign', level: 'campaign' },
        extensionVersion: '0.1.0',
        hintsVersion: '2026-05-20.1',
        nodeCount: 5,
        rows: 2,
        identifiedRows: 1,
      },
      {
        sampleId: first.sampleId,
        storedAt: first.storedAt,
        staffName: 'Test admin',
        page: { path: '/i18n/manage/campaign', level: 'campaign' },
        extensionVersion: '0.1.0',
        hintsVersion: 'built-in',
        nodeCount: 7,
        rows: 3,
        identifiedRows: 2,
      },
    ]);
    expect(listed.indexOf(ours[0] as LayoutSampleSummary)).toBeLessThan(
      listed.indexOf(ours[1] as LayoutSampleSummary),
    );

    const downloaded = await request(companion, 'GET', `${SAMPLES}/${first.sampleId}`);
    expect(downloaded.statusCode, downloaded.body).toBe(200);
    expect(downloaded.json()).toEqual(older);

    // One JSON file per sample, named by its id.
    const stored = JSON.parse(
      await readFile(join(companion.dataDir, 'layout-samples', `${first.sampleId}.json`), 'utf8'),
    );
    expect(stored.sample).toEqual(older);
    expect(stored.staff.staffId).toBe(companion.staffIds.admin);
  });

  it('accept a large sample (8,000 nodes) above the default body limit', async () => {
    const sample = layoutSample(1);
    const [root] = sample.nodes;
    const nodes: LayoutSample['nodes'] = [];
    for (let i = 0; i < 8_000; i += 1) {
      nodes.push({
        ...(root as LayoutSample['nodes'][number]),
        i,
        p: i === 0 ? null : i - 1,
        classes: ['css-a1b2c3', 'cl-w-full', 'cl-overflow-hidden'],
      });
    }
    const body = { ...sample, nodes };
    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    const { sampleId } = await postSample(companion, body);
    const summary = (await listSamples(companion)).find((s) => s.sampleId === sampleId);
    expect(summary?.nodeCount).toBe(8_000);
  });

  it('refuse a body over 3 MB with 413, storing nothing', async () => {
    const before = await sampleFiles(companion);
    const sample = layoutSample(1);
    const padding = 'x'.repeat(100);
    const nodes = Array.from({ length: 8_000 }, (_, i) => ({
      ...(sample.nodes[0] as LayoutSample['nodes'][number]),
      i,
      p: i === 0 ? null : 0,
      classes: Array.from({ length: 4 }, (_, k) => `${padding}${k}`),
    }));
    const body = JSON.stringify({ ...sample, nodes });
    expect(body.length).toBeGreaterThan(3 * 1024 * 1024);
    const response = await companion.app.inject({
      method: 'POST',
      url: SAMPLES,
      headers: { ...companion.as('admin'), 'content-type': 'application/json' },
      payload: body,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('too_large');
    expect(await sampleFiles(companion)).toEqual(before);
  });

  describe('that look like they carry a raw id', () => {
    const RAW = '7000000000000000001';
    const cases: Array<[string, (sample: LayoutSample) => void, string]> = [
      ['in a class', (s) => s.nodes[1]?.classes.push(`row-${RAW}`), 'nodes.1.classes.2'],
      [
        'in a React prop key',
        (s) => s.nodes[1]?.props.push({ path: ['rows', RAW, 'id'], token: 'ID_1' }),
        'nodes.1.props.1.path.1',
      ],
      [
        'in an attribute name',
        (s) => s.nodes[2]?.attrs.push({ name: `data-${RAW}`, tokens: [] }),
        'nodes.2.attrs.0.name',
      ],
      [
        'in the page path',
        (s) => {
          s.page.path = `/i18n/manage/campaign/${RAW}`;
        },
        'page.path',
      ],
      [
        'in a row reason',
        (s) => {
          const row = s.reading.rows[0];
          if (row) row.reason = `no_id_${RAW.slice(0, 10)}`;
        },
        'reading.rows.0.reason',
      ],
      [
        'in the extension version',
        (s) => {
          s.extensionVersion = `0.1.${RAW}`;
        },
        'extensionVersion',
      ],
    ];

    it.each(cases)('%s: 400 naming where, nothing stored', async (_label, spoil, where) => {
      const before = await sampleFiles(companion);
      const sample = layoutSample();
      spoil(sample);
      const response = await request(companion, 'POST', SAMPLES, 'admin', sample);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toEqual({
        code: 'invalid_request',
        message: `Invalid body: ${where}: Looks like a raw id (10 or more digits in a row); the extension must replace ids with placeholders before sending a sample.`,
      });
      expect(await sampleFiles(companion)).toEqual(before);
    });

    it('accepts nine digits in a row (a class hash, a pixel count)', async () => {
      const sample = layoutSample();
      sample.nodes[1]?.classes.push('css-123456789');
      await postSample(companion, sample);
    });
  });

  describe('malformed', () => {
    const cases: Array<[string, (sample: Record<string, any>) => void, RegExp]> = [
      ['without nodes', (s) => delete s.nodes, /^Invalid body: nodes: /],
      ['with no node at all', (s) => (s.nodes = []), /^Invalid body: nodes: /],
      ['with an unknown field', (s) => (s.html = '<div>'), /^Invalid body: .*html/],
      [
        'with an unknown field in a node',
        (s) => (s.nodes[1].outerHTML = '<div>'),
        /^Invalid body: nodes\.1: .*outerHTML/,
      ],
      [
        'with a node out of place',
        (s) => (s.nodes[2].i = 5),
        /^Invalid body: nodes\.2\.i: Expected 2, the node's index in nodes\.$/,
      ],
      [
        'with a parent after its child',
        (s) => (s.nodes[1].p = 3),
        /^Invalid body: nodes\.1\.p: Expected the index of a node before this one/,
      ],
      [
        'with a second root',
        (s) => (s.nodes[2].p = null),
        /^Invalid body: nodes\.2\.p: Expected the index of a node before this one/,
      ],
      [
        'with a placeholder of another form',
        (s) => (s.nodes[1].text = ['Spring sale']),
        /^Invalid body: nodes\.1\.text\.0: Expected a placeholder \(ID_<n> or NAME_<n>\)\.$/,
      ],
      [
        'with a name as a row id',
        (s) => (s.reading.rows[1].token = 'NAME_2'),
        /^Invalid body: reading\.rows\.1\.token: Expected an id placeholder/,
      ],
      [
        'with a box not rounded to half pixels',
        (s) => (s.nodes[1].rect[1] = 200.25),
        /^Invalid body: nodes\.1\.rect\.1: Expected a value rounded to 0\.5 px\.$/,
      ],
      [
        'with an upper-case tag',
        (s) => (s.nodes[1].tag = 'DIV'),
        /^Invalid body: nodes\.1\.tag: Expected a lowercase tag name\.$/,
      ],
      [
        'with a class holding whitespace',
        (s) => (s.nodes[1].classes = ['a b']),
        /^Invalid body: nodes\.1\.classes\.0: A class has no whitespace\.$/,
      ],
      [
        'with a query in the page path',
        (s) => (s.page.path = '/i18n/manage/campaign?aadvid=1'),
        /^Invalid body: page\.path: Expected a path starting with "\/", without query/,
      ],
      ['of another version', (s) => (s.version = 2), /^Invalid body: version: /],
      [
        'sticking another way than to the top or a side',
        (s) => Object.assign(s.nodes[1].style, { position: 'sticky', stuck: 'left' }),
        /^Invalid body: nodes\.1\.style\.stuck: /,
      ],
      [
        'saying which way a node sticks that is not sticky',
        (s) => (s.nodes[1].style.stuck = 'side'),
        /^Invalid body: nodes\.1\.style\.stuck: Only a sticky node says which way it sticks\.$/,
      ],
      [
        'with too many classes',
        (s) => (s.nodes[1].classes = Array.from({ length: 25 }, (_, k) => `c${k}`)),
        /^Invalid body: nodes\.1\.classes: /,
      ],
    ];

    it.each(cases)('%s: 400, nothing stored', async (_label, spoil, message) => {
      const before = await sampleFiles(companion);
      const sample = layoutSample() as unknown as Record<string, any>;
      spoil(sample);
      const response = await request(companion, 'POST', SAMPLES, 'admin', sample);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.message).toMatch(message);
      expect(await sampleFiles(companion)).toEqual(before);
    });
  });

  it.each(['buyer', 'viewer'] as const)('are for admins only: a %s gets 403', async (role) => {
    const { sampleId } = await postSample(companion);
    const before = await sampleFiles(companion);
    for (const [method, url, payload] of [
      ['POST', SAMPLES, layoutSample()],
      ['GET', SAMPLES, undefined],
      ['GET', `${SAMPLES}/${sampleId}`, undefined],
    ] as const) {
      const response = await request(companion, method, url, role, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.message).toBe(
        `Your role (${role}) may not do this; it needs admin or higher.`,
      );
    }
    expect(await sampleFiles(companion)).toEqual(before);
  });

  it('answer 404 for an unknown sample, and 400 for anything that is not a sample id', async () => {
    const missing = await request(
      companion,
      'GET',
      `${SAMPLES}/lay_20260101T000000000Z_000000000000`,
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe(
      'There is no layout sample lay_20260101T000000000Z_000000000000: it may have been removed (only the newest 200 are kept). List the samples to see those available.',
    );
    for (const id of ['..%2F..%2Fstate', '..%2Flayout-hints', 'lay_x', '%2Fetc%2Fpasswd']) {
      const response = await request(companion, 'GET', `${SAMPLES}/${id}`);
      expect(response.statusCode, id).toBe(400);
      expect(response.json().error.message).toBe('Invalid path: sampleId: Not a layout sample id.');
    }
  });

  it('leave a damaged file out of the list, and say so on download', async () => {
    const damagedId = 'lay_20200101T000000000Z_0123456789ab';
    await writeFile(
      join(companion.dataDir, 'layout-samples', `${damagedId}.json`),
      '{"version":1,"sampleId":',
    );
    const listed = await listSamples(companion);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map((s) => s.sampleId)).not.toContain(damagedId);
    const response = await request(companion, 'GET', `${SAMPLES}/${damagedId}`);
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toEqual({
      code: 'sample_damaged',
      message: `Layout sample ${damagedId} is damaged on the server (logged) and cannot be downloaded. Ask for a new sample from the Ads Manager page.`,
    });
  });

  it('are audited with the admin: storing and downloading', async () => {
    const { sampleId } = await postSample(companion);
    expect((await request(companion, 'GET', `${SAMPLES}/${sampleId}`)).statusCode).toBe(200);

    const [stored] = (await auditEntries(companion, 'page_layout.sample.store')).filter((e) =>
      e.entityIds.includes(sampleId),
    );
    expect(stored).toMatchObject({
      actor: { kind: 'staff', staffId: companion.staffIds.admin, email: 'admin@bayme.example' },
      outcome: 'success',
      message:
        'Stored a layout sample of the Ads Manager page /i18n/manage/campaign (7 nodes; the extension found the table and identified 2 of 3 rows).',
      details: {
        sampleId,
        nodeCount: 7,
        rows: 3,
        identifiedRows: 2,
        hintsVersion: 'built-in',
        pruned: [],
      },
    });
    const [downloaded] = (await auditEntries(companion, 'page_layout.sample.download')).filter(
      (e) => e.entityIds.includes(sampleId),
    );
    expect(downloaded).toMatchObject({
      actor: { kind: 'staff', staffId: companion.staffIds.admin },
      outcome: 'success',
      message: `Downloaded the layout sample ${sampleId} of /i18n/manage/campaign, sent by Test admin.`,
    });
  });

  it('keep 200 by default', () => {
    expect(companion.config.layoutSamplesKept).toBe(200);
  });
});

describe('pruning layout samples', () => {
  let small: TestCompanion;

  beforeAll(async () => {
    small = await startTestCompanion({ LAYOUT_SAMPLES_KEPT: '3' }, { now: steppingClock() });
  });

  afterAll(async () => {
    await teardown(small);
  });

  it('keeps the newest when a write goes over the limit', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) ids.push((await postSample(small)).sampleId);

    const newest = ids.slice(2).reverse();
    expect((await listSamples(small)).map((s) => s.sampleId)).toEqual(newest);
    expect(await sampleFiles(small)).toEqual(newest.map((id) => `${id}.json`).sort());
    const gone = await request(small, 'GET', `${SAMPLES}/${ids[0]}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toMatch(/only the newest 3 are kept/);

    const prunes = (await auditEntries(small, 'page_layout.sample.store'))
      .map((entry) => entry.details.pruned)
      .reverse();
    expect(prunes).toEqual([[], [], [], [ids[0]], [ids[1]]]);
  });
});

describe('layout hints', () => {
  let hints: TestCompanion;

  beforeAll(async () => {
    hints = await startTestCompanion();
  });

  afterAll(async () => {
    await teardown(hints);
  });

  const hintsFile = () => join(hints.dataDir, 'layout-hints.json');

  async function getHints(role: Role = 'viewer') {
    const response = await request(hints, 'GET', HINTS, role);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  it('are absent until an admin sets them, then served to every role', async () => {
    expect(await getHints()).toEqual({ hints: null, updatedBy: null });

    const document = layoutHints('2026-05-20.1');
    const put = await request(hints, 'PUT', HINTS, 'admin', document);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ hints: document, updatedBy: 'Test admin' });

    for (const role of ['viewer', 'buyer', 'admin'] as const) {
      expect(await getHints(role)).toEqual({ hints: document, updatedBy: 'Test admin' });
    }
    const stored = JSON.parse(await readFile(hintsFile(), 'utf8'));
    expect(stored).toMatchObject({
      version: 1,
      hints: document,
      updatedBy: { staffId: hints.staffIds.admin, name: 'Test admin' },
    });
  });

  it('are changed only by admins', async () => {
    const before = await getHints();
    for (const role of ['viewer', 'buyer'] as const) {
      const put = await request(hints, 'PUT', HINTS, role, layoutHints(`by-${role}`));
      expect(put.statusCode).toBe(403);
      const remove = await request(hints, 'DELETE', HINTS, role);
      expect(remove.statusCode).toBe(403);
      expect(remove.json().error.message).toBe(
        `Your role (${role}) may not do this; it needs admin or higher.`,
      );
    }
    expect(await getHints()).toEqual(before);
  });

  it('refuse a version already in force with other content (409), accept it unchanged', async () => {
    const current = layoutHints('2026-06-01.1');
    expect((await request(hints, 'PUT', HINTS, 'admin', current)).statusCode).toBe(200);

    const again = await request(hints, 'PUT', HINTS, 'admin', layoutHints('2026-06-01.1'));
    expect(again.statusCode, again.body).toBe(200);

    const changed = layoutHints('2026-06-01.1', 'div[class*="VirtualTable"]');
    const refused = await request(hints, 'PUT', HINTS, 'admin', changed);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({
      code: 'hints_version_reused',
      message:
        'Layout hints version 2026-06-01.1 is already in force with different content. Give the changed document a new version (e.g. 2026-06-01.2).',
    });
    expect((await getHints()).hints).toEqual(current);

    const renamed = { ...changed, version: '2026-06-01.2' };
    expect((await request(hints, 'PUT', HINTS, 'admin', renamed)).statusCode).toBe(200);
    expect((await getHints()).hints).toEqual(renamed);
  });

  it('refuse an invalid document', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'a version that is a timestamp',
        { ...layoutHints('1716212345678') },
        /^Invalid body: version: A version must not contain 10 or more digits in a row/,
      ],
      [
        'a version with a space',
        { ...layoutHints('v 2') },
        /^Invalid body: version: Expected 1 to 60 letters/,
      ],
      [
        'a date that is no month',
        {
          ...layoutHints('v3'),
          selectors: {
            ...layoutHints('v3').selectors,
            cell: [{ selector: '.cell', seen: 'May 2026' }],
          },
        },
        /^Invalid body: selectors\.cell\.0\.seen: Expected YYYY-MM or YYYY-MM-DD\.$/,
      ],
      [
        'an unknown selector list',
        {
          ...layoutHints('v3'),
          selectors: { ...layoutHints('v3').selectors, row: [] },
        },
        /^Invalid body: selectors: .*row/,
      ],
      ['code', { ...layoutHints('v3'), script: 'alert(1)' }, /^Invalid body: .*script/],
      [
        'too many id keys',
        {
          ...layoutHints('v3'),
          idKeys: { campaign: Array.from({ length: 21 }, (_, k) => `k${k}`), adgroup: [], ad: [] },
        },
        /^Invalid body: idKeys\.campaign: /,
      ],
    ];
    const before = await readFile(hintsFile(), 'utf8');
    for (const [label, body, message] of cases) {
      const response = await request(hints, 'PUT', HINTS, 'admin', body);
      expect(response.statusCode, label).toBe(400);
      expect(response.json().error.message, label).toMatch(message);
    }
    expect(await readFile(hintsFile(), 'utf8')).toBe(before);
  });

  it('treat a damaged file as absent', async () => {
    await writeFile(hintsFile(), '{"version":1,"hints":{"version":"v1"');
    expect(await getHints()).toEqual({ hints: null, updatedBy: null });
    // Valid JSON that is not a valid document is no better.
    await writeFile(
      hintsFile(),
      JSON.stringify({
        version: 1,
        hints: { ...layoutHints('v1'), listUrlSubstrings: 'list' },
        updatedBy: { staffId: hints.staffIds.admin, name: 'Test admin' },
        storedAt: '2026-05-20T10:00:00.000Z',
      }),
    );
    expect(await getHints()).toEqual({ hints: null, updatedBy: null });

    // Any version may then be set: there is no document in force to clash with.
    const document = layoutHints('v1');
    expect((await request(hints, 'PUT', HINTS, 'admin', document)).statusCode).toBe(200);
    expect((await getHints()).hints).toEqual(document);
  });

  it('are removed by an admin: back to the built-in list', async () => {
    expect((await request(hints, 'PUT', HINTS, 'admin', layoutHints('v9'))).statusCode).toBe(200);
    const removed = await request(hints, 'DELETE', HINTS, 'admin');
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toEqual({ removed: true });
    expect(await getHints()).toEqual({ hints: null, updatedBy: null });
    await expect(readFile(hintsFile(), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });

    const again = await request(hints, 'DELETE', HINTS, 'admin');
    expect(again.json()).toEqual({ removed: false });
  });

  it('are audited with the admin: every change, with the documents before and after', async () => {
    const first = layoutHints('audit-1');
    const second = layoutHints('audit-2', 'x-table');
    expect((await request(hints, 'PUT', HINTS, 'admin', first)).statusCode).toBe(200);
    expect((await request(hints, 'PUT', HINTS, 'admin', second)).statusCode).toBe(200);
    expect(
      (await request(hints, 'PUT', HINTS, 'admin', { ...first, version: 'audit-2' })).statusCode,
    ).toBe(409);
    expect((await request(hints, 'DELETE', HINTS, 'admin')).statusCode).toBe(200);

    const admin = { kind: 'staff', staffId: hints.staffIds.admin, email: 'admin@bayme.example' };
    const [rejected, replaced] = await auditEntries(hints, 'page_layout.hints.update');
    expect(replaced).toMatchObject({
      actor: admin,
      outcome: 'success',
      message: 'Replaced layout hints version audit-1 with audit-2.',
      changes: [{ entityId: 'layout-hints', field: 'document', before: first, after: second }],
    });
    expect(rejected).toMatchObject({
      actor: admin,
      outcome: 'rejected',
      message:
        'Refused layout hints version audit-2: that version is already in force with other content.',
    });
    const [deleted] = await auditEntries(hints, 'page_layout.hints.delete');
    expect(deleted).toMatchObject({
      actor: admin,
      outcome: 'success',
      message: 'Removed layout hints version audit-2: the extension uses its built-in list.',
      changes: [{ entityId: 'layout-hints', field: 'document', before: second, after: null }],
    });
  });
});

describe('npm run layout:fixture', () => {
  const run = promisify(execFile);
  const script = 'test/fixtures/ads-manager/sample-to-fixture.ts';
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'layout-fixture-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fixtureTool(...args: string[]) {
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...args]);
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('turns a downloaded sample into a fixture expecting what the extension read', async () => {
    const { sampleId } = await postSample(companion, layoutSample(3));
    const downloaded = await request(companion, 'GET', `${SAMPLES}/${sampleId}`);
    const samplePath = join(dir, `${sampleId}.json`);
    await writeFile(samplePath, downloaded.body);

    const made = await fixtureTool(samplePath, 'campaign-list-test', '--out-dir', dir);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^Wrote .*campaign-list-test\.sample\.json: the campaign list/);
    expect(made.stdout).toMatch(/identified 2 of them/);
    expect(made.stdout).toMatch(/Next:\n {2}1\. Check expected\.rows/);
    const file = join(dir, 'campaign-list-test.sample.json');
    const fixture = parseLayoutFixture(await readFile(file, 'utf8'), file);
    expect(fixture).toEqual(fixtureFromSample(downloaded.json()));
    expect(fixture.expected.rows.map((row) => row.token)).toEqual([null, 'ID_2', 'ID_3']);

    const again = await fixtureTool(samplePath, 'campaign-list-test', '--out-dir', dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already\. Choose another name, or add --force/);
    const forced = await fixtureTool(samplePath, 'campaign-list-test', '--out-dir', dir, '--force');
    expect(forced.code, forced.stderr).toBe(0);
  });

  it('refuses a file that is not a valid sample, and a name that is not kebab-case', async () => {
    const spoiled = layoutSample();
    spoiled.nodes[1]?.classes.push('row-7000000000000000001');
    const samplePath = join(dir, 'spoiled.json');
    await writeFile(samplePath, JSON.stringify(spoiled));
    const refused = await fixtureTool(samplePath, 'spoiled', '--out-dir', dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/nodes\.1\.classes\.2: Looks like a raw id/);

    const badName = await fixtureTool(samplePath, 'Spoiled_Name', '--out-dir', dir);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/is not kebab-case/);
    expect((await readdir(dir)).filter((name) => name.startsWith('spoiled.sample'))).toEqual([]);
  });
});
