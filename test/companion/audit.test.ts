import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import type { AuditEntry } from '../../companion-server/src/contract/audit';
import type { Role } from '../../companion-server/src/contract/common';
import { generateStaffKey } from '../../companion-server/src/security/staff-keys';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/** The audit log through the server: what is recorded, what is never recorded, and reading it. */

let companion: TestCompanion;
let emailCounter = 0;

/**
 * The server's clock: real time, moved forward by the tests that need entries apart in time
 * (instead of waiting). Times the tests compare with entries come from it too.
 */
let clockOffsetMs = 0;
const serverNow = () => new Date(Date.now() + clockOffsetMs);
const advanceClock = (ms: number) => {
  clockOffsetMs += ms;
};

beforeAll(async () => {
  companion = await startTestCompanion({}, { now: serverNow });
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

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function inject(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  headers: Record<string, string>,
  payload?: Record<string, unknown>,
  remoteAddress?: string,
) {
  const response = await companion.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload }),
    ...(remoteAddress === undefined ? {} : { remoteAddress }),
  });
  return { status: response.statusCode, body: response.json() };
}

async function addStaff(role: Role, headers = companion.as('admin')) {
  const email = `audited-${++emailCounter}@bayme.example`;
  const added = await inject('POST', '/api/staff', headers, { email, name: 'Audited', role });
  expect(added.status).toBe(200);
  return { id: added.body.staff.id as string, email, key: added.body.key as string };
}

async function audit(query: Record<string, string | number> = {}) {
  const search = new URLSearchParams(
    Object.entries(query).map(([name, value]) => [name, String(value)]),
  );
  // Admins read the whole log (audit-scope.test.ts covers what viewers and buyers read).
  const response = await inject('GET', `/api/audit?${search}`, companion.as('admin'));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { entries: AuditEntry[]; nextCursor: string | null };
}

async function rawAuditFiles(): Promise<string> {
  const dir = join(companion.dataDir, 'audit');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.jsonl'));
  const texts = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));
  return texts.join('');
}

describe('what is recorded', () => {
  it('every staff change: who did it, when, what, to whom', async () => {
    const startedAt = serverNow().getTime();
    const target = await addStaff('viewer');
    const admin = companion.as('admin');
    expect(
      (await inject('PATCH', `/api/staff/${target.id}`, admin, { role: 'buyer' })).status,
    ).toBe(200);
    expect((await inject('POST', `/api/staff/${target.id}/disable`, admin, {})).status).toBe(200);
    expect((await inject('POST', `/api/staff/${target.id}/enable`, admin, {})).status).toBe(200);
    expect((await inject('POST', `/api/staff/${target.id}/rotate-key`, admin, {})).status).toBe(
      200,
    );

    const { entries } = await audit({ entityId: target.id });
    expect(entries.map((entry) => entry.action)).toEqual([
      'staff.rotate_key',
      'staff.enable',
      'staff.disable',
      'staff.update',
      'staff.add',
    ]);
    for (const entry of entries) {
      expect(entry.actor).toEqual({
        kind: 'staff',
        staffId: companion.staffIds.admin,
        email: 'admin@bayme.example',
      });
      expect(entry.outcome).toBe('success');
      expect(entry.entityIds).toContain(target.id);
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(startedAt - 1);
      expect(Date.parse(entry.at)).toBeLessThanOrEqual(serverNow().getTime());
    }
    const byAction = Object.fromEntries(entries.map((entry) => [entry.action, entry]));
    expect(byAction['staff.add']?.changes).toEqual([
      { entityId: target.id, field: 'role', before: null, after: 'viewer' },
    ]);
    expect(byAction['staff.update']?.changes).toEqual([
      { entityId: target.id, field: 'role', before: 'viewer', after: 'buyer' },
    ]);
    expect(byAction['staff.disable']?.changes).toEqual([
      { entityId: target.id, field: 'status', before: 'active', after: 'disabled' },
    ]);
    expect(byAction['staff.add']?.message).toBe(`Added ${target.email} as viewer.`);
  });

  it('the first use of each key, once per key', async () => {
    let now = Date.parse('2026-03-02T09:00:00.000Z');
    const clocked = await startTestCompanion({}, { now: () => new Date(now) });
    try {
      const { staff, key } = await clocked.context.staff.add(
        { email: 'first-use@bayme.example', name: 'First Use', role: 'viewer' },
        SYSTEM_ACTOR,
      );
      const callWith = async (withKey: string) => {
        now += 5 * 60_000; // past the resolution of lastUsedAt, so every use is written
        const response = await clocked.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: bearer(withKey),
        });
        expect(response.statusCode).toBe(200);
      };
      await callWith(key);
      await callWith(key);
      await callWith(key);
      const rotated = await clocked.context.staff.rotateKey(staff.id, SYSTEM_ACTOR);
      await callWith(rotated.key);
      await callWith(rotated.key);

      const { entries } = await clocked.context.audit.query({
        action: 'key.first_use',
        entityId: staff.id,
      });
      expect(entries.map((entry) => entry.details.keyId)).toEqual([
        rotated.key.split('_')[1],
        key.split('_')[1],
      ]);
      for (const entry of entries) {
        expect(entry.actor).toEqual({ kind: 'staff', staffId: staff.id, email: staff.email });
        expect(entry.outcome).toBe('success');
        expect(JSON.stringify(entry)).not.toContain(key.slice(-43));
        expect(JSON.stringify(entry)).not.toContain(rotated.key.slice(-43));
      }
    } finally {
      await clocked.close();
    }
  });

  it('requests refused with 401, without the key that was presented', async () => {
    const from = serverNow().toISOString();
    const revoked = await addStaff('admin');
    expect(
      (await inject('POST', `/api/staff/${revoked.id}/rotate-key`, companion.as('admin'), {}))
        .status,
    ).toBe(200);
    const unknownKey = generateStaffKey().key;
    const malformed = 'Bearer bayme_not-quite-a-key-SECRETISH';
    const attempts: Array<[Record<string, string>, string]> = [
      [{}, 'none'],
      [bearer(unknownKey), 'unknown or revoked'],
      [bearer(revoked.key), 'unknown or revoked'],
      [{ authorization: malformed }, 'malformed'],
    ];
    // Each from its own address: refusals from one source within a minute are counted into
    // one entry (refused-requests.test.ts), and these are about what one entry holds.
    const addressOf = (index: number) => `192.0.2.${100 + index}`;
    for (const [index, [headers, presentedKey]] of attempts.entries()) {
      const path = `/api/staff?probe=${encodeURIComponent(presentedKey)}&key=${unknownKey}`;
      expect((await inject('GET', path, headers, undefined, addressOf(index))).status).toBe(401);
    }

    await expect
      .poll(async () => (await audit({ action: 'request.rejected', from })).entries.length)
      .toBe(4);
    const { entries } = await audit({ action: 'request.rejected', from });
    expect(entries.map((entry) => entry.details.presentedKey)).toEqual(
      attempts.map(([, kind]) => kind).reverse(),
    );
    expect(entries.map((entry) => entry.details.ip)).toEqual(
      attempts.map((_attempt, index) => addressOf(index)).reverse(),
    );
    for (const entry of entries) {
      expect(entry).toMatchObject({
        actor: { kind: 'anonymous', staffId: null, email: null },
        action: 'request.rejected',
        outcome: 'rejected',
        message: 'GET /api/staff refused with 401.',
        details: { status: 401, origin: null, count: 1 },
      });
    }

    const raw = await rawAuditFiles();
    for (const secret of [
      unknownKey,
      unknownKey.slice(-43),
      revoked.key,
      revoked.key.slice(-43),
      'SECRETISH',
    ]) {
      expect(raw).not.toContain(secret);
    }
  });

  it('requests refused with 403: a role too low, a foreign origin', async () => {
    const from = serverNow().toISOString();
    const viewer = await addStaff('viewer');
    expect((await inject('GET', '/api/staff', bearer(viewer.key))).status).toBe(403);
    const admin = await addStaff('admin');
    const foreign = { ...bearer(admin.key), origin: 'https://evil.example' };
    expect((await inject('GET', '/api/me', foreign)).status).toBe(403);

    await expect
      .poll(async () => (await audit({ action: 'request.rejected', from })).entries.length)
      .toBe(2);
    const [fromForeignOrigin, fromViewer] = (await audit({ action: 'request.rejected', from }))
      .entries;
    expect(fromViewer).toMatchObject({
      actor: { kind: 'staff', staffId: viewer.id, email: viewer.email },
      outcome: 'rejected',
      message: 'GET /api/staff refused with 403.',
      details: { status: 403, presentedKey: 'valid', origin: null },
    });
    // Who presented a valid key from a foreign page matters most: it may have been stolen.
    expect(fromForeignOrigin).toMatchObject({
      actor: { kind: 'staff', staffId: admin.id, email: admin.email },
      outcome: 'rejected',
      message: 'GET /api/me refused with 403.',
      details: { status: 403, presentedKey: 'valid', origin: 'https://evil.example' },
    });

    const raw = await rawAuditFiles();
    expect(raw).not.toContain(viewer.key.slice(-43));
    expect(raw).not.toContain(admin.key.slice(-43));
  });

  it('requests refused however their path is spelled', async () => {
    const from = serverNow().toISOString();
    const response = await companion.app.inject({
      method: 'GET',
      url: '/%61pi/staff',
      remoteAddress: '192.0.2.200',
    });
    expect(response.statusCode).toBe(401);
    await expect
      .poll(async () => (await audit({ action: 'request.rejected', from })).entries.length)
      .toBe(1);
  });

  it('no key a staff member was given, in any entry', async () => {
    const added = await addStaff('buyer');
    const rotated = await inject('POST', '/api/me/rotate-key', bearer(added.key));
    expect(rotated.status).toBe(200);
    const raw = await rawAuditFiles();
    for (const key of [added.key, rotated.body.key as string, ...Object.values(companion.keys)]) {
      expect(raw).not.toContain(key.slice(-43));
    }
  });
});

describe('reading it: GET /api/audit', () => {
  it('filters by the acting staff member', async () => {
    const otherAdmin = await addStaff('admin');
    const byOther = await addStaff('viewer', bearer(otherAdmin.key));
    const { entries } = await audit({ staffId: otherAdmin.id, action: 'staff.add' });
    expect(entries.map((entry) => entry.entityIds)).toEqual([[byOther.id]]);
    expect(entries.every((entry) => entry.actor.staffId === otherAdmin.id)).toBe(true);
  });

  it('filters by action, exactly or by prefix', async () => {
    const target = await addStaff('viewer');
    await inject('PATCH', `/api/staff/${target.id}`, companion.as('admin'), { name: 'Renamed' });
    const exact = await audit({ entityId: target.id, action: 'staff.update' });
    expect(exact.entries.map((entry) => entry.action)).toEqual(['staff.update']);
    const prefix = await audit({ entityId: target.id, action: 'staff.' });
    expect(prefix.entries.map((entry) => entry.action)).toEqual(['staff.update', 'staff.add']);
    const none = await audit({ entityId: target.id, action: 'staff' });
    expect(none.entries).toEqual([]);
  });

  it('filters by ad account', async () => {
    const advertiserId = '7000000000000000001';
    for (const action of ['adgroup.budget.update', 'campaign.status.update']) {
      await companion.context.audit.append({
        actor: { kind: 'staff', staffId: companion.staffIds.buyer, email: 'buyer@bayme.example' },
        action,
        outcome: 'success',
        advertiserId,
        entityIds: ['1800000000000000001'],
      });
    }
    await companion.context.audit.append({
      actor: SYSTEM_ACTOR,
      action: 'adgroup.budget.update',
      outcome: 'success',
      advertiserId: '7000000000000000002',
    });
    const { entries } = await audit({ advertiserId });
    expect(entries.map((entry) => entry.action)).toEqual([
      'campaign.status.update',
      'adgroup.budget.update',
    ]);
    expect(entries.every((entry) => entry.advertiserId === advertiserId)).toBe(true);
  });

  it('finds the connection of an ad account when filtering by that ad account', async () => {
    const [account] = (await companion.emulator.control.state()).advertisers;
    if (!account) throw new Error('The emulator has no seeded ad account.');
    const accessToken = await companion.emulator.control.mintToken([account.advertiser_id]);
    const imported = await inject('POST', '/api/connections/import', companion.as('admin'), {
      accessToken,
    });
    expect(imported.status).toBe(200);

    const byEntity = await audit({ entityId: account.advertiser_id, action: 'oauth.connect' });
    expect(byEntity.entries).toHaveLength(1);
    const byAccount = await audit({ advertiserId: account.advertiser_id });
    expect(byAccount.entries.map((entry) => entry.action)).toContain('oauth.connect');
  });

  it('filters by time range', async () => {
    const early = await addStaff('viewer');
    advanceClock(1_000);
    const from = serverNow().toISOString();
    advanceClock(1_000);
    const middle = await addStaff('viewer');
    advanceClock(1_000);
    const to = serverNow().toISOString();
    advanceClock(1_000);
    await addStaff('viewer');

    const { entries } = await audit({ action: 'staff.add', from, to });
    expect(entries.map((entry) => entry.entityIds[0])).toEqual([middle.id]);
    const since = await audit({ action: 'staff.add', from });
    expect(since.entries).toHaveLength(2);
    const until = await audit({ action: 'staff.add', to: from });
    expect(until.entries.map((entry) => entry.entityIds[0])).toContain(early.id);
    expect(until.entries.map((entry) => entry.entityIds[0])).not.toContain(middle.id);
  });

  it('pages through more than 120 entries, newest first, with cursor and limit', async () => {
    const target = await addStaff('viewer');
    for (let i = 0; i < 125; i += 1) {
      const updated = await inject('PATCH', `/api/staff/${target.id}`, companion.as('admin'), {
        name: `Name ${i}`,
      });
      expect(updated.status).toBe(200);
    }

    const pages: AuditEntry[][] = [];
    let cursor: string | null = null;
    do {
      const page: { entries: AuditEntry[]; nextCursor: string | null } = await audit({
        entityId: target.id,
        limit: 50,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(page.entries);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);

    expect(pages.map((page) => page.length)).toEqual([50, 50, 26]);
    const all = pages.flat();
    const ids = all.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(126);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(all[0]?.changes[0]?.after).toBe('Name 124');
    expect(all.at(-1)?.action).toBe('staff.add');

    const single = await audit({ entityId: target.id, limit: 500 });
    expect(single.entries.map((entry) => entry.id)).toEqual(ids);
    expect(single.nextCursor).toBeNull();
  });

  it.each([
    ['limit=0', /^Invalid query: limit: /],
    ['limit=501', /^Invalid query: limit: /],
    ['staffId=not%20an%20id', /^Invalid query: staffId: /],
    ['advertiserId=abc', /^Invalid query: advertiserId: /],
    ['from=yesterday', /^Invalid query: from: /],
  ])('refuses %s with 400 and says which parameter', async (query, message) => {
    const response = await inject('GET', `/api/audit?${query}`, companion.as('viewer'));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
    expect(response.body.error.message).toMatch(message);
  });
});
