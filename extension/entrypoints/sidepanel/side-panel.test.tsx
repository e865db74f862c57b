import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Level, LevelSchema } from '../../../companion-server/src/contract/ads-manager';
import { type ApiInput, serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import { SidePanel } from './side-panel';

/**
 * The side panel's views in place of the entity table (bulk create, recent bulk edits) and
 * its action bar on ticked rows (edit in bulk; duplicate, for campaigns and ad groups), with
 * a stand-in for the background and a view pinned in the URL.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const ADVERTISER = '7252569388304511798';
const RANGE = { start: '2026-11-14', end: '2026-11-20' };
const IDS = ['1700000000000000001', '1700000000000000002'];
const levelOf = (input: ApiInput) => LevelSchema.parse(input?.query?.level);

function answers() {
  return serve({
    listAdAccounts: { adAccounts: [] },
    listEntities: (input: ApiInput) => {
      const level = levelOf(input);
      return {
        advertiserId: ADVERTISER,
        level,
        currency: 'USD',
        fetchedAt: '2026-11-20T12:00:00.000Z',
        entities: IDS.map((id, n) => ({
          id,
          name: `${level} ${n + 1}`,
          operationStatus: 'ENABLE',
          secondaryStatus: null,
          budgetMode: 'BUDGET_MODE_DAY',
          budget: 100,
          parentId: null,
        })),
      };
    },
    levelMetrics: (input: ApiInput) => ({
      advertiserId: ADVERTISER,
      level: levelOf(input),
      currency: 'USD',
      timezone: 'UTC',
      range: RANGE,
      previousRange: { start: '2026-11-07', end: '2026-11-13' },
      compared: false,
      fetchedAt: '2026-11-20T12:00:00.000Z',
      includesToday: false,
      reportsPurchaseValue: false,
      rows: [],
    }),
    me: {
      staff: { id: 'stf_0123456789', email: 'b@bayme.example', name: 'Bea', role: 'buyer' },
      mode: 'emulator',
    },
    getGuardrails: { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
  });
}

async function renderPanel(level: Level) {
  const search = new URLSearchParams({ advertiserId: ADVERTISER, level, ...RANGE });
  window.history.replaceState(null, '', `/sidepanel.html?${search}`);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <SidePanel />
    </QueryClientProvider>,
  );
  await screen.findByTestId('entity-table');
}

function tickAll() {
  fireEvent.click(screen.getByTestId('select-all'));
}

describe('side panel: bulk create and duplicate', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    answers();
  });
  afterEach(() => cleanup());

  it('opens bulk create in place of the table, and keeps it while the table is shown', async () => {
    await renderPanel('campaign');
    const open = screen.getByTestId('bulk-create-open');
    fireEvent.click(open);
    expect(open.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('bulk-create')).toBeTruthy();
    expect(screen.queryByTestId('entity-table')).toBeNull();

    // The recent bulk edits take its place; a level brings the table back.
    fireEvent.click(screen.getByTestId('recent-jobs-open'));
    expect(open.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByTestId('recent-jobs-open').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('tab', { name: 'Ad groups' }));
    await screen.findByTestId('entity-table');
    // Still mounted, hidden: a creation under way is there to come back to.
    expect(screen.getByTestId('bulk-create').closest('.hidden')).not.toBeNull();
    fireEvent.click(open);
    expect(screen.getByTestId('bulk-create').closest('.hidden')).toBeNull();
  });

  it('offers Duplicate next to Edit in bulk for ticked campaigns, and opens its form', async () => {
    await renderPanel('campaign');
    tickAll();
    expect(screen.getByTestId('bulk-open')).toBeTruthy();
    fireEvent.click(screen.getByTestId('duplicate-open'));
    expect(screen.getByTestId('duplicate-form')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Duplicate 2 campaigns');
    expect(screen.queryByTestId('entity-table')).toBeNull();
    expect(screen.queryByTestId('bulk-action-bar')).toBeNull();

    fireEvent.click(screen.getByTestId('duplicate-close'));
    expect(screen.getByTestId('entity-table')).toBeTruthy();
    fireEvent.click(screen.getByTestId('bulk-open'));
    expect(await screen.findByTestId('bulk-form')).toBeTruthy();
  });

  it('offers no Duplicate for ads', async () => {
    await renderPanel('ad');
    tickAll();
    await waitFor(() => expect(screen.getByTestId('bulk-open')).toBeTruthy());
    expect(screen.queryByTestId('duplicate-open')).toBeNull();
  });
});
