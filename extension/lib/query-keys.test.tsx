import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { requestScan } from '../ads-manager/bridge';
import { OverlayApp } from '../ads-manager/overlay-app';
import { LevelTable } from '../components/reporting/level-table';
import { SidePanel } from '../entrypoints/sidepanel/side-panel';
import { api as contentApi } from './content-api';
import { api } from './messaging';
import { queryKeys } from './query-keys';
import { ResourceCache, ResourceCacheProvider } from './resource-cache';

/**
 * One key per route and parameters, whoever asks: the overlay (its resource cache), the side
 * panel and the dashboard (React Query) showing the same account, level and range ask for the
 * same keys; a bulk job's keys to invalidate cover what it can change, and nothing else.
 */
vi.mock('../ads-manager/bridge', () => ({
  requestScan: vi.fn(),
  sendKnownEntities: vi.fn(),
  requestLayoutSample: vi.fn(),
}));
vi.mock('./content-api', () => ({
  api: vi.fn(),
  reportPageContext: vi.fn(async () => undefined),
  getPageContext: vi.fn(async () => null),
  openSidePanel: vi.fn(async () => undefined),
  openSignIn: vi.fn(async () => ({ opened: 'popup' })),
  authorize: vi.fn(async () => undefined),
}));
vi.mock('./messaging', () => ({ api: vi.fn() }));

const ADVERTISER = '7252569388304511798';
const RANGE = { start: '2026-11-14', end: '2026-11-20' };
const ANSWERS: Record<string, unknown> = {
  listAdAccounts: {
    adAccounts: [
      {
        advertiserId: ADVERTISER,
        name: 'Bayme US',
        currency: 'USD',
        timezone: 'America/Los_Angeles',
        status: 'STATUS_ENABLE',
        health: 'ok',
        connectionId: 'conn_0123456789',
        connectedAt: '2026-11-01T00:00:00.000Z',
      },
    ],
  },
  listEntities: {
    advertiserId: ADVERTISER,
    level: 'adgroup',
    currency: 'USD',
    fetchedAt: '2026-11-20T12:00:00.000Z',
    entities: [],
  },
  levelMetrics: {
    advertiserId: ADVERTISER,
    level: 'adgroup',
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    range: RANGE,
    previousRange: { start: '2026-11-07', end: '2026-11-13' },
    compared: false,
    fetchedAt: '2026-11-20T12:00:00.000Z',
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
const answer = (async (route: string) => ANSWERS[route]) as never;

/** The keys the overlay asks its cache for, on an ad group list showing RANGE. */
async function overlayKeys(): Promise<unknown[][]> {
  vi.mocked(requestScan).mockImplementation(() => ({
    table: true,
    strategy: 'checkbox-column',
    viewport: { top: 0, bottom: 800, left: 0, right: 1000 },
    origin: { top: 0, left: 0 },
    rows: [],
    pageRange: null,
    tookMs: 0.1,
  }));
  const cache = new ResourceCache(0);
  const keys: unknown[][] = [];
  const entry = cache.entry.bind(cache);
  vi.spyOn(cache, 'entry').mockImplementation((key) => {
    keys.push([...key]);
    return entry(key);
  });
  const page = { advertiserId: ADVERTISER, level: 'adgroup' as const, range: RANGE };
  const host = document.createElement('div');
  host.attachShadow({ mode: 'open' });
  render(
    <ResourceCacheProvider cache={cache}>
      <OverlayApp pages={{ get: () => page, subscribe: () => () => undefined }} host={host} />
    </ResourceCacheProvider>,
  );
  await waitFor(() =>
    expect(vi.mocked(contentApi).mock.calls.map(([route]) => route)).toContain('levelMetrics'),
  );
  cleanup();
  return keys;
}

/** The keys a React Query page's queries are cached under once it has asked. */
async function pageKeys(ui: React.ReactNode, ready: () => Promise<unknown>): Promise<unknown[][]> {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
  await ready();
  const keys = client
    .getQueryCache()
    .getAll()
    .map((query) => [...query.queryKey]);
  cleanup();
  return keys;
}

describe('query keys', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Bayme Ads Toolkit',
      version: '0.1.0',
    });
    vi.mocked(contentApi).mockImplementation(answer);
    vi.mocked(api).mockImplementation(answer);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    vi.mocked(contentApi).mockReset();
    vi.mocked(api).mockReset();
  });

  it('are the same in the overlay and the side panel for the same account, level and range', async () => {
    const overlay = await overlayKeys();
    const search = new URLSearchParams({ advertiserId: ADVERTISER, level: 'adgroup', ...RANGE });
    window.history.replaceState(null, '', `/sidepanel.html?${search}`);
    const panel = await pageKeys(<SidePanel />, () => screen.findByTestId('entity-table'));

    const metrics = queryKeys.levelMetrics(ADVERTISER, { level: 'adgroup', ...RANGE });
    const entities = queryKeys.listEntities(ADVERTISER, 'adgroup');
    expect(panel).toContainEqual(metrics);
    expect(overlay).toContainEqual(metrics);
    expect(panel).toContainEqual(entities);
    expect(overlay).toContainEqual(entities);
    // Every route both ask for: one key each, the same on both sides.
    const routes = (keys: unknown[][]) =>
      keys.filter((key) => ['adAccounts', 'entities', 'metrics', 'me'].includes(String(key[0])));
    for (const key of routes(panel)) expect(overlay).toContainEqual(key);
    expect(new Set(routes(panel).map((key) => key[0]))).toEqual(
      new Set(['adAccounts', 'entities', 'metrics']),
    );
  });

  it('are the same in the overlay’s comparison and the dashboard’s level table', async () => {
    const overlay = await overlayKeys();
    const dashboard = await pageKeys(
      <LevelTable
        advertiserId={ADVERTISER}
        range={RANGE}
        level="adgroup"
        onLevelChange={() => {}}
      />,
      () => waitFor(() => expect(api).toHaveBeenCalled()),
    );
    const compared = queryKeys.levelMetrics(ADVERTISER, {
      level: 'adgroup',
      ...RANGE,
      compare: 'previous',
    });
    expect(dashboard).toEqual([compared]);
    expect(overlay).toContainEqual(compared);
  });

  it('tell the figures with the previous period from those without', () => {
    const query = { level: 'campaign' as const, ...RANGE };
    expect(queryKeys.levelMetrics(ADVERTISER, query)).toEqual(
      queryKeys.levelMetrics(ADVERTISER, { ...query }),
    );
    expect(queryKeys.levelMetrics(ADVERTISER, query)).not.toEqual(
      queryKeys.levelMetrics(ADVERTISER, { ...query, compare: 'previous' }),
    );
  });

  it('invalidate after a bulk job what it changed, at its level or all, and nothing else', async () => {
    const client = new QueryClient();
    const campaigns = { level: 'campaign' as const, ...RANGE };
    const keys = {
      entities: queryKeys.listEntities(ADVERTISER, 'campaign'),
      metrics: queryKeys.levelMetrics(ADVERTISER, campaigns),
      compared: queryKeys.levelMetrics(ADVERTISER, { ...campaigns, compare: 'previous' }),
      adGroups: queryKeys.levelMetrics(ADVERTISER, { ...campaigns, level: 'adgroup' }),
      otherAccount: queryKeys.levelMetrics('7252569388304511799', campaigns),
      accounts: queryKeys.listAdAccounts(),
    };
    for (const key of Object.values(keys)) client.setQueryData(key, {});
    const stale = () =>
      Object.entries(keys)
        .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
        .map(([name]) => name);

    for (const key of queryKeys.changedByJobs(ADVERTISER, 'campaign')) {
      await client.invalidateQueries({ queryKey: key });
    }
    expect(stale()).toEqual(['entities', 'metrics', 'compared']);
    for (const key of queryKeys.changedByJobs(ADVERTISER)) {
      await client.invalidateQueries({ queryKey: key });
    }
    expect(stale()).toEqual(['entities', 'metrics', 'compared', 'adGroups']);
  });
});
