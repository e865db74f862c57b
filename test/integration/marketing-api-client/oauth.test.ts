import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MarketingApiError } from '../../../companion-server/src/marketing-api/errors';
import { authorizeThroughConsentPage, clientFor } from '../../helpers/client';
import { startTestEmulator, type TestEmulator } from '../../helpers/emulator';

const REDIRECT_URI = 'http://127.0.0.1:8787/oauth/callback';

describe('Marketing API client: OAuth and ad accounts', () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await emulator.control.reset();
  });

  it('authorizes through the consent page, exchanges the code and discovers the accounts', async () => {
    const { client } = clientFor(emulator);
    const { advertisers } = await emulator.control.state();
    const [us, uk] = advertisers;
    if (!us || !uk) throw new Error('seed accounts missing');

    const url = client.oauth.authorizationUrl({ state: 'state-123', redirectUri: REDIRECT_URI });
    expect(url).toBe(
      `${emulator.url}/portal/auth?app_id=7512649815700963329&state=state-123&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`,
    );
    const redirect = await authorizeThroughConsentPage(url, [us.advertiser_id, uk.advertiser_id]);
    expect(redirect.get('state')).toBe('state-123');
    const authCode = redirect.get('auth_code') ?? '';

    const grant = await client.oauth.exchangeAuthCode(authCode);
    expect(grant.advertiser_ids).toEqual([us.advertiser_id, uk.advertiser_id]);
    // The largest scope id survives exactly, as a string.
    expect(grant.scope).toContain('7543056879933489153');
    expect(grant.requestId).toMatch(/^\d{14}[0-9A-F]{16}$/);

    const listed = await client.oauth.authorizedAdvertisers(grant.access_token);
    expect(listed).toEqual([
      { advertiser_id: us.advertiser_id, advertiser_name: 'Bayme US' },
      { advertiser_id: uk.advertiser_id, advertiser_name: 'Bayme UK' },
    ]);

    const info = await client.advertisers.info(grant.access_token, [
      us.advertiser_id,
      uk.advertiser_id,
    ]);
    expect(info.map((a) => [a.name, a.currency, a.timezone, a.status])).toEqual([
      ['Bayme US', 'USD', 'America/Los_Angeles', 'STATUS_ENABLE'],
      ['Bayme UK', 'GBP', 'Europe/London', 'STATUS_ENABLE'],
    ]);
  });

  it('reports a reused authorization code as an invalid request, without retrying it', async () => {
    const { client } = clientFor(emulator);
    const url = client.oauth.authorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const authCode = (await authorizeThroughConsentPage(url)).get('auth_code') ?? '';
    await client.oauth.exchangeAuthCode(authCode);
    const before = await emulator.control.calls({ path: 'oauth2/access_token/' });

    const error = await client.oauth.exchangeAuthCode(authCode).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketingApiError);
    expect(error).toMatchObject({ code: 40110, category: 'invalid_request', attempts: 1 });
    const after = await emulator.control.calls({ path: 'oauth2/access_token/' });
    expect(after.total - before.total).toBe(1);
  });

  it('keeps a granted-nothing authorization distinguishable: no ad accounts', async () => {
    const { client } = clientFor(emulator);
    const url = client.oauth.authorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const authCode = (await authorizeThroughConsentPage(url, [])).get('auth_code') ?? '';
    const grant = await client.oauth.exchangeAuthCode(authCode);
    expect(grant.advertiser_ids).toEqual([]);
    expect(await client.oauth.authorizedAdvertisers(grant.access_token)).toEqual([]);
  });

  it('fails a wrong app secret with 40101 and never echoes the secret', async () => {
    const { client } = clientFor(emulator, { appSecret: 'fake-wrong-secret-for-tests' });
    const token = await emulator.control.mintToken();
    const error = await client.oauth.authorizedAdvertisers(token).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 40101, category: 'invalid_request' });
    expect(String((error as Error).message)).not.toContain('fake-wrong-secret-for-tests');
  });

  it('revokes a token: TikTok names the accounts lost, and the token stops working', async () => {
    const { client } = clientFor(emulator);
    const us = await emulator.control.account('USD');
    const token = await emulator.control.mintToken([us.advertiser_id]);
    const revoked = await client.oauth.revokeToken(token);
    expect(revoked.advertiser_ids).toEqual([us.advertiser_id]);

    const error = await client.campaigns
      .list(token, { advertiserId: us.advertiser_id })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 40105, category: 'reauthorize', retryable: false });
  });

  it('splits advertiser/info into requests of 100 ids', async () => {
    await emulator.control.reset({ large_account_adgroups: 10 });
    const { client } = clientFor(emulator);
    const ids = (await emulator.control.state()).advertisers.map((a) => a.advertiser_id);
    const token = await emulator.control.mintToken(ids);
    // 4 real accounts, padded with repeats to 150 ids: two requests of ≤100.
    const padded = Array.from({ length: 150 }, (_, i) => ids[i % ids.length] ?? '');
    await emulator.control.clearCalls();
    const info = await client.advertisers.info(token, padded);
    expect(info).toHaveLength(150);
    expect((await emulator.control.calls({ path: 'advertiser/info/' })).total).toBe(2);
  });
});
