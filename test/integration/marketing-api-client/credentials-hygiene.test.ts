import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMarketingApiClient } from '../../../companion-server/src/marketing-api/client';
import { authorizeThroughConsentPage, clientFor } from '../../helpers/client';
import { startTestEmulator, type TestEmulator } from '../../helpers/emulator';

/**
 * Tokens, the app secret and auth codes must never appear in an event (what we log) or in
 * an error (what reaches logs, responses and the audit log), whatever went wrong.
 */
describe('Marketing API client: no credential in any event or error', () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  function leaks(text: string, secrets: string[]): string[] {
    return secrets.filter((secret) => text.includes(secret));
  }

  it('keeps them out across every failure mode', async () => {
    const appSecret = emulator.server.runtime.options.appSecret;
    const { client, events } = clientFor(emulator, {
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      timeoutMs: 200,
    });
    const usId = (await emulator.control.account('USD')).advertiser_id;
    const token = await emulator.control.mintToken();
    const url = client.oauth.authorizationUrl({
      state: 's',
      redirectUri: 'http://127.0.0.1:8787/oauth/callback',
    });
    const authCode = (await authorizeThroughConsentPage(url)).get('auth_code') ?? '';
    const errors: unknown[] = [];
    const attempt = (promise: Promise<unknown>) =>
      promise.catch((error: unknown) => errors.push(error));

    await emulator.control.fault({
      path: 'oauth2/advertiser/get/',
      code: 50000,
      count: 5,
      message: `boom ${appSecret}`,
    });
    await attempt(client.oauth.authorizedAdvertisers(token));
    await emulator.control.fault({
      path: 'oauth2/access_token/',
      code: 40110,
      message: `bad code ${authCode}`,
    });
    await attempt(client.oauth.exchangeAuthCode(authCode));
    await emulator.control.fault({
      path: 'campaign/get/',
      code: 40105,
      message: `token ${token} revoked`,
    });
    await attempt(client.campaigns.list(token, { advertiserId: usId }));
    await emulator.control.fault({ path: 'campaign/get/', delay_ms: 500, count: 2 });
    await attempt(client.campaigns.list(token, { advertiserId: usId }));
    await emulator.control.fault({ path: 'campaign/get/', http_status: 502, count: 2 });
    await attempt(client.campaigns.list(token, { advertiserId: usId }));
    const unreachable = createMarketingApiClient({
      mode: 'emulator',
      origin: 'http://127.0.0.1:9',
      appId: '7512649815700963329',
      appSecret,
      retry: { maxAttempts: 1 },
      onEvent: (event) => events.push(event),
    });
    await attempt(unreachable.oauth.authorizedAdvertisers(token));

    expect(errors).toHaveLength(6);
    const secrets = [appSecret, token, authCode];
    for (const error of errors) {
      const views = [
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 5 }),
        (error as Error).stack ?? '',
      ];
      for (const view of views) expect(leaks(view, secrets)).toEqual([]);
    }
    expect(events.length).toBeGreaterThan(6);
    expect(leaks(JSON.stringify(events), secrets)).toEqual([]);
  });
});
