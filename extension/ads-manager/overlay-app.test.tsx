import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { API_ROUTES, type ApiRouteName } from '../lib/api-routes';
import { api } from '../lib/messaging';
import { requestScan } from './bridge';
import type { ScanAnswer } from './bridge-protocol';
import { OverlayApp, type PageStore } from './overlay-app';
import type { AdsManagerPage } from './page-detection';

/**
 * The bulk-edit bar and drawer on the Ads Manager page, with a stand-in for the page's
 * table (the scan) and for the background (the api): ticks are remembered across scans,
 * the bar opens the drawer, and another level starts with nothing selected.
 */
vi.mock('./bridge', () => ({ requestScan: vi.fn() }));
vi.mock('../lib/messaging', () => ({
  api: vi.fn(),
  reportPageContext: vi.fn(async () => undefined),
}));

const ADVERTISER = '7252569388304511798';
const ACCOUNT = {
  advertiserId: ADVERTISER,
  name: 'Bayme US',
  currency: 'USD',
  timezone: 'America/Los_Angeles',
  status: 'STATUS_ENABLE',
  health: 'ok',
  connectionId: 'conn_0123456789',
  connectedAt: '2026-11-20T10:00:00.000Z',
};
const ANSWERS: Partial<Record<ApiRouteName, unknown>> = {
  listAdAccounts: { adAccounts: [ACCOUNT] },
  levelMetrics: {
    advertiserId: ADVERTISER,
    level: 'campaign',
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    range: { start: '2026-11-01', end: '2026-11-07' },
    previousRange: { start: '2026-10-25', end: '2026-10-31' },
    compared: false,
    fetchedAt: '2026-11-20T10:00:00.000Z',
    includesToday: false,
    reportsPurchaseValue: false,
    rows: [],
  },
  me: {
    staff: { id: 'stf_0123456789', email: 'b@bayme.example', name: 'Bo', role: 'buyer' },
    mode: 'emulator',
  },
  getGuardrails: { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
};

const row = (n: number, checked: boolean | null) => ({
  id: `17000000000000000${n}`,
  name: `Campaign ${n}`,
  checked,
  top: 100 + n * 40,
  bottom: 130 + n * 40,
  left: 0,
  right: 600,
});
let scan: ScanAnswer;
function showRows(rows: ScanAnswer['rows']) {
  scan = {
    table: true,
    viewport: { top: 0, bottom: 800, left: 0, right: 1000 },
    rows,
    listRows: [],
  };
}
/** Ads Manager ticked or scrolled: a checkbox's change event makes the overlay re-read. */
async function pageChanged(rows: ScanAnswer['rows']) {
  showRows(rows);
  await act(async () => {
    window.dispatchEvent(new Event('change'));
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

function renderOverlay(first: AdsManagerPage) {
  let page = first;
  const listeners = new Set<() => void>();
  const pages: PageStore = {
    get: () => page,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <OverlayApp pages={pages} host={document.createElement('div')} />
    </QueryClientProvider>,
  );
  return (next: AdsManagerPage) =>
    act(() => {
      page = next;
      for (const listener of listeners) listener();
    });
}

const CAMPAIGNS: AdsManagerPage = {
  level: 'campaign',
  advertiserId: ADVERTISER,
  range: { start: '2026-11-01', end: '2026-11-07' },
};

describe('bulk edit on the Ads Manager page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(requestScan).mockImplementation(() => scan);
    vi.mocked(api).mockImplementation((async (route: ApiRouteName) =>
      API_ROUTES[route].response.parse(ANSWERS[route])) as typeof api);
  });
  afterEach(() => {
    cleanup();
    vi.mocked(api).mockReset();
  });

  it('remembers ticked rows across scrolling and edits them in a drawer', async () => {
    showRows([row(1, true), row(2, false), row(3, true)]);
    const navigate = renderOverlay(CAMPAIGNS);
    const bar = await screen.findByTestId('bulk-action-bar');
    expect(screen.getByTestId('bulk-selected-count').textContent).toBe('2 selected');
    expect(bar.className).toContain('pointer-events-auto');

    // Scrolled: rows 1–3 left the virtual table; 4 is ticked.
    await pageChanged([row(4, true), row(5, false)]);
    await waitFor(() =>
      expect(screen.getByTestId('bulk-selected-count').textContent).toBe('3 selected'),
    );
    // Back up, with row 1 unticked meanwhile.
    await pageChanged([row(1, false), row(3, true)]);
    await waitFor(() =>
      expect(screen.getByTestId('bulk-selected-count').textContent).toBe('2 selected'),
    );

    fireEvent.click(screen.getByTestId('bulk-open'));
    const drawer = await screen.findByTestId('bulk-drawer');
    expect(drawer.className).toContain('pointer-events-auto');
    expect(screen.queryByTestId('bulk-action-bar')).toBeNull();
    await waitFor(() =>
      expect(screen.getByTestId('bulk-panel').textContent).toContain('Edit 2 campaigns in bulk'),
    );
    expect(screen.getByTestId('bulk-selected').textContent).toBe('Campaign 3, Campaign 4');

    fireEvent.click(screen.getByTestId('bulk-close'));
    expect(screen.queryByTestId('bulk-drawer')).toBeNull();
    expect(screen.getByTestId('bulk-action-bar')).toBeTruthy();

    // Another level: nothing is selected there yet.
    showRows([row(6, false)]);
    await navigate({ ...CAMPAIGNS, level: 'adgroup' });
    await waitFor(() => expect(screen.queryByTestId('bulk-action-bar')).toBeNull());
  });
});
