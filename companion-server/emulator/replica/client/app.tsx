import {
  type FormEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import type { Bootstrap, Level } from '../contract';
import { formatsFor } from './columns';
import { loadAllRows, type PageRecord, type RowsRequest, rowIdentity } from './load-rows';
import { LoadedRecords, NO_RECORDS } from './loaded-records';
import { usePageLayout } from './page-layout';
import {
  filterForTab,
  moveRangeOutOfUrl,
  type NavigationTarget,
  navigate,
  readRoute,
  routeSnapshot,
  subscribeToRoute,
} from './route';
import { ShadowHost } from './shadow-host';
import { setTruthPage } from './truth';
import { VirtualTable } from './virtual-table';

/**
 * The Ads Manager list page: top bar, level tabs, date range, then the table. Each load shows
 * a skeleton first and the table only a little after the data arrived (2.5 s with the `late`
 * layout flag), because the real page renders late and the extension must cope with that.
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

type DateRange = { st: string; et: string };

/** What a load produced, tagged with the request it answers. */
type View =
  | { status: 'loading' }
  | { status: 'ready'; request: RowsRequest; records: PageRecord[] }
  | { status: 'error'; request: RowsRequest; message: string };

const LOADING: View = { status: 'loading' };

const LATE_RENDER_MS = 2_500;

/** 300–800 ms, varying between loads but the same for the same load (stable fixtures). */
function renderDelay(seed: string): number {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 300 + (hash % 501);
}

export function App({ bootstrap }: { bootstrap: Bootstrap }) {
  const { flags, names } = usePageLayout();
  const snapshot = useSyncExternalStore(subscribeToRoute, routeSnapshot);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the snapshot stands for location and history state, which readRoute reads.
  const route = useMemo(() => readRoute(bootstrap), [bootstrap, snapshot]);
  const [reloads, setReloads] = useState(0);
  const [loaded, setLoaded] = useState<View>(LOADING);
  const formats = useMemo(() => formatsFor(bootstrap.advertiser.currency), [bootstrap]);
  const rangeInUrl = !flags.has('no-url-range');
  const go = useCallback(
    (target: NavigationTarget) => navigate(route, target, rangeInUrl),
    [route, rangeInUrl],
  );

  // `no-url-range`: the range, once read, leaves the URL for the history entry's state.
  useLayoutEffect(() => {
    if (!rangeInUrl) moveRangeOutOfUrl(route);
  }, [route, rangeInUrl]);
  useLayoutEffect(() => {
    setTruthPage(route.level, { st: route.st, et: route.et }, flags);
  }, [route.level, route.st, route.et, flags]);

  const filterRef = route.filter?.ref;
  const filterLevel = route.filter?.level;
  const request = useMemo<RowsRequest & { reload: number }>(
    () => ({
      advertiserId: bootstrap.advertiser.id,
      level: route.level,
      st: route.st,
      et: route.et,
      variant: flags.has('no-ids') ? 'unmappable' : 'standard',
      filter: filterRef && filterLevel ? { level: filterLevel, ref: filterRef } : null,
      reload: reloads,
    }),
    [bootstrap, route.level, route.st, route.et, flags, filterRef, filterLevel, reloads],
  );

  const late = flags.has('late');
  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    loadAllRows(request, controller.signal).then(
      (records) => {
        const seed = `${request.level}|${request.st}|${request.et}|${request.reload}`;
        timer = window.setTimeout(
          () => setLoaded({ status: 'ready', request, records }),
          late ? LATE_RENDER_MS : renderDelay(seed),
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
  }, [request, late]);

  // A result for an earlier route is never shown, not even for the one frame before the new
  // load starts: the table's first paint must be that of the level and range it claims.
  const view = loaded.status !== 'loading' && loaded.request === request ? loaded : LOADING;

  const filter = route.filter;
  const applyRange = useCallback((range: DateRange) => go({ range, filter }), [go, filter]);

  const openRecord = useCallback(
    (record: PageRecord) => {
      const { ref, name } = rowIdentity(record);
      if (route.level === 'campaign') {
        go({ level: 'adgroup', filter: { level: 'campaign', ref, name } });
      } else if (route.level === 'adgroup') {
        go({ level: 'ad', filter: { level: 'adgroup', ref, name } });
      }
    },
    [route.level, go],
  );

  const { advertiser } = bootstrap;
  const [singular, plural] = LEVEL_NOUNS[route.level];
  // The records reach the table through context provided here, above every DOM element: as a
  // prop of an element inside one, they would sit in that element's React props, where the
  // layouts without ids in props must not leave them.
  return (
    <LoadedRecords.Provider value={view.status === 'ready' ? view.records : NO_RECORDS}>
      <header className={names.topbar}>
        <span className={names.logo}>
          <span className={names.logoMark}>♪</span>TikTok Ads Manager
        </span>
        <div className={names.account}>
          <strong>{advertiser.name}</strong>
          ID: {advertiser.id} · {advertiser.currency} · {advertiser.timezone}
        </div>
      </header>
      <main className={names.main}>
        <div className={names.toolbar}>
          <div className={names.tabs} role="tablist">
            {TABS.map((tab) => (
              <button
                key={tab.level}
                type="button"
                role="tab"
                className={names.tab}
                aria-selected={tab.level === route.level}
                onClick={() =>
                  go({
                    level: tab.level,
                    filter: filterForTab(route.filter, tab.level),
                  })
                }
              >
                {tab.label}
              </button>
            ))}
          </div>
          <RangeForm
            key={`${route.st}|${route.et}`}
            st={route.st}
            et={route.et}
            onApply={applyRange}
          />
          <button
            type="button"
            className={names.button}
            onClick={() => setReloads((count) => count + 1)}
          >
            ↻ Refresh
          </button>
        </div>
        {route.filter && (
          <div className={names.filter}>
            {FILTER_LABELS[route.filter.level]}: {route.filter.name}
            <button type="button" aria-label="Clear filter" onClick={() => go({ filter: null })}>
              ×
            </button>
          </div>
        )}
        <div>
          <div className={names.card}>
            {view.status === 'loading' && <Skeleton />}
            {view.status === 'error' && (
              <div className={`${names.message} ${names.messageError}`}>
                The list could not be loaded: {view.message}{' '}
                <button
                  type="button"
                  className={names.button}
                  onClick={() => setReloads((count) => count + 1)}
                >
                  Try again
                </button>
              </div>
            )}
            {view.status === 'ready' && view.records.length === 0 && (
              <div className={names.message}>No {plural} in this date range.</div>
            )}
            {view.status === 'ready' && view.records.length > 0 && (
              <InShadowRoot
                when={flags.has('shadow-root')}
                key={`${request.level}|${request.st}|${request.et}|${request.reload}|${filterRef ?? ''}`}
              >
                <VirtualTable
                  level={route.level}
                  formats={formats}
                  advertiserId={advertiser.id}
                  totalLabel={`Total of ${formats.count(view.records.length)} ${view.records.length === 1 ? singular : plural}`}
                  onOpen={openRecord}
                />
              </InShadowRoot>
            )}
          </div>
        </div>
        {view.status === 'ready' && (
          <div className={names.footer}>
            {formats.count(view.records.length)} {view.records.length === 1 ? singular : plural} ·{' '}
            {route.st} – {route.et} ({advertiser.timezone})
          </div>
        )}
      </main>
    </LoadedRecords.Provider>
  );
}

/** Its children, inside a shadow root when `when` holds (`shadow-root`). */
function InShadowRoot({ when, children }: { when: boolean; children: ReactNode }) {
  return when ? <ShadowHost>{children}</ShadowHost> : children;
}

function RangeForm(props: { st: string; et: string; onApply(range: DateRange): void }) {
  const { names } = usePageLayout();
  const [st, setSt] = useState(props.st);
  const [et, setEt] = useState(props.et);
  const [error, setError] = useState<string | null>(null);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!st || !et) return setError('Choose both dates.');
    if (st > et) return setError('The start date is after the end date.');
    setError(null);
    props.onApply({ st, et });
  };
  return (
    <form className={names.range} onSubmit={apply}>
      <label htmlFor={names.rangeStart}>From</label>
      <input id={names.rangeStart} type="date" value={st} onChange={(e) => setSt(e.target.value)} />
      <label htmlFor={names.rangeEnd}>To</label>
      <input id={names.rangeEnd} type="date" value={et} onChange={(e) => setEt(e.target.value)} />
      <button type="submit" className={`${names.button} ${names.buttonPrimary}`}>
        Apply
      </button>
      {error && <span className={names.rangeError}>{error}</span>}
    </form>
  );
}

function Skeleton() {
  const { names } = usePageLayout();
  return (
    <div className={names.skeleton} role="status" aria-busy="true" aria-label="Loading">
      {Array.from({ length: 8 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity.
        <div key={i} className={names.skeletonRow}>
          <span className={names.skeletonBar} style={{ width: 16 }} />
          <span className={names.skeletonBar} style={{ width: 220 }} />
          <span className={names.skeletonBar} style={{ width: 90 }} />
          <span className={names.skeletonBar} style={{ width: 120 }} />
          <span className={names.skeletonBar} style={{ width: 100 }} />
        </div>
      ))}
    </div>
  );
}
