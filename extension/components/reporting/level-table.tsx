import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import {
  type EntityMetrics,
  LEVELS,
  type Level,
  METRIC_KEYS,
} from '../../../companion-server/src/contract/ads-manager';
import { formatUnconverted } from '../../ads-manager/bayme-format';
import {
  formatCount,
  formatMetric,
  formatMoney,
  formatRatio,
  METRIC_LABELS,
} from '../../ads-manager/metrics-format';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { type LevelMetricsQuery, queryKeys } from '../../lib/query-keys';
import { Notice } from '../notice';
import { SpacerRow, useVirtualRows } from '../virtual-table/virtual-rows';
import {
  BAYME_KEYS,
  type BaymeKey,
  baymeValue,
  filterLevelRows,
  type LevelSort,
  type LevelSortKey,
  nextSort,
  sortLevelRows,
} from './level-rows';
import { LEVEL_LABELS } from './levels';
import { MetricChange } from './metric-change';
import type { ReportRange } from './report-range';

/**
 * One ad account's campaigns, ad groups or ads over the range, each figure with its change
 * against the previous period of equal length; sortable by any column, filterable. Accounts
 * run to thousands of ad groups and ads: the table scrolls in its own box, under a header
 * that stays, and renders only the rows in sight. Filter and sort work on the rows in
 * memory, without asking the server again. Where the server takes orders, Bayme's revenue,
 * orders and ROAS (over the row's TikTok spend) follow TikTok's figures.
 */

/** A row's two lines (figure and change) and padding; rows are measured, this is a guess. */
const ROW_PX = 46;

/** On two lines: eleven figure columns share a laptop's width. */
const BAYME_LABELS: Record<BaymeKey, string> = {
  bayme_revenue: 'Bayme\nrevenue',
  bayme_orders: 'Bayme\norders',
  bayme_roas: 'Bayme\nROAS',
};

/** Revenue needs the room of an amount; orders and ROAS are short. */
const BAYME_WIDTHS: Record<BaymeKey, string> = {
  bayme_revenue: 'w-[10%]',
  bayme_orders: 'w-[6%]',
  bayme_roas: 'w-[6%]',
};

function formatBayme(key: BaymeKey, value: number | null, currency: string): string {
  if (key === 'bayme_revenue') return formatMoney(value, currency);
  return key === 'bayme_orders' ? formatCount(value) : formatRatio(value);
}

export function LevelTable(props: {
  advertiserId: string;
  range: ReportRange;
  level: Level;
  onLevelChange: (level: Level) => void;
}) {
  const { advertiserId, range, level } = props;
  const [text, setText] = useState('');
  const [sort, setSort] = useState<LevelSort>({
    sortKey: 'spend',
    descending: true,
  });
  const query: LevelMetricsQuery = {
    level,
    start: range.start,
    end: range.end,
    compare: 'previous',
  };
  const metrics = useQuery({
    queryKey: queryKeys.levelMetrics(advertiserId, query),
    queryFn: () => api('levelMetrics', { params: { advertiserId }, query }),
  });
  const sorted = useMemo(() => sortLevelRows(metrics.data?.rows ?? [], sort), [metrics.data, sort]);
  const withBayme = Boolean(metrics.data?.bayme);
  const columns = 1 + METRIC_KEYS.length + (withBayme ? BAYME_KEYS.length : 0);
  const rows = useMemo(() => filterLevelRows(sorted, text), [sorted, text]);
  const [scrollBox, setScrollBox] = useState<HTMLDivElement | null>(null);
  const virtual = useVirtualRows({
    count: rows.length,
    scrollElement: scrollBox,
    estimatedRowPx: ROW_PX,
    resetKey: `${level}|${text}|${sort.sortKey}|${sort.descending}`,
  });

  const header = (key: LevelSortKey, label: string) => (
    <th
      key={key}
      scope="col"
      aria-sort={sort.sortKey === key ? (sort.descending ? 'descending' : 'ascending') : undefined}
      className={`border-b border-slate-200 px-2 py-1.5 font-medium ${key === 'name' ? 'text-left' : 'text-right'} ${key.startsWith('bayme_') ? 'bg-emerald-50 text-emerald-800' : 'bg-slate-50'}`}
    >
      <button
        type="button"
        data-testid={`sort-${key}`}
        onClick={() => setSort(nextSort(sort, key))}
        className={`select-none hover:text-ink ${key.startsWith('bayme_') ? 'whitespace-pre-line' : 'whitespace-nowrap'}`}
      >
        {label}
        {sort.sortKey === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex gap-1" role="tablist" aria-label="Level">
          {LEVELS.map((option) => (
            <button
              key={option}
              type="button"
              role="tab"
              data-testid={`level-tab-${option}`}
              aria-selected={option === level}
              onClick={() => props.onLevelChange(option)}
              className={`rounded-md px-3 py-1 text-[13px] ${option === level ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`}
            >
              {LEVEL_LABELS[option]}
            </button>
          ))}
        </div>
        <input
          aria-label="Filter by name or id"
          placeholder="Filter by name or id"
          data-testid="level-filter"
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="w-[260px] rounded-md border border-slate-300 px-2 py-1 text-[13px]"
        />
      </div>
      {metrics.isError ? (
        <Notice tone="error" title={`Could not load the ${LEVEL_LABELS[level].toLowerCase()}`}>
          {metrics.error instanceof ExtensionRequestError
            ? metrics.error.detail.message
            : metrics.error.message}
        </Notice>
      ) : metrics.isPending ? (
        <p className="text-[13px] text-slate-500">Loading {LEVEL_LABELS[level].toLowerCase()}…</p>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white">
          <div
            ref={setScrollBox}
            className="max-h-[min(70vh,640px)] overflow-auto rounded-t-lg"
            data-testid="level-table-scroll"
          >
            <table
              className={`w-full ${withBayme ? 'min-w-[1100px]' : 'min-w-[880px]'} table-fixed border-separate border-spacing-0 text-[13px]`}
              data-testid="level-table"
              data-rows={rows.length}
            >
              <colgroup>
                <col className={withBayme ? 'w-[15%]' : 'w-[24%]'} />
                {METRIC_KEYS.map((key) => (
                  <col key={key} />
                ))}
                {withBayme
                  ? BAYME_KEYS.map((key) => <col key={key} className={BAYME_WIDTHS[key]} />)
                  : null}
              </colgroup>
              <thead className="sticky top-0 z-10 text-[12px] text-slate-600">
                <tr>
                  {header('name', 'Name')}
                  {METRIC_KEYS.map((key) => header(key, METRIC_LABELS[key]))}
                  {withBayme ? BAYME_KEYS.map((key) => header(key, BAYME_LABELS[key])) : null}
                </tr>
              </thead>
              <tbody>
                <SpacerRow height={virtual.spaceBefore} columns={columns} />
                {virtual.rows.map((item) => {
                  const row = rows[item.index];
                  return row ? (
                    <LevelRow
                      key={row.id}
                      row={row}
                      currency={metrics.data.currency}
                      withBayme={withBayme}
                      index={item.index}
                      measure={virtual.measure}
                    />
                  ) : null;
                })}
                <SpacerRow height={virtual.spaceAfter} columns={columns} />
              </tbody>
            </table>
          </div>
          {rows.length === 0 ? (
            <p className="px-3 py-3 text-[13px] text-slate-600">
              {metrics.data.rows.length === 0
                ? `No ${LEVEL_LABELS[level].toLowerCase()} delivered in this range or the previous one.`
                : 'Nothing matches the filter.'}
            </p>
          ) : null}
          <p
            className="border-t border-slate-100 px-3 py-1.5 text-[12px] text-slate-500"
            data-testid="level-table-count"
          >
            {rows.length.toLocaleString('en-US')} of{' '}
            {metrics.data.rows.length.toLocaleString('en-US')} {LEVEL_LABELS[level].toLowerCase()} ·
            changes compare with {metrics.data.previousRange.start} –{' '}
            {metrics.data.previousRange.end} · days in {metrics.data.timezone}
            {metrics.data.includesToday ? " · today's figures are still growing" : ''}
          </p>
        </div>
      )}
    </div>
  );
}

function LevelRow(props: {
  row: EntityMetrics;
  currency: string;
  withBayme: boolean;
  index: number;
  measure: (row: HTMLTableRowElement | null) => void;
}) {
  const { row, currency } = props;
  const name = row.name ?? '(no name)';
  return (
    <tr
      ref={props.measure}
      data-index={props.index}
      className="hover:bg-slate-50"
      data-testid="level-row"
      data-entity-id={row.id}
    >
      <td className="border-b border-slate-100 px-2 py-1.5">
        <div className="truncate font-medium text-ink" title={name}>
          {name}
        </div>
        <div className="truncate font-mono text-[11px] text-slate-500">{row.id}</div>
      </td>
      {METRIC_KEYS.map((key) => {
        const previous = row.previous?.[key] ?? null;
        return (
          <td
            key={key}
            className="border-b border-slate-100 px-2 py-1.5 text-right align-top"
            data-metric={key}
          >
            <div className="truncate tabular-nums text-ink">
              {formatMetric(key, row.current[key], currency)}
            </div>
            <div className="text-[11px]">
              <MetricChange
                metric={key}
                current={row.current[key]}
                previous={previous}
                previousLabel={formatMetric(key, previous, currency)}
              />
            </div>
          </td>
        );
      })}
      {props.withBayme
        ? BAYME_KEYS.map((key) => (
            <td
              key={key}
              className="border-b border-slate-100 bg-emerald-50/30 px-2 py-1.5 text-right align-top"
              data-metric={key}
            >
              <div className="truncate tabular-nums text-ink">
                {formatBayme(key, baymeValue(row, key), currency)}
              </div>
              {key === 'bayme_revenue' && row.bayme && row.bayme.unconverted.length > 0 ? (
                <div
                  className="truncate text-[11px] text-amber-800"
                  data-testid="level-bayme-unconverted"
                  title={`Not converted (no rate for its day): ${formatUnconverted(row.bayme.unconverted)}`}
                >
                  +{' '}
                  {row.bayme.unconverted.map((u) => formatMoney(u.revenue, u.currency)).join(' · ')}
                </div>
              ) : null}
            </td>
          ))
        : null}
    </tr>
  );
}
