import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_ROUTES, type ApiRouteName } from '../../lib/api-routes';
import { ExtensionRequestError } from '../../lib/errors';
import { api, exportCsv } from '../../lib/messaging';
import { Dashboard } from './dashboard';
import {
  AD_ACCOUNTS,
  BROKEN,
  CAMPAIGNS,
  GERMANY,
  levelMetricsAnswer,
  overview,
  RANGE,
  US_EAST,
  US_WEST,
} from './reporting-fixtures';

/**
 * The dashboard with a stand-in background: each test says what the routes answer, and
 * checks what staff see and what was asked of the server.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn(), exportCsv: vi.fn() }));

type ApiInput = Parameters<typeof api>[1];
interface Call {
  route: ApiRouteName;
  input: ApiInput;
}

const ALL_IDS = AD_ACCOUNTS.map((account) => account.advertiserId);

function serve(): Call[] {
  const calls: Call[] = [];
  const fake = async (route: ApiRouteName, input?: ApiInput) => {
    calls.push({ route, input });
    const answers: Partial<Record<ApiRouteName, () => unknown>> = {
      listAdAccounts: () => ({ adAccounts: AD_ACCOUNTS }),
      reportOverview: () =>
        overview(String(input?.query?.advertiserIds ?? ALL_IDS.join(',')).split(',')),
      levelMetrics: () =>
        levelMetricsAnswer(
          input?.params?.advertiserId ?? '',
          input?.query?.level as 'campaign',
          CAMPAIGNS,
        ),
    };
    const answer = answers[route];
    if (!answer) throw new Error(`No answer for ${route}`);
    return API_ROUTES[route].response.parse(answer());
  };
  vi.mocked(api).mockImplementation(fake as typeof api);
  return calls;
}

const overviewCalls = (calls: Call[]) =>
  calls.filter((call) => call.route === 'reportOverview').map((call) => call.input?.query);

function renderDashboard(search: string) {
  history.replaceState(null, '', `/dashboard.html${search}`);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Dashboard />
    </QueryClientProvider>,
  );
}

const ADDRESS = `?advertiserIds=${ALL_IDS.join(',')}&start=${RANGE.start}&end=${RANGE.end}`;

function card(group: HTMLElement, metric: string): HTMLElement {
  const found = within(group)
    .getAllByTestId('metric-card')
    .find((element) => element.dataset.metric === metric);
  if (!found) throw new Error(`No ${metric} card`);
  return found;
}

describe('reporting dashboard', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    vi.mocked(exportCsv).mockReset();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('covers every connected ad account and the last 7 complete days when the address names none', async () => {
    // 05:30 UTC on the 21st: still the 20th in Los Angeles, so the last complete day there is the 19th.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-21T05:30:00.000Z'));
    const calls = serve();
    renderDashboard('');
    await screen.findAllByTestId('currency-group');
    expect(overviewCalls(calls)).toEqual([
      { advertiserIds: ALL_IDS.join(','), start: '2026-11-13', end: '2026-11-19' },
    ]);
    expect(location.search).toBe(
      `?advertiserIds=${ALL_IDS.join(',')}&start=2026-11-13&end=2026-11-19`,
    );
    expect((screen.getByTestId('range-start') as HTMLInputElement).value).toBe('2026-11-13');
    expect((screen.getByTestId('range-end') as HTMLInputElement).value).toBe('2026-11-19');
  });

  it('shows one group of totals per currency, labelled, and never a total across currencies', async () => {
    serve();
    renderDashboard(ADDRESS);
    const groups = await screen.findAllByTestId('currency-group');
    expect(groups.map((group) => group.dataset.currency)).toEqual(['USD', 'EUR']);
    const [usd, eur] = groups as [HTMLElement, HTMLElement];
    expect(within(usd).getByRole('heading').textContent).toBe('USD · 2 ad accounts');
    expect(within(eur).getByRole('heading').textContent).toBe('EUR · 1 ad account');
    expect(within(usd).getByText('Bayme US East, Bayme US West')).toBeTruthy();
    expect(card(usd, 'spend').textContent).toContain('$1,500.00');
    expect(card(eur, 'spend').textContent).toContain('€300.00');
    // 1,500 USD + 300 EUR must never appear as one figure.
    expect(screen.getByTestId('dashboard').textContent).not.toMatch(/1,800/);
    expect(
      within(usd)
        .getAllByTestId('metric-card')
        .map((c) => c.dataset.metric),
    ).toEqual(['spend', 'impressions', 'clicks', 'ctr', 'cpc', 'conversions', 'cpa', 'roas']);
  });

  it('shows each card’s change against the previous period, coloured by whether it is better', async () => {
    serve();
    renderDashboard(ADDRESS);
    const [usd, eur] = (await screen.findAllByTestId('currency-group')) as [
      HTMLElement,
      HTMLElement,
    ];
    const change = (group: HTMLElement, metric: string) =>
      within(card(group, metric)).getByTestId('metric-change');
    expect(change(usd, 'spend').textContent).toBe('▲25%');
    expect(change(usd, 'spend').dataset.tone).toBe('neutral');
    expect(change(usd, 'conversions').textContent).toBe('▲38%');
    expect(change(usd, 'conversions').dataset.tone).toBe('better');
    expect(change(usd, 'cpa').textContent).toBe('▼10.0%');
    expect(change(usd, 'cpa').dataset.tone).toBe('better');
    expect(change(eur, 'cpa').textContent).toBe('▼25%');
    expect(change(usd, 'ctr').textContent).toBe('n/a');
    expect(card(usd, 'spend').textContent).toContain('before: $1,200.00');
  });

  it('says which ad accounts could not be read, and why', async () => {
    serve();
    renderDashboard(ADDRESS);
    const problem = await screen.findByTestId('account-problem');
    expect(problem.dataset.advertiserId).toBe(BROKEN);
    expect(problem.textContent).toContain('Bayme UK');
    expect(problem.textContent).toContain('re-authorize it');
  });

  it('reloads the figures for the accounts and the range picked', async () => {
    const calls = serve();
    renderDashboard(ADDRESS);
    await screen.findAllByTestId('currency-group');
    const option = screen
      .getAllByTestId('account-option')
      .find((input) => (input as HTMLInputElement).value === GERMANY);
    fireEvent.click(option as HTMLElement);
    await waitFor(() =>
      expect(overviewCalls(calls).at(-1)?.advertiserIds).toBe([US_EAST, US_WEST, BROKEN].join(',')),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('currency-group').map((g) => g.dataset.currency)).toEqual([
        'USD',
      ]),
    );

    fireEvent.change(screen.getByTestId('range-start'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByTestId('range-end'), { target: { value: '2026-11-10' } });
    fireEvent.click(screen.getByTestId('range-apply'));
    await waitFor(() =>
      expect(overviewCalls(calls).at(-1)).toEqual({
        advertiserIds: [US_EAST, US_WEST, BROKEN].join(','),
        start: '2026-11-01',
        end: '2026-11-10',
      }),
    );
    expect(location.search).toBe(
      `?advertiserIds=${[US_EAST, US_WEST, BROKEN].join(',')}&start=2026-11-01&end=2026-11-10`,
    );
  });

  it('refuses a range that ends before it starts, without asking the server', async () => {
    const calls = serve();
    renderDashboard(ADDRESS);
    await screen.findAllByTestId('currency-group');
    const before = overviewCalls(calls).length;
    fireEvent.change(screen.getByTestId('range-start'), { target: { value: '2026-11-20' } });
    fireEvent.change(screen.getByTestId('range-end'), { target: { value: '2026-11-10' } });
    fireEvent.click(screen.getByTestId('range-apply'));
    expect(screen.getByTestId('range-problem').textContent).toBe('The start comes after the end.');
    expect(overviewCalls(calls)).toHaveLength(before);
  });

  it('draws the picked account’s days, with a tooltip on hover', async () => {
    serve();
    renderDashboard(ADDRESS);
    const chart = await screen.findByTestId('daily-chart');
    expect(within(chart).getAllByTestId('chart-bar')).toHaveLength(7);
    fireEvent.mouseEnter(within(chart).getAllByTestId('chart-hover-zone')[2] as Element);
    const tooltip = within(chart).getByTestId('chart-tooltip');
    expect(tooltip.textContent).toContain('Mon, Nov 16, 2026');
    expect(tooltip.textContent).toContain('$102.00');

    fireEvent.change(screen.getByTestId('account-focus'), { target: { value: GERMANY } });
    await waitFor(() => expect(screen.getByTestId('daily-chart').textContent).toContain('EUR'));
    const levelCalls = vi
      .mocked(api)
      .mock.calls.filter(([route]) => route === 'levelMetrics')
      .map(([, input]) => input);
    expect(levelCalls.at(-1)).toEqual({
      params: { advertiserId: GERMANY },
      query: { level: 'campaign', start: RANGE.start, end: RANGE.end, compare: 'previous' },
    });
  });

  it('says what went wrong when the report cannot be read', async () => {
    serve();
    const answer = vi.mocked(api).getMockImplementation();
    vi.mocked(api).mockImplementation(async (route, input) => {
      if (route === 'reportOverview')
        throw new ExtensionRequestError({
          kind: 'unreachable',
          message: 'The companion server at http://127.0.0.1:8787 does not answer.',
        });
      return (answer as typeof api)(route, input);
    });
    renderDashboard(ADDRESS);
    expect((await screen.findByRole('alert')).textContent).toContain('does not answer');
  });
});

describe('reporting dashboard: CSV exports', () => {
  let downloads: Array<{ fileName: string; href: string }>;
  let blobs: Blob[];
  const { createObjectURL, revokeObjectURL } = URL;

  beforeEach(() => {
    vi.mocked(api).mockReset();
    vi.mocked(exportCsv).mockReset();
    downloads = [];
    blobs = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return `blob:chrome-extension://bayme/${blobs.length}`;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push({ fileName: this.download, href: this.href });
    });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = revokeObjectURL;
  });

  const CSV = 'campaign_id,campaign_name,spend\n1800000000000000001,"Sale, spring",500\n';

  it('exports the table’s level and range, and downloads the text the background returns', async () => {
    serve();
    vi.mocked(exportCsv).mockResolvedValue({ fileName: 'campaigns.csv', csv: CSV });
    renderDashboard(ADDRESS);
    await screen.findByTestId('level-table');
    fireEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() =>
      expect(screen.getByTestId('export-status').textContent).toBe(
        'Downloaded campaigns.csv (1 row).',
      ),
    );
    expect(exportCsv).toHaveBeenCalledWith(US_EAST, {
      level: 'campaign',
      start: RANGE.start,
      end: RANGE.end,
      breakdown: 'total',
    });
    expect(downloads).toEqual([
      { fileName: 'campaigns.csv', href: 'blob:chrome-extension://bayme/1' },
    ]);
    expect(await blobs[0]?.text()).toBe(`\uFEFF${CSV}`);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
  });

  it('exports the shown level day by day, and the account’s own days', async () => {
    serve();
    vi.mocked(exportCsv).mockResolvedValue({ fileName: 'daily.csv', csv: CSV });
    renderDashboard(ADDRESS);
    await screen.findByTestId('level-table');
    fireEvent.click(screen.getByTestId('level-tab-adgroup'));
    fireEvent.click(screen.getByTestId('export-daily-csv'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(exportCsv).toHaveBeenLastCalledWith(US_EAST, {
      level: 'adgroup',
      start: RANGE.start,
      end: RANGE.end,
      breakdown: 'daily',
    });
    fireEvent.click(screen.getByTestId('export-account-daily-csv'));
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(exportCsv).toHaveBeenLastCalledWith(US_EAST, {
      level: 'advertiser',
      start: RANGE.start,
      end: RANGE.end,
      breakdown: 'daily',
    });
  });

  it('shows the export as busy, then the reason it failed', async () => {
    serve();
    let fail: (error: Error) => void = () => undefined;
    vi.mocked(exportCsv).mockImplementation(
      () =>
        new Promise((_resolve, reject) => {
          fail = reject;
        }),
    );
    renderDashboard(ADDRESS);
    await screen.findByTestId('level-table');
    fireEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() =>
      expect(screen.getByTestId('export-status').textContent).toContain('Preparing the CSV'),
    );
    expect((screen.getByTestId('export-csv') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('export-daily-csv') as HTMLButtonElement).disabled).toBe(true);
    fail(
      new ExtensionRequestError({
        kind: 'invalid',
        status: 400,
        message: 'A report covers at most 365 days.',
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('export-status').textContent).toContain(
        'A report covers at most 365 days.',
      ),
    );
    expect((screen.getByTestId('export-csv') as HTMLButtonElement).disabled).toBe(false);
    expect(downloads).toEqual([]);
  });
});
