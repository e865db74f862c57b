import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import type { Role } from '../../companion-server/src/contract/common';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/** Staff management: the admin routes, one's own key, and the `npm run staff` CLI. */

const KEY_PATTERN = /^bayme_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/;
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const secretOf = (key: string) => key.slice(-43);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Refused requests are audited after their answer: queue one more entry behind them, so that
 * the data directory is not removed while they are being written.
 */
async function closeCompanion(target: TestCompanion | undefined): Promise<void> {
  if (!target) return;
  await target.context.audit.append({
    actor: SYSTEM_ACTOR,
    action: 'test.teardown',
    outcome: 'success',
  });
  await target.close();
}

function api(companion: TestCompanion) {
  const send = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: Record<string, unknown>,
  ) => {
    const response = await companion.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: response.statusCode, body: response.json(), text: response.body };
  };
  const admin = () => companion.as('admin');
  return {
    send,
    me: (key: string) => send('GET', '/api/me', bearer(key)),
    list: () => send('GET', '/api/staff', admin()),
    add: (body: { email: string; name: string; role: Role }) =>
      send('POST', '/api/staff', admin(), body),
    update: (staffId: string, body: Record<string, unknown>) =>
      send('PATCH', `/api/staff/${staffId}`, admin(), body),
    disable: (staffId: string, body: Record<string, unknown> = {}) =>
      send('POST', `/api/staff/${staffId}/disable`, admin(), body),
    enable: (staffId: string) => send('POST', `/api/staff/${staffId}/enable`, admin(), {}),
    rotate: (staffId: string) => send('POST', `/api/staff/${staffId}/rotate-key`, admin(), {}),
  };
}

/** A real TikTok connection (through the emulator) created by the given staff member. */
async function connectAs(companion: TestCompanion, staffId: string) {
  const [account] = (await companion.emulator.control.state()).advertisers;
  if (!account) throw new Error('The emulator has no seeded ad account.');
  const accessToken = await companion.emulator.control.mintToken([account.advertiser_id]);
  const { connectionId } = await companion.context.connections.connect(
    {
      accessToken,
      advertiserIds: [account.advertiser_id],
      scope: [],
      expiresInSeconds: null,
      refreshToken: null,
    },
    companion.context.staff.find(staffId),
  );
  return { connectionId, accessToken, advertiserId: account.advertiser_id };
}

describe('admin routes', () => {
  let companion: TestCompanion;
  let staff: ReturnType<typeof api>;

  beforeEach(async () => {
    companion = await startTestCompanion();
    staff = api(companion);
  });

  afterEach(async () => {
    await closeCompanion(companion);
  });

  it('add shows the new key once; the list and state.json never hold it', async () => {
    const added = await staff.add({
      email: 'New.Buyer@Bayme.Example',
      name: '  New Buyer ',
      role: 'buyer',
    });
    expect(added.status).toBe(200);
    expect(added.body.staff).toMatchObject({
      email: 'new.buyer@bayme.example',
      name: 'New Buyer',
      role: 'buyer',
      status: 'active',
      disabledAt: null,
      lastSeenAt: null,
    });
    const { key } = added.body;
    expect(key).toMatch(KEY_PATTERN);
    const me = await staff.me(key);
    expect(me.status).toBe(200);
    expect(me.body.staff).toEqual({
      id: added.body.staff.id,
      email: 'new.buyer@bayme.example',
      name: 'New Buyer',
      role: 'buyer',
    });

    const listed = await staff.list();
    expect(listed.status).toBe(200);
    expect(listed.body.staff.find((s: { id: string }) => s.id === added.body.staff.id)).toEqual({
      ...added.body.staff,
      lastSeenAt: expect.any(String),
    });
    for (const text of [
      listed.text,
      (await staff.update(added.body.staff.id, { name: 'B' })).text,
    ]) {
      expect(text).not.toContain(secretOf(key));
      expect(text).not.toMatch(/"(key|keys|hash)"/);
    }

    const stateFile = await readFile(join(companion.dataDir, 'state.json'), 'utf8');
    expect(stateFile).not.toContain(secretOf(key));
    const stored = JSON.parse(stateFile).staff.find(
      (s: { id: string }) => s.id === added.body.staff.id,
    );
    expect(stored.keys).toEqual([
      {
        keyId: key.split('_')[1],
        hash: sha256(secretOf(key)),
        createdAt: added.body.staff.createdAt,
        lastUsedAt: expect.any(String),
        revokedAt: null,
      },
    ]);
  });

  it('refuses a second member with the same email, in any case, with 409', async () => {
    const duplicate = await staff.add({
      email: 'BUYER@bayme.example',
      name: 'Again',
      role: 'admin',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toEqual({
      code: 'staff_exists',
      message: 'A staff member with the email buyer@bayme.example already exists.',
    });
    expect((await staff.list()).body.staff).toHaveLength(3);
  });

  it('update changes the name and the role, and the role applies to the next request', async () => {
    const viewerId = companion.staffIds.viewer;
    const viewerKey = companion.keys.viewer;
    const start = () => staff.send('POST', '/api/oauth/start', bearer(viewerKey));
    expect((await start()).status).toBe(403);

    const promoted = await staff.update(viewerId, { role: 'buyer' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.staff).toMatchObject({ id: viewerId, role: 'buyer', name: 'Test viewer' });
    expect((await start()).status).toBe(200);

    const renamed = await staff.update(viewerId, { name: 'Vera Viewer' });
    expect(renamed.body.staff).toMatchObject({ role: 'buyer', name: 'Vera Viewer' });
    expect((await staff.me(viewerKey)).body.staff.name).toBe('Vera Viewer');

    await staff.update(viewerId, { role: 'viewer' });
    expect((await start()).status).toBe(403);
  });

  it('update of someone unknown is 404', async () => {
    const response = await staff.update('stf_000000000000', { name: 'Nobody' });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe('No staff member with id stf_000000000000.');
  });

  it('disable without an heir revokes their TikTok connections', async () => {
    const buyerId = companion.staffIds.buyer;
    const { connectionId, accessToken } = await connectAs(companion, buyerId);

    const disabled = await staff.disable(buyerId);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({
      staff: { id: buyerId, status: 'disabled', disabledAt: expect.any(String) },
      connectionsRevoked: [connectionId],
      connectionsReassigned: [],
    });
    expect((await staff.me(companion.keys.buyer)).status).toBe(401);

    await expect
      .poll(async () => {
        const connections = await staff.send('GET', '/api/connections', companion.as('admin'));
        return connections.body.connections.find((c: { id: string }) => c.id === connectionId)
          ?.status;
      })
      .toBe('revoked');
    const token = (await companion.emulator.control.state()).tokens.find(
      (t) => t.access_token === accessToken,
    );
    expect(token?.revoked_at).not.toBeNull();
    const accounts = await staff.send('GET', '/api/ad-accounts', companion.as('admin'));
    expect(accounts.body.adAccounts).toEqual([]);
  });

  it('disable with reassignConnectionsTo hands their connections to the heir', async () => {
    const buyerId = companion.staffIds.buyer;
    const adminId = companion.staffIds.admin;
    const { connectionId, advertiserId } = await connectAs(companion, buyerId);

    const disabled = await staff.disable(buyerId, { reassignConnectionsTo: adminId });
    expect(disabled.status).toBe(200);
    expect(disabled.body.connectionsReassigned).toEqual([connectionId]);
    expect(disabled.body.connectionsRevoked).toEqual([]);

    const connections = await staff.send('GET', '/api/connections', companion.as('admin'));
    expect(connections.body.connections).toEqual([
      expect.objectContaining({
        id: connectionId,
        status: 'active',
        createdBy: { id: adminId, email: 'admin@bayme.example', name: 'Test admin' },
      }),
    ]);
    const accounts = await staff.send('GET', '/api/ad-accounts', companion.as('viewer'));
    expect(accounts.body.adAccounts).toEqual([
      expect.objectContaining({ advertiserId, connectionId, health: 'ok' }),
    ]);
  });

  it('refuses a bad heir with 400 and leaves everything as it was', async () => {
    const buyerId = companion.staffIds.buyer;
    const { connectionId } = await connectAs(companion, buyerId);
    const formerAdmin = (
      await staff.add({ email: 'gone@bayme.example', name: 'Gone', role: 'admin' })
    ).body.staff.id;
    expect((await staff.disable(formerAdmin)).status).toBe(200);

    const heirs: Array<[string, RegExp]> = [
      ['stf_000000000000', /another active staff member/],
      [buyerId, /another active staff member/],
      [formerAdmin, /another active staff member/],
      [companion.staffIds.viewer, /viewer@bayme\.example is a viewer/],
    ];
    for (const [heir, message] of heirs) {
      const refused = await staff.disable(buyerId, { reassignConnectionsTo: heir });
      expect(refused.status, heir).toBe(400);
      expect(refused.body.error.message).toMatch(message);
    }
    const malformed = await staff.disable(buyerId, { reassignConnectionsTo: 'not an id!' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_request');

    expect((await staff.me(companion.keys.buyer)).status).toBe(200);
    const connections = await staff.send('GET', '/api/connections', companion.as('admin'));
    expect(connections.body.connections).toEqual([
      expect.objectContaining({ id: connectionId, status: 'active' }),
    ]);
    expect(connections.body.connections[0].createdBy.id).toBe(buyerId);
  });

  it('enable keeps the old keys revoked; rotate-key then issues a working one', async () => {
    const buyerId = companion.staffIds.buyer;
    const oldKey = companion.keys.buyer;
    expect((await staff.disable(buyerId)).status).toBe(200);
    const again = await staff.disable(buyerId);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_disabled');

    const enabled = await staff.enable(buyerId);
    expect(enabled.status).toBe(200);
    expect(enabled.body.staff).toMatchObject({ status: 'active', disabledAt: null });
    expect((await staff.me(oldKey)).status).toBe(401);
    const twice = await staff.enable(buyerId);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_active');

    const rotated = await staff.rotate(buyerId);
    expect(rotated.status).toBe(200);
    expect(rotated.body.key).toMatch(KEY_PATTERN);
    expect((await staff.me(rotated.body.key)).body.staff.id).toBe(buyerId);
    expect((await staff.me(oldKey)).status).toBe(401);
  });

  it('rotate-key revokes the old key at once; a disabled member gets no key', async () => {
    const viewerId = companion.staffIds.viewer;
    const rotated = await staff.rotate(viewerId);
    expect(rotated.status).toBe(200);
    expect(rotated.body.staff.id).toBe(viewerId);
    expect(rotated.body.key).not.toBe(companion.keys.viewer);
    expect((await staff.me(companion.keys.viewer)).status).toBe(401);
    expect((await staff.me(rotated.body.key)).status).toBe(200);

    await staff.disable(viewerId);
    const refused = await staff.rotate(viewerId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('staff_disabled');
  });

  it('never disables or demotes the last active admin', async () => {
    const adminId = companion.staffIds.admin;
    const disableSelf = await staff.disable(adminId);
    expect(disableSelf.status).toBe(409);
    expect(disableSelf.body.error).toEqual({
      code: 'last_admin',
      message: 'Cannot disable the last active admin: make someone else an admin first.',
    });
    const demoteSelf = await staff.update(adminId, { role: 'buyer' });
    expect(demoteSelf.status).toBe(409);
    expect(demoteSelf.body.error.code).toBe('last_admin');

    // A disabled admin is no stand-in.
    const other = (
      await staff.add({ email: 'second@bayme.example', name: 'Second', role: 'admin' })
    ).body.staff.id;
    await staff.disable(other);
    expect((await staff.update(adminId, { role: 'buyer' })).status).toBe(409);

    // An active one is.
    await staff.enable(other);
    const demoted = await staff.update(adminId, { role: 'buyer' });
    expect(demoted.status).toBe(200);
    expect(demoted.body.staff.role).toBe('buyer');
    expect((await staff.list()).status).toBe(403);
    expect((await staff.me(companion.keys.admin)).body.staff.role).toBe('buyer');
  });

  it('lets anyone rotate their own key through /api/me/rotate-key', async () => {
    const rotated = await staff.send('POST', '/api/me/rotate-key', companion.as('viewer'));
    expect(rotated.status).toBe(200);
    expect(rotated.body.key).toMatch(KEY_PATTERN);
    expect(Date.parse(rotated.body.createdAt)).not.toBeNaN();
    expect((await staff.me(companion.keys.viewer)).status).toBe(401);
    const me = await staff.me(rotated.body.key);
    expect(me.status).toBe(200);
    expect(me.body.staff.id).toBe(companion.staffIds.viewer);
  });
});

describe('lastSeenAt', () => {
  const start = Date.parse('2026-03-02T09:00:00.000Z');
  let now = start;
  let companion: TestCompanion;

  beforeAll(async () => {
    companion = await startTestCompanion({}, { now: () => new Date(now) });
  });

  afterAll(async () => {
    await closeCompanion(companion);
  });

  const lastSeen = async () => {
    const listed = await companion.app.inject({
      method: 'GET',
      url: '/api/staff',
      headers: companion.as('admin'),
    });
    return listed.json().staff.find((s: { id: string }) => s.id === companion.staffIds.viewer)
      .lastSeenAt;
  };
  const requestAsViewerAt = async (ms: number) => {
    now = ms;
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: companion.as('viewer'),
    });
    expect(response.statusCode).toBe(200);
  };

  it('records when a key is used, to the minute', async () => {
    expect(await lastSeen()).toBeNull();
    await requestAsViewerAt(start + 1_000);
    expect(await lastSeen()).toBe('2026-03-02T09:00:01.000Z');
    await requestAsViewerAt(start + 31_000);
    expect(await lastSeen()).toBe('2026-03-02T09:00:01.000Z');
    await requestAsViewerAt(start + 5 * 60_000);
    expect(await lastSeen()).toBe('2026-03-02T09:05:00.000Z');
  });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(dataDir: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    // `npm run staff` is `tsx companion-server/src/staff/cli.ts`; the same loader in one process
    // starts in half the time.
    execFile(
      process.execPath,
      ['--import', 'tsx', 'companion-server/src/staff/cli.ts', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, DATA_DIR: dataDir }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the staff CLI, while the server runs', () => {
  let companion: TestCompanion;
  let cliKey: string;
  const cli = (...args: string[]) => runCli(companion.dataDir, args);
  const me = (key: string) =>
    companion.app.inject({ method: 'GET', url: '/api/me', headers: bearer(key) });

  beforeAll(async () => {
    companion = await startTestCompanion();
  });

  afterAll(async () => {
    await closeCompanion(companion);
  });

  it('add prints a key that the running server accepts', async () => {
    const result = await cli(
      'add',
      'Cli.Buyer@bayme.example',
      '--role',
      'buyer',
      '--name',
      'Cli Buyer',
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Added cli.buyer@bayme.example (buyer).');
    const key = /(bayme_\S+)/.exec(result.stdout)?.[1] ?? '';
    expect(key).toMatch(KEY_PATTERN);
    cliKey = key;

    const response = await me(key);
    expect(response.statusCode).toBe(200);
    expect(response.json().staff).toMatchObject({
      email: 'cli.buyer@bayme.example',
      name: 'Cli Buyer',
      role: 'buyer',
    });

    const audit = await companion.app.inject({
      method: 'GET',
      url: '/api/audit?action=staff.add&limit=1',
      headers: companion.as('admin'),
    });
    expect(audit.json().entries[0]).toMatchObject({
      action: 'staff.add',
      outcome: 'success',
      actor: { kind: 'system', staffId: null, email: expect.stringMatching(/^cli:/) },
      entityIds: [response.json().staff.id],
    });
  });

  it("disable refuses that person's very next request", async () => {
    expect((await me(cliKey)).statusCode).toBe(200);
    const result = await cli('disable', 'cli.buyer@bayme.example');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Disabled cli.buyer@bayme.example; their keys no longer work.');
    expect((await me(cliKey)).statusCode).toBe(401);
  });

  it('list shows everyone with status, role and last use', async () => {
    const result = await cli('list');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const line = (email: string) => lines.find((l) => l.includes(` ${email} `)) ?? '';
    expect(line('cli.buyer@bayme.example')).toMatch(
      /^x cli\.buyer@bayme\.example +buyer +Cli Buyer +last seen \d{4}-\d\d-\d\dT[\d:.]+Z$/,
    );
    expect(line('viewer@bayme.example')).toMatch(
      /^ {2}viewer@bayme\.example +viewer +Test viewer +last seen never$/,
    );
    expect(line('admin@bayme.example')).toMatch(
      /^ {2}admin@bayme\.example +admin +Test admin +last seen \d{4}-/,
    );
  });

  it('enable and rotate-key give a disabled person a new working key', async () => {
    const enabled = await cli('enable', 'cli.buyer@bayme.example');
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toContain('npm run staff -- rotate-key cli.buyer@bayme.example');
    expect((await me(cliKey)).statusCode).toBe(401);

    const rotated = await cli('rotate-key', 'cli.buyer@bayme.example');
    expect(rotated.code).toBe(0);
    const key = /(bayme_\S+)/.exec(rotated.stdout)?.[1] ?? '';
    expect(key).toMatch(KEY_PATTERN);
    expect((await me(key)).statusCode).toBe(200);
  });

  it('explains bad usage and exits non-zero', async () => {
    const [unknown, noRole, noEmail, nobody] = await Promise.all([
      cli('frobnicate'),
      cli('add', 'someone@bayme.example'),
      cli('rotate-key'),
      cli('disable', 'nobody@bayme.example'),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'Usage: npm run staff -- <add|list|disable|enable|rotate-key>',
    );
    expect(noRole.code).toBe(1);
    expect(noRole.stderr).toContain('--role must be viewer, buyer or admin.');
    expect(noRole.stderr).toContain('Usage: npm run staff');
    expect(noEmail.code).toBe(1);
    expect(noEmail.stderr).toContain('"rotate-key" needs an email.');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No staff member with the email nobody@bayme.example.');

    const listed = await companion.app.inject({
      method: 'GET',
      url: '/api/staff',
      headers: companion.as('admin'),
    });
    expect(listed.json().staff.map((s: { email: string }) => s.email)).not.toContain(
      'someone@bayme.example',
    );
  });
});
