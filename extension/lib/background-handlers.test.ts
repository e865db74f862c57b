import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleRequest, onTabUrl } from './background-handlers';
import { ACCOUNTS_CHANGED } from './protocol';
import { getPendingAuthorization } from './session-state';
import { DEFAULT_SERVER_URL, getStaffKey, setStaffKey } from './settings';

const KEY = `bayme_0123456789ab_${'A'.repeat(43)}`;
const STAFF = { id: 'stf_0123456789', email: 'ana@bayme.example', name: 'Ana', role: 'buyer' };

/** What the stand-in server answers: JSON, or text with its own headers (the CSV export). */
type Answer =
  | { status: number; body: unknown }
  | { status: number; text: string; headers: Record<string, string> };

/** A stand-in companion server: answers by path; records what was asked (JSON bodies parsed). */
function serveCompanion(routes: Record<string, Answer>) {
  const requests: Array<{
    url: string;
    method: string;
    authorization: string | null;
    body: unknown;
  }> = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    requests.push({
      url: request.url,
      method: request.method,
      authorization: request.headers.get('authorization'),
      body: request.body ? await request.json() : null,
    });
    const answer = routes[`${request.method} ${url.pathname}`];
    if (!answer) throw new TypeError('fetch failed');
    if ('text' in answer)
      return new Response(answer.text, { status: answer.status, headers: answer.headers });
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return requests;
}

// The companion client names the extension's version on every call; the fake browser has
// no manifest of its own.
beforeEach(() => {
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'Bayme Ads Toolkit',
    version: '0.1.0',
  });
});

describe('background: requests from the extension pages', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('reports the server status without needing a key', async () => {
    serveCompanion({
      'GET /health': { status: 200, body: { status: 'ok', version: '0.1.0', mode: 'emulator' } },
    });
    expect(await handleRequest({ kind: 'status' })).toEqual({
      ok: true,
      data: {
        serverUrl: DEFAULT_SERVER_URL,
        signedIn: false,
        reachable: true,
        hasPermission: true,
        mode: 'emulator',
        serverVersion: '0.1.0',
      },
    });
  });

  it('calls a server that does not answer unreachable, with the address', async () => {
    serveCompanion({});
    const response = await handleRequest({ kind: 'api', route: 'health' });
    expect(response).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    if (!response.ok) expect(response.error.message).toContain(DEFAULT_SERVER_URL);
  });

  it('keeps a key only after the server accepted it', async () => {
    const requests = serveCompanion({
      'GET /api/me': { status: 200, body: { staff: STAFF, mode: 'emulator' } },
    });
    const response = await handleRequest({ kind: 'sign-in', key: ` ${KEY} ` });
    expect(response).toEqual({ ok: true, data: { staff: STAFF, mode: 'emulator' } });
    expect(requests[0]?.authorization).toBe(`Bearer ${KEY}`);
    expect(await getStaffKey()).toBe(KEY);
  });

  it('does not keep a key the server refuses, and says so', async () => {
    serveCompanion({
      'GET /api/me': { status: 401, body: { error: { code: 'unauthorized', message: 'nope' } } },
    });
    const response = await handleRequest({ kind: 'sign-in', key: KEY });
    expect(response).toMatchObject({ ok: false, error: { kind: 'key-rejected', status: 401 } });
    expect(await getStaffKey()).toBeNull();
  });

  it('refuses something that is not a key before asking the server', async () => {
    const requests = serveCompanion({});
    const response = await handleRequest({ kind: 'sign-in', key: 'password123' });
    expect(response).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(requests).toHaveLength(0);
  });

  it('passes on the server’s reason when the role may not act', async () => {
    await setStaffKey(KEY);
    serveCompanion({
      'POST /api/oauth/start': {
        status: 403,
        body: {
          error: {
            code: 'forbidden',
            message: 'Your role (viewer) may not do this; it needs buyer or higher.',
          },
        },
      },
    });
    expect(await handleRequest({ kind: 'authorize' })).toEqual({
      ok: false,
      error: {
        kind: 'forbidden',
        status: 403,
        message: 'Your role (viewer) may not do this; it needs buyer or higher.',
      },
    });
  });

  it('says what to do when Chrome has not allowed the server’s address', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    const requests = serveCompanion({});
    const response = await handleRequest({ kind: 'api', route: 'listAdAccounts' });
    expect(response).toMatchObject({ ok: false, error: { kind: 'no-permission' } });
    expect(requests).toHaveLength(0);
  });

  it('answers without a key that the staff member must sign in', async () => {
    serveCompanion({});
    expect(await handleRequest({ kind: 'api', route: 'listAdAccounts' })).toMatchObject({
      ok: false,
      error: { kind: 'signed-out' },
    });
  });

  it('rejects an answer that breaks the contract instead of passing it on', async () => {
    await setStaffKey(KEY);
    serveCompanion({
      'GET /api/ad-accounts': { status: 200, body: { adAccounts: [{ advertiserId: 123 }] } },
    });
    expect(await handleRequest({ kind: 'api', route: 'listAdAccounts' })).toMatchObject({
      ok: false,
      error: { kind: 'server' },
    });
  });

  it('starts an authorization: opens TikTok in a tab and remembers the attempt', async () => {
    await setStaffKey(KEY);
    serveCompanion({
      'POST /api/oauth/start': {
        status: 200,
        body: {
          attemptId: 'oa_0123456789',
          authorizationUrl:
            'https://business-api.tiktok.com/portal/auth?app_id=1&state=s&redirect_uri=x',
          expiresAt: '2026-11-21T23:00:00.000Z',
        },
      },
    });
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    const response = await handleRequest({ kind: 'authorize' });
    expect(response.ok).toBe(true);
    expect(create).toHaveBeenCalledWith({
      url: 'https://business-api.tiktok.com/portal/auth?app_id=1&state=s&redirect_uri=x',
    });
    expect((await getPendingAuthorization())?.attemptId).toBe('oa_0123456789');
  });

  it('tells open pages when TikTok sent the browser back and the accounts are connected', async () => {
    await setStaffKey(KEY);
    serveCompanion({
      'POST /api/oauth/start': {
        status: 200,
        body: {
          attemptId: 'oa_0123456789',
          authorizationUrl: 'https://tiktok.example/auth',
          expiresAt: '2026-11-21T23:00:00.000Z',
        },
      },
      'GET /api/oauth/attempts/oa_0123456789': {
        status: 200,
        body: {
          attemptId: 'oa_0123456789',
          status: 'connected',
          advertiserIds: ['7252569388304511798'],
          reason: null,
        },
      },
    });
    vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    const badge = vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.action, 'setBadgeBackgroundColor').mockResolvedValue(undefined);
    const heard: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
      heard.push(message);
      return undefined;
    });
    await handleRequest({ kind: 'authorize' });

    await onTabUrl('https://elsewhere.example/oauth/callback?state=x');
    expect(heard).toEqual([]);
    await onTabUrl(`${DEFAULT_SERVER_URL}/oauth/callback?auth_code=a&state=s`);
    expect(heard).toEqual([{ type: ACCOUNTS_CHANGED, status: 'connected' }]);
    expect(badge).toHaveBeenCalledWith({ text: '1' });
    expect(await getPendingAuthorization()).toBeNull();
  });

  it('keeps each tab’s Ads Manager view for the side panel, and forgets it when asked', async () => {
    const context = {
      advertiserId: '7252569388304511798',
      level: 'adgroup' as const,
      start: '2026-11-14',
      end: '2026-11-20',
    };
    expect(await handleRequest({ kind: 'page-context', context })).toMatchObject({ ok: false });
    expect(await handleRequest({ kind: 'page-context', context }, { tabId: 7 })).toEqual({
      ok: true,
      data: null,
    });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 7 } as never]);
    expect(await handleRequest({ kind: 'get-page-context' })).toEqual({ ok: true, data: context });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 8 } as never]);
    expect(await handleRequest({ kind: 'get-page-context' })).toEqual({ ok: true, data: null });
    await handleRequest({ kind: 'page-context', context: null }, { tabId: 7 });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 7 } as never]);
    expect(await handleRequest({ kind: 'get-page-context' })).toEqual({ ok: true, data: null });
  });
});

describe('background: CSV exports', () => {
  const ADVERTISER = '7252569388304511798';
  const EXPORT_ID = 'exp_0123456789abcdef0123';
  const DOWNLOAD = `GET /api/exports/${EXPORT_ID}/download`;
  const CSV = 'campaign_id,campaign_name,spend\n1800000000000000001,"Spring, sale",12.5\n';
  const QUERY = {
    level: 'campaign' as const,
    start: '2026-11-14',
    end: '2026-11-20',
    breakdown: 'daily' as const,
  };
  const JOB = {
    exportId: EXPORT_ID,
    advertiserId: ADVERTISER,
    query: QUERY,
    mode: 'async',
    status: 'preparing',
    progress: { done: 1, total: 3 },
    message: null,
    fileName: 'bayme-campaigns.csv',
    createdAt: '2026-11-21T20:00:00.000Z',
  };
  const request = { kind: 'download-export' as const, exportId: EXPORT_ID };

  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('starts an export job with the query as its body, and follows it by id', async () => {
    await setStaffKey(KEY);
    const requests = serveCompanion({
      [`POST /api/ad-accounts/${ADVERTISER}/exports`]: { status: 200, body: JOB },
      [`GET /api/exports/${EXPORT_ID}`]: {
        status: 200,
        body: { ...JOB, status: 'ready', progress: { done: 3, total: 3 } },
      },
    });

    expect(
      await handleRequest({
        kind: 'api',
        route: 'startExport',
        params: { advertiserId: ADVERTISER },
        body: QUERY,
      }),
    ).toEqual({ ok: true, data: JOB });
    expect(requests[0]?.body).toEqual(QUERY);
    expect(
      await handleRequest({ kind: 'api', route: 'getExport', params: { exportId: EXPORT_ID } }),
    ).toMatchObject({ ok: true, data: { status: 'ready', progress: { done: 3, total: 3 } } });
    expect(requests.map((asked) => `${asked.method} ${new URL(asked.url).pathname}`)).toEqual([
      `POST /api/ad-accounts/${ADVERTISER}/exports`,
      `GET /api/exports/${EXPORT_ID}`,
    ]);
  });

  it('downloads a ready export by id with the staff key, and passes the text on', async () => {
    await setStaffKey(KEY);
    const requests = serveCompanion({
      [DOWNLOAD]: {
        status: 200,
        text: CSV,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="bayme campaigns 2026-11-14.csv"',
        },
      },
    });
    expect(await handleRequest(request)).toEqual({
      ok: true,
      data: { fileName: 'bayme_campaigns_2026-11-14.csv', csv: CSV },
    });
    expect(requests).toHaveLength(1);
    const asked = new URL(requests[0]?.url ?? '');
    expect(asked.pathname).toBe(`/api/exports/${EXPORT_ID}/download`);
    expect(asked.search).toBe('');
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.authorization).toBe(`Bearer ${KEY}`);
  });

  it('names the file after the export when the server suggests none', async () => {
    await setStaffKey(KEY);
    serveCompanion({
      [DOWNLOAD]: { status: 200, text: CSV, headers: { 'content-type': 'text/csv' } },
    });
    expect(await handleRequest(request)).toMatchObject({
      ok: true,
      data: { fileName: `bayme-${EXPORT_ID}.csv` },
    });
  });

  it('passes on the server’s reason when the export cannot be downloaded', async () => {
    await setStaffKey(KEY);
    serveCompanion({
      [DOWNLOAD]: {
        status: 404,
        body: {
          error: {
            code: 'not_found',
            message: `Export ${EXPORT_ID} is still being prepared (1 of 3).`,
          },
        },
      },
    });
    expect(await handleRequest(request)).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        status: 404,
        message: `Export ${EXPORT_ID} is still being prepared (1 of 3).`,
      },
    });
  });

  it('does not offer a page that is not CSV as the file', async () => {
    await setStaffKey(KEY);
    serveCompanion({
      [DOWNLOAD]: {
        status: 200,
        text: '<html>Sign in</html>',
        headers: { 'content-type': 'text/html' },
      },
    });
    const response = await handleRequest(request);
    expect(response).toMatchObject({ ok: false, error: { kind: 'server' } });
    if (!response.ok) expect(response.error.message).toContain('did not send a CSV file');
  });

  it('asks to sign in, or for Chrome’s permission, before fetching anything', async () => {
    const requests = serveCompanion({});
    expect(await handleRequest(request)).toMatchObject({
      ok: false,
      error: { kind: 'signed-out' },
    });
    await setStaffKey(KEY);
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    expect(await handleRequest(request)).toMatchObject({
      ok: false,
      error: { kind: 'no-permission' },
    });
    expect(requests).toHaveLength(0);
  });

  it('fails visibly, not with a short file, when the stream is cut part-way', async () => {
    await setStaffKey(KEY);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(CSV));
        controller.error(new TypeError('network error'));
      },
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(body, { headers: { 'content-type': 'text/csv' } })),
    );
    const response = await handleRequest(request);
    expect(response).toMatchObject({ ok: false, error: { kind: 'server' } });
    if (!response.ok) expect(response.error.message).toContain('stopped before the whole file');
  });

  it('says the server does not answer when it is down', async () => {
    await setStaffKey(KEY);
    serveCompanion({});
    expect(await handleRequest(request)).toMatchObject({
      ok: false,
      error: { kind: 'unreachable' },
    });
  });
});

describe('background: bulk create', () => {
  const ADVERTISER = '7252569388304511798';
  const TEMPLATE = 'GET /api/bulk-create/template.csv';
  const CSV = 'type,ref,parent,name\ncampaign,c1,,Spring sale\nadgroup,g1,c1,"Spring, US"\n';
  const request = { kind: 'download-create-template' as const };

  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('downloads the template with the staff key and passes the text on, with its name', async () => {
    await setStaffKey(KEY);
    const requests = serveCompanion({
      [TEMPLATE]: {
        status: 200,
        text: CSV,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="bayme bulk-create template.csv"',
        },
      },
    });
    expect(await handleRequest(request)).toEqual({
      ok: true,
      data: { fileName: 'bayme_bulk-create_template.csv', csv: CSV },
    });
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]?.url ?? '').pathname).toBe('/api/bulk-create/template.csv');
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.authorization).toBe(`Bearer ${KEY}`);
  });

  it('names the template itself when the server suggests no name', async () => {
    await setStaffKey(KEY);
    serveCompanion({
      [TEMPLATE]: { status: 200, text: CSV, headers: { 'content-type': 'text/csv' } },
    });
    expect(await handleRequest(request)).toEqual({
      ok: true,
      data: { fileName: 'bayme-bulk-create-template.csv', csv: CSV },
    });
  });

  it('does not offer a page that is not CSV as the template, and passes on refusals', async () => {
    await setStaffKey(KEY);
    serveCompanion({
      [TEMPLATE]: { status: 200, text: '<html></html>', headers: { 'content-type': 'text/html' } },
    });
    const response = await handleRequest(request);
    expect(response).toMatchObject({ ok: false, error: { kind: 'server' } });
    if (!response.ok) expect(response.error.message).toContain('did not send a CSV file');

    serveCompanion({
      [TEMPLATE]: {
        status: 401,
        body: { error: { code: 'unauthorized', message: 'Unknown key.' } },
      },
    });
    expect(await handleRequest(request)).toMatchObject({
      ok: false,
      error: { kind: 'key-rejected', status: 401 },
    });
  });

  it('asks to sign in, or for Chrome’s permission, before fetching the template', async () => {
    const requests = serveCompanion({});
    expect(await handleRequest(request)).toMatchObject({
      ok: false,
      error: { kind: 'signed-out' },
    });
    await setStaffKey(KEY);
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    expect(await handleRequest(request)).toMatchObject({
      ok: false,
      error: { kind: 'no-permission' },
    });
    expect(requests).toHaveLength(0);
  });

  it('sends a CSV to be checked as JSON, and applies a plan by its id', async () => {
    await setStaffKey(KEY);
    const plan = {
      planId: 'cpl_0123456789',
      advertiserId: ADVERTISER,
      currency: 'USD',
      timezone: 'UTC',
      source: 'csv',
      createdBy: 'stf_0123456789',
      createdAt: '2026-11-21T20:00:00.000Z',
      expiresAt: '2026-11-21T20:30:00.000Z',
      fileErrors: [],
      rows: [],
      canApply: true,
      counts: { campaigns: 1, adgroups: 1, ads: 0 },
      jobId: null,
    };
    const job = {
      jobId: 'cjb_0123456789',
      planId: plan.planId,
      advertiserId: ADVERTISER,
      status: 'running',
      statusMessage: null,
      createdAt: '2026-11-21T20:01:00.000Z',
      finishedAt: null,
      counts: { total: 2, created: 0, failed: 0, skipped: 0, remaining: 2 },
      rows: [],
    };
    const requests = serveCompanion({
      [`POST /api/ad-accounts/${ADVERTISER}/bulk-create/plans`]: { status: 200, body: plan },
      [`POST /api/bulk-create/plans/${plan.planId}/apply`]: { status: 200, body: job },
    });
    expect(
      await handleRequest({
        kind: 'api',
        route: 'planCreateFromCsv',
        params: { advertiserId: ADVERTISER },
        body: { csv: CSV },
      }),
    ).toEqual({ ok: true, data: plan });
    expect(requests[0]?.body).toEqual({ csv: CSV });
    expect(
      await handleRequest({
        kind: 'api',
        route: 'applyCreatePlan',
        params: { planId: plan.planId },
      }),
    ).toEqual({ ok: true, data: job });
    expect(requests.map((asked) => asked.method)).toEqual(['POST', 'POST']);
  });
});

describe('background: opening the side panel and sign-in from a page', () => {
  const context = {
    advertiserId: '7252569388304511798',
    level: 'adgroup' as const,
    start: '2026-11-14',
    end: '2026-11-20',
  };

  /** WXT's fake browser has no side panel: a stand-in that records the calls in order. */
  function fakeSidePanel(refuse = false) {
    const calls: Array<[string, unknown]> = [];
    Object.assign(fakeBrowser, {
      sidePanel: {
        setOptions: vi.fn(async (options: unknown) => {
          calls.push(['setOptions', options]);
        }),
        open: vi.fn(async (options: unknown) => {
          calls.push(['open', options]);
          if (refuse)
            throw new Error('`sidePanel.open()` may only be called in response to a user gesture.');
        }),
      },
    });
    return calls;
  }

  beforeEach(() => {
    fakeBrowser.reset();
  });
  afterEach(() => {
    Reflect.deleteProperty(fakeBrowser, 'sidePanel');
    vi.restoreAllMocks();
  });

  it('pins the tab’s side panel to the view, then opens it, before anything awaits', async () => {
    const calls = fakeSidePanel();
    const answer = handleRequest({ kind: 'open-side-panel', context }, { tabId: 7 });
    // Still inside the click's gesture: both calls already made, the tab's page first.
    expect(calls).toEqual([
      [
        'setOptions',
        {
          tabId: 7,
          path: 'sidepanel.html?advertiserId=7252569388304511798&level=adgroup&start=2026-11-14&end=2026-11-20',
          enabled: true,
        },
      ],
      ['open', { tabId: 7 }],
    ]);
    expect(await answer).toEqual({ ok: true, data: null });
  });

  it('opens a side panel only for a tab, and says so when Chrome refuses', async () => {
    const calls = fakeSidePanel(true);
    expect(await handleRequest({ kind: 'open-side-panel', context })).toMatchObject({
      ok: false,
      error: { kind: 'invalid' },
    });
    expect(calls).toEqual([]);
    const refused = await handleRequest({ kind: 'open-side-panel', context }, { tabId: 7 });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'server' } });
    if (!refused.ok) {
      expect(refused.error.message).toContain('user gesture');
      expect(refused.error.message).toContain('toolbar button');
    }
  });

  it('opens the popup to sign in where Chrome allows it, else the options page', async () => {
    const popup = vi.spyOn(fakeBrowser.action, 'openPopup').mockResolvedValue(undefined);
    const options = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    expect(await handleRequest({ kind: 'open-sign-in' }, { tabId: 7 })).toEqual({
      ok: true,
      data: { opened: 'popup' },
    });
    expect(popup).toHaveBeenCalledOnce();
    expect(options).not.toHaveBeenCalled();

    popup.mockRejectedValue(new Error('Could not find an active browser window.'));
    expect(await handleRequest({ kind: 'open-sign-in' }, { tabId: 7 })).toEqual({
      ok: true,
      data: { opened: 'options' },
    });
    expect(options).toHaveBeenCalledOnce();
  });

  it('opens the options page to sign in on a Chrome without openPopup', async () => {
    const { openPopup } = fakeBrowser.action;
    Object.assign(fakeBrowser.action, { openPopup: undefined });
    try {
      const options = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
      expect(await handleRequest({ kind: 'open-sign-in' })).toEqual({
        ok: true,
        data: { opened: 'options' },
      });
      expect(options).toHaveBeenCalledOnce();
    } finally {
      Object.assign(fakeBrowser.action, { openPopup });
    }
  });
});

describe('background: layout samples from an Ads Manager tab', () => {
  const view = (advertiserId: string) => ({
    advertiserId,
    level: 'campaign' as const,
    start: '2026-11-14',
    end: '2026-11-20',
  });
  const SENT = { ok: true, data: { sampleId: 'lay_20261121T100000000Z_0123456789ab' } };

  /** The content scripts' side: what each tab answers, and which tabs were asked what. */
  function answerInTabs(answers: Record<number, unknown>) {
    const asked: Array<[number, unknown]> = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (
      tabId: number,
      message: unknown,
    ) => {
      asked.push([tabId, message]);
      if (!(tabId in answers))
        throw new Error('Could not establish connection. Receiving end does not exist.');
      return answers[tabId];
    }) as never);
    return asked;
  }

  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function report(tabId: number, advertiserId: string, at: string) {
    vi.setSystemTime(new Date(at));
    await handleRequest({ kind: 'page-context', context: view(advertiserId) }, { tabId });
  }

  it('asks the active tab when it shows Ads Manager, and passes its answer on', async () => {
    await report(3, '7252569388304511798', '2026-11-21T10:00:00.000Z');
    await report(4, '7252569388304511799', '2026-11-21T10:05:00.000Z');
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 3 } as never]);
    const asked = answerInTabs({ 3: SENT });
    expect(await handleRequest({ kind: 'send-layout-sample' })).toEqual(SENT);
    expect(asked).toEqual([[3, { kind: 'capture-layout-sample' }]]);
  });

  it('otherwise asks the tab that reported its view last', async () => {
    await report(12, '7252569388304511798', '2026-11-21T10:05:00.000Z');
    await report(3, '7252569388304511799', '2026-11-21T10:00:00.000Z');
    await report(9, '7252569388304511799', '2026-11-21T09:00:00.000Z');
    // The options page is the active tab: it shows no Ads Manager view.
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 20 } as never]);
    const asked = answerInTabs({ 12: SENT });
    expect(await handleRequest({ kind: 'send-layout-sample' })).toEqual(SENT);
    expect(asked.map(([tabId]) => tabId)).toEqual([12]);

    // The same tab reporting again (it navigated) makes it the latest.
    await report(3, '7252569388304511798', '2026-11-21T10:10:00.000Z');
    answerInTabs({ 3: SENT });
    expect(await handleRequest({ kind: 'send-layout-sample' })).toEqual(SENT);
  });

  it('passes on the content script’s own failure', async () => {
    await report(3, '7252569388304511798', '2026-11-21T10:00:00.000Z');
    const refused = {
      ok: false,
      error: { kind: 'forbidden', status: 403, message: 'Only admins may send layout samples.' },
    };
    answerInTabs({ 3: refused });
    expect(await handleRequest({ kind: 'send-layout-sample' })).toEqual(refused);
  });

  it('says to open Ads Manager when no tab shows a list', async () => {
    const asked = answerInTabs({});
    expect(await handleRequest({ kind: 'send-layout-sample' })).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        message: 'Open an Ads Manager campaign, ad group or ad list in a tab first.',
      },
    });
    await report(3, '7252569388304511798', '2026-11-21T10:00:00.000Z');
    await handleRequest({ kind: 'page-context', context: null }, { tabId: 3 });
    expect(await handleRequest({ kind: 'send-layout-sample' })).toMatchObject({
      ok: false,
      error: { message: 'Open an Ads Manager campaign, ad group or ad list in a tab first.' },
    });
    expect(asked).toEqual([]);
  });

  it('says to reload a tab whose content script does not answer, or answers nonsense', async () => {
    await report(3, '7252569388304511798', '2026-11-21T10:00:00.000Z');
    answerInTabs({});
    const silent = await handleRequest({ kind: 'send-layout-sample' });
    expect(silent).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    if (!silent.ok) expect(silent.error.message).toContain('Reload it');
    answerInTabs({ 3: { ok: true, data: { sampleId: 42 } } });
    expect(await handleRequest({ kind: 'send-layout-sample' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid' },
    });
  });
});
