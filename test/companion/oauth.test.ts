import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { chromium } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staticOAuthPage } from '../../companion-server/src/oauth/static-oauth-page';
import { authorizeThroughConsentPage } from '../helpers/client';
import { startTestCompanion, TEST_REDIRECT_URI, type TestCompanion } from '../helpers/companion';

/**
 * Connecting TikTok ad accounts (reference §1): POST /api/oauth/start, TikTok's consent page
 * (the emulator's, over real HTTP) and GET /oauth/callback; every way it can go wrong ends on
 * a page that says what happened, with nothing stored. Also the static redirect page.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface StartedAuthorization {
  attemptId: string;
  authorizationUrl: string;
  expiresAt: string;
}

let companion: TestCompanion;
/** The companion's clock; tests move it to expire states. */
let clock: Date;
const started: TestCompanion[] = [];

async function startCompanion(): Promise<TestCompanion> {
  clock = new Date();
  companion = await startTestCompanion({}, { now: () => clock });
  started.push(companion);
  return companion;
}

afterEach(async () => {
  for (const running of started.splice(0)) await running.close();
});

async function startAuthorization(
  headers: Record<string, string> = companion.as('buyer'),
): Promise<StartedAuthorization> {
  const response = await companion.app.inject({ method: 'POST', url: '/api/oauth/start', headers });
  expect(response.statusCode).toBe(200);
  return response.json();
}

function callback(query: URLSearchParams | string) {
  return companion.app.inject({ method: 'GET', url: `/oauth/callback?${query}` });
}

/** The words a person reads on an HTML page. */
function pageText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a failed callback must leave untouched. */
function storedConnections() {
  const { connections, adAccounts } = companion.context.store.read();
  return { connections, adAccounts };
}

async function advertiserIds(): Promise<string[]> {
  return (await companion.emulator.control.state()).advertisers.map((a) => a.advertiser_id);
}

async function expectFailurePage(
  response: Awaited<ReturnType<typeof callback>>,
  title: RegExp,
  nextStep: RegExp,
) {
  expect(response.statusCode).toBe(400);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  expect(response.headers['cache-control']).toBe('no-store');
  const text = pageText(response.body);
  expect(text).toMatch(title);
  expect(text).toMatch(nextStep);
  expect(text).toContain('Nothing was saved.');
  expect(text).not.toMatch(/Connected \d/);
  return text;
}

describe('connecting ad accounts end to end', () => {
  it('starts, passes the consent page and connects the three seeded ad accounts', async () => {
    await startCompanion();
    const seeded = (await companion.emulator.control.state()).advertisers;
    const started = await startAuthorization();
    expect(Date.parse(started.expiresAt) - clock.getTime()).toBe(10 * 60_000);

    const pending = await companion.app.inject({
      method: 'GET',
      url: `/api/oauth/attempts/${started.attemptId}`,
      headers: companion.as('buyer'),
    });
    expect(pending.json()).toEqual({
      attemptId: started.attemptId,
      status: 'pending',
      advertiserIds: [],
      reason: null,
    });

    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    expect(redirect.get('auth_code')).toMatch(/^[0-9a-f]{40}$/);
    const page = await callback(redirect);

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const text = pageText(page.body);
    expect(text).toContain('Connected 3 ad accounts — you can close this tab');
    for (const account of seeded)
      expect(text).toContain(`${account.name} (${account.advertiser_id})`);

    const listed = await companion.app.inject({
      method: 'GET',
      url: '/api/ad-accounts',
      headers: companion.as('viewer'),
    });
    expect(listed.statusCode).toBe(200);
    const { adAccounts } = listed.json();
    const [connection] = companion.context.store.read().connections;
    expect(adAccounts).toEqual(
      seeded.map((account) => ({
        advertiserId: account.advertiser_id,
        name: account.name,
        currency: account.currency,
        timezone: account.timezone,
        status: 'STATUS_ENABLE',
        health: 'ok',
        connectionId: connection?.id,
        connectedAt: clock.toISOString(),
      })),
    );
    expect(adAccounts.map((a: { currency: string }) => a.currency)).toEqual(['USD', 'GBP', 'JPY']);

    const attempt = await companion.app.inject({
      method: 'GET',
      url: `/api/oauth/attempts/${started.attemptId}`,
      headers: companion.as('buyer'),
    });
    expect(attempt.json()).toEqual({
      attemptId: started.attemptId,
      status: 'connected',
      advertiserIds: seeded.map((a) => a.advertiser_id),
      reason: null,
    });

    // The token the emulator issued is the one the connection holds, created by the buyer.
    const tokens = (await companion.emulator.control.state()).tokens;
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.revoked_at).toBeNull();
    expect(connection).toMatchObject({
      status: 'active',
      createdBy: companion.staffIds.buyer,
      advertiserIds: seeded.map((a) => a.advertiser_id),
      expiresAt: null,
      refreshToken: null,
    });
    expect(connection?.scope).toContain('7543056879933489153');
  });

  it('calls advertiser/get and then advertiser/info to describe the accounts', async () => {
    await startCompanion();
    await companion.emulator.control.clearCalls();
    const started = await startAuthorization();
    await callback(await authorizeThroughConsentPage(started.authorizationUrl));

    const { calls } = await companion.emulator.control.calls();
    expect(calls.map((c) => c.path)).toEqual([
      'portal/auth',
      'portal/auth/confirm',
      'oauth2/access_token/',
      'oauth2/advertiser/get/',
      'advertiser/info/',
    ]);
  });

  it('connects only the accounts ticked on the consent page', async () => {
    await startCompanion();
    const [first, second] = await advertiserIds();
    const started = await startAuthorization();
    const page = await callback(
      await authorizeThroughConsentPage(started.authorizationUrl, [first ?? '', second ?? '']),
    );

    expect(pageText(page.body)).toContain('Connected 2 ad accounts');
    expect(companion.context.store.read().adAccounts.map((a) => a.advertiserId)).toEqual([
      first,
      second,
    ]);
  });

  it('accepts the code as `code` instead of `auth_code`', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    const query = new URLSearchParams({
      code: redirect.get('auth_code') ?? '',
      state: redirect.get('state') ?? '',
    });

    const page = await callback(query);

    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Connected 3 ad accounts');
    expect(companion.context.store.read().adAccounts).toHaveLength(3);
  });

  it('still accepts a state used 9 minutes after it was issued', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    clock = new Date(clock.getTime() + 9 * 60_000);

    const page = await callback(redirect);

    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Connected 3 ad accounts');
  });

  it('records a successful connection in the audit log', async () => {
    await startCompanion();
    const ids = await advertiserIds();
    const started = await startAuthorization();
    await callback(await authorizeThroughConsentPage(started.authorizationUrl));

    const connectionId = companion.context.store.read().connections[0]?.id;
    const { entries } = await companion.context.audit.query({ action: 'oauth.connect' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'oauth.connect',
      outcome: 'success',
      actor: { kind: 'staff', staffId: companion.staffIds.buyer, email: 'buyer@bayme.example' },
      entityIds: [connectionId, ...ids],
    });
    expect(entries[0]?.message).toMatch(/^Connected 3 ad account\(s\): Bayme US, Bayme UK, /);
  });
});

describe('the authorization URL and its state', () => {
  it('carries the app id, a long random state and the configured redirect URI', async () => {
    await startCompanion();
    const first = new URL((await startAuthorization()).authorizationUrl);
    const second = new URL((await startAuthorization()).authorizationUrl);

    expect(first.origin).toBe(companion.emulator.url);
    expect(first.pathname).toBe('/portal/auth');
    expect(first.searchParams.get('app_id')).toBe(companion.config.marketingApi.appId);
    expect(first.searchParams.get('redirect_uri')).toBe(TEST_REDIRECT_URI);
    expect(companion.config.oauthRedirectUri).toBe(TEST_REDIRECT_URI);
    const states = [first, second].map((url) => url.searchParams.get('state') ?? '');
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(states[0]).not.toBe(states[1]);
  });

  it('keeps only a hash of the state on disk', async () => {
    await startCompanion();
    const state = new URL((await startAuthorization()).authorizationUrl).searchParams.get('state');

    const onDisk = await readFile(join(companion.dataDir, 'state.json'), 'utf8');
    expect(state).toBeTruthy();
    expect(onDisk).not.toContain(state);
    expect(companion.context.store.read().oauthAttempts[0]?.stateHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets buyers and admins start, not viewers or anonymous callers', async () => {
    await startCompanion();
    const asViewer = await companion.app.inject({
      method: 'POST',
      url: '/api/oauth/start',
      headers: companion.as('viewer'),
    });
    const anonymous = await companion.app.inject({ method: 'POST', url: '/api/oauth/start' });
    const asAdmin = await companion.app.inject({
      method: 'POST',
      url: '/api/oauth/start',
      headers: companion.as('admin'),
    });

    expect(asViewer.statusCode).toBe(403);
    expect(asViewer.json().error.message).toMatch(/needs buyer or higher/);
    expect(anonymous.statusCode).toBe(401);
    expect(asAdmin.statusCode).toBe(200);
    expect(companion.context.store.read().oauthAttempts).toHaveLength(1);
  });

  it('binds the attempt to its staff member: another buyer gets 404, an admin can read it', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const { key } = await companion.context.staff.add(
      { email: 'other-buyer@bayme.example', name: 'Other buyer', role: 'buyer' },
      { kind: 'system', staffId: null, email: null },
    );
    const read = (authorization: { authorization: string }) =>
      companion.app.inject({
        method: 'GET',
        url: `/api/oauth/attempts/${started.attemptId}`,
        headers: authorization,
      });

    const byOther = await read({ authorization: `Bearer ${key}` });
    const byAdmin = await read(companion.as('admin'));
    const byOwner = await read(companion.as('buyer'));

    expect(byOther.statusCode).toBe(404);
    expect(byOther.json().error.message).toContain(started.attemptId);
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().status).toBe('pending');
    expect(byOwner.statusCode).toBe(200);
  });

  it('shows an attempt as expired once its 10 minutes are over', async () => {
    await startCompanion();
    const started = await startAuthorization();
    clock = new Date(clock.getTime() + 10 * 60_000 + 1_000);

    const attempt = await companion.app.inject({
      method: 'GET',
      url: `/api/oauth/attempts/${started.attemptId}`,
      headers: companion.as('buyer'),
    });

    expect(attempt.json()).toMatchObject({ status: 'expired', advertiserIds: [] });
  });
});

describe('a callback that cannot connect shows what happened and stores nothing', () => {
  it('missing parameters', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    const before = storedConnections();

    const noParams = await callback('');
    const noCode = await callback(new URLSearchParams({ state: redirect.get('state') ?? '' }));
    const noState = await callback(
      new URLSearchParams({ auth_code: redirect.get('auth_code') ?? '' }),
    );

    for (const response of [noParams, noCode, noState]) {
      const text = await expectFailurePage(
        response,
        /The authorization link is incomplete/,
        /What to do: Start again from the toolkit: press Authorize TikTok/,
      );
      expect(text).toContain('TikTok did not send back both an authorization code and a state.');
    }
    expect(storedConnections()).toEqual(before);
    // The code was never exchanged, so TikTok holds no token for it.
    expect((await companion.emulator.control.state()).tokens).toEqual([]);
  });

  it('an unknown state', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    const before = storedConnections();
    redirect.set('state', 'x'.repeat(43));

    const page = await callback(redirect);

    await expectFailurePage(page, /This authorization link is not recognised/, /Start again/);
    expect(storedConnections()).toEqual(before);
    expect((await companion.emulator.control.state()).tokens).toEqual([]);
    const { entries } = await companion.context.audit.query({
      action: 'oauth.callback_rejected',
    });
    expect(entries[0]).toMatchObject({
      outcome: 'rejected',
      message: 'OAuth callback refused: unknown state.',
    });
  });

  it('a reused state (the same redirect opened twice)', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    expect((await callback(redirect)).statusCode).toBe(200);
    const before = storedConnections();

    const again = await callback(redirect);

    await expectFailurePage(again, /This authorization link was already used/, /Start again/);
    expect(storedConnections()).toEqual(before);
    expect(storedConnections().connections).toHaveLength(1);
  });

  it('two simultaneous callbacks with the same state: only one connects', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);

    const responses = await Promise.all([callback(redirect), callback(redirect)]);

    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    expect(companion.context.store.read().connections).toHaveLength(1);
  });

  it('an expired state (more than 10 minutes after the start)', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    const before = storedConnections();
    clock = new Date(clock.getTime() + 10 * 60_000 + 1_000);

    const page = await callback(redirect);

    const text = await expectFailurePage(
      page,
      /This authorization link has expired/,
      /Start again/,
    );
    expect(text).toContain('Links are valid for 10 minutes');
    expect(storedConnections()).toEqual(before);
    expect((await companion.emulator.control.state()).tokens).toEqual([]);
    const attempt = await companion.app.inject({
      method: 'GET',
      url: `/api/oauth/attempts/${started.attemptId}`,
      headers: companion.as('buyer'),
    });
    expect(attempt.json()).toMatchObject({
      status: 'failed',
      reason: 'The authorization link expired.',
    });
  });

  it('TikTok refusing the code (injected 40110)', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    const before = storedConnections();
    await companion.emulator.control.fault({
      path: 'oauth2/access_token/',
      code: 40110,
      message: 'Invalid auth_code: it has expired.',
    });

    const page = await callback(redirect);

    const text = await expectFailurePage(
      page,
      /TikTok did not accept the authorization/,
      /Start again from the toolkit\. If it keeps failing, tell an admin\./,
    );
    expect(text).toContain('TikTok said:');
    expect(text).toContain('Invalid auth_code: it has expired.');
    expect(storedConnections()).toEqual(before);
    const attempt = await companion.app.inject({
      method: 'GET',
      url: `/api/oauth/attempts/${started.attemptId}`,
      headers: companion.as('buyer'),
    });
    expect(attempt.json()).toMatchObject({ status: 'failed', advertiserIds: [] });
    expect(attempt.json().reason).toMatch(/^TikTok did not accept the authorization\./);
  });

  it('TikTok refusing an authorization code that was already exchanged', async () => {
    await startCompanion();
    const first = await authorizeThroughConsentPage((await startAuthorization()).authorizationUrl);
    expect((await callback(first)).statusCode).toBe(200);
    const before = storedConnections();
    const second = await startAuthorization();
    const state = new URL(second.authorizationUrl).searchParams.get('state') ?? '';

    const page = await callback(
      new URLSearchParams({ auth_code: first.get('auth_code') ?? '', state }),
    );

    const text = await expectFailurePage(
      page,
      /TikTok did not accept the authorization/,
      /Start again/,
    );
    expect(text).toContain('it has already been used');
    expect(storedConnections()).toEqual(before);
  });

  it('an empty grant (no ad account ticked): the useless token is revoked at TikTok', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl, []);
    const before = storedConnections();

    const page = await callback(redirect);

    await expectFailurePage(
      page,
      /No ad account was shared/,
      /Start again and tick the ad accounts the toolkit should manage\./,
    );
    expect(storedConnections()).toEqual(before);
    const { tokens } = await companion.emulator.control.state();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.advertiser_ids).toEqual([]);
    expect(tokens[0]?.revoked_at).not.toBeNull();
  });

  it('TikTok failing while describing the accounts (advertiser/info)', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    const before = storedConnections();
    await companion.emulator.control.fault({
      path: 'advertiser/info/',
      code: 40002,
      message: 'advertiser_ids: field is invalid.',
    });

    const page = await callback(redirect);

    const text = await expectFailurePage(page, /The ad accounts could not be read/, /Start again/);
    expect(text).toContain('TikTok accepted the authorization but then refused to describe');
    expect(storedConnections()).toEqual(before);
    // The token TikTok issued is not kept, so it is not left valid either.
    const { tokens } = await companion.emulator.control.state();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.revoked_at).not.toBeNull();
  });

  it('the staff member was disabled between start and callback', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    const disabled = await companion.app.inject({
      method: 'POST',
      url: `/api/staff/${companion.staffIds.buyer}/disable`,
      headers: companion.as('admin'),
      payload: {},
    });
    expect(disabled.statusCode).toBe(200);
    const before = storedConnections();

    const page = await callback(redirect);

    await expectFailurePage(page, /You may no longer connect ad accounts/, /Ask an admin\./);
    expect(storedConnections()).toEqual(before);
    const { auth_codes, tokens } = await companion.emulator.control.state();
    expect(auth_codes[0]?.used_at).toBeNull();
    expect(tokens).toEqual([]);
  });

  it('records the failure in the audit log against the attempt', async () => {
    await startCompanion();
    const started = await startAuthorization();
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    await companion.emulator.control.fault({ path: 'oauth2/access_token/', code: 40110 });
    await callback(redirect);

    const { entries } = await companion.context.audit.query({ action: 'oauth.connect' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: 'failure',
      actor: { kind: 'staff', staffId: companion.staffIds.buyer },
      entityIds: [started.attemptId],
    });
    expect(entries[0]?.message).toMatch(/^TikTok did not accept the authorization: TikTok said:/);
    expect(entries[0]?.tiktokRequestIds).toHaveLength(1);
  });
});

describe('the static redirect page', () => {
  const CALLBACK = 'https://ads-tools.bayme.internal/oauth/callback';

  /** Run the page's script as a browser would with this query; where it sends the browser. */
  function runPage(html: string, search: string) {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const status = { textContent: 'initial' };
    let replacedWith: string | null = null;
    runInNewContext(script, {
      URL,
      URLSearchParams,
      window: {
        location: {
          search,
          replace: (url: string) => {
            replacedWith = url;
          },
        },
      },
      document: { getElementById: (id: string) => (id === 'status' ? status : null) },
    });
    return { replacedWith: replacedWith as string | null, status: status.textContent };
  }

  it('forwards auth_code, code and state to the callback, and nothing else', () => {
    const html = staticOAuthPage(CALLBACK);

    const { replacedWith } = runPage(
      html,
      '?auth_code=AC&code=C2&state=ST&secret=leak&access_token=tok&redirect_uri=x',
    );

    expect(replacedWith).not.toBeNull();
    const target = new URL(replacedWith ?? '');
    expect(`${target.origin}${target.pathname}`).toBe(CALLBACK);
    expect([...target.searchParams]).toEqual([
      ['auth_code', 'AC'],
      ['code', 'C2'],
      ['state', 'ST'],
    ]);
  });

  it('says so, and goes nowhere, when TikTok sent nothing', () => {
    const { replacedWith, status } = runPage(staticOAuthPage(CALLBACK), '?foo=bar');

    expect(replacedWith).toBeNull();
    expect(status).toMatch(/received none\. Start again from the toolkit\./);
  });

  it('holds no secret and no referrer leaves it', async () => {
    await startCompanion();
    const html = staticOAuthPage(CALLBACK);

    expect(html).not.toContain(companion.emulator.server.runtime.options.appSecret);
    expect(html).not.toMatch(/secret|access_token|app_id/i);
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('refuses a plain-http callback except on loopback', () => {
    expect(() => staticOAuthPage('http://ads-tools.bayme.internal/oauth/callback')).toThrow(
      'The callback URL must use https (got http://ads-tools.bayme.internal/oauth/callback).',
    );
    expect(() => staticOAuthPage('http://10.0.0.5:8787/oauth/callback')).toThrow(/must use https/);
    for (const loopback of [
      'http://127.0.0.1:8787/oauth/callback',
      'http://localhost:8787/oauth/callback',
      'http://[::1]:8787/oauth/callback',
    ]) {
      expect(staticOAuthPage(loopback)).toContain(JSON.stringify(new URL(loopback).toString()));
    }
  });

  describe('npm run export:oauth-page', () => {
    let outDir: string;
    beforeEach(async () => {
      outDir = await mkdtemp(join(tmpdir(), 'oauth-page-'));
    });
    afterEach(async () => {
      await rm(outDir, { recursive: true, force: true });
    });

    const exportPage = (args: string[], env: Record<string, string | undefined> = {}) =>
      run('npx', ['tsx', 'companion-server/src/oauth/export-oauth-page.ts', ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, PUBLIC_URL: undefined, ...env },
      });

    it('writes the page for the given callback', async () => {
      const out = join(outDir, 'nested', 'oauth.html');

      const { stdout } = await exportPage(['--callback', CALLBACK, '--out', out]);

      expect(stdout).toContain(`Wrote ${out}; it forwards TikTok's answer to ${CALLBACK}.`);
      const written = await readFile(out, 'utf8');
      expect(written).toBe(staticOAuthPage(CALLBACK));
      expect(runPage(written, '?auth_code=A&state=S').replacedWith).toBe(
        `${CALLBACK}?auth_code=A&state=S`,
      );
    }, 20_000);

    it('derives the callback from PUBLIC_URL and refuses to run without either', async () => {
      const out = join(outDir, 'oauth.html');

      await exportPage(['--out', out], { PUBLIC_URL: 'https://ads-tools.bayme.internal/' });
      const missing = await exportPage(['--out', join(outDir, 'none.html')]).catch(
        (error: { code: number; stderr: string }) => error,
      );
      const insecure = await exportPage([
        '--callback',
        'http://ads-tools.bayme.internal/oauth/callback',
        '--out',
        join(outDir, 'insecure.html'),
      ]).catch((error: { code: number; stderr: string }) => error);

      expect(await readFile(out, 'utf8')).toBe(staticOAuthPage(CALLBACK));
      expect(missing).toMatchObject({ code: 1 });
      expect((missing as { stderr: string }).stderr).toContain('--callback https://<server>');
      expect(insecure).toMatchObject({ code: 1 });
      expect((insecure as { stderr: string }).stderr).toContain('must use https');
    }, 20_000);

    it('in Chromium, hands the browser on to the callback with auth_code and state', async () => {
      const received: string[] = [];
      const server = createServer((request, response) => {
        // Chromium also asks for /favicon.ico on its own; only the callback matters.
        if (request.url?.startsWith('/oauth/callback')) received.push(request.url);
        response.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const local = `http://127.0.0.1:${port}/oauth/callback`;
      const out = join(outDir, 'oauth.html');
      await exportPage(['--callback', local, '--out', out]);

      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
      try {
        const page = await browser.newPage();
        await page.goto(`file://${out}?auth_code=AC&state=ST&secret=x`);
        await page.waitForURL(/\/oauth\/callback/);
        expect(received).toEqual(['/oauth/callback?auth_code=AC&state=ST']);
      } finally {
        await browser.close();
        await new Promise((resolve) => server.close(resolve));
      }
    }, 30_000);
  });
});
