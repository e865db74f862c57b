import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBackgroundJobs } from '../../companion-server/src/connections/background-jobs';
import { ConnectionService } from '../../companion-server/src/connections/connection-service';
import type { Role } from '../../companion-server/src/contract/common';
import { AppError } from '../../companion-server/src/errors';
import { MarketingApiError } from '../../companion-server/src/marketing-api/errors';
import { decryptSecret } from '../../companion-server/src/security/token-vault';
import type { EncryptedSecret } from '../../companion-server/src/storage/state-schema';
import { authorizeThroughConsentPage, clientFor } from '../helpers/client';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * The life of a TikTok connection after OAuth: disconnecting, noticing a token TikTok no
 * longer accepts, revoking the connections of disabled staff, superseding by a newer
 * authorization, and refreshing expiring tokens (the emulator's hypothetical mode).
 */

const DAY_MS = 24 * 3_600_000;
const TIKTOK_REQUEST_ID = /^\d{14}[0-9A-F]{16}$/;

let companion: TestCompanion;
/** The companion's clock. */
let clock: Date;
let accounts: string[];

beforeEach(async () => {
  clock = new Date();
  companion = await startTestCompanion({}, { now: () => clock });
  accounts = (await companion.emulator.control.state()).advertisers.map((a) => a.advertiser_id);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await companion.close();
});

interface Connected {
  connectionId: string;
  accessToken: string;
}

/** Connect ad accounts through the consent page as this role; the new connection and token. */
async function connect(role: Role = 'buyer', advertiserIds?: string[]): Promise<Connected> {
  const before = new Set(
    (await companion.emulator.control.state()).tokens.map((t) => t.access_token),
  );
  const started = await companion.app.inject({
    method: 'POST',
    url: '/api/oauth/start',
    headers: companion.as(role),
  });
  const redirect = await authorizeThroughConsentPage(
    started.json().authorizationUrl,
    advertiserIds,
  );
  const page = await companion.app.inject({ method: 'GET', url: `/oauth/callback?${redirect}` });
  expect(page.statusCode).toBe(200);
  const outcome = companion.context.store
    .read()
    .oauthAttempts.find((a) => a.id === started.json().attemptId)?.outcome;
  const issued = (await companion.emulator.control.state()).tokens.filter(
    (t) => !before.has(t.access_token),
  );
  if (outcome?.kind !== 'connected' || issued.length !== 1 || !issued[0]) {
    throw new Error('the connection did not complete');
  }
  return { connectionId: outcome.connectionId, accessToken: issued[0].access_token };
}

function connection(connectionId: string) {
  const found = companion.context.store.read().connections.find((c) => c.id === connectionId);
  if (!found) throw new Error(`no connection ${connectionId}`);
  return found;
}

async function emulatorToken(accessToken: string) {
  return (await companion.emulator.control.state()).tokens.find(
    (t) => t.access_token === accessToken,
  );
}

async function adAccounts(): Promise<
  Array<{ advertiserId: string; health: string; connectionId: string }>
> {
  const response = await companion.app.inject({
    method: 'GET',
    url: '/api/ad-accounts',
    headers: companion.as('viewer'),
  });
  expect(response.statusCode).toBe(200);
  return response.json().adAccounts;
}

function checkRoute(connectionId: string, role: Role = 'buyer') {
  return companion.app.inject({
    method: 'POST',
    url: `/api/connections/${connectionId}/check`,
    headers: companion.as(role),
  });
}

async function auditEntries(action: string) {
  return (await companion.context.audit.query({ action })).entries;
}

function decrypt(secret: EncryptedSecret | null, boundTo: string): string {
  if (!secret) throw new Error(`nothing stored for ${boundTo}`);
  return decryptSecret(secret, companion.context.keyring, boundTo);
}

/** The same service on the same storage, with a client that gives up after quick retries. */
function serviceWithQuickRetries(): ConnectionService {
  const { context } = companion;
  return new ConnectionService({
    store: context.store,
    audit: context.audit,
    keyring: context.keyring,
    marketingApi: clientFor(companion.emulator).client,
    log: context.log,
    now: () => clock,
  });
}

describe('disconnecting', () => {
  it('an admin disconnects: revoked at TikTok, token and ad accounts forgotten, audited', async () => {
    const { connectionId, accessToken } = await connect();
    const revoke = vi.spyOn(companion.context.marketingApi.oauth, 'revokeToken');

    const response = await companion.app.inject({
      method: 'DELETE',
      url: `/api/connections/${connectionId}`,
      headers: companion.as('admin'),
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().connection).toMatchObject({
      id: connectionId,
      status: 'revoked',
      advertiserIds: accounts,
    });
    expect((await emulatorToken(accessToken))?.revoked_at).not.toBeNull();
    expect(connection(connectionId)).toMatchObject({
      status: 'revoked',
      token: null,
      refreshToken: null,
    });
    expect(await adAccounts()).toEqual([]);

    expect(revoke).toHaveBeenCalledTimes(1);
    const [revoked] = revoke.mock.results;
    const result = (await revoked?.value) as { requestId: string } | undefined;
    const requestId = result?.requestId;
    expect(requestId).toMatch(TIKTOK_REQUEST_ID);
    const [entry] = await auditEntries('oauth.disconnect');
    expect(entry).toMatchObject({
      outcome: 'success',
      actor: { kind: 'staff', staffId: companion.staffIds.admin },
      entityIds: [connectionId, ...accounts],
      tiktokRequestIds: [requestId],
    });
  });

  it('a second disconnect is refused with 409', async () => {
    const { connectionId } = await connect();
    const remove = () =>
      companion.app.inject({
        method: 'DELETE',
        url: `/api/connections/${connectionId}`,
        headers: companion.as('admin'),
      });
    expect((await remove()).statusCode).toBe(200);

    const again = await remove();

    expect(again.statusCode).toBe(409);
    expect(again.json().error).toEqual({
      code: 'already_revoked',
      message: 'This connection is already disconnected.',
    });
  });

  it('buyers and viewers may not disconnect (403), and nothing changes', async () => {
    const { connectionId, accessToken } = await connect();

    for (const role of ['buyer', 'viewer'] as const) {
      const response = await companion.app.inject({
        method: 'DELETE',
        url: `/api/connections/${connectionId}`,
        headers: companion.as(role),
      });
      expect(response.statusCode).toBe(403);
    }

    expect(connection(connectionId).status).toBe('active');
    expect((await emulatorToken(accessToken))?.revoked_at).toBeNull();
    expect(await adAccounts()).toHaveLength(3);
  });

  it('a connection TikTok already dropped still disconnects cleanly', async () => {
    const { connectionId, accessToken } = await connect();
    await companion.emulator.control.revokeToken(accessToken);

    const response = await companion.app.inject({
      method: 'DELETE',
      url: `/api/connections/${connectionId}`,
      headers: companion.as('admin'),
    });

    expect(response.statusCode).toBe(200);
    expect(connection(connectionId)).toMatchObject({ status: 'revoked', token: null });
    expect(await adAccounts()).toEqual([]);
  });
});

describe('disconnecting when TikTok refuses the revocation', () => {
  // Known gap (reported): the refusal surfaces as a generic 500 and is not audited.
  it('answers 502 with TikTok’s reason and keeps the connection', async () => {
    const { connectionId, accessToken } = await connect();
    await companion.emulator.control.fault({
      path: 'oauth2/revoke_token/',
      code: 40002,
      message: 'access_token: field is invalid.',
    });

    const response = await companion.app.inject({
      method: 'DELETE',
      url: `/api/connections/${connectionId}`,
      headers: companion.as('admin'),
    });

    expect(connection(connectionId).status).toBe('active');
    expect((await emulatorToken(accessToken))?.revoked_at).toBeNull();
    expect(await adAccounts()).toHaveLength(3);
    expect(response.statusCode).toBe(502);
    expect(response.json().error.code).toBe('tiktok_error');
    expect(response.json().error.message).toContain('access_token: field is invalid.');
  });

  it('records the failed disconnect in the audit log', async () => {
    const { connectionId } = await connect();
    await companion.emulator.control.fault({ path: 'oauth2/revoke_token/', code: 40002 });

    await companion.app.inject({
      method: 'DELETE',
      url: `/api/connections/${connectionId}`,
      headers: companion.as('admin'),
    });

    const entries = await auditEntries('oauth.disconnect');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: 'failure',
      actor: { kind: 'staff', staffId: companion.staffIds.admin },
      entityIds: expect.arrayContaining([connectionId]),
    });
  });
});

describe('noticing a token TikTok no longer accepts', () => {
  it('a check after the advertiser revoked the app marks the connection broken', async () => {
    const { connectionId, accessToken } = await connect();
    await companion.emulator.control.revokeToken(accessToken);

    const response = await checkRoute(connectionId);

    expect(response.statusCode).toBe(200);
    const view = response.json().connection;
    expect(view.status).toBe('broken');
    expect(view.statusReason).toBe(
      'TikTok says the authorization was revoked or is no longer valid. Re-authorize the ad accounts.',
    );
    expect((await adAccounts()).map((a) => a.health)).toEqual(['broken', 'broken', 'broken']);
    const [entry] = await auditEntries('oauth.broken');
    expect(entry).toMatchObject({
      outcome: 'failure',
      actor: { kind: 'system' },
      entityIds: [connectionId],
      message: view.statusReason,
    });
  });

  it('a healthy check records when it ran and keeps the connection active', async () => {
    const { connectionId } = await connect();
    clock = new Date(clock.getTime() + 3_600_000);

    const response = await checkRoute(connectionId);

    expect(response.json().connection).toMatchObject({
      status: 'active',
      statusReason: null,
      lastCheckedAt: clock.toISOString(),
    });
  });

  it('viewers may not run a check (403)', async () => {
    const { connectionId } = await connect();

    expect((await checkRoute(connectionId, 'viewer')).statusCode).toBe(403);
  });

  it('a Marketing API call that meets 40105 marks the connection broken and rethrows', async () => {
    const { connectionId, accessToken } = await connect();
    const { connections, marketingApi } = companion.context;
    const [advertiserId = ''] = accounts;
    const describeAccount = (token: string) => marketingApi.advertisers.info(token, [advertiserId]);

    const info = await connections.withAdvertiserToken(advertiserId, describeAccount);
    expect(info.map((a) => a.name)).toEqual(['Bayme US']);

    await companion.emulator.control.revokeToken(accessToken);
    const failure = await connections
      .withAdvertiserToken(advertiserId, describeAccount)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MarketingApiError);
    expect(failure).toMatchObject({ code: 40105, category: 'reauthorize' });
    expect(connection(connectionId)).toMatchObject({
      status: 'broken',
      statusReason:
        'TikTok says the authorization was revoked or is no longer valid. Re-authorize the ad accounts.',
    });
    expect((await adAccounts()).every((a) => a.health === 'broken')).toBe(true);

    // Later calls are refused before reaching TikTok, with what to do.
    const call = vi.fn(describeAccount);
    const refused = await connections
      .withAdvertiserToken(advertiserId, call)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ statusCode: 409, code: 'connection_broken' });
    expect((refused as Error).message).toMatch(/Re-authorize it\.$/);
    expect(call).not.toHaveBeenCalled();
  });

  it('a call refused for another reason leaves the connection active', async () => {
    const { connectionId } = await connect();
    const { connections, marketingApi } = companion.context;
    const [advertiserId = ''] = accounts;
    await companion.emulator.control.fault({ path: 'advertiser/info/', code: 40002 });

    const failure = await connections
      .withAdvertiserToken(advertiserId, (token) =>
        marketingApi.advertisers.info(token, [advertiserId]),
      )
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ code: 40002, category: 'invalid_request' });
    expect(connection(connectionId).status).toBe('active');
  });

  it('a transient failure (50000 until the retries run out) leaves the connection active', async () => {
    const { connectionId } = await connect();
    const checkedBefore = connection(connectionId).lastCheckedAt;
    await companion.emulator.control.fault({
      path: 'oauth2/advertiser/get/',
      code: 50000,
      count: 4,
    });
    clock = new Date(clock.getTime() + 60_000);

    const view = await serviceWithQuickRetries().check(connectionId);

    const { by_path } = await companion.emulator.control.calls({ path: 'oauth2/advertiser/get/' });
    expect(by_path['oauth2/advertiser/get/']?.codes['50000']).toBe(4);
    expect(view).toMatchObject({
      status: 'active',
      statusReason: null,
      lastCheckedAt: checkedBefore,
    });
    expect(await auditEntries('oauth.broken')).toEqual([]);
  });

  it('an HTTP 502 until the retries run out leaves the connection active', async () => {
    const { connectionId } = await connect();
    await companion.emulator.control.fault({
      path: 'oauth2/advertiser/get/',
      http_status: 502,
      count: 4,
    });

    const view = await serviceWithQuickRetries().check(connectionId);

    expect(view.status).toBe('active');
    const { calls } = await companion.emulator.control.calls({ path: 'oauth2/advertiser/get/' });
    expect(calls.filter((c) => c.http_status === 502)).toHaveLength(4);
  });

  it('a single transient failure during a check is retried and the check succeeds', async () => {
    const { connectionId } = await connect();
    await companion.emulator.control.fault({ path: 'oauth2/advertiser/get/', code: 50000 });
    clock = new Date(clock.getTime() + 60_000);

    const response = await checkRoute(connectionId);

    expect(response.json().connection).toMatchObject({
      status: 'active',
      lastCheckedAt: clock.toISOString(),
    });
  });

  it('a check that finds an ad account no longer granted records it and shows it to staff', async () => {
    const { connectionId, accessToken } = await connect();
    const [lost = '', ...kept] = accounts;
    // The advertiser unticks one account in TikTok; the emulator's control API has no call
    // for that, so its state is changed directly.
    const token = companion.emulator.server.runtime.state.tokens.get(accessToken);
    if (!token) throw new Error('token missing in the emulator');
    token.advertiser_ids = kept;

    const response = await checkRoute(connectionId);

    expect(response.json().connection).toMatchObject({ status: 'active', advertiserIds: kept });
    const [entry] = await auditEntries('oauth.accounts_lost');
    expect(entry).toMatchObject({ outcome: 'failure', entityIds: [connectionId, lost] });
    // Known gap (reported): the lost account is still listed as healthy.
    const health = Object.fromEntries((await adAccounts()).map((a) => [a.advertiserId, a.health]));
    expect(health).toEqual({ [lost]: 'broken', [kept[0] ?? '']: 'ok', [kept[1] ?? '']: 'ok' });
  });

  it('checkAll checks every active connection and marks only the refused ones broken', async () => {
    const [us = '', uk = '', jp = ''] = accounts;
    const first = await connect('buyer', [us]);
    const second = await connect('admin', [uk, jp]);
    const third = await connect('buyer', [jp]);
    // `second` still covers uk; `third` took jp over.
    await companion.emulator.control.revokeToken(first.accessToken);
    await companion.emulator.control.clearCalls();
    clock = new Date(clock.getTime() + 3_600_000);

    await companion.context.connections.checkAll();

    expect(connection(first.connectionId).status).toBe('broken');
    expect(connection(second.connectionId)).toMatchObject({
      status: 'active',
      lastCheckedAt: clock.toISOString(),
    });
    expect(connection(third.connectionId).status).toBe('active');
    const health = Object.fromEntries((await adAccounts()).map((a) => [a.advertiserId, a.health]));
    expect(health).toEqual({ [us]: 'broken', [uk]: 'ok', [jp]: 'ok' });
    const { by_path } = await companion.emulator.control.calls({ path: 'oauth2/advertiser/get/' });
    expect(by_path['oauth2/advertiser/get/']?.count).toBe(3);

    // Broken connections are not asked again.
    await companion.emulator.control.clearCalls();
    await companion.context.connections.checkAll();
    const again = await companion.emulator.control.calls({ path: 'oauth2/advertiser/get/' });
    expect(again.total).toBe(2);
  });

  it('re-authorizing fixes a broken connection: the accounts move to the new one', async () => {
    const old = await connect();
    await companion.emulator.control.revokeToken(old.accessToken);
    await checkRoute(old.connectionId);

    const fresh = await connect();

    expect((await adAccounts()).map((a) => [a.health, a.connectionId])).toEqual(
      accounts.map(() => ['ok', fresh.connectionId]),
    );
    expect(connection(old.connectionId).status).toBe('revoking');
    await companion.context.connections.processRevocations();
    expect(connection(old.connectionId)).toMatchObject({ status: 'revoked', token: null });
    expect(connection(fresh.connectionId).status).toBe('active');
  });
});

describe('the periodic jobs', () => {
  it('sweep revocations at once and every minute, and check health after 30 s and then every interval', async () => {
    const { context } = companion;
    const revocations = vi
      .spyOn(context.connections, 'processRevocations')
      .mockResolvedValue(undefined);
    const checks = vi.spyOn(context.connections, 'checkAll').mockResolvedValue(undefined);
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      const jobs = startBackgroundJobs(context);
      await vi.advanceTimersByTimeAsync(0);
      expect(revocations).toHaveBeenCalledTimes(1);
      expect(checks).not.toHaveBeenCalled();

      await vi.advanceTimersByTimeAsync(30_000);
      expect(checks).toHaveBeenCalledTimes(1);

      await vi.advanceTimersByTimeAsync(30_000);
      expect(revocations).toHaveBeenCalledTimes(2);

      await vi.advanceTimersByTimeAsync(context.config.healthCheckIntervalMs - 60_000);
      expect(checks).toHaveBeenCalledTimes(2);
      expect(context.config.healthCheckIntervalMs).toBe(360 * 60_000);

      jobs.stop();
      const [revocationRuns, checkRuns] = [revocations.mock.calls.length, checks.mock.calls.length];
      await vi.advanceTimersByTimeAsync(2 * context.config.healthCheckIntervalMs);
      expect(revocations).toHaveBeenCalledTimes(revocationRuns);
      expect(checks).toHaveBeenCalledTimes(checkRuns);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never overlaps a run of the same job, and keeps going after a failed run', async () => {
    const { context } = companion;
    let finish: () => void = () => undefined;
    const revocations = vi
      .spyOn(context.connections, 'processRevocations')
      .mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)))
      .mockRejectedValueOnce(new Error('TikTok unreachable'))
      .mockResolvedValue(undefined);
    vi.spyOn(context.connections, 'checkAll').mockResolvedValue(undefined);
    const logged = vi.spyOn(context.log, 'error');
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      const jobs = startBackgroundJobs(context);
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(revocations).toHaveBeenCalledTimes(1);

      finish();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(revocations).toHaveBeenCalledTimes(2);
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ job: 'revocations' }),
        'background job failed',
      );

      await vi.advanceTimersByTimeAsync(60_000);
      expect(revocations).toHaveBeenCalledTimes(3);
      jobs.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('disabling the staff member who created a connection', () => {
  it('marks their connections for revocation; processRevocations revokes them at TikTok', async () => {
    const [us = '', uk = '', jp = ''] = accounts;
    const theirs = await connect('buyer', [us, uk]);
    const admins = await connect('admin', [jp]);
    const admin = {
      kind: 'staff' as const,
      staffId: companion.staffIds.admin,
      email: 'admin@bayme.example',
    };

    const result = await companion.context.staff.disable(companion.staffIds.buyer, {}, admin);

    expect(result.connectionsRevoked).toEqual([theirs.connectionId]);
    expect(connection(theirs.connectionId)).toMatchObject({
      status: 'revoking',
      statusReason:
        'buyer@bayme.example was disabled; the authorization is being revoked at TikTok.',
    });
    expect((await emulatorToken(theirs.accessToken))?.revoked_at).toBeNull();
    const healthBefore = Object.fromEntries(
      (await adAccounts()).map((a) => [a.advertiserId, a.health]),
    );
    expect(healthBefore).toEqual({ [us]: 'broken', [uk]: 'broken', [jp]: 'ok' });

    await companion.context.connections.processRevocations();

    expect((await emulatorToken(theirs.accessToken))?.revoked_at).not.toBeNull();
    expect((await emulatorToken(admins.accessToken))?.revoked_at).toBeNull();
    expect(connection(theirs.connectionId)).toMatchObject({ status: 'revoked', token: null });
    expect(connection(admins.connectionId).status).toBe('active');
    expect((await adAccounts()).map((a) => a.advertiserId)).toEqual([jp]);
    const [entry] = await auditEntries('oauth.revoke');
    expect(entry).toMatchObject({
      outcome: 'success',
      actor: { kind: 'system' },
      entityIds: [theirs.connectionId, us, uk],
    });
    expect(entry?.tiktokRequestIds[0]).toMatch(TIKTOK_REQUEST_ID);
  });

  it('through the admin route, the revocation at TikTok follows without waiting for the sweep', async () => {
    const { connectionId, accessToken } = await connect();

    const response = await companion.app.inject({
      method: 'POST',
      url: `/api/staff/${companion.staffIds.buyer}/disable`,
      headers: companion.as('admin'),
      payload: {},
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      connectionsRevoked: [connectionId],
      connectionsReassigned: [],
    });
    await vi.waitFor(async () => {
      expect((await emulatorToken(accessToken))?.revoked_at).not.toBeNull();
      expect(connection(connectionId).status).toBe('revoked');
    });
    expect(await adAccounts()).toEqual([]);
  });

  it('a revocation TikTok fails transiently stays pending and is retried by the next sweep', async () => {
    const { connectionId, accessToken } = await connect();
    const system = { kind: 'system' as const, staffId: null, email: null };
    await companion.context.staff.disable(companion.staffIds.buyer, {}, system);
    await companion.emulator.control.fault({ path: 'oauth2/revoke_token/', code: 50000, count: 4 });
    const sweeper = serviceWithQuickRetries();

    await sweeper.processRevocations();

    expect(connection(connectionId).status).toBe('revoking');
    expect(connection(connectionId).token).not.toBeNull();
    expect(await auditEntries('oauth.revoke')).toEqual([]);

    await sweeper.processRevocations();

    expect(connection(connectionId)).toMatchObject({ status: 'revoked', token: null });
    expect((await emulatorToken(accessToken))?.revoked_at).not.toBeNull();
    expect(await auditEntries('oauth.revoke')).toHaveLength(1);
  });

  it('with reassignConnectionsTo, the connection stays and changes hands', async () => {
    const { connectionId, accessToken } = await connect();

    const response = await companion.app.inject({
      method: 'POST',
      url: `/api/staff/${companion.staffIds.buyer}/disable`,
      headers: companion.as('admin'),
      payload: { reassignConnectionsTo: companion.staffIds.admin },
    });
    await companion.context.connections.processRevocations();

    expect(response.json()).toMatchObject({
      connectionsRevoked: [],
      connectionsReassigned: [connectionId],
    });
    expect(connection(connectionId)).toMatchObject({
      status: 'active',
      createdBy: companion.staffIds.admin,
    });
    expect((await emulatorToken(accessToken))?.revoked_at).toBeNull();
    expect((await adAccounts()).map((a) => a.health)).toEqual(['ok', 'ok', 'ok']);
    const listed = await companion.app.inject({
      method: 'GET',
      url: '/api/connections',
      headers: companion.as('viewer'),
    });
    expect(listed.json().connections[0].createdBy).toEqual({
      id: companion.staffIds.admin,
      email: 'admin@bayme.example',
      name: 'Test admin',
    });
  });

  it('refuses to hand connections to a viewer, and changes nothing', async () => {
    const { connectionId } = await connect();

    const response = await companion.app.inject({
      method: 'POST',
      url: `/api/staff/${companion.staffIds.buyer}/disable`,
      headers: companion.as('admin'),
      payload: { reassignConnectionsTo: companion.staffIds.viewer },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'viewer@bayme.example is a viewer; connections can only go to a buyer or an admin.',
    );
    expect(connection(connectionId)).toMatchObject({
      status: 'active',
      createdBy: companion.staffIds.buyer,
    });
  });
});

describe('re-authorizing the same ad accounts', () => {
  it('supersedes the old connection: revoked at TikTok, accounts on the new one', async () => {
    const old = await connect();
    const fresh = await connect();

    expect((await adAccounts()).map((a) => a.connectionId)).toEqual(
      accounts.map(() => fresh.connectionId),
    );
    expect(connection(old.connectionId)).toMatchObject({
      status: 'revoking',
      statusReason: 'Replaced by a newer authorization of the same ad accounts.',
    });
    const [connected] = await auditEntries('oauth.connect');
    expect(connected?.details).toEqual({ supersededConnections: [old.connectionId] });

    await companion.context.connections.processRevocations();

    expect((await emulatorToken(old.accessToken))?.revoked_at).not.toBeNull();
    expect((await emulatorToken(fresh.accessToken))?.revoked_at).toBeNull();
    expect(connection(old.connectionId)).toMatchObject({ status: 'revoked', token: null });
    expect(connection(fresh.connectionId).status).toBe('active');
    expect((await adAccounts()).map((a) => a.health)).toEqual(['ok', 'ok', 'ok']);
  });

  it('keeps the old connection while it still serves an ad account', async () => {
    const [us = ''] = accounts;
    const old = await connect();
    const fresh = await connect('buyer', [us]);

    const byAccount = Object.fromEntries(
      (await adAccounts()).map((a) => [a.advertiserId, a.connectionId]),
    );
    expect(byAccount[us]).toBe(fresh.connectionId);
    expect(Object.values(byAccount).filter((id) => id === old.connectionId)).toHaveLength(2);
    expect(connection(old.connectionId).status).toBe('active');
    expect((await emulatorToken(old.accessToken))?.revoked_at).toBeNull();
  });
});

describe('expiring tokens (the emulator’s hypothetical mode)', () => {
  const LIFETIME_SECONDS = 3 * 24 * 3600;

  beforeEach(async () => {
    await companion.emulator.control.settings({ advertiserTokenLifetimeSeconds: LIFETIME_SECONDS });
  });

  function refreshTokenOf(accessToken: string): string {
    const token = companion.emulator.server.runtime.state.tokens.get(accessToken);
    if (!token?.refresh_token) throw new Error('the emulator issued no refresh token');
    return token.refresh_token;
  }

  it('stores the expiry and the encrypted refresh token', async () => {
    const { connectionId, accessToken } = await connect();

    const stored = connection(connectionId);
    expect(stored.expiresAt).toBe(
      new Date(clock.getTime() + LIFETIME_SECONDS * 1000).toISOString(),
    );
    expect(decrypt(stored.refreshToken, `${connectionId}:refresh`)).toBe(
      refreshTokenOf(accessToken),
    );
  });

  it('does not refresh while the expiry is more than a day away', async () => {
    const { connectionId, accessToken } = await connect();
    clock = new Date(clock.getTime() + LIFETIME_SECONDS * 1000 - DAY_MS - 60_000);

    await checkRoute(connectionId);

    const { tokens } = await companion.emulator.control.state();
    expect(tokens.map((t) => [t.access_token, t.revoked_at])).toEqual([[accessToken, null]]);
    expect(await auditEntries('oauth.refresh')).toEqual([]);
  });

  it('refreshes within a day of expiry: old token ended, new one stored and used', async () => {
    const { connectionId, accessToken } = await connect();
    clock = new Date(clock.getTime() + LIFETIME_SECONDS * 1000 - DAY_MS + 60_000);

    const response = await checkRoute(connectionId);

    expect(response.json().connection).toMatchObject({
      status: 'active',
      lastCheckedAt: clock.toISOString(),
    });
    const { tokens } = await companion.emulator.control.state();
    expect(tokens).toHaveLength(2);
    expect(tokens.find((t) => t.access_token === accessToken)?.revoked_at).not.toBeNull();
    const issued = tokens.find((t) => t.access_token !== accessToken);
    expect(issued?.revoked_at).toBeNull();
    const stored = connection(connectionId);
    expect(decrypt(stored.token, connectionId)).toBe(issued?.access_token);
    expect(decrypt(stored.refreshToken, `${connectionId}:refresh`)).toBe(
      refreshTokenOf(issued?.access_token ?? ''),
    );
    expect(stored.expiresAt).toBe(
      new Date(clock.getTime() + LIFETIME_SECONDS * 1000).toISOString(),
    );
    const [entry] = await auditEntries('oauth.refresh');
    expect(entry).toMatchObject({ outcome: 'success', entityIds: [connectionId] });
    expect(entry?.tiktokRequestIds[0]).toMatch(TIKTOK_REQUEST_ID);

    const [advertiserId = ''] = accounts;
    const info = await companion.context.connections.withAdvertiserToken(advertiserId, (token) =>
      companion.context.marketingApi.advertisers.info(token, [advertiserId]),
    );
    expect(info).toHaveLength(1);
  });

  it('with one-hour tokens, the first check refreshes at once', async () => {
    await companion.emulator.control.settings({ advertiserTokenLifetimeSeconds: 3600 });
    const { connectionId, accessToken } = await connect();

    await checkRoute(connectionId);

    expect((await emulatorToken(accessToken))?.revoked_at).not.toBeNull();
    expect(connection(connectionId).status).toBe('active');
    expect(await auditEntries('oauth.refresh')).toHaveLength(1);
  });

  it('a refused refresh (the token was revoked at TikTok) marks the connection broken', async () => {
    const { connectionId, accessToken } = await connect();
    await companion.emulator.control.revokeToken(accessToken);
    clock = new Date(clock.getTime() + LIFETIME_SECONDS * 1000 - 3_600_000);

    const response = await checkRoute(connectionId);

    const view = response.json().connection;
    expect(view.status).toBe('broken');
    expect(view.statusReason).toMatch(/^The token could not be refreshed \(.*\)\. Re-authorize\.$/);
    expect(view.statusReason).toContain('The refresh token is invalid or has been used.');
    expect((await adAccounts()).map((a) => a.health)).toEqual(['broken', 'broken', 'broken']);
  });

  it('a refresh refused with 40101 marks the connection broken', async () => {
    const { connectionId } = await connect();
    await companion.emulator.control.fault({ path: 'oauth2/refresh_token/', code: 40101 });
    clock = new Date(clock.getTime() + LIFETIME_SECONDS * 1000 - 3_600_000);

    const response = await checkRoute(connectionId);

    expect(response.json().connection.status).toBe('broken');
  });

  it('a refresh that fails transiently leaves the connection active, to try again', async () => {
    const { connectionId, accessToken } = await connect();
    await companion.emulator.control.fault({ path: 'oauth2/refresh_token/', code: 50000 });
    clock = new Date(clock.getTime() + LIFETIME_SECONDS * 1000 - 3_600_000);

    const response = await checkRoute(connectionId);

    expect(response.json().connection.status).toBe('active');
    expect((await emulatorToken(accessToken))?.revoked_at).toBeNull();
    expect(await auditEntries('oauth.refresh')).toEqual([]);

    await checkRoute(connectionId);
    expect((await emulatorToken(accessToken))?.revoked_at).not.toBeNull();
    expect(await auditEntries('oauth.refresh')).toHaveLength(1);
  });

  // Known gap (reported): only the periodic check refreshes. A token that expires between two
  // checks (one-hour tokens, 6-hour interval) breaks the connection on the next API call,
  // although its refresh token still works, and broken connections are never checked again.
  it('an API call with a token past its expiry refreshes it rather than breaking the connection', async () => {
    await companion.emulator.control.settings({ advertiserTokenLifetimeSeconds: 3600 });
    const { connectionId } = await connect();
    await companion.emulator.control.clock({ advance_ms: 2 * 3_600_000 });
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    const [advertiserId = ''] = accounts;

    const result = await companion.context.connections
      .withAdvertiserToken(advertiserId, (token) =>
        companion.context.marketingApi.advertisers.info(token, [advertiserId]),
      )
      .catch((error: unknown) => error);

    expect(connection(connectionId).status).toBe('active');
    expect(result).toEqual([expect.objectContaining({ advertiser_id: advertiserId })]);
  });
});
