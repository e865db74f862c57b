import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import {
  CAMPAIGNS,
  entity,
  GERMANY,
  levelMetricsAnswer,
  RANGE,
} from '../../../test/fixtures/extension/reporting-fixtures';
import { API_ROUTES } from '../../lib/api-routes';
import { api } from '../../lib/messaging';
import { LevelTable } from './level-table';

vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const [SPRING, FRIDAY, RETARGETING] = CAMPAIGNS.map((row) => row.id) as [string, string, string];

function renderTable(rows = CAMPAIGNS, currency = 'EUR', takesOrders = false) {
  vi.mocked(api).mockImplementation((async (
    _route: string,
    input?: { query?: { level?: Level } },
  ) =>
    API_ROUTES.levelMetrics.response.parse({
      ...levelMetricsAnswer(GERMANY, input?.query?.level ?? 'campaign', rows, currency),
      bayme: takesOrders ? { latestOrderAt: '2026-11-21T07:45:00.000Z' } : null,
    })) as typeof api);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <LevelTable advertiserId={GERMANY} range={RANGE} level="campaign" onLevelChange={() => {}} />
    </QueryClientProvider>,
  );
}

const shownIds = () => screen.getAllByTestId('level-row').map((row) => row.dataset.entityId);

/**
 * happy-dom lays nothing out: the table's scrolling box and its rows are given a size, so
 * that the virtual list renders the rows in sight (all of them here, but for the long list).
 */
function giveBoxesASize() {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(46);
}

describe('level table', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    giveBoxesASize();
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('asks for the previous period too, and shows each figure with its change', async () => {
    renderTable();
    await screen.findByTestId('level-table');
    expect(api).toHaveBeenCalledWith('levelMetrics', {
      params: { advertiserId: GERMANY },
      query: { level: 'campaign', start: RANGE.start, end: RANGE.end, compare: 'previous' },
    });
    const spring = screen
      .getAllByTestId('level-row')
      .find((row) => row.dataset.entityId === SPRING) as HTMLElement;
    const spend = spring.querySelector('[data-metric="spend"]') as HTMLElement;
    expect(spend.textContent).toBe('€500.00▲25%');
    const cpa = spring.querySelector('[data-metric="cpa"]') as HTMLElement;
    expect(within(cpa).getByTestId('metric-change').textContent).toBe('0.0%');
    const retargeting = screen
      .getAllByTestId('level-row')
      .find((row) => row.dataset.entityId === RETARGETING) as HTMLElement;
    expect(
      within(retargeting.querySelector('[data-metric="spend"]') as HTMLElement).getByTestId(
        'metric-change',
      ).textContent,
    ).toBe('n/a');
  });

  it('sorts by spend first, and by any column when its header is clicked', async () => {
    renderTable();
    await screen.findByTestId('level-table');
    expect(shownIds()).toEqual([FRIDAY, SPRING, RETARGETING]);
    fireEvent.click(screen.getByTestId('sort-spend'));
    expect(shownIds()).toEqual([RETARGETING, SPRING, FRIDAY]);
    fireEvent.click(screen.getByTestId('sort-name'));
    expect(shownIds()).toEqual([FRIDAY, RETARGETING, SPRING]);
    fireEvent.click(screen.getByTestId('sort-cpa'));
    expect(shownIds()).toEqual([FRIDAY, SPRING, RETARGETING]);
    expect(screen.getByTestId('sort-cpa').closest('th')?.getAttribute('aria-sort')).toBe(
      'descending',
    );
  });

  it('filters by name or id, and says when nothing matches', async () => {
    renderTable();
    await screen.findByTestId('level-table');
    fireEvent.change(screen.getByTestId('level-filter'), { target: { value: 'friday' } });
    expect(shownIds()).toEqual([FRIDAY]);
    fireEvent.change(screen.getByTestId('level-filter'), { target: { value: RETARGETING } });
    expect(shownIds()).toEqual([RETARGETING]);
    expect(screen.getByTestId('level-table-count').textContent).toContain('1 of 3 campaigns');
    fireEvent.change(screen.getByTestId('level-filter'), { target: { value: 'nothing' } });
    expect(screen.queryAllByTestId('level-row')).toEqual([]);
    expect(screen.getByText('Nothing matches the filter.')).toBeTruthy();
  });

  it('shows an entity without a name by its id', async () => {
    renderTable([entity('1800000000000000009', null, { spend: 5 }, null)], 'USD');
    const row = await screen.findByTestId('level-row');
    expect(row.textContent).toContain('(no name)');
    expect(row.textContent).toContain('1800000000000000009');
    expect(row.textContent).toContain('$5.00');
  });

  it('renders only the rows in sight of a long list, and filters all of them', async () => {
    const many = Array.from({ length: 3_000 }, (_, n) =>
      entity(`18000000000000${String(n).padStart(5, '0')}`, `Ad group ${n}`, { spend: n }, null),
    );
    renderTable(many, 'USD');
    await screen.findByTestId('level-table');
    const rendered = screen.getAllByTestId('level-row').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    expect(shownIds()[0]).toBe('1800000000000002999');
    expect(screen.getByTestId('level-table-count').textContent).toContain('3,000 of 3,000');
    // Ad group 2999 and 299, 2990–2998 match: every match is found, not only those rendered.
    fireEvent.change(screen.getByTestId('level-filter'), { target: { value: 'group 299' } });
    expect(shownIds()).toHaveLength(11);
    expect(screen.getByTestId('level-table-count').textContent).toContain('11 of 3,000');
  });
});

describe('level table with Bayme’s orders', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    giveBoxesASize();
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  const bayme = (orders: number, revenue: number, spend: number, unconverted = 0) => ({
    orders,
    revenue,
    refunds: 0,
    roas: revenue / spend,
    unconverted: unconverted > 0 ? [{ currency: 'USD', revenue: unconverted, orders: 1 }] : [],
  });
  const rows = [
    { ...(CAMPAIGNS[0] as (typeof CAMPAIGNS)[number]), bayme: bayme(12, 1500, 500, 40) },
    { ...(CAMPAIGNS[1] as (typeof CAMPAIGNS)[number]), bayme: bayme(30, 1800, 900) },
    { ...(CAMPAIGNS[2] as (typeof CAMPAIGNS)[number]), bayme: bayme(0, 0, 100) },
  ];

  it('adds Bayme revenue, orders and ROAS after TikTok’s figures, sortable', async () => {
    renderTable(rows, 'EUR', true);
    await screen.findByTestId('level-table');
    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers.slice(-3)).toEqual(['Bayme\nrevenue', 'Bayme\norders', 'Bayme\nROAS']);
    const spring = screen
      .getAllByTestId('level-row')
      .find((row) => row.dataset.entityId === SPRING) as HTMLElement;
    const cell = (key: string) => spring.querySelector(`[data-metric="${key}"]`)?.textContent ?? '';
    expect(cell('bayme_revenue')).toContain('€1,500.00');
    expect(cell('bayme_orders')).toBe('12');
    expect(cell('bayme_roas')).toBe('3.00');
    // Revenue in another currency with no rate: said apart, beside the figure.
    const apart = within(spring).getByTestId('level-bayme-unconverted');
    expect(apart.textContent).toBe('+ $40.00');
    expect(apart.title).toBe('Not converted (no rate for its day): $40.00 (1 order)');

    fireEvent.click(screen.getByTestId('sort-bayme_roas'));
    expect(shownIds()).toEqual([SPRING, FRIDAY, RETARGETING]);
    fireEvent.click(screen.getByTestId('sort-bayme_orders'));
    expect(shownIds()).toEqual([FRIDAY, SPRING, RETARGETING]);
  });

  it('has no Bayme columns when the server takes no orders', async () => {
    renderTable(rows, 'EUR', false);
    await screen.findByTestId('level-table');
    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent ?? '');
    expect(headers.some((header) => header.includes('Bayme'))).toBe(false);
  });
});
