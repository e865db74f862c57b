import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LevelSchema } from '../../../companion-server/src/contract/ads-manager';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { defaultRange } from '../../ads-manager/date-range';
import { api } from '../../lib/messaging';
import { getPreferences, setPreferences } from '../../lib/preferences';
import { pageContextsItem } from '../../lib/session-state';
import { SidePanel } from './side-panel';

/**
 * The side panel on its own (no Ads Manager tab: the buyer picks the account, level and
 * range), following an Ads Manager tab (and unpinned), and its columns: the badges' metric
 * preference, as many as the width holds, chosen from the panel. The background is a
 * stand-in; the tabs and storage are WXT's fake browser.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const US = { advertiserId: '7252569388304511798', timezone: 'America/Los_Angeles' };
const DE = { advertiserId: '7252569388304511799', timezone: 'Europe/Berlin' };
const TAB_VIEW = {
  advertiserId: DE.advertiserId,
  level: 'adgroup' as const,
  start: '2026-11-14',
  end: '2026-11-20',
};
/** Chrome's side panel at 360 px: 336 px inside the page's padding, less a 15 px scroll bar. */
const PANEL_360 = 321;

const adAccount = (account: typeof US, name: string) => ({
  ...account,
  name,
  currency: 'USD',
  status: 'STATUS_ENABLE',
  health: 'ok',
  connectionId: 'con_0123456789',
  connectedAt: '2026-11-01T00:00:00.000Z',
});

function answers(): Call[] {
  return serve({
    listAdAccounts: { adAccounts: [adAccount(US, 'US store'), adAccount(DE, 'DE store')] },
    listEntities: (input: ApiInput) => ({
      advertiserId: input?.params?.advertiserId,
      level: LevelSchema.parse(input?.query?.level),
      currency: 'USD',
      fetchedAt: '2026-11-20T12:00:00.000Z',
      entities: [
        {
          id: '1700000000000000001',
          name: 'A campaign with a name far too long for a narrow side panel',
          operationStatus: 'ENABLE',
          secondaryStatus: null,
          budgetMode: 'BUDGET_MODE_DAY',
          budget: 100,
          parentId: null,
        },
      ],
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
      rows: [
        {
          id: '1700000000000000001',
          name: null,
          current: {
            spend: 2_345.6,
            impressions: 164_500,
            clicks: 900,
            ctr: 0.55,
            cpc: 2.61,
            conversions: 30,
            cpa: 78.19,
            roas: 2.5,
          },
          previous: null,
        },
      ],
    }),
  });
}

/** What was asked of the server for the list: account, level and range. */
const listed = (calls: Call[]) =>
  calls
    .filter((call) => call.route === 'levelMetrics')
    .map(
      (call) =>
        `${call.input?.params?.advertiserId} ${call.input?.query?.level} ${call.input?.query?.start}…${call.input?.query?.end}`,
    );

function renderPanel() {
  window.history.replaceState(null, '', '/sidepanel.html');
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <SidePanel />
    </QueryClientProvider>,
  );
}

const source = () => screen.getByTestId('view-picker').dataset.source;
const headers = () =>
  Array.from(
    screen.getByTestId('entity-table').querySelectorAll<HTMLElement>('th[data-metric]'),
  ).map((th) => th.dataset.metric);

describe('side panel views', () => {
  let calls: Call[];
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(api).mockReset();
    calls = answers();
    // happy-dom lays nothing out: the list's box and rows get the panel's size at 360 px.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(PANEL_360);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(38);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('stands on its own without an Ads Manager tab: the buyer picks account, level and range', async () => {
    renderPanel();
    await screen.findByTestId('entity-table');
    expect(source()).toBe('own');
    expect(screen.queryByTestId('follow-status')).toBeNull();
    // The first connected account, campaigns, the buyer's default range in its own days.
    const week = defaultRange('last_7_days', US.timezone);
    expect(listed(calls)).toEqual([`${US.advertiserId} campaign ${week.start}…${week.end}`]);
    expect((screen.getByTestId('panel-account') as HTMLSelectElement).value).toBe(US.advertiserId);

    fireEvent.change(screen.getByTestId('panel-account'), {
      target: { value: DE.advertiserId },
    });
    fireEvent.click(screen.getByRole('tab', { name: 'Ads' }));
    const berlinWeek = defaultRange('last_7_days', DE.timezone);
    await waitFor(() =>
      expect(listed(calls).at(-1)).toBe(
        `${DE.advertiserId} ad ${berlinWeek.start}…${berlinWeek.end}`,
      ),
    );
    fireEvent.change(screen.getByTestId('range-start'), { target: { value: '2026-10-01' } });
    fireEvent.change(screen.getByTestId('range-end'), { target: { value: '2026-10-31' } });
    fireEvent.click(screen.getByTestId('range-apply'));
    await waitFor(() =>
      expect(listed(calls).at(-1)).toBe(`${DE.advertiserId} ad 2026-10-01…2026-10-31`),
    );
    expect(screen.getByTestId('panel-range-label').textContent).toBe('Oct 1 – Oct 31, 2026');
    expect((screen.getByTestId('open-dashboard') as HTMLAnchorElement).href).toContain(
      `?advertiserIds=${DE.advertiserId}&start=2026-10-01&end=2026-10-31`,
    );
  });

  it('follows the Ads Manager tab, says so, and can be unpinned and pinned again', async () => {
    const adsManager = await browser.tabs.create({ url: 'https://ads.tiktok.com/', active: false });
    await pageContextsItem.setValue({
      [String(adsManager.id)]: { ...TAB_VIEW, reportedAt: new Date().toISOString() },
    });
    renderPanel();
    await screen.findByTestId('entity-table');
    expect(source()).toBe('tab');
    expect(screen.getByTestId('follow-status').textContent).toContain(
      'Following the Ads Manager tab',
    );
    expect(listed(calls)).toEqual([`${DE.advertiserId} adgroup 2026-11-14…2026-11-20`]);

    // The tab moves to its ads: the panel follows.
    await pageContextsItem.setValue({
      [String(adsManager.id)]: { ...TAB_VIEW, level: 'ad', reportedAt: new Date().toISOString() },
    });
    await waitFor(() =>
      expect(listed(calls).at(-1)).toBe(`${DE.advertiserId} ad 2026-11-14…2026-11-20`),
    );

    // Unpinned, it keeps the view, and no longer follows the tab.
    fireEvent.click(screen.getByTestId('unpin'));
    expect(source()).toBe('own');
    expect(screen.getByRole('tab', { name: 'Ads' }).getAttribute('aria-selected')).toBe('true');
    await pageContextsItem.setValue({
      [String(adsManager.id)]: {
        ...TAB_VIEW,
        level: 'campaign',
        reportedAt: new Date().toISOString(),
      },
    });
    fireEvent.change(screen.getByTestId('panel-account'), { target: { value: US.advertiserId } });
    await waitFor(() =>
      expect(listed(calls).at(-1)).toBe(`${US.advertiserId} ad 2026-11-14…2026-11-20`),
    );

    fireEvent.click(screen.getByTestId('follow-tab'));
    expect(source()).toBe('tab');
    await waitFor(() =>
      expect(listed(calls).at(-1)).toBe(`${DE.advertiserId} campaign 2026-11-14…2026-11-20`),
    );

    // The tab closed: nothing left to follow, the panel keeps its last view on its own.
    await pageContextsItem.setValue({});
    await waitFor(() => expect(source()).toBe('own'));
    expect(screen.getByRole('tab', { name: 'Campaigns' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect((screen.getByTestId('panel-account') as HTMLSelectElement).value).toBe(DE.advertiserId);
  });

  it('picking an account while following stops following', async () => {
    const adsManager = await browser.tabs.create({ url: 'https://ads.tiktok.com/', active: false });
    await pageContextsItem.setValue({
      [String(adsManager.id)]: { ...TAB_VIEW, reportedAt: new Date().toISOString() },
    });
    renderPanel();
    await screen.findByTestId('entity-table');
    fireEvent.change(screen.getByTestId('panel-account'), { target: { value: US.advertiserId } });
    expect(source()).toBe('own');
    await waitFor(() =>
      expect(listed(calls).at(-1)).toBe(`${US.advertiserId} adgroup 2026-11-14…2026-11-20`),
    );
  });

  it('shows the chosen metrics that fit 360 px, and saves a change for the badges too', async () => {
    await setPreferences({
      defaultDateRange: 'last_7_days',
      overlayMetrics: ['spend', 'cpa', 'roas'],
    });
    renderPanel();
    await screen.findByTestId('entity-table');
    await waitFor(() => expect(headers()).toEqual(['spend', 'cpa', 'roas']));
    const row = screen.getByTestId('entity-row');
    const spend = row.querySelector<HTMLElement>('[data-metric="spend"]');
    expect(spend?.textContent).toBe('$2.3K');
    expect(spend?.title).toBe('$2,345.60');
    const name = within(row).getByTestId('entity-name');
    expect(name.title).toBe('A campaign with a name far too long for a narrow side panel');
    expect(screen.queryByTestId('columns-hidden')).toBeNull();

    const option = (metric: string) =>
      screen
        .getAllByTestId('column-option')
        .find((input) => (input as HTMLInputElement).value === metric) as HTMLInputElement;
    fireEvent.click(option('ctr'));
    await waitFor(async () =>
      expect((await getPreferences()).overlayMetrics).toEqual(['spend', 'ctr', 'cpa', 'roas']),
    );
    // Four chosen, three fit: in the badges' order, and the menu says so.
    await waitFor(() => expect(headers()).toEqual(['spend', 'ctr', 'cpa']));
    expect(screen.getByTestId('columns-hidden').textContent).toContain('3 of 4 fit');

    // Saved elsewhere (the options page): the panel follows.
    await setPreferences({ defaultDateRange: 'last_7_days', overlayMetrics: ['roas'] });
    await waitFor(() => expect(headers()).toEqual(['roas']));
    expect(option('roas').disabled).toBe(true);
  });
});
