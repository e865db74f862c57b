import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import {
  APP_ID,
  DAY_MS,
  DEFAULT_APP_SECRET,
  expectTikTokId,
  REDIRECT_URI,
  unknownIds,
  type World,
  world,
} from './support';

/** Reference §1: consent page, auth codes, token exchange, advertiser listing, revocation. */

let emulator: TestEmulator;
let seed: World;
let secret: string;
let allAccountIds: string[];

beforeAll(async () => {
  emulator = await startTestEmulator();
  seed = world(await emulator.control.state());
  secret = emulator.server.runtime.options.appSecret;
  allAccountIds = seed.snapshot.advertisers.map((a) => a.advertiser_id);
});

afterAll(() => emulator.close());

function consentUrl(params: Record<string, string>): string {
  return `/portal/auth?${new URLSearchParams(params)}`;
}

/** Submit the consent form as a browser would, without following the redirect. */
async function confirm(
  advertiserIds: string[],
  overrides: Record<string, string> = {},
): Promise<Response> {
  const form = new URLSearchParams({
    app_id: APP_ID,
    redirect_uri: REDIRECT_URI,
    state: 'state-123',
    action: 'authorize',
    ...overrides,
  });
  for (const id of advertiserIds) form.append('advertiser_ids', id);
  return emulator.api.fetch('/portal/auth/confirm', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
}

async function authCodeFor(advertiserIds: string[]): Promise<string> {
  const response = await confirm(advertiserIds);
  const location = new URL(response.headers.get('location') ?? '');
  const code = location.searchParams.get('auth_code');
  if (!code) throw new Error(`No auth_code in ${location}`);
  return code;
}

const exchange = (authCode: string, overrides: Record<string, unknown> = {}) =>
  emulator.api.post('oauth2/access_token/', {
    app_id: APP_ID,
    secret,
    auth_code: authCode,
    ...overrides,
  });

describe('the consent page', () => {
  it('shows one checkbox per ad account and an Authorize button', async () => {
    const response = await emulator.api.fetch(
      consentUrl({ app_id: APP_ID, state: 'xyz', redirect_uri: REDIRECT_URI }),
    );
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const boxes = [...html.matchAll(/<input[^>]*type="checkbox"[^>]*>/g)].map((m) => m[0]);
    expect(boxes).toHaveLength(3);
    const values = boxes.map((box) => /value="(\d+)"/.exec(box)?.[1]);
    expect(values.sort()).toEqual([...allAccountIds].sort());
    for (const box of boxes) expect(box).toContain('name="advertiser_ids"');
    expect(html).toMatch(/<button[^>]*value="authorize"[^>]*>\s*Authorize\s*<\/button>/);
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/portal\/auth\/confirm"/);
    expect(html).toMatch(/name="state" value="xyz"/);
  });

  it('asks for exactly the permission scopes the README says the product needs', async () => {
    const html = await (
      await emulator.api.fetch(
        consentUrl({ app_id: APP_ID, state: 'xyz', redirect_uri: REDIRECT_URI }),
      )
    ).text();
    const asked = [...html.matchAll(/<li>([^:<]+):/g)].map((m) => m[1]);
    const readme = await readFile(join(import.meta.dirname, '../../README.md'), 'utf8');
    const scopesLine = readme.split('\n').find((line) => line.includes('**Permission scopes**'));
    const named = [...(scopesLine ?? '').matchAll(/_([^_]+)_ \(/g)].map((m) => m[1]);
    expect(named).toEqual(['Ad Account Management', 'Ads Management', 'Reporting']);
    expect(asked).toEqual(named);
    // A token from the consent page carries those three scopes and no other.
    const response = await exchange(await authCodeFor([allAccountIds[0] as string]));
    const scope = /"scope"\s*:\s*\[([^\]]*)\]/.exec(response.text)?.[1] ?? '';
    expect(scope.split(',').map((id) => id.trim())).toHaveLength(3);
  });

  it('refuses an unregistered redirect_uri with an error page (HTTP 400)', async () => {
    const response = await emulator.api.fetch(
      consentUrl({ app_id: APP_ID, state: 'x', redirect_uri: 'https://evil.example/callback' }),
    );
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).not.toContain('type="checkbox"');
  });

  it('refuses an unknown app_id with an error page (HTTP 400)', async () => {
    const response = await emulator.api.fetch(
      consentUrl({ app_id: '7000000000000000001', state: 'x', redirect_uri: REDIRECT_URI }),
    );
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).not.toContain('type="checkbox"');
  });

  it('passes an arbitrary state back unchanged', async () => {
    const state = 'a b&c=d/é?#';
    const response = await confirm([allAccountIds[0] ?? ''], { state });

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe(state);
  });

  it('redirects with auth_code and state when the user authorizes', async () => {
    const response = await confirm([allAccountIds[0] ?? ''], { state: 'state-abc' });

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('auth_code')).toMatch(/^\w{16,}$/);
    expect(location.searchParams.get('state')).toBe('state-abc');
  });

  it('refuses to redirect to an unregistered redirect_uri on submit (HTTP 400)', async () => {
    const response = await confirm(allAccountIds, { redirect_uri: 'https://evil.example/cb' });

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('issues no auth code when the user cancels', async () => {
    const response = await confirm(allAccountIds, { action: 'cancel' });

    expect(response.status).not.toBe(302);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('the token exchange', () => {
  it('exchanges an auth code for a token covering the granted accounts', async () => {
    const granted = [seed.account('USD').advertiser_id, seed.account('JPY').advertiser_id];
    const response = await exchange(await authCodeFor(granted));

    expect(response.body.code).toBe(0);
    expect(response.body.data.access_token).toMatch(/^\w{16,}$/);
    expect([...response.body.data.advertiser_ids].sort()).toEqual([...granted].sort());
    for (const id of response.body.data.advertiser_ids) expectTikTokId(id);

    const token = response.body.data.access_token;
    const usCampaigns = await emulator.api.get(
      'campaign/get/',
      { advertiser_id: seed.account('USD').advertiser_id },
      token,
    );
    expect(usCampaigns.body.code).toBe(0);
    const ukCampaigns = await emulator.api.get(
      'campaign/get/',
      { advertiser_id: seed.account('GBP').advertiser_id },
      token,
    );
    expect(ukCampaigns.body.code).toBe(40106);
  });

  it('writes the scope ids as bare JSON numbers, including 7543056879933489153', async () => {
    const response = await exchange(await authCodeFor(allAccountIds));

    expect(response.body.code).toBe(0);
    expect(response.text).toMatch(/"scope"\s*:\s*\[[^\]]*(?<![\d"])7543056879933489153(?![\d"])/);
    expect(response.text).not.toContain('"7543056879933489153"');
  });

  it('uses the emulator default secret unless configured otherwise', () => {
    expect(secret).toBe(DEFAULT_APP_SECRET);
  });

  it('answers 40110 when an auth code is used a second time', async () => {
    const code = await authCodeFor(allAccountIds);
    expect((await exchange(code)).body.code).toBe(0);

    const again = await exchange(code);

    expect(again.body.code).toBe(40110);
    expect(again.body.data).toEqual({});
  });

  it('answers 40110 for an auth code that never existed', async () => {
    expect((await exchange('0123456789abcdef0123456789abcdef01234567')).body.code).toBe(40110);
  });

  it('still accepts an auth code after 59 minutes', async () => {
    const code = await authCodeFor(allAccountIds);
    await emulator.control.clock({ advance_ms: 59 * 60_000 });

    expect((await exchange(code)).body.code).toBe(0);
  });

  it('answers 40110 for an auth code older than one hour', async () => {
    const code = await authCodeFor(allAccountIds);
    await emulator.control.clock({ advance_ms: 61 * 60_000 });

    expect((await exchange(code)).body.code).toBe(40110);
  });

  it('answers 40101 for a wrong secret, and the code stays usable', async () => {
    const code = await authCodeFor(allAccountIds);

    const wrong = await exchange(code, { secret: 'not-the-secret' });
    expect(wrong.body.code).toBe(40101);
    expect(wrong.body.data).toEqual({});

    expect((await exchange(code)).body.code).toBe(0);
  });

  it('answers 40101 for a wrong app_id', async () => {
    const code = await authCodeFor(allAccountIds);

    expect((await exchange(code, { app_id: '7512649815700963330' })).body.code).toBe(40101);
  });

  it('returns an empty advertiser_ids list when the user grants no account', async () => {
    const response = await confirm([]);
    expect(response.status).toBe(302);
    const code = new URL(response.headers.get('location') ?? '').searchParams.get('auth_code');

    const token = await exchange(code ?? '');

    expect(token.body.code).toBe(0);
    expect(token.body.data.advertiser_ids).toEqual([]);
  });

  it('omits advertiser_ids when return_advertiser_ids is false', async () => {
    const response = await exchange(await authCodeFor(allAccountIds), {
      return_advertiser_ids: false,
    });

    expect(response.body.code).toBe(0);
    expect(response.body.data.access_token).toMatch(/^\w{16,}$/);
    expect(response.body.data).not.toHaveProperty('advertiser_ids');
  });

  it('issues a token that does not expire with time', async () => {
    const usId = seed.account('USD').advertiser_id;
    const token = (await exchange(await authCodeFor([usId]))).body.data.access_token;
    await emulator.control.clock({ advance_ms: 30 * DAY_MS });

    const response = await emulator.api.get('campaign/get/', { advertiser_id: usId }, token);

    expect(response.body.code).toBe(0);
  });
});

describe('oauth2/advertiser/get/', () => {
  it("lists the token's accounts with their names", async () => {
    const granted = [seed.account('GBP').advertiser_id, seed.account('JPY').advertiser_id];
    const token = (await exchange(await authCodeFor(granted))).body.data.access_token;

    const response = await emulator.api.get(
      'oauth2/advertiser/get/',
      { app_id: APP_ID, secret },
      token,
    );

    expect(response.body.code).toBe(0);
    const list = [...response.body.data.list].sort((a: any, b: any) =>
      a.advertiser_id.localeCompare(b.advertiser_id),
    );
    const expected = [
      { advertiser_id: seed.account('GBP').advertiser_id, advertiser_name: 'Bayme UK' },
      { advertiser_id: seed.account('JPY').advertiser_id, advertiser_name: 'Bayme Japan' },
    ].sort((a, b) => a.advertiser_id.localeCompare(b.advertiser_id));
    expect(list).toEqual(expected);
  });

  it('answers 40101 for a wrong secret', async () => {
    const token = await emulator.control.mintToken();
    const response = await emulator.api.get(
      'oauth2/advertiser/get/',
      { app_id: APP_ID, secret: 'wrong-secret' },
      token,
    );

    expect(response.body.code).toBe(40101);
  });
});

describe('oauth2/revoke_token/', () => {
  it('returns the accounts lost, after which the token answers 40105', async () => {
    const granted = [seed.account('USD').advertiser_id, seed.account('GBP').advertiser_id];
    const token = (await exchange(await authCodeFor(granted))).body.data.access_token;

    const response = await emulator.api.post('oauth2/revoke_token/', {
      app_id: APP_ID,
      secret,
      access_token: token,
    });

    expect(response.body.code).toBe(0);
    expect(response.body.data.app_id).toBe(APP_ID);
    expect([...response.body.data.advertiser_ids].sort()).toEqual([...granted].sort());
    const after = await emulator.api.get(
      'campaign/get/',
      { advertiser_id: seed.account('USD').advertiser_id },
      token,
    );
    expect(after.body.code).toBe(40105);
  });

  it('answers 40101 for a wrong secret and leaves the token working', async () => {
    const usId = seed.account('USD').advertiser_id;
    const token = await emulator.control.mintToken([usId]);

    const response = await emulator.api.post('oauth2/revoke_token/', {
      app_id: APP_ID,
      secret: 'wrong-secret',
      access_token: token,
    });

    expect(response.body.code).toBe(40101);
    expect(
      (await emulator.api.get('campaign/get/', { advertiser_id: usId }, token)).body.code,
    ).toBe(0);
  });
});

describe('advertiser/info/', () => {
  it('returns name, currency, time zone, status and balance of each account', async () => {
    const token = await emulator.control.mintToken();
    const response = await emulator.api.get(
      'advertiser/info/',
      { advertiser_ids: allAccountIds },
      token,
    );

    expect(response.body.code).toBe(0);
    const byId = new Map<string, any>(
      response.body.data.list.map((a: any) => [a.advertiser_id, a]),
    );
    expect(byId.get(seed.account('USD').advertiser_id)).toMatchObject({
      name: 'Bayme US',
      currency: 'USD',
      timezone: 'America/Los_Angeles',
      status: 'STATUS_ENABLE',
      balance: 24_850.75,
    });
    expect(byId.get(seed.account('GBP').advertiser_id)).toMatchObject({
      name: 'Bayme UK',
      currency: 'GBP',
      timezone: 'Europe/London',
      status: 'STATUS_ENABLE',
      balance: 9_120.4,
    });
    expect(byId.get(seed.account('JPY').advertiser_id)).toMatchObject({
      name: 'Bayme Japan',
      currency: 'JPY',
      timezone: 'Asia/Tokyo',
      status: 'STATUS_ENABLE',
      balance: 1_845_000,
    });
    for (const account of byId.values()) expect(account.display_timezone).toBe(account.timezone);
  });

  it('answers 40011 for more than 100 advertiser ids', async () => {
    const token = await emulator.control.mintToken();
    const response = await emulator.api.get(
      'advertiser/info/',
      { advertiser_ids: [...allAccountIds, ...unknownIds(98)] },
      token,
    );

    expect(response.body.code).toBe(40011);
  });
});
