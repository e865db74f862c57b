import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { browser } from 'wxt/browser';
import type { Level } from '../../companion-server/src/contract/ads-manager';
import { BulkActionBar } from '../components/bulk-edit/bulk-action-bar';
import type { SelectedRow } from '../components/bulk-edit/bulk-edit-panel';
import { StaffBulkEditPanel } from '../components/bulk-edit/staff-bulk-edit-panel';
import { ExtensionRequestError } from '../lib/errors';
import { api, reportPageContext } from '../lib/messaging';
import { getPreferences } from '../lib/settings';
import { requestScan } from './bridge';
import type { ScanAnswer } from './bridge-protocol';
import { defaultRange } from './date-range';
import type { MetricKey } from './metrics-format';
import { CompactBadge, ExpandedCard } from './overlay-badge';
import type { AdsManagerPage } from './page-detection';
import { type MappedRow, mapRows } from './row-mapping';
import { EMPTY_SELECTION, type SeenRow, updateSelection } from './row-selection';
import { RowTracker } from './row-tracker';
import { selectorMatchCounts } from './selectors';

/**
 * The overlays on an Ads Manager list page, inside the extension's shadow root: one badge
 * per visible row, following the rows as the table scrolls, expanding on hover; and, while
 * rows are ticked in the page's table, a bar to edit them in bulk in a drawer. Only the
 * notice's dismiss button, the bar and the drawer take pointer events, so the page
 * underneath stays fully usable; hovering is read from the page's own pointer moves.
 */

/** How long a table may show no mappable rows before we say the layout changed. */
const TABLE_GRACE_MS = 4_000;
/** How long a list page may go without any table (slow accounts take a while to load). */
const PAGE_GRACE_MS = 10_000;
const ROW_MIN_HEIGHT = 24;

export interface PageStore {
  get(): AdsManagerPage | null;
  subscribe(listener: () => void): () => void;
}

export function OverlayApp(props: { pages: PageStore; host: HTMLElement }) {
  const page = useSyncExternalStore(props.pages.subscribe, props.pages.get);
  if (!page) return null;
  // The selection belongs to an account's level: another level or account starts afresh,
  // a new date range does not.
  return <LevelView key={`${page.advertiserId}|${page.level}`} page={page} host={props.host} />;
}

function LevelView({ page, host }: { page: AdsManagerPage; host: HTMLElement }) {
  const queryClient = useQueryClient();
  const [selection, setSelection] = useState(EMPTY_SELECTION);
  const onRowsSeen = useCallback(
    (rows: readonly SeenRow[]) => setSelection((current) => updateSelection(current, rows)),
    [],
  );
  // What the drawer edits: the selection when it was opened, whatever the page does next.
  const [editing, setEditing] = useState<SelectedRow[] | null>(null);
  const accounts = useQuery({
    queryKey: ['adAccounts'],
    queryFn: () => api('listAdAccounts'),
    staleTime: 300_000,
  });
  const currency =
    accounts.data?.adAccounts.find((a) => a.advertiserId === page.advertiserId)?.currency ?? null;
  const onChanged = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['metrics', page.advertiserId, page.level] });
    void queryClient.invalidateQueries({ queryKey: ['entities', page.advertiserId, page.level] });
  }, [queryClient, page.advertiserId, page.level]);

  const view = `${page.range?.start ?? ''}|${page.range?.end ?? ''}`;
  return (
    <>
      <PageOverlays key={view} page={page} host={host} onRowsSeen={onRowsSeen} />
      <div className="pointer-events-none fixed inset-0 z-[2147483001] font-sans">
        {editing === null ? (
          <div data-bayme-interactive="">
            <BulkActionBar
              floating
              count={selection.size}
              onOpen={() => setEditing([...selection].map(([id, name]) => ({ id, name })))}
            />
          </div>
        ) : (
          <aside
            data-testid="bulk-drawer"
            data-bayme-interactive=""
            aria-label="Bulk edit"
            className="pointer-events-auto fixed top-0 right-0 bottom-0 w-[440px] max-w-full overflow-y-auto border-l border-slate-200 bg-white p-[16px] shadow-2xl"
            // Keys typed here are ours: Ads Manager's own shortcuts must not see them.
            onKeyDown={(event) => {
              event.stopPropagation();
              if (event.key === 'Escape') setEditing(null);
            }}
            onKeyUp={(event) => event.stopPropagation()}
          >
            <StaffBulkEditPanel
              advertiserId={page.advertiserId}
              level={page.level}
              selected={editing}
              currency={currency ?? 'USD'}
              onChanged={onChanged}
              onClose={() => setEditing(null)}
            />
          </aside>
        )}
      </div>
    </>
  );
}

/** Layout problems already reported, once per ad account and page for this tab's life. */
const reported = new Set<string>();

function PageOverlays({
  page,
  host,
  onRowsSeen,
}: {
  page: AdsManagerPage;
  host: HTMLElement;
  onRowsSeen: (rows: readonly SeenRow[]) => void;
}) {
  const accounts = useQuery({
    queryKey: ['adAccounts'],
    queryFn: () => api('listAdAccounts'),
    staleTime: 300_000,
  });
  const preferences = useQuery({ queryKey: ['preferences'], queryFn: getPreferences });
  const account = accounts.data?.adAccounts.find((a) => a.advertiserId === page.advertiserId);
  const range =
    page.range ??
    (account && preferences.data
      ? defaultRange(preferences.data.defaultDateRange, account.timezone)
      : null);

  useEffect(() => {
    if (range) {
      void reportPageContext({
        advertiserId: page.advertiserId,
        level: page.level,
        ...range,
      }).catch(() => undefined);
    }
  }, [page.advertiserId, page.level, range?.start, range?.end, range]);

  const metrics = useQuery({
    queryKey: ['metrics', page.advertiserId, page.level, range?.start, range?.end],
    queryFn: () =>
      api('levelMetrics', {
        params: { advertiserId: page.advertiserId },
        query: { level: page.level, start: range?.start ?? '', end: range?.end ?? '' },
      }),
    enabled: range !== null && account?.health === 'ok',
    staleTime: 60_000,
  });

  // The comparison with the previous period is a second TikTok report: asked for only once
  // a buyer opens a row's full card, then kept for the whole view.
  const [wantsComparison, setWantsComparison] = useState(false);
  const comparison = useQuery({
    queryKey: ['metrics', page.advertiserId, page.level, range?.start, range?.end, 'previous'],
    queryFn: () =>
      api('levelMetrics', {
        params: { advertiserId: page.advertiserId },
        query: {
          level: page.level,
          start: range?.start ?? '',
          end: range?.end ?? '',
          compare: 'previous',
        },
      }),
    enabled: wantsComparison && range !== null && account?.health === 'ok',
    staleTime: 60_000,
  });
  const figures = comparison.data ?? metrics.data;

  const scan = useRowScan(page.level, host);
  const mapped = useMemo(
    () => (scan ? mapRows(scan, metrics.data?.rows ?? []) : { rows: [], source: 'none' as const }),
    [scan, metrics.data],
  );
  const layoutProblem = useLayoutWatch(page, scan, mapped.rows.length);
  const byId = useMemo(() => new Map((figures?.rows ?? []).map((row) => [row.id, row])), [figures]);
  useEffect(() => {
    onRowsSeen(
      mapped.rows.map((row) => ({
        id: row.id,
        name: row.name ?? byId.get(row.id)?.name ?? null,
        checked: row.checked,
      })),
    );
  }, [mapped, byId, onRowsSeen]);
  const shown = (preferences.data?.overlayMetrics ?? []) as MetricKey[];
  const visible = scan?.viewport ? mapped.rows.filter((row) => isVisible(row, scan)) : [];
  const hovered = useHoveredBadge(visible, host);
  useEffect(() => {
    if (hovered) setWantsComparison(true);
  }, [hovered]);

  useEffect(() => {
    host.dataset.baymeRows = String(visible.length);
    host.dataset.baymeMapping = mapped.source;
    if (metrics.data && visible.length > 0 && !host.dataset.baymePaintedAt) {
      // After the browser painted the badges: what "overlays painted" means.
      requestAnimationFrame(() => {
        host.dataset.baymePaintedAt = String(performance.timeOrigin + performance.now());
      });
    }
  });

  const problem = accountProblem(
    accounts.error ?? metrics.error,
    account,
    accounts.isSuccess,
    page.advertiserId,
  );
  return (
    <div className="pointer-events-none fixed inset-0 z-[2147483000] font-sans">
      {figures
        ? visible.map((row) => (
            <div
              key={row.id}
              data-bayme-badge={row.id}
              data-testid="overlay-badge"
              className="absolute rounded-[4px] border border-slate-300 bg-white/95 px-[6px] py-[2px] text-[11px] leading-[16px] text-slate-900 shadow-sm"
              style={{
                top: row.top + Math.max(0, (row.bottom - row.top - 22) / 2),
                right: window.innerWidth - row.right + 8,
              }}
            >
              <CompactBadge row={byId.get(row.id) ?? null} metrics={figures} shown={shown} />
            </div>
          ))
        : null}
      {figures && hovered ? (
        <div data-testid="overlay-card" className="absolute" style={cardPosition(hovered)}>
          <ExpandedCard
            row={byId.get(hovered.id) ?? null}
            metrics={figures}
            shown={shown}
            comparison={figures.compared ? 'ready' : comparison.isError ? 'unavailable' : 'loading'}
            rangeFromPage={page.range !== null}
          />
        </div>
      ) : null}
      {layoutProblem ? (
        <Notice testId="layout-notice" title="Ads Manager's layout changed">
          The toolkit cannot find the table's rows, so the overlays are paused. The side panel still
          works. Admins have been told.
        </Notice>
      ) : problem ? (
        <Notice testId="overlay-notice" title={problem.title}>
          {problem.detail}
        </Notice>
      ) : null}
    </div>
  );
}

/** Re-read the rows whenever the table moves or changes (see RowTracker). */
function useRowScan(level: Level, host: HTMLElement): ScanAnswer | null {
  const [scan, setScan] = useState<ScanAnswer | null>(null);
  useEffect(() => {
    const tracker = new RowTracker(() => setScan(requestScan(level)));
    tracker.start();
    const report = window.setInterval(() => {
      const samples = [...tracker.frameStats.samples].sort((a, b) => a - b);
      host.dataset.baymeFrames = JSON.stringify({
        scans: tracker.frameStats.scans,
        p50: samples[Math.floor(samples.length / 2)] ?? 0,
        p95: samples[Math.floor(samples.length * 0.95)] ?? 0,
        max: samples.at(-1) ?? 0,
      });
    }, 500);
    return () => {
      tracker.stop();
      window.clearInterval(report);
    };
  }, [level, host]);
  return scan;
}

/**
 * Decide once per page view whether the layout defeated us: rows that cannot be mapped
 * 4 s after the table appeared, or no table at all after 10 s (big accounts load slowly).
 * The notice goes away if rows map later; the report is sent once.
 */
function useLayoutWatch(
  page: AdsManagerPage,
  scan: ScanAnswer | null,
  mappedRows: number,
): 'no_table' | 'no_rows_mapped' | null {
  const [verdict, setVerdict] = useState<'no_table' | 'no_rows_mapped' | null>(null);
  const tableSeen = scan?.table === true;
  const mappedRef = useRef(mappedRows);
  mappedRef.current = mappedRows;
  useEffect(() => {
    const delay = tableSeen ? TABLE_GRACE_MS : PAGE_GRACE_MS;
    const timer = window.setTimeout(() => {
      if (mappedRef.current === 0) setVerdict(tableSeen ? 'no_rows_mapped' : 'no_table');
    }, delay);
    return () => window.clearTimeout(timer);
  }, [tableSeen]);
  const problem = mappedRows > 0 ? null : verdict;
  useEffect(() => {
    if (!verdict) return;
    const path = location.pathname;
    const key = `${page.advertiserId}|${path}`;
    if (reported.has(key)) return;
    reported.add(key);
    void api('reportPageHealth', {
      body: {
        problem: verdict,
        path,
        level: page.level,
        advertiserId: page.advertiserId,
        extensionVersion: browser.runtime.getManifest().version,
        selectorMatches: selectorMatchCounts(document),
      },
    }).catch(() => undefined);
  }, [verdict, page.level, page.advertiserId]);
  return problem;
}

/** The badge under the pointer, read from the page's pointer moves (badges take no events). */
function useHoveredBadge(rows: MappedRow[], host: HTMLElement): MappedRow | null {
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  useEffect(() => {
    const onMove = (event: PointerEvent) => {
      const root = host.shadowRoot;
      let found: string | null = null;
      // Over the bulk-edit bar or drawer, the rows beneath are hidden: no card for them.
      const overOurUi = event
        .composedPath()
        .some((node) => node instanceof HTMLElement && node.dataset.baymeInteractive !== undefined);
      if (overOurUi) {
        setHoveredId(null);
        return;
      }
      for (const badge of root?.querySelectorAll<HTMLElement>('[data-bayme-badge]') ?? []) {
        const rect = badge.getBoundingClientRect();
        if (
          event.clientX >= rect.left &&
          event.clientX <= rect.right &&
          event.clientY >= rect.top &&
          event.clientY <= rect.bottom
        ) {
          found = badge.dataset.baymeBadge ?? null;
          break;
        }
      }
      setHoveredId(found);
    };
    window.addEventListener('pointermove', onMove, { capture: true, passive: true });
    return () => window.removeEventListener('pointermove', onMove, { capture: true });
  }, [host]);
  return rowsRef.current.find((row) => row.id === hoveredId) ?? null;
}

function isVisible(row: MappedRow, scan: ScanAnswer): boolean {
  const viewport = scan.viewport;
  if (!viewport || row.bottom - row.top < ROW_MIN_HEIGHT / 2) return false;
  const middle = (row.top + row.bottom) / 2;
  return middle >= viewport.top && middle <= viewport.bottom;
}

function cardPosition(row: MappedRow): React.CSSProperties {
  const below = row.bottom + 4;
  const fitsBelow = below + 240 < window.innerHeight;
  return {
    top: fitsBelow ? below : Math.max(4, row.top - 244),
    right: Math.max(4, window.innerWidth - row.right),
  };
}

function accountProblem(
  error: unknown,
  account: { health: string } | undefined,
  accountsLoaded: boolean,
  advertiserId: string,
): { title: string; detail: string } | null {
  if (error instanceof ExtensionRequestError) {
    if (error.detail.kind === 'signed-out' || error.detail.kind === 'key-rejected') {
      return {
        title: 'Sign in to see overlays',
        detail: 'Open the Bayme Ads Toolkit popup and sign in with your staff key.',
      };
    }
    return { title: 'Overlays unavailable', detail: error.detail.message };
  }
  if (accountsLoaded && !account) {
    return {
      title: 'This ad account is not connected',
      detail: `Ad account ${advertiserId} is not connected to the toolkit. Open the popup and press Authorize TikTok.`,
    };
  }
  if (account && account.health !== 'ok') {
    return {
      title: 'The TikTok authorization is broken',
      detail: 'Open the popup and re-authorize this ad account.',
    };
  }
  return null;
}

function Notice(props: { title: string; children: React.ReactNode; testId: string }) {
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  return (
    <div
      role="status"
      data-testid={props.testId}
      className="pointer-events-auto absolute right-[16px] bottom-[16px] w-[320px] rounded-md border border-amber-300 bg-amber-50 p-[10px] text-[12px] leading-snug text-amber-950 shadow-lg"
    >
      <div className="flex items-start justify-between gap-[8px]">
        <strong className="text-[12px]">Bayme Ads Toolkit · {props.title}</strong>
        <button
          type="button"
          aria-label="Dismiss"
          className="text-amber-900"
          onClick={() => setDismissed(true)}
        >
          ×
        </button>
      </div>
      <p className="mt-[4px]">{props.children}</p>
    </div>
  );
}
