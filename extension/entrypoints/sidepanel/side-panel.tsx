import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { LEVELS, type Level } from '../../../companion-server/src/contract/ads-manager';
import {
  formatMetric,
  formatMoney,
  METRIC_LABELS,
  type MetricKey,
} from '../../ads-manager/metrics-format';
import { BulkCreateView } from '../../components/bulk-create/bulk-create-view';
import { DuplicatePanel } from '../../components/bulk-create/duplicate-panel';
import { BulkActionBar } from '../../components/bulk-edit/bulk-action-bar';
import type { SelectedRow } from '../../components/bulk-edit/bulk-edit-panel';
import { RecentBulkEdits } from '../../components/bulk-edit/recent-bulk-edits';
import { StaffBulkEditPanel } from '../../components/bulk-edit/staff-bulk-edit-panel';
import { Notice } from '../../components/notice';
import { dashboardSearch } from '../../components/reporting/dashboard-params';
import { ExtensionRequestError } from '../../lib/errors';
import { api, getPageContext } from '../../lib/messaging';
import { type PageContext, PageContextSchema } from '../../lib/protocol';
import { pageContextsItem } from '../../lib/session-state';
import {
  arrangeLines,
  joinLines,
  type SortKey,
  type StatusFilter,
  selectionOf,
  toggleOne,
  toggleShown,
} from './entity-table';

/**
 * The side panel: the entities of the ad account and level the active tab shows, from the
 * API, with the same figures as the overlays, and bulk edits or copies of the ticked ones; the
 * account's recent bulk edits, to come back to one; and bulk creation from a CSV file. It
 * works whatever Ads Manager's page does.
 * `?advertiserId=&level=&start=&end=` in its URL pins a view (used when opened in a tab).
 */

const LEVEL_LABELS: Record<Level, string> = {
  campaign: 'Campaigns',
  adgroup: 'Ad groups',
  ad: 'Ads',
};
const METRIC_COLUMNS: MetricKey[] = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'conversions',
  'cpa',
  'roas',
];

function pinnedContext(): PageContext | null {
  const query = new URLSearchParams(location.search);
  const parsed = PageContextSchema.safeParse({
    advertiserId: query.get('advertiserId'),
    level: query.get('level'),
    start: query.get('start'),
    end: query.get('end'),
  });
  return parsed.success ? parsed.data : null;
}

function usePageContext(): { context: PageContext | null; loading: boolean } {
  const pinned = useMemo(pinnedContext, []);
  const queryClient = useQueryClient();
  const followed = useQuery({
    queryKey: ['pageContext'],
    queryFn: getPageContext,
    enabled: pinned === null,
  });
  useEffect(() => {
    if (pinned) return;
    const refresh = () => void queryClient.invalidateQueries({ queryKey: ['pageContext'] });
    const unwatch = pageContextsItem.watch(refresh);
    browser.tabs.onActivated.addListener(refresh);
    return () => {
      unwatch();
      browser.tabs.onActivated.removeListener(refresh);
    };
  }, [pinned, queryClient]);
  if (pinned) return { context: pinned, loading: false };
  return { context: followed.data ?? null, loading: followed.isPending };
}

export function SidePanel() {
  const { context, loading } = usePageContext();
  return (
    <main className="min-h-screen space-y-3 bg-white p-3 text-ink">
      <h1 className="text-[14px] font-bold">Bayme Ads Toolkit</h1>
      {loading ? (
        <p className="text-[13px] text-slate-500">Looking at the current tab…</p>
      ) : context ? (
        <EntitiesView
          key={`${context.advertiserId}|${context.start}|${context.end}`}
          context={context}
        />
      ) : (
        <p className="text-[13px] text-slate-600" data-testid="no-context">
          Open an Ads Manager campaign, ad group or ad list in this window to see its entities here.
        </p>
      )}
    </main>
  );
}

const NOTHING_TICKED: ReadonlySet<string> = new Set();

function EntitiesView({ context }: { context: PageContext }) {
  const queryClient = useQueryClient();
  const [level, setLevel] = useState<Level>(context.level);
  useEffect(() => setLevel(context.level), [context.level]);
  // Ticks belong to the level they were made on: another level starts with none.
  const [ticked, setTicked] = useState<{ level: Level; ids: ReadonlySet<string> }>({
    level,
    ids: NOTHING_TICKED,
  });
  const selected = ticked.level === level ? ticked.ids : NOTHING_TICKED;
  const select = (ids: ReadonlySet<string>) => setTicked({ level, ids });
  // What the bulk panel edits or copies: the level's selection when it was opened. Following
  // the tab to another level closes it.
  const [opened, setOpened] = useState<{
    level: Level;
    rows: SelectedRow[];
    action: 'edit' | 'duplicate';
  } | null>(null);
  const editing = opened?.level === level ? opened : null;
  // The account's recent bulk edits, or bulk create, in place of the table, until a level is
  // chosen again.
  const [aside, setAside] = useState<'recent' | 'create' | null>(null);
  const showRecent = aside === 'recent';
  // Bulk create stays mounted once opened, so a creation under way is still there to come back to.
  const [createOpened, setCreateOpened] = useState(false);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [sortKey, setSortKey] = useState<SortKey>('spend');
  const [descending, setDescending] = useState(true);

  const entities = useQuery({
    queryKey: ['entities', context.advertiserId, level],
    queryFn: () =>
      api('listEntities', { params: { advertiserId: context.advertiserId }, query: { level } }),
  });
  const metrics = useQuery({
    queryKey: ['metrics', context.advertiserId, level, context.start, context.end],
    queryFn: () =>
      api('levelMetrics', {
        params: { advertiserId: context.advertiserId },
        query: { level, start: context.start, end: context.end },
      }),
  });
  const accounts = useQuery({ queryKey: ['adAccounts'], queryFn: () => api('listAdAccounts') });
  const account = accounts.data?.adAccounts.find((a) => a.advertiserId === context.advertiserId);

  const lines = useMemo(
    () =>
      arrangeLines(joinLines(entities.data?.entities ?? [], metrics.data?.rows ?? []), {
        text,
        status,
        sortKey,
        descending,
      }),
    [entities.data, metrics.data, text, status, sortKey, descending],
  );
  const currency = entities.data?.currency ?? metrics.data?.currency ?? 'USD';
  const error = entities.error ?? metrics.error;
  const shownIds = lines.map((line) => line.entity.id);
  const shownState = selectionOf(selected, shownIds);
  const selectAll = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = shownState === 'some';
  });
  // Deleted entities drop out of the list: only those still listed can be edited.
  const selectedRows = (entities.data?.entities ?? [])
    .filter((entity) => selected.has(entity.id))
    .map((entity) => ({ id: entity.id, name: entity.name }));
  // Every level of the account: a job opened from the recent ones may be of another level.
  const onChanged = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['metrics', context.advertiserId] });
    void queryClient.invalidateQueries({ queryKey: ['entities', context.advertiserId] });
  }, [queryClient, context.advertiserId]);
  const closeEditing = () => setOpened(null);
  const chooseLevel = (option: Level) => {
    setLevel(option);
    setAside(null);
  };
  const toggleAside = (view: 'recent' | 'create') => {
    setOpened(null);
    setAside(aside === view ? null : view);
    if (view === 'create') setCreateOpened(true);
  };

  const sortBy = (key: SortKey) => {
    if (key === sortKey) setDescending(!descending);
    else {
      setSortKey(key);
      setDescending(key !== 'name' && key !== 'status');
    }
  };
  const header = (key: SortKey, label: string, alignRight = true) => (
    <th
      key={key}
      className={`cursor-pointer px-1.5 py-1 font-medium select-none ${alignRight ? 'text-right' : 'text-left'}`}
      onClick={() => sortBy(key)}
    >
      {label}
      {sortKey === key ? (descending ? ' ▼' : ' ▲') : ''}
    </th>
  );

  return (
    <div className="space-y-2" data-testid="side-panel">
      <div className="flex items-baseline gap-2">
        <p className="min-w-0 flex-1 text-[12px] text-slate-600">
          <span className="font-semibold text-ink">{account?.name ?? context.advertiserId}</span> ·{' '}
          {context.start} – {context.end}
          {metrics.data ? ` (${metrics.data.timezone})` : ''}
        </p>
        <a
          data-testid="open-dashboard"
          href={`${location.origin}/dashboard.html${dashboardSearch([context.advertiserId], { start: context.start, end: context.end })}`}
          target="_blank"
          rel="noreferrer"
          className="shrink-0 text-[12px] text-sky-700 underline"
        >
          Reports
        </a>
      </div>
      <div className="flex items-center gap-1">
        <div className="flex gap-1" role="tablist">
          {LEVELS.map((option) => {
            const chosen = option === level && aside === null;
            return (
              <button
                key={option}
                type="button"
                role="tab"
                aria-selected={chosen}
                onClick={() => chooseLevel(option)}
                className={`rounded px-2 py-1 text-[12px] ${chosen ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700'}`}
              >
                {LEVEL_LABELS[option]}
              </button>
            );
          })}
        </div>
        <button
          type="button"
          aria-pressed={aside === 'create'}
          data-testid="bulk-create-open"
          onClick={() => toggleAside('create')}
          className={`ml-auto rounded px-2 py-1 text-[12px] ${aside === 'create' ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700'}`}
        >
          Bulk create
        </button>
        <button
          type="button"
          aria-pressed={showRecent}
          data-testid="recent-jobs-open"
          onClick={() => toggleAside('recent')}
          className={`rounded px-2 py-1 text-[12px] ${showRecent ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700'}`}
        >
          Recent bulk edits
        </button>
      </div>
      <div className={aside ? 'hidden' : 'flex gap-2'}>
        <input
          aria-label="Filter by name or id"
          placeholder="Filter by name or id"
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-[12px]"
        />
        <select
          aria-label="Status"
          value={status}
          onChange={(event) => setStatus(event.target.value as StatusFilter)}
          className="rounded border border-slate-300 px-1 py-1 text-[12px]"
        >
          <option value="all">All</option>
          <option value="active">Active</option>
          <option value="paused">Paused</option>
        </select>
      </div>
      {showRecent ? (
        <div className="rounded-md border border-slate-200 p-3">
          <RecentBulkEdits advertiserId={context.advertiserId} onChanged={onChanged} />
        </div>
      ) : aside === 'create' ? null : editing?.action === 'duplicate' && editing.level !== 'ad' ? (
        <div className="rounded-md border border-slate-200 p-3">
          <DuplicatePanel
            advertiserId={context.advertiserId}
            level={editing.level}
            selected={editing.rows}
            currency={currency}
            onChanged={onChanged}
            onClose={closeEditing}
          />
        </div>
      ) : editing ? (
        <div className="rounded-md border border-slate-200 p-3">
          <StaffBulkEditPanel
            advertiserId={context.advertiserId}
            level={editing.level}
            selected={editing.rows}
            currency={currency}
            onChanged={onChanged}
            onClose={closeEditing}
          />
        </div>
      ) : error ? (
        <Notice tone="error" title="Could not load the entities">
          {error instanceof ExtensionRequestError ? error.detail.message : String(error)}
        </Notice>
      ) : entities.isPending || metrics.isPending ? (
        <p className="text-[12px] text-slate-500">Loading…</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-[12px]" data-testid="entity-table">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th className="w-[24px] px-1 py-1">
                  <input
                    ref={selectAll}
                    type="checkbox"
                    aria-label="Select all shown"
                    data-testid="select-all"
                    checked={shownState === 'all'}
                    disabled={shownIds.length === 0}
                    onChange={() => select(toggleShown(selected, shownIds))}
                  />
                </th>
                {header('name', 'Name', false)}
                {header('status', 'Status', false)}
                {header('budget', 'Budget')}
                {METRIC_COLUMNS.map((key) => header(key, METRIC_LABELS[key]))}
              </tr>
            </thead>
            <tbody>
              {lines.map(({ entity, metrics: row }) => (
                <tr
                  key={entity.id}
                  className="border-b border-slate-100"
                  data-testid="entity-row"
                  data-entity-id={entity.id}
                >
                  <td className="px-1 py-1 align-top">
                    <input
                      type="checkbox"
                      aria-label={`Select ${entity.name}`}
                      data-testid="select-row"
                      checked={selected.has(entity.id)}
                      onChange={() => select(toggleOne(selected, entity.id))}
                    />
                  </td>
                  <td className="max-w-[220px] px-1.5 py-1">
                    <div className="truncate font-medium">{entity.name}</div>
                    <div className="font-mono text-[10px] text-slate-500">{entity.id}</div>
                  </td>
                  <td className="px-1.5 py-1">
                    {entity.operationStatus === 'ENABLE' ? 'Active' : 'Paused'}
                  </td>
                  <td className="px-1.5 py-1 text-right tabular-nums">
                    {entity.budgetMode === 'BUDGET_MODE_INFINITE' && entity.budget === 0
                      ? 'No limit'
                      : entity.budget === null
                        ? '–'
                        : formatMoney(entity.budget, currency)}
                  </td>
                  {METRIC_COLUMNS.map((key) => (
                    <td key={key} className="px-1.5 py-1 text-right tabular-nums">
                      {row ? formatMetric(key, row.current[key], currency) : '–'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-1 text-[11px] text-slate-500" data-testid="side-panel-count">
            {lines.length} of {entities.data?.entities.length ?? 0}{' '}
            {LEVEL_LABELS[level].toLowerCase()}
            {metrics.data?.includesToday ? " · today's figures are incomplete" : ''}
            {metrics.data
              ? ` · fetched ${new Date(metrics.data.fetchedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
              : ''}
          </p>
        </div>
      )}
      {createOpened ? (
        <div className={aside === 'create' ? 'rounded-md border border-slate-200 p-3' : 'hidden'}>
          <BulkCreateView advertiserId={context.advertiserId} onChanged={onChanged} />
        </div>
      ) : null}
      {editing || aside ? null : (
        <BulkActionBar
          count={selectedRows.length}
          onOpen={() => setOpened({ level, rows: selectedRows, action: 'edit' })}
          onDuplicate={
            level === 'ad'
              ? undefined
              : () => setOpened({ level, rows: selectedRows, action: 'duplicate' })
          }
        />
      )}
    </div>
  );
}
