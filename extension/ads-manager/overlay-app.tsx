import { useCallback, useState, useSyncExternalStore } from 'react';
import { BulkActionBar } from '../components/bulk-edit/bulk-action-bar';
import { BulkDrawerFrame } from '../components/bulk-edit/bulk-drawer-frame';
import type { SelectedRow } from '../components/bulk-edit/bulk-edit-panel';
import { api, getPageContext, openSidePanel } from '../lib/content-api';
import { queryKeys } from '../lib/query-keys';
import { useResource, useResourceCache } from '../lib/resource-cache';
import type { AdsManagerPage } from './page-detection';
import { PageOverlays } from './page-overlays';
import { EMPTY_SELECTION, type SeenRow, updateSelection } from './row-selection';

/**
 * The overlays on an Ads Manager list page, inside the extension's shadow root: badges on the
 * rows the extension can identify, and, while rows are ticked in the page's own table, a bar
 * to edit them in bulk in a drawer. Only the notice, the bar and the drawer take pointer
 * events, so the page underneath stays fully usable.
 */

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

/** Ticked rows that could not be identified, by the label they were seen with. */
type UnidentifiedTicks = ReadonlySet<string>;
const NONE: UnidentifiedTicks = new Set();

function LevelView({ page, host }: { page: AdsManagerPage; host: HTMLElement }) {
  const cache = useResourceCache();
  const [selection, setSelection] = useState(EMPTY_SELECTION);
  const [unidentified, setUnidentified] = useState<UnidentifiedTicks>(NONE);
  const onRowsSeen = useCallback((rows: readonly SeenRow[], ticked: readonly string[]) => {
    setSelection((current) => updateSelection(current, rows));
    setUnidentified((current) => {
      const same = current.size === ticked.length && ticked.every((label) => current.has(label));
      return same ? current : ticked.length === 0 ? NONE : new Set(ticked);
    });
  }, []);
  // What the drawer edits: the selection when it was opened, whatever the page does next.
  const [editing, setEditing] = useState<SelectedRow[] | null>(null);
  // The open drawer's element: the badges make way for it rather than hide under it.
  const [drawer, setDrawer] = useState<HTMLElement | null>(null);
  const accounts = useResource(queryKeys.listAdAccounts(), () => api('listAdAccounts'), {
    freshForMs: 300_000,
  });
  const currency =
    accounts.data?.adAccounts.find((a) => a.advertiserId === page.advertiserId)?.currency ?? null;
  const onChanged = useCallback(() => {
    for (const key of queryKeys.changedByJobs(page.advertiserId, page.level)) cache.invalidate(key);
  }, [cache, page.advertiserId, page.level]);

  const view = `${page.range?.start ?? ''}|${page.range?.end ?? ''}`;
  return (
    <>
      <PageOverlays
        key={view}
        page={page}
        host={host}
        onRowsSeen={onRowsSeen}
        cover={editing === null ? null : drawer}
      />
      <div className="pointer-events-none fixed inset-0 z-[2147483001] font-sans">
        {editing === null ? (
          <div data-bayme-interactive="">
            <BulkActionBar
              floating
              count={selection.size}
              unidentified={unidentified.size}
              onOpen={() => setEditing([...selection].map(([id, name]) => ({ id, name })))}
              onSidePanel={() => {
                // The page context the overlay reported for this tab says which range it shows.
                void getPageContext().then((context) =>
                  context ? openSidePanel(context) : undefined,
                );
              }}
            />
          </div>
        ) : (
          <BulkDrawerFrame
            advertiserId={page.advertiserId}
            level={page.level}
            selected={editing}
            currency={currency ?? 'USD'}
            onChanged={onChanged}
            onClose={() => setEditing(null)}
            panelRef={setDrawer}
          />
        )}
      </div>
    </>
  );
}
