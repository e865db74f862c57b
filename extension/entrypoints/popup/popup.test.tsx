import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ExtensionRequest, ExtensionResponse, ExtensionStatus } from '../../lib/protocol';
import { Popup } from './popup';

/**
 * The popup's states, with a stand-in background: each test says what the background
 * answers to each message, and checks what staff see.
 */
type Answers = Partial<
  Record<string, ExtensionResponse | ((request: ExtensionRequest) => ExtensionResponse)>
>;

const STATUS: ExtensionStatus = {
  serverUrl: 'http://127.0.0.1:8787',
  signedIn: true,
  reachable: true,
  hasPermission: true,
  mode: 'emulator',
  serverVersion: '0.1.0',
};
const ok = (data: unknown): ExtensionResponse => ({ ok: true, data });
const staff = (role: string) => ({
  staff: { id: 'stf_0123456789', email: `${role}@bayme.example`, name: `Test ${role}`, role },
  mode: 'emulator',
});
const CONNECTION = {
  id: 'conn_0123456789',
  status: 'active',
  statusReason: null,
  createdAt: '2026-11-20T10:00:00.000Z',
  createdBy: { id: 'stf_0123456789', email: 'ana@bayme.example', name: 'Ana' },
  advertiserIds: ['7252569388304511798'],
  lastCheckedAt: null,
};
const ACCOUNT = {
  advertiserId: '7252569388304511798',
  name: 'Bayme US',
  currency: 'USD',
  timezone: 'America/Los_Angeles',
  status: 'STATUS_ENABLE',
  health: 'ok',
  connectionId: 'conn_0123456789',
  connectedAt: '2026-11-20T10:00:00.000Z',
};
const LATEST = {
  version: '0.1.0',
  downloadUrl: 'http://127.0.0.1:8787/install/extension.zip',
  installPageUrl: 'http://127.0.0.1:8787/install',
};

function signedInAnswers(role: string, overrides: Answers = {}): Answers {
  return {
    status: ok(STATUS),
    me: ok(staff(role)),
    listAdAccounts: ok({ adAccounts: [ACCOUNT] }),
    listConnections: ok({ connections: [CONNECTION] }),
    latestExtension: ok(LATEST),
    ...overrides,
  };
}

function renderPopup(answers: Answers) {
  const asked: ExtensionRequest[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const request = message as ExtensionRequest;
    if (!('kind' in request)) return undefined;
    asked.push(request);
    const answer = answers[request.kind === 'api' ? request.route : request.kind];
    if (!answer) throw new Error(`No answer for ${JSON.stringify(request)}`);
    return typeof answer === 'function' ? answer(request) : answer;
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Popup />
    </QueryClientProvider>,
  );
  return asked;
}

describe('popup', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'x',
      version: '0.1.0',
    });
    vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: 1 } as never);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('says the server is unreachable, with its address and a retry', async () => {
    renderPopup({ status: ok({ ...STATUS, reachable: false, mode: null, serverVersion: null }) });
    const notice = await screen.findByTestId('unreachable');
    expect(notice.textContent).toContain('http://127.0.0.1:8787');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('asks to grant Chrome access to the server when it is missing', async () => {
    renderPopup({ status: ok({ ...STATUS, hasPermission: false, reachable: false }) });
    expect((await screen.findByTestId('no-permission')).textContent).toContain('Open the options');
  });

  it('offers sign-in when no key is saved, and shows the server’s refusal', async () => {
    renderPopup({
      status: ok({ ...STATUS, signedIn: false }),
      'sign-in': {
        ok: false,
        error: {
          kind: 'key-rejected',
          status: 401,
          message: 'The server does not accept your staff key.',
        },
      },
    });
    const input = await screen.findByLabelText('Your staff key');
    fireEvent.change(input, { target: { value: 'bayme_x' } });
    fireEvent.click(screen.getByTestId('sign-in-submit'));
    expect((await screen.findByTestId('sign-in-error')).textContent).toContain(
      'does not accept your staff key',
    );
  });

  it('shows a buyer their accounts and the Authorize button, but no Disconnect', async () => {
    renderPopup(signedInAnswers('buyer'));
    expect((await screen.findByTestId('signed-in')).textContent).toContain('Test buyer');
    expect(await screen.findByTestId('ad-account')).toBeTruthy();
    expect(screen.getByTestId('ad-accounts').textContent).toContain(
      '7252569388304511798 · USD · America/Los_Angeles',
    );
    expect(screen.getByTestId('authorize')).toBeTruthy();
    expect(screen.queryByTestId('disconnect')).toBeNull();
    expect(screen.getByText('Emulator')).toBeTruthy();
    expect(await screen.findByTestId('open-side-panel')).toBeTruthy();
  });

  it('gives a viewer no Authorize button', async () => {
    renderPopup(signedInAnswers('viewer'));
    await screen.findByTestId('ad-account');
    expect(screen.queryByTestId('authorize')).toBeNull();
  });

  it('shows a broken connection with its reason and a re-authorize action', async () => {
    renderPopup(
      signedInAnswers('buyer', {
        listAdAccounts: ok({ adAccounts: [{ ...ACCOUNT, health: 'broken' }] }),
        listConnections: ok({
          connections: [
            {
              ...CONNECTION,
              status: 'broken',
              statusReason: 'TikTok says the authorization was revoked.',
            },
          ],
        }),
      }),
    );
    expect((await screen.findByTestId('connection')).textContent).toContain(
      'TikTok says the authorization was revoked.',
    );
    expect(screen.getByTestId('reauthorize')).toBeTruthy();
  });

  it('lets an admin disconnect only after confirming', async () => {
    const asked = renderPopup(
      signedInAnswers('admin', {
        disconnect: ok({ connection: { ...CONNECTION, status: 'revoked' } }),
      }),
    );
    fireEvent.click(await screen.findByTestId('disconnect'));
    expect(asked.some((r) => r.kind === 'api' && r.route === 'disconnect')).toBe(false);
    fireEvent.click(screen.getByTestId('confirm-disconnect'));
    await waitFor(() =>
      expect(
        asked.some(
          (r) =>
            r.kind === 'api' &&
            r.route === 'disconnect' &&
            r.params?.connectionId === CONNECTION.id,
        ),
      ).toBe(true),
    );
  });

  it('says an update is available when the server offers a newer version', async () => {
    renderPopup(signedInAnswers('buyer', { latestExtension: ok({ ...LATEST, version: '0.2.0' }) }));
    const banner = await screen.findByTestId('update-available');
    expect(banner.textContent).toContain('0.2.0');
    expect(banner.textContent).toContain('You have 0.1.0');
  });

  it('says Chrome updates a copy installed by policy by itself, and how to update now', async () => {
    vi.spyOn(fakeBrowser.management, 'getSelf').mockResolvedValue({
      installType: 'admin',
    } as never);
    renderPopup(signedInAnswers('buyer', { latestExtension: ok({ ...LATEST, version: '0.2.0' }) }));
    await waitFor(() =>
      expect(screen.getByTestId('update-available').textContent).toContain(
        "Your company's Chrome policy manages this extension",
      ),
    );
    expect(screen.getByTestId('update-available').textContent).toContain('press Update');
  });

  it('tells an unpacked copy how to replace itself', async () => {
    vi.spyOn(fakeBrowser.management, 'getSelf').mockResolvedValue({
      installType: 'development',
    } as never);
    renderPopup(signedInAnswers('buyer', { latestExtension: ok({ ...LATEST, version: '0.2.0' }) }));
    await waitFor(() =>
      expect(screen.getByTestId('update-available').textContent).toContain(
        'unzip it over the folder you loaded',
      ),
    );
  });

  it('says the extension must be updated when the server refuses its version', async () => {
    const message =
      'This copy of the Bayme Ads Toolkit is version 0.1.0; this server accepts version 0.2.0 or newer, so it refuses its requests until it is updated.';
    renderPopup(
      signedInAnswers('buyer', {
        me: { ok: false, error: { kind: 'invalid', status: 426, message } },
      }),
    );
    const notice = await screen.findByTestId('update-required');
    expect(notice.textContent).toContain(message);
    expect(screen.getByRole('link', { name: 'Open the install page' }).getAttribute('href')).toBe(
      'http://127.0.0.1:8787/install',
    );
  });

  it('follows an authorization until TikTok sent the accounts back', async () => {
    let polls = 0;
    renderPopup(
      signedInAnswers('buyer', {
        authorize: ok({
          attemptId: 'oa_0123456789',
          authorizationUrl: 'https://tiktok.example/auth',
          expiresAt: '2026-11-21T23:00:00.000Z',
        }),
        oauthAttempt: () => {
          polls += 1;
          return ok({
            attemptId: 'oa_0123456789',
            status: polls < 2 ? 'pending' : 'connected',
            advertiserIds: polls < 2 ? [] : ['7252569388304511798'],
            reason: null,
          });
        },
      }),
    );
    fireEvent.click(await screen.findByTestId('authorize'));
    expect(await screen.findByTestId('attempt-pending')).toBeTruthy();
    expect(
      (await screen.findByTestId('attempt-connected', {}, { timeout: 4_000 })).textContent,
    ).toContain('Connected 1 ad account');
  });

  it('says what the role lacks when the server refuses to start an authorization', async () => {
    renderPopup(
      signedInAnswers('buyer', {
        authorize: {
          ok: false,
          error: { kind: 'forbidden', status: 403, message: 'Your role (viewer) may not do this.' },
        },
      }),
    );
    fireEvent.click(await screen.findByTestId('authorize'));
    expect(await screen.findByText('Your role (viewer) may not do this.')).toBeTruthy();
  });

  it('asks to sign in again when the key stopped working', async () => {
    renderPopup({
      status: ok(STATUS),
      me: {
        ok: false,
        error: {
          kind: 'key-rejected',
          status: 401,
          message: 'The server does not accept your staff key.',
        },
      },
    });
    expect(await screen.findByText('Please sign in again')).toBeTruthy();
    expect(screen.getByLabelText('Your staff key')).toBeTruthy();
  });
});
