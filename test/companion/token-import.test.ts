import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

describe('companion: registering a token made in TikTok’s portal (sandbox)', () => {
  let companion: TestCompanion;
  beforeAll(async () => {
    companion = await startTestCompanion();
  });
  afterAll(async () => {
    await companion.close();
  });

  it('checks the token with TikTok and connects the ad accounts it covers', async () => {
    const uk = await companion.emulator.control.account('GBP');
    const token = await companion.emulator.control.mintToken([uk.advertiser_id]);
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/connections/import',
      headers: companion.as('admin'),
      payload: { accessToken: token },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(
      body.adAccounts.map((a: { name: string; currency: string }) => [a.name, a.currency]),
    ).toEqual([['Bayme UK', 'GBP']]);
    expect(body.connection.status).toBe('active');
    expect(JSON.stringify(companion.context.store.read())).not.toContain(token);
  });

  it('refuses a token TikTok does not accept, storing nothing', async () => {
    const before = companion.context.store.read().connections.length;
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/connections/import',
      headers: companion.as('admin'),
      payload: { accessToken: 'f'.repeat(40) },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('token_rejected');
    expect(companion.context.store.read().connections).toHaveLength(before);
  });

  it('refuses a token that covers no ad account', async () => {
    const token = await companion.emulator.control.mintToken([]);
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/connections/import',
      headers: companion.as('admin'),
      payload: { accessToken: token },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('no_ad_accounts');
  });

  it('is for admins only', async () => {
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/connections/import',
      headers: companion.as('buyer'),
      payload: { accessToken: 'x'.repeat(40) },
    });
    expect(response.statusCode).toBe(403);
  });

  it.each([
    ['a line break (CR/LF)', `${'a'.repeat(20)}\r\nX-Injected: yes${'b'.repeat(8)}`],
    ['a bare line feed', `${'a'.repeat(20)}\n${'b'.repeat(20)}`],
    ['a space', `${'a'.repeat(20)} ${'b'.repeat(20)}`],
    ['a Latin-1 letter', `${'a'.repeat(20)}é${'b'.repeat(20)}`],
    ['a character above U+00FF', `${'a'.repeat(20)}токен${'b'.repeat(20)}`],
    ['an emoji', `${'a'.repeat(20)}🔑${'b'.repeat(20)}`],
  ])(
    'refuses a token with %s at once: 400, no TikTok call, nothing stored',
    async (_what, accessToken) => {
      const connections = companion.context.store.read().connections.length;
      await companion.emulator.control.clearCalls();
      const started = performance.now();
      const response = await companion.app.inject({
        method: 'POST',
        url: '/api/connections/import',
        headers: companion.as('admin'),
        payload: { accessToken },
      });
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({
        code: 'invalid_request',
        message:
          'Invalid body: accessToken: The token may contain only visible ASCII characters (no spaces, line breaks or non-Latin letters): copy it again from TikTok.',
      });
      expect((await companion.emulator.control.calls()).total).toBe(0);
      expect(companion.context.store.read().connections).toHaveLength(connections);
    },
  );
});
