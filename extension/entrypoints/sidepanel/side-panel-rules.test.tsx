import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LevelSchema } from '../../../companion-server/src/contract/ads-manager';
import {
  DE,
  me,
  RULE_ACCOUNTS,
  RUNNING,
  SCALE_WINNERS,
  STOP_LOSS,
} from '../../../test/fixtures/extension/rules-fixtures';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import { pageContextsItem } from '../../lib/session-state';
import { SidePanel } from './side-panel';

/**
 * The side panel's Rules tab in place: the followed Ads Manager tab's account's rules, or
 * every account's when the panel stands on its own, with the lists kept behind it.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

function answers(): Call[] {
  return serve({
    me: me('buyer'),
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
    listRules: (input: ApiInput) => ({
      rules: [STOP_LOSS, SCALE_WINNERS].filter(
        (rule) =>
          !input?.query?.advertiserId ||
          rule.scope.advertiserIds.includes(String(input.query.advertiserId)),
      ),
      settings: RUNNING,
    }),
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

const rulesAsked = (calls: Call[]) =>
  calls.filter((call) => call.route === 'listRules').map((call) => call.input?.query);

describe('side panel: the Rules tab in place', () => {
  let calls: Call[];
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(api).mockReset();
    calls = answers();
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('standing on its own, shows every account’s rules; the lists wait behind, untouched', async () => {
    renderPanel();
    await screen.findByTestId('entity-table');
    expect(rulesAsked(calls)).toEqual([]);
    fireEvent.click(screen.getByTestId('panel-tab-rules'));
    await screen.findByTestId('rules-list');
    expect(rulesAsked(calls)).toEqual([{}]);
    expect(screen.getAllByTestId('rule-line')).toHaveLength(2);
    expect(screen.getByTestId('panel-tab-rules').getAttribute('aria-selected')).toBe('true');
    // Still mounted (a bulk creation under way survives), only hidden.
    expect(screen.getByTestId('entity-table').closest('.hidden')).not.toBeNull();

    fireEvent.click(screen.getByTestId('panel-tab-lists'));
    expect(screen.queryByTestId('rules-tab')).toBeNull();
    expect(screen.getByTestId('entity-table').closest('.hidden')).toBeNull();
  });

  it('following an Ads Manager tab, shows that account’s rules', async () => {
    const adsManager = await browser.tabs.create({ url: 'https://ads.tiktok.com/', active: false });
    await pageContextsItem.setValue({
      [String(adsManager.id)]: {
        advertiserId: DE,
        level: 'adgroup',
        start: '2026-11-14',
        end: '2026-11-20',
        reportedAt: new Date().toISOString(),
      },
    });
    renderPanel();
    await screen.findByTestId('entity-table');
    fireEvent.click(screen.getByTestId('panel-tab-rules'));
    await waitFor(() =>
      expect(screen.getAllByTestId('rule-line').map((line) => line.dataset.ruleId)).toEqual([
        SCALE_WINNERS.id,
      ]),
    );
    expect(rulesAsked(calls)).toEqual([{ advertiserId: DE }]);
    expect((screen.getByTestId('rules-account') as HTMLSelectElement).value).toBe(DE);
  });
});
