import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BUILTIN_HINTS_VERSION } from '../../ads-manager/layout-hints';
import { getPreferences } from '../../lib/preferences';
import type { ExtensionRequest, ExtensionResponse, ExtensionStatus } from '../../lib/protocol';
import { Options } from './options';

/**
 * The options page's "Ads Manager layout" section (and the sign-in it offers when Ads
 * Manager sends staff here), with a stand-in background: each test says what the background
 * answers to each message, and checks what staff see.
 */
type Answer = ExtensionResponse | Promise<ExtensionResponse>;
type Answers = Partial<Record<string, Answer | ((request: ExtensionRequest) => Answer)>>;

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
const SAMPLE_ID = 'lay_20261121T100000000Z_0123456789ab';
const HINTS = {
  version: '2026-11-20.2',
  updatedAt: '2026-11-20T09:30:00.000Z',
  selectors: { table: [], scrollLayer: [], cell: [], nameLink: [], rowCheckbox: [] },
  idKeys: { campaign: [], adgroup: [], ad: [] },
  listUrlSubstrings: [],
};

function signedInAnswers(role: string, overrides: Answers = {}): Answers {
  return {
    status: ok(STATUS),
    me: ok(staff(role)),
    getLayoutHints: ok({ hints: null, updatedBy: null }),
    ...overrides,
  };
}

function renderOptions(answers: Answers) {
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
      <Options />
    </QueryClientProvider>,
  );
  return asked;
}

describe('options: Ads Manager layout', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('says the built-in hints are in use while the server has none', async () => {
    renderOptions(signedInAnswers('buyer'));
    const version = await screen.findByTestId('layout-hints-version');
    await waitFor(() => expect(version.textContent).toContain('No admin has set hints'));
    expect(version.textContent).toContain(`built in (${BUILTIN_HINTS_VERSION})`);
  });

  it('names the server’s hints document, and who set it', async () => {
    renderOptions(
      signedInAnswers('buyer', { getLayoutHints: ok({ hints: HINTS, updatedBy: 'Ana' }) }),
    );
    const version = await screen.findByTestId('layout-hints-version');
    await waitFor(() => expect(version.textContent).toContain('2026-11-20.2'));
    expect(version.textContent).toContain('set by Ana');
    expect(version.textContent).not.toContain('built in');
  });

  it('falls back to the built-in hints, saying why, when the server’s cannot be read', async () => {
    renderOptions(
      signedInAnswers('buyer', {
        getLayoutHints: {
          ok: false,
          error: { kind: 'unreachable', message: 'No answer from http://127.0.0.1:8787.' },
        },
      }),
    );
    const version = await screen.findByTestId('layout-hints-version');
    await waitFor(() => expect(version.textContent).toContain('No answer from'));
    expect(version.textContent).toContain(`built in (${BUILTIN_HINTS_VERSION})`);
  });

  it('offers layout samples to admins only', async () => {
    const asked = renderOptions(signedInAnswers('buyer'));
    const version = await screen.findByTestId('layout-hints-version');
    await waitFor(() => expect(version.textContent).toContain('built in'));
    await waitFor(() =>
      expect(asked.some((request) => request.kind === 'api' && request.route === 'me')).toBe(true),
    );
    // Let the answer to `me` reach the page before looking for the button.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('send-layout-sample')).toBeNull();
  });

  it('sends a sample for an admin, showing progress, then the sample’s id', async () => {
    let answer: (response: ExtensionResponse) => void = () => undefined;
    const asked = renderOptions(
      signedInAnswers('admin', {
        'send-layout-sample': () =>
          new Promise<ExtensionResponse>((resolve) => {
            answer = resolve;
          }),
      }),
    );
    fireEvent.click(await screen.findByTestId('send-layout-sample'));
    expect((await screen.findByTestId('layout-sample-progress')).textContent).toContain(
      'Capturing the Ads Manager tab',
    );
    expect(screen.getByTestId('send-layout-sample').hasAttribute('disabled')).toBe(true);
    expect(asked.filter((request) => request.kind === 'send-layout-sample')).toHaveLength(1);

    answer(ok({ sampleId: SAMPLE_ID }));
    expect((await screen.findByTestId('layout-sample-sent')).textContent).toContain(
      `Sample ${SAMPLE_ID} sent. Admins can download it from the companion server.`,
    );
    expect(screen.queryByTestId('layout-sample-progress')).toBeNull();
  });

  it('says what to do when no Ads Manager list is open', async () => {
    renderOptions(
      signedInAnswers('admin', {
        'send-layout-sample': {
          ok: false,
          error: {
            kind: 'invalid',
            message: 'Open an Ads Manager campaign, ad group or ad list in a tab first.',
          },
        },
      }),
    );
    fireEvent.click(await screen.findByTestId('send-layout-sample'));
    expect((await screen.findByTestId('layout-sample-error')).textContent).toContain(
      'Open an Ads Manager campaign, ad group or ad list in a tab first.',
    );
    expect(screen.queryByTestId('layout-sample-sent')).toBeNull();
  });

  it('offers sign-in when no key is saved, and then the built-in hints only', async () => {
    const asked = renderOptions({ status: ok({ ...STATUS, signedIn: false }) });
    expect(await screen.findByLabelText('Your staff key')).toBeTruthy();
    expect(screen.getByTestId('layout-hints-version').textContent).toContain(
      `built in (${BUILTIN_HINTS_VERSION}). Sign in`,
    );
    // Nothing that needs a key was asked.
    expect(asked.map((request) => request.kind)).not.toContain('api');
  });
});

describe('options: Bayme ROAS on the badges', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });
  afterEach(cleanup);

  it('is off until ticked, then saved beside the metrics already chosen', async () => {
    renderOptions(signedInAnswers('buyer'));
    const box = (await screen.findByTestId('option-bayme-roas')) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await screen.findByText('Saved.');
    const saved = await getPreferences();
    expect(saved.baymeRoas).toBe(true);
    expect(saved.overlayMetrics).toHaveLength(8);
    await waitFor(() =>
      expect((screen.getByTestId('option-bayme-roas') as HTMLInputElement).checked).toBe(true),
    );
  });
});
