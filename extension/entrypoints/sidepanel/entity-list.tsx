import { useEffect, useMemo, useRef } from 'react';
import type { EntityView } from '../../../companion-server/src/contract/ads-manager';
import {
  formatMetric,
  formatMetricCompact,
  formatMoney,
  METRIC_LABELS,
  type MetricKey,
} from '../../ads-manager/metrics-format';
import { SpacerRow, useVirtualRows } from '../../components/virtual-table/virtual-rows';
import {
  CHECK_COLUMN_PX,
  METRIC_COLUMN_PX,
  SHORT_METRIC_LABELS,
  WIDE_METRIC_COLUMN_PX,
} from './columns';
import { type EntityLine, type SortKey, selectionOf, toggleOne, toggleShown } from './entity-table';

/**
 * The side panel's list: a tick box, the name (status and budget under it) and the metric
 * columns that fit, with only the rows in sight rendered. In narrow columns figures are
 * compact ($2.3K), with the exact figure as their tooltip; the full name is the name's.
 */

/** Two lines of text and their padding; rows are measured, this is the first guess. */
const ROW_PX = 38;

const BUDGET_MODES: Record<string, string> = {
  BUDGET_MODE_DAY: ' daily',
  BUDGET_MODE_DYNAMIC_DAILY_BUDGET: ' daily',
  BUDGET_MODE_TOTAL: ' lifetime',
};

/** Null for entities without a budget of their own (ads, ad groups under a campaign's). */
function budgetText(entity: EntityView, currency: string): string | null {
  if (entity.budgetMode === 'BUDGET_MODE_INFINITE' && entity.budget === 0) return 'No limit';
  if (entity.budget === null) return null;
  return `${formatMoney(entity.budget, currency)}${BUDGET_MODES[entity.budgetMode ?? ''] ?? ''}`;
}

export function EntityList(props: {
  lines: EntityLine[];
  currency: string;
  /** The metric columns shown (those that fit). */
  columns: MetricKey[];
  /** Wide columns, with exact figures and full headers. */
  wide: boolean;
  selected: ReadonlySet<string>;
  onSelect: (ids: ReadonlySet<string>) => void;
  sortKey: SortKey;
  descending: boolean;
  onSort: (key: SortKey) => void;
  scrollElement: HTMLDivElement | null;
  scrollRef: (element: HTMLDivElement | null) => void;
  /** Changes with the filter and the sort: the list then starts from its top. */
  resetKey: string;
}) {
  const { lines, currency, columns, selected, onSelect } = props;
  const { rows, spaceBefore, spaceAfter, measure } = useVirtualRows({
    count: lines.length,
    scrollElement: props.scrollElement,
    estimatedRowPx: ROW_PX,
    resetKey: props.resetKey,
  });
  // Read on every scroll step (the list renders again as rows enter): kept per list and ticks.
  const shownIds = useMemo(() => lines.map((line) => line.entity.id), [lines]);
  const shownState = useMemo(() => selectionOf(selected, shownIds), [selected, shownIds]);
  const selectAll = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = shownState === 'some';
  });
  const arrow = (key: SortKey) => (props.sortKey === key ? (props.descending ? ' ▼' : ' ▲') : '');
  const ariaSort = (key: SortKey) =>
    props.sortKey === key ? (props.descending ? 'descending' : 'ascending') : undefined;
  const sortButton = (key: SortKey, label: string) => (
    <button
      type="button"
      data-testid={`sort-${key}`}
      onClick={() => props.onSort(key)}
      className="whitespace-nowrap select-none hover:text-ink"
    >
      {label}
      {arrow(key)}
    </button>
  );
  const columnCount = 2 + columns.length;

  return (
    <div ref={props.scrollRef} className="min-h-0 overflow-auto" data-testid="entity-table-scroll">
      <table
        className="w-full table-fixed border-separate border-spacing-0 text-[12px]"
        data-testid="entity-table"
        data-rows={lines.length}
      >
        <colgroup>
          <col style={{ width: CHECK_COLUMN_PX }} />
          <col />
          {columns.map((key) => (
            <col
              key={key}
              style={{ width: props.wide ? WIDE_METRIC_COLUMN_PX : METRIC_COLUMN_PX }}
            />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-white text-slate-600">
          <tr>
            <th className="border-b border-slate-200 py-1 text-center align-middle">
              <input
                ref={selectAll}
                type="checkbox"
                aria-label="Select all shown"
                data-testid="select-all"
                checked={shownState === 'all'}
                disabled={shownIds.length === 0}
                onChange={() => onSelect(toggleShown(selected, shownIds))}
              />
            </th>
            <th
              aria-sort={ariaSort('name')}
              className="border-b border-slate-200 px-1.5 py-1 text-left font-medium"
            >
              <div>{sortButton('name', 'Name')}</div>
              <div className="text-[11px] font-normal text-slate-500">
                {sortButton('status', 'Status')} · {sortButton('budget', 'Budget')}
              </div>
            </th>
            {columns.map((key) => (
              <th
                key={key}
                aria-sort={ariaSort(key)}
                data-metric={key}
                className="border-b border-slate-200 p-0 text-right align-bottom font-medium"
              >
                <button
                  type="button"
                  data-testid={`sort-${key}`}
                  title={METRIC_LABELS[key]}
                  onClick={() => props.onSort(key)}
                  className="w-full px-1 py-1 text-right whitespace-nowrap select-none hover:text-ink"
                >
                  {props.wide ? METRIC_LABELS[key] : SHORT_METRIC_LABELS[key]}
                  {arrow(key)}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={spaceBefore} columns={columnCount} />
          {rows.map((row) => {
            const line = lines[row.index];
            if (!line) return null;
            const { entity, metrics } = line;
            const status = entity.operationStatus === 'ENABLE' ? 'Active' : 'Paused';
            const budget = budgetText(entity, currency);
            const details = [status, budget, entity.id].filter(Boolean).join(' · ');
            return (
              <tr
                key={entity.id}
                ref={measure}
                data-index={row.index}
                data-testid="entity-row"
                data-entity-id={entity.id}
              >
                <td className="border-b border-slate-100 py-1 text-center align-top">
                  <input
                    type="checkbox"
                    aria-label={`Select ${entity.name}`}
                    data-testid="select-row"
                    checked={selected.has(entity.id)}
                    onChange={() => onSelect(toggleOne(selected, entity.id))}
                  />
                </td>
                <td className="border-b border-slate-100 px-1.5 py-1">
                  <div
                    className="truncate font-medium"
                    title={entity.name}
                    data-testid="entity-name"
                  >
                    {entity.name}
                  </div>
                  <div className="truncate text-[11px] text-slate-500" title={details}>
                    <span className={status === 'Paused' ? 'text-amber-700' : undefined}>
                      {status}
                    </span>
                    {budget ? ` · ${budget}` : ''} · <span className="font-mono">{entity.id}</span>
                  </div>
                </td>
                {columns.map((key) => (
                  <td
                    key={key}
                    data-metric={key}
                    title={metrics ? formatMetric(key, metrics.current[key], currency) : undefined}
                    className="truncate border-b border-slate-100 px-1 py-1 text-right align-top tabular-nums"
                  >
                    {metrics
                      ? (props.wide ? formatMetric : formatMetricCompact)(
                          key,
                          metrics.current[key],
                          currency,
                        )
                      : '–'}
                  </td>
                ))}
              </tr>
            );
          })}
          <SpacerRow height={spaceAfter} columns={columnCount} />
        </tbody>
      </table>
    </div>
  );
}
