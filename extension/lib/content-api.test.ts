import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { z } from 'zod/mini';
import type { RouteResponse } from '../../companion-server/src/contract/route';
import type { ApiRoute } from './api-routes';
import { API_ROUTES } from './api-routes';
import {
  api,
  authorize,
  CONTENT_ROUTE_ANSWERS,
  type ContentRouteName,
  getPageContext,
  openSidePanel,
  openSignIn,
  reportPageContext,
} from './content-api';
import { ExtensionRequestError } from './errors';

/**
 * The content script's calls to the background, with WXT's fake browser standing in for the
 * messaging: what is sent, and which answers reach the overlays.
 */

const ADVERTISER = '7000000000000000001';
const FIGURES = {
  spend: 12.5,
  impressions: 1000,
  clicks: 20,
  ctr: 2,
  cpc: 0.63,
  conversions: 1,
  cpa: 12.5,
  roas: null,
};
const METRICS = {
  advertiserId: ADVERTISER,
  level: 'campaign',
  currency: 'USD',
  timezone: 'America/New_York',
  range: { start: '2026-05-01', end: '2026-05-07' },
  previousRange: { start: '2026-04-24', end: '2026-04-30' },
  compared: false,
  fetchedAt: '2026-05-07T12:00:00.000Z',
  includesToday: true,
  reportsPurchaseValue: false,
  rows: [{ id: '1800000000000000001', name: 'Spring sale', current: FIGURES }],
};
const ACCOUNTS = {
  adAccounts: [
    {
      advertiserId: ADVERTISER,
      name: 'Bayme US',
      currency: 'USD',
      timezone: 'America/New_York',
      status: 'STATUS_ENABLE',
      health: 'ok',
      connectionId: 'con_0123456789',
      connectedAt: '2026-05-01T09:00:00.000Z',
    },
  ],
};

/** The background's stand-in: records each message and answers with `answer(message)`. */
function background(answer: (message: unknown) => unknown) {
  const received: unknown[] = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    received.push(message);
    return Promise.resolve(answer(message));
  });
  return received;
}

async function failure(call: Promise<unknown>): Promise<ExtensionRequestError> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ExtensionRequestError)) throw new Error(`Expected a request error`);
  return error;
}

describe('content script api', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => fakeBrowser.reset());

  it('asks the background for a route and resolves with its whole answer', async () => {
    const received = background(() => ({ ok: true, data: ACCOUNTS }));
    const answer = await api('listAdAccounts');
    expect(received).toEqual([{ kind: 'api', route: 'listAdAccounts' }]);
    // Fields the overlays do not read pass through as the background checked them.
    expect(answer).toEqual(ACCOUNTS);
  });

  it("sends a route's params and query as given", async () => {
    const received = background(() => ({ ok: true, data: METRICS }));
    const query = { level: 'campaign', start: '2026-05-01', end: '2026-05-07' } as const;
    const answer = await api('levelMetrics', { params: { advertiserId: ADVERTISER }, query });
    expect(received).toEqual([
      { kind: 'api', route: 'levelMetrics', params: { advertiserId: ADVERTISER }, query },
    ]);
    expect(answer.rows[0]?.current.spend).toBe(12.5);
  });

  it('refuses an answer whose ids are numbers', async () => {
    background(() => ({
      ok: true,
      data: { ...METRICS, rows: [{ ...METRICS.rows[0], id: 1234567890 }] },
    }));
    const error = await failure(
      api('levelMetrics', {
        params: { advertiserId: ADVERTISER },
        query: { level: 'campaign', start: '2026-05-01', end: '2026-05-07' },
      }),
    );
    expect(error.detail.kind).toBe('server');
    expect(error.message).toContain('Reload this Ads Manager tab');
  });

  it.each([
    [
      'an account without its currency',
      { adAccounts: [{ ...ACCOUNTS.adAccounts[0], currency: undefined }] },
    ],
    [
      'an account health it does not know',
      { adAccounts: [{ ...ACCOUNTS.adAccounts[0], health: 'fine' }] },
    ],
    ['no list at all', { accounts: [] }],
    ['nothing', null],
  ])('refuses an answer with %s', async (_label, data) => {
    background(() => ({ ok: true, data }));
    const error = await failure(api('listAdAccounts'));
    expect(error.message).toContain('does not understand');
  });

  it('refuses layout hints whose selectors are not text', async () => {
    background(() => ({
      ok: true,
      data: {
        hints: {
          version: '1',
          selectors: {
            table: [{ selector: 7 }],
            scrollLayer: [],
            cell: [],
            nameLink: [],
            rowCheckbox: [],
          },
          idKeys: { campaign: [], adgroup: [], ad: [] },
          listUrlSubstrings: [],
        },
        updatedBy: null,
      },
    }));
    const error = await failure(api('getLayoutHints'));
    expect(error.message).toContain('does not understand');
  });

  it("passes on the background's error as it was given", async () => {
    background(() => ({
      ok: false,
      error: { kind: 'signed-out', message: 'Sign in with your staff key first.' },
    }));
    const error = await failure(api('listAdAccounts'));
    expect(error.detail).toEqual({
      kind: 'signed-out',
      message: 'Sign in with your staff key first.',
    });
  });

  it('says the background did not answer when the envelope is wrong', async () => {
    background(() => ({ ok: 'yes', data: ACCOUNTS }));
    const error = await failure(api('listAdAccounts'));
    expect(error.message).toBe('The extension’s background did not answer. Reload the extension.');
  });

  it('asks for a reload when the extension behind the tab is gone', async () => {
    // No listener: the fake browser rejects as Chrome does for an orphaned content script.
    const error = await failure(api('listAdAccounts'));
    expect(error.detail).toEqual({
      kind: 'server',
      message: 'The toolkit was updated or restarted. Reload this Ads Manager tab.',
    });
  });

  it('reports the page context, and its end', async () => {
    const received = background(() => ({ ok: true, data: null }));
    const context = {
      advertiserId: ADVERTISER,
      level: 'adgroup' as const,
      start: '2026-05-01',
      end: '2026-05-07',
    };
    await reportPageContext(context);
    await reportPageContext(null);
    expect(received).toEqual([
      { kind: 'page-context', context },
      { kind: 'page-context', context: null },
    ]);
  });

  it('reads the page context held for the active tab, and asks for the side panel on one', async () => {
    const context = {
      advertiserId: ADVERTISER,
      level: 'ad',
      start: '2026-05-01',
      end: '2026-05-07',
    };
    const received = background((message) =>
      (message as { kind: string }).kind === 'get-page-context'
        ? { ok: true, data: context }
        : { ok: true, data: null },
    );
    const held = await getPageContext();
    expect(held).toEqual(context);
    if (held) await openSidePanel(held);
    expect(received).toEqual([{ kind: 'get-page-context' }, { kind: 'open-side-panel', context }]);
  });

  it('takes no page context as none, and refuses a context with a numeric advertiser', async () => {
    let answer: unknown = null;
    background(() => ({ ok: true, data: answer }));
    expect(await getPageContext()).toBeNull();
    answer = { advertiserId: 7000000000, level: 'ad', start: '2026-05-01', end: '2026-05-07' };
    const error = await failure(getPageContext());
    expect(error.message).toContain('does not understand');
  });

  it('opens sign-in and starts an authorization through the background', async () => {
    const received = background((message) =>
      (message as { kind: string }).kind === 'open-sign-in'
        ? { ok: true, data: { opened: 'popup' } }
        : { ok: true, data: { attemptId: 'att_0123456789' } },
    );
    expect(await openSignIn()).toEqual({ opened: 'popup' });
    await authorize();
    expect(received).toEqual([{ kind: 'open-sign-in' }, { kind: 'authorize' }]);
  });

  it('refuses a sign-in answer naming a place it does not know', async () => {
    background(() => ({ ok: true, data: { opened: 'tab' } }));
    expect((await failure(openSignIn())).message).toContain('does not understand');
  });

  it('accepts every answer the full contract accepts', () => {
    const answers: Record<ContentRouteName, unknown> = {
      me: {
        staff: { id: 'stf_0123456789', email: 'ana@bayme.example', name: 'Ana', role: 'admin' },
        mode: 'emulator',
      },
      listAdAccounts: ACCOUNTS,
      levelMetrics: {
        ...METRICS,
        compared: true,
        rows: [
          { ...METRICS.rows[0], previous: FIGURES },
          { ...METRICS.rows[0], id: '18', previous: null },
        ],
      },
      listEntities: {
        advertiserId: ADVERTISER,
        level: 'ad',
        currency: 'USD',
        fetchedAt: '2026-05-07T12:00:00.000Z',
        entities: [
          {
            id: '1800000000000000001',
            name: 'Ad 1',
            operationStatus: 'ENABLE',
            secondaryStatus: null,
            budgetMode: null,
            budget: null,
            parentId: '1700000000000000001',
          },
        ],
      },
      reportPageHealth: { recorded: true },
      getLayoutHints: {
        hints: {
          version: '2026-05-20.1',
          updatedAt: '2026-05-20T10:00:00.000Z',
          selectors: {
            table: [{ selector: 'ks-virtual-table', seen: '2026-05' }],
            scrollLayer: [],
            cell: [{ selector: '[class*="KsLink"]', seen: '2026-05-20', note: 'name cells' }],
            nameLink: [],
            rowCheckbox: [],
          },
          idKeys: { campaign: ['campaign_id'], adgroup: [], ad: [] },
          listUrlSubstrings: ['/api/v2/i18n/'],
        },
        updatedBy: 'Ana',
      },
      sendLayoutSample: {
        sampleId: 'lay_20260520T100000000Z_0123456789ab',
        storedAt: '2026-05-20T10:00:00.000Z',
      },
      recentRuleActions: {
        actions: [
          {
            entityId: '1800000000000000001',
            ruleId: 'rule_0123456789',
            ruleName: 'Stop-loss',
            at: '2026-05-20T10:00:00.000Z',
            outcome: 'done',
            reason: 'Done.',
            change: { field: 'operation_status', before: 'ENABLE', after: 'DISABLE' },
          },
        ],
      },
    };
    for (const route of Object.keys(answers) as ContentRouteName[]) {
      const full = API_ROUTES[route].response.parse(answers[route]);
      expect(CONTENT_ROUTE_ANSWERS[route].safeParse(full)).toEqual({ success: true, data: full });
    }
  });

  it('mirrors only fields its contract has, with the same types (checked by tsc)', () => {
    type Mirror<N extends ContentRouteName> = z.output<(typeof CONTENT_ROUTE_ANSWERS)[N]>;
    expectTypeOf<RouteResponse<ApiRoute<'me'>>>().toExtend<Mirror<'me'>>();
    expectTypeOf<RouteResponse<ApiRoute<'listAdAccounts'>>>().toExtend<Mirror<'listAdAccounts'>>();
    expectTypeOf<RouteResponse<ApiRoute<'levelMetrics'>>>().toExtend<Mirror<'levelMetrics'>>();
    expectTypeOf<RouteResponse<ApiRoute<'listEntities'>>>().toExtend<Mirror<'listEntities'>>();
    expectTypeOf<RouteResponse<ApiRoute<'reportPageHealth'>>>().toExtend<
      Mirror<'reportPageHealth'>
    >();
    expectTypeOf<RouteResponse<ApiRoute<'getLayoutHints'>>>().toExtend<Mirror<'getLayoutHints'>>();
    expectTypeOf<RouteResponse<ApiRoute<'sendLayoutSample'>>>().toExtend<
      Mirror<'sendLayoutSample'>
    >();
    expectTypeOf<RouteResponse<ApiRoute<'recentRuleActions'>>>().toExtend<
      Mirror<'recentRuleActions'>
    >();
  });
});
