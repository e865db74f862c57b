import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { api, openSidePanel } from '../lib/content-api';
import { setPreferences } from '../lib/preferences';
import { ResourceCache, ResourceCacheProvider } from '../lib/resource-cache';
import { requestScan } from './bridge';
import type { ScanAnswer } from './bridge-protocol';
import { OverlayApp, type PageStore } from './overlay-app';
import type { AdsManagerPage } from './page-detection';

/**
 * The overlay on the Ads Manager page with stand-ins for the page's table (the scan) and for
 * the background (the api): identified rows go to the bulk selection across scrolling,
 * ticked rows that cannot be identified are counted and never selected, and a row that
 * cannot be identified is said in a notice with a way to carry on.
 */
vi.mock('./bridge', () => ({
  requestScan: vi.fn(),
  sendKnownEntities: vi.fn(),
  requestLayoutSample: vi.fn(),
  needBadgeRoom: vi.fn(),
}));
vi.mock('../lib/content-api', () => ({
  api: vi.fn(),
  reportPageContext: vi.fn(async () => undefined),
  getPageContext: vi.fn(async () => null),
  openSidePanel: vi.fn(async () => undefined),
  openSignIn: vi.fn(async () => ({ opened: 'popup' })),
  authorize: vi.fn(async () => undefined),
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
const id = (n: number) => `17000000000000000${n}`;
const entity = (n: number, name = `Campaign ${n}`) => ({
  id: id(n),
  name,
  operationStatus: 'ENABLE',
  secondaryStatus: null,
  budgetMode: 'BUDGET_MODE_DAY',
  budget: 50 + n,
  parentId: null,
});
const ANSWERS: Record<string, unknown> = {
  listAdAccounts: { adAccounts: [ACCOUNT] },
  listEntities: {
    advertiserId: ADVERTISER,
    level: 'campaign',
    currency: 'USD',
    fetchedAt: '2026-11-20T10:00:00.000Z',
    entities: [1, 2, 3, 4, 5, 6]
      .map((n) => entity(n))
      .concat([entity(8, 'Twin'), entity(9, 'Twin')]),
  },
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
  getLayoutHints: { hints: null, updatedBy: null },
};

type Row = ScanAnswer['rows'][number];
const row = (
  n: number,
  checked: boolean | null,
  ids = [id(n)],
  texts: string[] | null = null,
): Row => ({
  ids,
  exhausted: false,
  texts,
  checked,
  top: 100 + n * 40,
  bottom: 130 + n * 40,
  left: 0,
  right: 600,
  gaps: [[300, 600]],
  rtl: false,
});
let scan: ScanAnswer;
function showRows(rows: Row[]) {
  scan = {
    table: true,
    strategy: 'checkbox-column',
    viewport: { top: 0, bottom: 800, left: 0, right: 1000 },
    origin: { top: 0, left: 0 },
    rows,
    pageRange: null,
    tookMs: 0.1,
  };
}
/** Ads Manager ticked or scrolled: a change event makes the overlay re-read. */
async function pageChanged(rows: Row[]) {
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
  const cache = new ResourceCache(0);
  const host = document.createElement('div');
  host.attachShadow({ mode: 'open' });
  render(
    <ResourceCacheProvider cache={cache}>
      <OverlayApp pages={pages} host={host} />
    </ResourceCacheProvider>,
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

describe('the overlay on an Ads Manager list', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // WXT's fake browser has no manifest: the layout report reads the extension's version.
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Bayme Ads Toolkit',
      version: '0.1.0',
    });
    vi.mocked(requestScan).mockImplementation(() => scan);
    vi.mocked(api).mockImplementation((async (route: string) => ANSWERS[route]) as typeof api);
  });
  afterEach(() => {
    cleanup();
    vi.mocked(api).mockReset();
    vi.mocked(openSidePanel).mockClear();
  });

  it('remembers ticked rows across scrolling and edits them in a drawer', async () => {
    showRows([row(1, true), row(2, false), row(3, true)]);
    const navigate = renderOverlay(CAMPAIGNS);
    const bar = await screen.findByTestId('bulk-action-bar');
    await waitFor(() =>
      expect(screen.getByTestId('bulk-selected-count').textContent).toBe('2 selected'),
    );
    expect(bar.parentElement?.dataset.baymeInteractive).toBe('');

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
    const frame = drawer.querySelector('iframe');
    expect(frame?.getAttribute('src')).toContain('bulk-drawer.html#');
    expect(screen.queryByTestId('bulk-action-bar')).toBeNull();

    // Another level: nothing is selected there yet.
    showRows([row(6, false)]);
    await navigate({ ...CAMPAIGNS, level: 'adgroup' });
    await waitFor(() => expect(screen.queryByTestId('bulk-action-bar')).toBeNull());
  });

  it('never selects a ticked row it cannot identify, and counts it in the bar', async () => {
    // Row 7 carries no known id and shows a name shared by two campaigns.
    showRows([row(1, true), row(7, true, [], ['Twin', 'Active', '$100.00'])]);
    renderOverlay(CAMPAIGNS);
    await waitFor(() => expect(screen.getByTestId('bulk-unidentified').dataset.count).toBe('1'));
    expect(screen.getByTestId('bulk-selected-count').textContent).toBe('1 selected');
    expect(screen.getByTestId('bulk-unidentified').textContent).toContain(
      '1 ticked row could not be identified',
    );
  });

  it('shows a badge on a row settled by its cells, but never bulk-edits it', async () => {
    // "Twin" is two campaigns; only one has an $58 budget (entity 8: 50 + 8).
    showRows([row(1, true), row(7, true, [], ['Twin', 'Active', '$58.00'])]);
    renderOverlay(CAMPAIGNS);
    await waitFor(() => expect(screen.getByTestId('bulk-unidentified').dataset.count).toBe('1'));
    expect(screen.getByTestId('bulk-selected-count').textContent).toBe('1 selected');
    const badges = screen.getAllByTestId('overlay-badge');
    expect(badges.map((badge) => badge.dataset.baymeBy)).toEqual(['ids', 'name-and-cells']);
    expect(badges[1]?.dataset.baymeBadge).toBe(id(8));
  });

  it('says within a second which rows cannot be identified, with the side panel a click away', async () => {
    showRows([
      row(1, false),
      row(2, false, [id(2), id(3)], ['Something else']),
      row(7, false, [], ['Twin']),
    ]);
    renderOverlay(CAMPAIGNS);
    const notice = await screen.findByTestId('layout-notice', undefined, { timeout: 1_500 });
    expect(notice.textContent).toContain('2 rows not identified');
    expect(notice.textContent).toContain('“Twin”');
    fireEvent.click(screen.getByTestId('notice-open-side-panel'));
    expect(openSidePanel).toHaveBeenCalledWith({
      advertiserId: ADVERTISER,
      level: 'campaign',
      start: '2026-11-01',
      end: '2026-11-07',
    });
    // Buyers get no sample button; admins do.
    expect(screen.queryByTestId('notice-send-sample')).toBeNull();
  });

  it('tells a signed-out buyer so, with a button to sign in', async () => {
    const { ExtensionRequestError } = await import('../lib/errors');
    vi.mocked(api).mockImplementation((async (route: string) => {
      if (route === 'listAdAccounts') {
        throw new ExtensionRequestError({ kind: 'signed-out', message: 'Sign in first.' });
      }
      return ANSWERS[route];
    }) as typeof api);
    showRows([row(1, false)]);
    renderOverlay(CAMPAIGNS);
    const notice = await screen.findByTestId('overlay-notice');
    expect(notice.textContent).toContain('not signed in');
    expect(screen.getByTestId('notice-sign-in').textContent).toBe('Sign in');
  });

  it('shows the metrics the buyer chose, and says which range when the page does not', async () => {
    await setPreferences({ defaultDateRange: 'last_7_days', overlayMetrics: ['clicks', 'ctr'] });
    const metrics = ANSWERS.levelMetrics as { rows: unknown[] };
    const values = {
      spend: 323.4,
      impressions: 12_000,
      clicks: 150,
      ctr: 1.25,
      cpc: 2.16,
      conversions: 3,
      cpa: 107.8,
      roas: null,
    };
    vi.mocked(api).mockImplementation((async (route: string) =>
      route === 'levelMetrics'
        ? { ...metrics, rows: [{ id: id(1), name: 'Campaign 1', current: values }] }
        : ANSWERS[route]) as typeof api);
    showRows([row(1, false)]);
    renderOverlay({ ...CAMPAIGNS, range: null });
    const badge = await screen.findByTestId('overlay-badge');
    await waitFor(() => expect(badge.textContent).toContain('Clicks 150'));
    expect(badge.textContent).toContain('CTR 1.25%');
    expect(badge.textContent).not.toContain('$323');
    // Neither the address nor the page's requests said which range: the badge says it.
    expect(screen.getByTestId('badge-range').textContent).toContain('Nov 1 – Nov 7');
    // Saved on the options page while the page is open: the badges follow.
    await act(() =>
      setPreferences({ defaultDateRange: 'last_7_days', overlayMetrics: ['spend', 'cpa'] }),
    );
    await waitFor(() => expect(badge.textContent).toContain('$323'));
    expect(badge.textContent).toContain('CPA $107.80');
    expect(badge.textContent).not.toContain('Clicks');
  });
});
