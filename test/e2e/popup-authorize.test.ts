import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_EXTENSION_ID } from '../../companion-server/src/install/extension-id';
import { type ControlClient, controlClient } from '../helpers/control-client';
import { type E2eWorld, openPopup, screenshot, startWorld } from './harness';

/**
 * The extension as staff meet it, in real Chromium with the built extension, against the
 * real companion server and its emulator: sign in → Authorize TikTok → the emulator's
 * consent page → the popup lists the ad accounts. A screenshot of each state is saved.
 */
describe('extension popup: sign in and authorize TikTok', () => {
  let world: E2eWorld;
  let adminKey: string;
  /** TikTok's side of the story: the emulator's control API. */
  let emulator: ControlClient;

  beforeAll(async () => {
    world = await startWorld();
    adminKey = world.server.bootstrapAdminKey ?? '';
    expect(adminKey).toMatch(/^bayme_/);
    emulator = controlClient(world.server.emulator?.url ?? '');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('loads with the pinned extension id', () => {
    expect(world.extensionId).toBe(DEVELOPMENT_EXTENSION_ID);
  });

  it('asks a new user to sign in, and refuses a wrong key with a clear message', async () => {
    const popup = await openPopup(world);
    await popup.getByTestId('sign-in').waitFor();
    await expect(popup.getByTestId('mode').textContent()).resolves.toBe('Emulator');
    await screenshot(popup, '01-popup-signed-out');

    await popup.getByLabel('Your staff key').fill(`bayme_000000000000_${'A'.repeat(43)}`);
    await popup.getByTestId('sign-in-submit').click();
    const error = popup.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('does not accept your staff key');
    await screenshot(popup, '02-popup-key-rejected');

    await popup.getByLabel('Your staff key').fill('not-a-key');
    await popup.getByTestId('sign-in-submit').click();
    await expect.poll(() => error.textContent()).toContain('That is not a staff key');
    await popup.close();
  });

  it('signs in with the staff key and shows who is signed in', async () => {
    const popup = await openPopup(world);
    await popup.getByLabel('Your staff key').fill(adminKey);
    await popup.getByTestId('sign-in-submit').click();
    await popup.getByTestId('signed-in').waitFor();
    expect(await popup.getByTestId('signed-in').textContent()).toContain('Bootstrap admin');
    expect(await popup.getByTestId('signed-in').textContent()).toContain('admin');
    await popup.getByTestId('no-accounts').waitFor();
    await screenshot(popup, '03-popup-signed-in-no-accounts');
    await popup.close();
  });

  it('authorizes through the consent page, and the popup lists the accounts by itself', async () => {
    const popup = await openPopup(world);
    await popup.getByTestId('authorize').waitFor();
    const consentOpened = world.browser.waitForEvent('page');
    await popup.getByTestId('authorize').click();
    const consent = await consentOpened;
    await consent.waitForLoadState();
    expect(consent.url()).toContain('/portal/auth?app_id=7512649815700963329');
    await popup.getByTestId('attempt-pending').waitFor();
    await screenshot(popup, '04-popup-waiting-for-tiktok');
    await screenshot(consent, '05-emulator-consent-page');

    await consent.getByRole('button', { name: 'Authorize' }).click();
    await consent.waitForURL(/\/oauth\/callback/);
    expect(await consent.locator('h1').textContent()).toContain('Connected 3 ad accounts');
    await screenshot(consent, '06-callback-connected');

    await popup.getByTestId('attempt-connected').waitFor();
    await expect.poll(() => popup.getByTestId('ad-account').count()).toBe(3);
    const text = await popup.getByTestId('ad-accounts').textContent();
    expect(text).toContain('Bayme US');
    expect(text).toContain('GBP');
    expect(text).toContain('Asia/Tokyo');
    await screenshot(popup, '07-popup-connected');
    await popup.close();
  });

  it('shows a connection TikTok stopped accepting as broken, with a re-authorize action', async () => {
    const { tokens } = await emulator.state();
    for (const token of tokens) await emulator.revokeToken(token.access_token);
    const connections = world.server.app;
    const list = await connections.inject({
      method: 'GET',
      url: '/api/connections',
      headers: { authorization: `Bearer ${adminKey}` },
    });
    for (const connection of list.json().connections) {
      await connections.inject({
        method: 'POST',
        url: `/api/connections/${connection.id}/check`,
        headers: { authorization: `Bearer ${adminKey}` },
      });
    }
    const popup = await openPopup(world);
    await popup.getByTestId('reauthorize').first().waitFor();
    expect(await popup.getByTestId('ad-accounts').textContent()).toContain('broken');
    expect(await popup.getByTestId('ad-accounts').textContent()).toContain('Re-authorize');
    await expect(popup.getByTestId('connection').count()).resolves.toBe(1);
    await screenshot(popup, '08-popup-connection-broken');
    await popup.close();
  });

  it('re-authorizes a broken connection through the consent page', async () => {
    const popup = await openPopup(world);
    const consentOpened = world.browser.waitForEvent('page');
    await popup.getByTestId('reauthorize').first().click();
    const consent = await consentOpened;
    await consent.waitForLoadState();
    await consent.getByRole('button', { name: 'Authorize' }).click();
    await consent.waitForURL(/\/oauth\/callback/);
    expect(await consent.locator('h1').textContent()).toContain('Connected 3 ad accounts');
    await consent.close();

    await expect.poll(() => popup.getByTestId('reauthorize').count()).toBe(0);
    await expect.poll(() => popup.getByTestId('ad-account').count()).toBe(3);
    expect(await popup.getByTestId('ad-accounts').textContent()).not.toContain('broken');
    await popup.close();
  });

  it('lets an admin disconnect after confirming, and the token is revoked at TikTok', async () => {
    // The re-authorization's token is the only one TikTok still accepts.
    const live = (await emulator.state()).tokens.filter((token) => token.revoked_at === null);
    expect(live).toHaveLength(1);
    const liveToken = live[0]?.access_token;
    const lastCall = (await emulator.calls()).calls.at(-1)?.seq ?? 0;

    const popup = await openPopup(world);
    await popup.getByTestId('disconnect').first().click();
    await popup.getByTestId('confirm-disconnect').waitFor();
    await screenshot(popup, '09-popup-confirm-disconnect');
    await popup.getByTestId('confirm-disconnect').click();
    await popup.getByTestId('no-accounts').waitFor();
    await popup.close();

    // Only the server's revoke call can have revoked it: the test revoked the earlier ones.
    const after = await emulator.state();
    expect(after.tokens.find((token) => token.access_token === liveToken)).toMatchObject({
      revoked_at: expect.any(String),
    });
    expect(after.tokens.filter((token) => token.revoked_at === null)).toEqual([]);
    const revokes = await emulator.calls({ path: 'oauth2/revoke_token/', since_seq: lastCall });
    expect(revokes.by_path['oauth2/revoke_token/']?.codes['0']).toBe(1);
  });

  it('shows the options page', async () => {
    const page = await world.browser.newPage();
    await page.goto(`chrome-extension://${world.extensionId}/options.html`);
    await page.getByTestId('server-status').waitFor();
    expect(await page.getByTestId('server-status').textContent()).toContain('emulator mode');
    await screenshot(page, '10-options');
    await page.close();
  });

  it('says clearly when the companion server does not answer', async () => {
    await world.server.close();
    const popup = await openPopup(world);
    await popup.getByTestId('unreachable').waitFor();
    expect(await popup.getByTestId('unreachable').textContent()).toContain('No answer from');
    await screenshot(popup, '11-popup-server-unreachable');
    await popup.close();
  });
});
