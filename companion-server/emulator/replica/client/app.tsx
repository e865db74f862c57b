import {
  type FormEvent,
  useCallback,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import type { Bootstrap, Level } from '../contract';
import { formatsFor } from './columns';
import { loadAllRows, type PageRecord, type RowsRequest, rowIdentity } from './load-rows';
import {
  filterForTab,
  navigate,
  type Route,
  readRoute,
  routeSnapshot,
  subscribeToRoute,
} from './route';
import { VirtualTable } from './virtual-table';

/**
 * The Ads Manager list page: top bar, level tabs, date range, then the table. Each load shows
 * a skeleton first and the table only a little after the data arrived, because the real page
 * renders late and the extension must cope with that.
 */

const TABS: Array<{ level: Level; label: string }> = [
  { level: 'campaign', label: 'Campaigns' },
  { level: 'adgroup', label: 'Ad groups' },
  { level: 'ad', label: 'Ads' },
];

const LEVEL_NOUNS: Record<Level, [string, string]> = {
  campaign: ['campaign', 'campaigns'],
  adgroup: ['ad group', 'ad groups'],
  ad: ['ad', 'ads'],
};

const FILTER_LABELS = { campaign: 'Campaign', adgroup: 'Ad group' } as const;

/** What a load produced, tagged with the request it answers. */
type View =
  | { status: 'loading' }
  | { status: 'ready'; request: RowsRequest; records: PageRecord[] }
  | { status: 'error'; request: RowsRequest; message: string };

const LOADING: View = { status: 'loading' };

/** 300–800 ms, varying between loads but the same for the same load (stable fixtures). */
function renderDelay(seed: string): number {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 300 + (hash % 501);
}

export function App({ bootstrap }: { bootstrap: Bootstrap }) {
  const snapshot = useSyncExternalStore(subscribeToRoute, routeSnapshot);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the snapshot stands for location and history state, which readRoute reads.
  const route = useMemo(() => readRoute(bootstrap), [bootstrap, snapshot]);
  const [reloads, setReloads] = useState(0);
  const [loaded, setLoaded] = useState<View>(LOADING);
  const formats = useMemo(() => formatsFor(bootstrap.advertiser.currency), [bootstrap]);

  const filterRef = route.filter?.ref;
  const filterLevel = route.filter?.level;
  const request = useMemo<RowsRequest & { reload: number }>(
    () => ({
      advertiserId: bootstrap.advertiser.id,
      level: route.level,
      st: route.st,
      et: route.et,
      variant: route.variant,
      filter: filterRef && filterLevel ? { level: filterLevel, ref: filterRef } : null,
      reload: reloads,
    }),
    [bootstrap, route.level, route.st, route.et, route.variant, filterRef, filterLevel, reloads],
  );

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    loadAllRows(request, controller.signal).then(
      (records) => {
        const seed = `${request.level}|${request.st}|${request.et}|${request.reload}`;
        timer = window.setTimeout(
          () => setLoaded({ status: 'ready', request, records }),
          renderDelay(seed),
        );
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        setLoaded({ status: 'error', request, message });
      },
    );
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [request]);

  // A result for an earlier route is never shown, not even for the one frame before the new
  // load starts: the table's first paint must be that of the level and range it claims.
  const view = loaded.status !== 'loading' && loaded.request === request ? loaded : LOADING;

  const openRecord = useCallback(
    (record: PageRecord) => {
      const { ref, name } = rowIdentity(record);
      if (route.level === 'campaign') {
        navigate(route, { level: 'adgroup', filter: { level: 'campaign', ref, name } });
      } else if (route.level === 'adgroup') {
        navigate(route, { level: 'ad', filter: { level: 'adgroup', ref, name } });
      }
    },
    [route],
  );

  const { advertiser } = bootstrap;
  const [singular, plural] = LEVEL_NOUNS[route.level];
  return (
    <>
      <header className="am-topbar">
        <span className="am-logo">
          <span className="am-logo-mark">♪</span>TikTok Ads Manager
        </span>
        <div className="am-account">
          <strong>{advertiser.name}</strong>
          ID: {advertiser.id} · {advertiser.currency} · {advertiser.timezone}
        </div>
      </header>
      <main className="am-main">
        <div className="am-toolbar">
          <div className="am-tabs" role="tablist">
            {TABS.map((tab) => (
              <button
                key={tab.level}
                type="button"
                role="tab"
                className="am-tab"
                aria-selected={tab.level === route.level}
                onClick={() =>
                  navigate(route, {
                    level: tab.level,
                    filter: filterForTab(route.filter, tab.level),
                  })
                }
              >
                {tab.label}
              </button>
            ))}
          </div>
          <RangeForm key={`${route.st}|${route.et}`} route={route} />
          <button
            type="button"
            className="am-button"
            onClick={() => setReloads((count) => count + 1)}
          >
            ↻ Refresh
          </button>
        </div>
        {route.filter && (
          <div className="am-filter">
            {FILTER_LABELS[route.filter.level]}: {route.filter.name}
            <button
              type="button"
              aria-label="Clear filter"
              onClick={() => navigate(route, { filter: null })}
            >
              ×
            </button>
          </div>
        )}
        <div>
          <div className="am-card">
            {view.status === 'loading' && <Skeleton />}
            {view.status === 'error' && (
              <div className="am-message am-message--error">
                The list could not be loaded: {view.message}{' '}
                <button
                  type="button"
                  className="am-button"
                  onClick={() => setReloads((count) => count + 1)}
                >
                  Try again
                </button>
              </div>
            )}
            {view.status === 'ready' && view.records.length === 0 && (
              <div className="am-message">No {plural} in this date range.</div>
            )}
            {view.status === 'ready' && view.records.length > 0 && (
              <VirtualTable
                key={`${request.level}|${request.st}|${request.et}|${request.reload}|${filterRef ?? ''}`}
                level={route.level}
                variant={route.variant}
                records={view.records}
                formats={formats}
                onOpen={openRecord}
              />
            )}
          </div>
        </div>
        {view.status === 'ready' && (
          <div className="am-footer">
            {formats.count(view.records.length)} {view.records.length === 1 ? singular : plural} ·{' '}
            {route.st} – {route.et} ({advertiser.timezone})
          </div>
        )}
      </main>
    </>
  );
}

function RangeForm({ route }: { route: Route }) {
  const [st, setSt] = useState(route.st);
  const [et, setEt] = useState(route.et);
  const [error, setError] = useState<string | null>(null);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!st || !et) return setError('Choose both dates.');
    if (st > et) return setError('The start date is after the end date.');
    setError(null);
    navigate(route, { range: { st, et }, filter: route.filter });
  };
  return (
    <form className="am-range" onSubmit={apply}>
      <label htmlFor="am-range-start">From</label>
      <input id="am-range-start" type="date" value={st} onChange={(e) => setSt(e.target.value)} />
      <label htmlFor="am-range-end">To</label>
      <input id="am-range-end" type="date" value={et} onChange={(e) => setEt(e.target.value)} />
      <button type="submit" className="am-button am-button--primary">
        Apply
      </button>
      {error && <span className="am-range-error">{error}</span>}
    </form>
  );
}

function Skeleton() {
  return (
    <div className="am-skeleton" role="status" aria-busy="true" aria-label="Loading">
      {Array.from({ length: 8 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity.
        <div key={i} className="am-skeleton-row">
          <span className="am-skeleton-bar" style={{ width: 16 }} />
          <span className="am-skeleton-bar" style={{ width: 220 }} />
          <span className="am-skeleton-bar" style={{ width: 90 }} />
          <span className="am-skeleton-bar" style={{ width: 120 }} />
          <span className="am-skeleton-bar" style={{ width: 100 }} />
        </div>
      ))}
    </div>
  );
}
