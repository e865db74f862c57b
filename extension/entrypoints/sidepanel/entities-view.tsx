import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatAccountClock } from '../../../companion-server/src/contract/account-time';
import { LEVELS, type Level } from '../../../companion-server/src/contract/ads-manager';
import type { MetricKey } from '../../ads-manager/metrics-format';
import { BulkCreateView } from '../../components/bulk-create/bulk-create-view';
import { DuplicatePanel } from '../../components/bulk-create/duplicate-panel';
import { BulkActionBar } from '../../components/bulk-edit/bulk-action-bar';
import type { SelectedRow } from '../../components/bulk-edit/bulk-edit-panel';
import { RecentBulkEdits } from '../../components/bulk-edit/recent-bulk-edits';
import { StaffBulkEditPanel } from '../../components/bulk-edit/staff-bulk-edit-panel';
import { Notice } from '../../components/notice';
import { LEVEL_LABELS } from '../../components/reporting/levels';
import { useClientWidth } from '../../components/virtual-table/use-client-width';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import type { PageContext } from '../../lib/protocol';
import { queryKeys } from '../../lib/query-keys';
import { columnLayout } from './columns';
import { ColumnsMenu } from './columns-menu';
import { EntityList } from './entity-list';
import { filterLines, joinLines, type SortKey, type StatusFilter, sortLines } from './entity-table';

/**
 * One ad account's entities at a level, from the API, with the same figures as the overlays;
 * bulk edits or copies of the ticked ones; the account's recent bulk edits, to come back to
 * one; and bulk creation from a CSV file. The list filters and sorts in memory: typing in
 * the filter never asks the server again.
 */

const NOTHING_TICKED: ReadonlySet<string> = new Set();

export function EntitiesView(props: {
  context: PageContext;
  /** The metrics the buyer chose (the badges' preference); undefined while it is read. */
  chosenMetrics: MetricKey[] | undefined;
  onChooseMetrics: (metrics: MetricKey[]) => void;
  /** The level shown changed (a tab here, or the followed page's). */
  onLevelChange: (level: Level) => void;
}) {
  const { context, onLevelChange } = props;
  const queryClient = useQueryClient();
  const [level, setLevel] = useState<Level>(context.level);
  useEffect(() => setLevel(context.level), [context.level]);
  useEffect(() => onLevelChange(level), [level, onLevelChange]);
  // Ticks belong to the level they were made on: another level starts with none.
  const [ticked, setTicked] = useState<{ level: Level; ids: ReadonlySet<string> }>({
    level,
    ids: NOTHING_TICKED,
  });
  const selected = ticked.level === level ? ticked.ids : NOTHING_TICKED;
  const select = useCallback((ids: ReadonlySet<string>) => setTicked({ level, ids }), [level]);
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
  const [scrollBox, setScrollBox] = useState<HTMLDivElement | null>(null);
  const width = useClientWidth(scrollBox);

  const entities = useQuery({
    queryKey: queryKeys.listEntities(context.advertiserId, level),
    queryFn: () =>
      api('listEntities', { params: { advertiserId: context.advertiserId }, query: { level } }),
  });
  const metrics = useQuery({
    queryKey: queryKeys.levelMetrics(context.advertiserId, {
      level,
      start: context.start,
      end: context.end,
    }),
    queryFn: () =>
      api('levelMetrics', {
        params: { advertiserId: context.advertiserId },
        query: { level, start: context.start, end: context.end },
      }),
  });

  // Joined and sorted once per answer or column; a keystroke in the filter only filters.
  const sorted = useMemo(
    () =>
      sortLines(joinLines(entities.data?.entities ?? [], metrics.data?.rows ?? []), {
        sortKey,
        descending,
      }),
    [entities.data, metrics.data, sortKey, descending],
  );
  const lines = useMemo(() => filterLines(sorted, { text, status }), [sorted, text, status]);
  const chosen = props.chosenMetrics ?? [];
  const columns = useMemo(() => columnLayout(chosen, width), [chosen, width]);
  const currency = entities.data?.currency ?? metrics.data?.currency ?? 'USD';
  const error = entities.error ?? metrics.error;
  // Deleted entities drop out of the list: only those still listed can be edited.
  const selectedRows = (entities.data?.entities ?? [])
    .filter((entity) => selected.has(entity.id))
    .map((entity) => ({ id: entity.id, name: entity.name }));
  // Every level of the account: a job opened from the recent ones may be of another level.
  const onChanged = useCallback(() => {
    for (const queryKey of queryKeys.changedByJobs(context.advertiserId))
      void queryClient.invalidateQueries({ queryKey });
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
  const toolClass = (pressed: boolean) =>
    `shrink-0 rounded px-2 py-1 text-[12px] whitespace-nowrap ${pressed ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`;

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2" data-testid="side-panel">
      <div className="flex items-center gap-1">
        <div className="flex shrink-0 gap-1" role="tablist" data-testid="level-tabs">
          {LEVELS.map((option) => {
            const chosenTab = option === level && aside === null;
            return (
              <button
                key={option}
                type="button"
                role="tab"
                aria-selected={chosenTab}
                onClick={() => chooseLevel(option)}
                className={toolClass(chosenTab)}
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
          title="Bulk create from a CSV file"
          onClick={() => toggleAside('create')}
          className={`ml-auto ${toolClass(aside === 'create')}`}
        >
          Create
        </button>
        <button
          type="button"
          aria-pressed={showRecent}
          data-testid="recent-jobs-open"
          title="Recent bulk edits"
          onClick={() => toggleAside('recent')}
          className={toolClass(showRecent)}
        >
          History
        </button>
      </div>
      <div className={aside ? 'hidden' : 'flex gap-1.5'}>
        <input
          aria-label="Filter by name or id"
          placeholder="Filter by name or id"
          data-testid="entity-filter"
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-[12px]"
        />
        <select
          aria-label="Status"
          value={status}
          onChange={(event) => setStatus(event.target.value as StatusFilter)}
          className="shrink-0 rounded border border-slate-300 px-1 py-1 text-[12px]"
        >
          <option value="all">All</option>
          <option value="active">Active</option>
          <option value="paused">Paused</option>
        </select>
        <ColumnsMenu
          chosen={chosen}
          shown={columns.metrics.length}
          onChange={props.onChooseMetrics}
        />
      </div>
      {showRecent ? (
        <div className="min-h-0 overflow-y-auto rounded-md border border-slate-200 p-3">
          <RecentBulkEdits advertiserId={context.advertiserId} onChanged={onChanged} />
        </div>
      ) : aside === 'create' ? null : editing?.action === 'duplicate' && editing.level !== 'ad' ? (
        <div className="min-h-0 overflow-y-auto rounded-md border border-slate-200 p-3">
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
        <div className="min-h-0 overflow-y-auto rounded-md border border-slate-200 p-3">
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
        <>
          <EntityList
            lines={lines}
            currency={currency}
            columns={columns.metrics}
            wide={columns.wide}
            selected={selected}
            onSelect={select}
            sortKey={sortKey}
            descending={descending}
            onSort={sortBy}
            scrollElement={scrollBox}
            scrollRef={setScrollBox}
            resetKey={`${level}|${text}|${status}|${sortKey}|${descending}`}
          />
          <p className="text-[11px] text-slate-500" data-testid="side-panel-count">
            {lines.length.toLocaleString('en-US')} of{' '}
            {(entities.data?.entities.length ?? 0).toLocaleString('en-US')}{' '}
            {LEVEL_LABELS[level].toLowerCase()}
            {metrics.data?.includesToday ? " · today's figures are incomplete" : ''}
            {metrics.data
              ? ` · fetched ${formatAccountClock(metrics.data.fetchedAt, metrics.data.timezone)}`
              : ''}
          </p>
        </>
      )}
      {createOpened ? (
        <div
          className={
            aside === 'create'
              ? 'min-h-0 overflow-y-auto rounded-md border border-slate-200 p-3'
              : 'hidden'
          }
        >
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
