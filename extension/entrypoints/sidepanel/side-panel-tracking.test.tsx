import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LevelSchema } from '../../../companion-server/src/contract/ads-manager';
import type { AdLackingTracking } from '../../../companion-server/src/contract/orders-settings';
import { me, RULE_ACCOUNTS, US } from '../../../test/fixtures/extension/rules-fixtures';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { SidePanel } from './side-panel';

/**
 * The side panel's Tracking tab: the shown account's ads whose landing page lacks the
 * tracking template's parameters, active first, with what each lacks and how to add them.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const TEMPLATE = 'utm_source=tiktok&campaign_id=__CAMPAIGN_ID__&adgroup_id=__AID__&ad_id=__CID__';

const lacking = (n: number, overrides: Partial<AdLackingTracking> = {}): AdLackingTracking => ({
  adId: `180000000000000000${n}`,
  adName: `Winter sale | Video ${n}`,
  adgroupId: '1700000000000000001',
  campaignId: '1600000000000000001',
  operationStatus: 'ENABLE',
  landingUrl: `https://bayme.example/winter-${n}?utm_source=tiktok`,
  missing: ['campaign_id', 'adgroup_id', 'ad_id'],
  ...overrides,
});

function answers(trackingCheck: unknown): Call[] {
  return serve({
    me: me('viewer'),
    listAdAccounts: { adAccounts: RULE_ACCOUNTS },
    listEntities: (input: ApiInput) => ({
      advertiserId: input?.params?.advertiserId,
      level: LevelSchema.parse(input?.query?.level),
      currency: 'USD',
      fetchedAt: '2026-11-20T12:00:00.000Z',
      entities: [],
    }),
    levelMetrics: (input: ApiInput) => ({
      advertiserId: input?.params?.advertiserId,
      level: LevelSchema.parse(input?.query?.level),
      currency: 'USD',
      timezone: 'UTC',
      range: { start: input?.query?.start, end: input?.query?.end },
      previousRange: { start: '2026-11-07', end: '2026-11-13' },
      compared: false,
      fetchedAt: '2026-11-20T12:00:00.000Z',
      includesToday: false,
      reportsPurchaseValue: false,
      rows: [],
    }),
    trackingCheck,
  });
}

function renderPanel() {
  window.history.replaceState(null, '', '/sidepanel.html');
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <SidePanel />
    </QueryClientProvider>,
  );
}

const checksAsked = (calls: Call[]) =>
  calls.filter((call) => call.route === 'trackingCheck').map((call) => call.input?.params);

/** Opens the tab once the lists are shown; returns the checks asked before the click. */
async function openTrackingTab(calls: Call[]) {
  renderPanel();
  await screen.findByTestId('entity-table');
  const before = checksAsked(calls);
  fireEvent.click(screen.getByTestId('panel-tab-tracking'));
  await screen.findByTestId('tracking-tab');
  return before;
}

describe('side panel: the Tracking tab', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(api).mockReset();
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('lists the shown account’s ads lacking parameters, with what each lacks and the bulk-edit hint', async () => {
    const calls = answers({
      advertiserId: US,
      trackingTemplate: TEMPLATE,
      checkedAt: '2026-11-20T12:00:00.000Z',
      adsChecked: 40,
      withoutLandingUrl: 1,
      lacking: 3,
      lackingActive: 2,
      ads: [
        lacking(1),
        lacking(2, { missing: ['utm_source', 'campaign_id', 'adgroup_id', 'ad_id'] }),
        lacking(3, { operationStatus: 'DISABLE', missing: ['ad_id'] }),
      ],
    });
    // Listing the account's ads costs TikTok calls: only when the tab is opened.
    expect(await openTrackingTab(calls)).toEqual([]);
    await screen.findByTestId('tracking-list');
    expect(checksAsked(calls)).toEqual([{ advertiserId: US }]);

    expect(screen.getByTestId('tracking-summary').textContent).toContain(
      '3 of 40 ads lack tracking parameters (2 active).',
    );
    expect(screen.getByTestId('tracking-hint').textContent).toMatch(
      /bulk edit of landing\s+URLs adds the parameters/,
    );
    expect(screen.getByTestId('tracking-template').textContent).toContain(TEMPLATE);
    const rows = screen.getAllByTestId('tracking-ad');
    expect(rows.map((row) => row.dataset.adId)).toEqual([
      lacking(1).adId,
      lacking(2).adId,
      lacking(3).adId,
    ]);
    expect(within(rows[2] as HTMLElement).getByText('Paused')).toBeTruthy();
    const missing = within(rows[0] as HTMLElement).getByTestId('tracking-missing');
    expect([...missing.querySelectorAll('code')].map((code) => code.textContent)).toEqual([
      'campaign_id',
      'adgroup_id',
      'ad_id',
    ]);
    expect(screen.getByTestId('tracking-without-url').textContent).toContain(
      '1 ad has no landing page',
    );
    // The lists stay mounted behind the tab.
    expect(screen.getByTestId('entity-table').closest('.hidden')).not.toBeNull();
  });

  it('says so when every ad carries the parameters', async () => {
    const calls = answers({
      advertiserId: US,
      trackingTemplate: TEMPLATE,
      checkedAt: '2026-11-20T12:00:00.000Z',
      adsChecked: 12,
      withoutLandingUrl: 0,
      lacking: 0,
      lackingActive: 0,
      ads: [],
    });
    await openTrackingTab(calls);
    const good = await screen.findByTestId('tracking-all-good');
    expect(good.textContent).toContain('All 12 ads’ landing pages carry the template’s parameters');
    expect(screen.queryByTestId('tracking-list')).toBeNull();
  });

  it('shows the server’s reason when the check fails', async () => {
    const calls = answers(() => {
      throw new ExtensionRequestError({
        kind: 'invalid',
        status: 409,
        message: 'TikTok no longer accepts the authorization for ad account 7252569388304511798.',
      });
    });
    await openTrackingTab(calls);
    const error = await screen.findByTestId('tracking-error');
    expect(error.textContent).toContain('TikTok no longer accepts the authorization');
  });
});
