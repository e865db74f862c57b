import {
  createContext,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type RefCallback,
  useContext,
} from 'react';
import { budgetModeLabel, type ColumnKey, type Formats } from './columns';
import { type PageRecord, rowIdentity } from './load-rows';
import { usePageLayout } from './page-layout';
import type { RowRegistry } from './row-registry';

/**
 * Cell contents. The nesting is deliberate: Ads Manager's cells carry their row record about
 * five levels down their React props (`children.props.children.props.cellProps.rowData.record`),
 * which is what the extension's MAIN-world script reads to learn a row's id. The layouts move
 * the ids: `deep-props` buries a renamed copy of the record 14 object hops down; `no-ids`,
 * `ids-in-attributes` and `ids-in-links` pass only a row index and keep the records in
 * context, out of every prop (the attribute and the link target are set on the DOM node by a
 * ref, so that they stay out of the props too).
 */

export interface TableContextValue {
  formats: Formats;
  advertiserId: string;
  /** Every record, for cells whose props name only a row index. */
  records: readonly PageRecord[];
  registry: RowRegistry;
  isSelected(record: PageRecord): boolean;
  toggle(record: PageRecord): void;
  open(record: PageRecord): void;
}

export const TableContext = createContext<TableContextValue | null>(null);

function useTable(): TableContextValue {
  const table = useContext(TableContext);
  if (!table) throw new Error('Table cells render inside a TableContext provider.');
  return table;
}

/** The clipping wrapper Ads Manager puts in every cell (it clips anything injected inside). */
export function CellClip({ children }: { children: ReactNode }) {
  const { names } = usePageLayout();
  return <div className={`${names.clipWidth} ${names.clipOverflow}`}>{children}</div>;
}

export interface MappableCellProps {
  rowData: { record: PageRecord; rowIndex: number };
  column: ColumnKey;
}

export function MappableCell({ cellProps }: { cellProps: MappableCellProps }) {
  const { record, rowIndex } = cellProps.rowData;
  return <CellContent record={record} rowIndex={rowIndex} column={cellProps.column} />;
}

export interface IndexCellProps {
  rowIndex: number;
  column: ColumnKey;
}

export function IndexCell({ cellProps }: { cellProps: IndexCellProps }) {
  const record = useTable().records[cellProps.rowIndex];
  if (!record) return null;
  return <CellContent record={record} rowIndex={cellProps.rowIndex} column={cellProps.column} />;
}

/** `deep-props`: the row as a component library's data layer might hand it down, renamed. */
export interface DeepRecord {
  objId: string;
  displayName: string;
  /** The campaign and ad group a row belongs to, where it has them. */
  lineage: { planKey?: string; planLabel?: string; unitKey?: string; unitLabel?: string };
  opStatus: string;
  budgetInfo: { amount: number | null; mode: string | null };
  metrics: Record<string, string>;
}

export interface DeepCellPayload {
  node: {
    index: number;
    data: { entity: { meta: { values: { row: { current: DeepRecord } } } } };
  };
  column: ColumnKey;
}

export function deepPayload(record: PageRecord, rowIndex: number, column: ColumnKey) {
  const { ref, name } = rowIdentity(record);
  const lineage: DeepRecord['lineage'] = {};
  if ('adgroup_id' in record) {
    lineage.planKey = record.campaign_id;
    lineage.planLabel = record.campaign_name;
  }
  if ('ad_id' in record) {
    lineage.unitKey = record.adgroup_id;
    lineage.unitLabel = record.adgroup_name;
  }
  const current: DeepRecord = {
    objId: ref,
    displayName: name,
    lineage,
    opStatus: record.status,
    budgetInfo: { amount: record.budget, mode: record.budget_mode },
    metrics: { ...record.stat },
  };
  const payload: DeepCellPayload = {
    node: { index: rowIndex, data: { entity: { meta: { values: { row: { current } } } } } },
    column,
  };
  return payload;
}

/** A pass-through layer, as higher-order components add: one more element level of props. */
export function CellFrame({ children }: { slot: string; children: ReactNode }) {
  return <>{children}</>;
}

export function DeepCell({ payload }: { payload: DeepCellPayload }) {
  const record = useTable().records[payload.node.index];
  if (!record) return null;
  return <CellContent record={record} rowIndex={payload.node.index} column={payload.column} />;
}

/** `total-row`: the sums of the list, in a row that stands for no entity. */
export function TotalCell({ column, label }: { column: ColumnKey; label: string }) {
  const table = useTable();
  const { money, count } = table.formats;
  const sum = (field: 'spend' | 'impressions' | 'clicks' | 'conversion') =>
    table.records.reduce((total, record) => total + Number(record.stat[field]), 0);
  switch (column) {
    case 'checkbox':
      return null;
    case 'name':
      return <>{label}</>;
    case 'status':
    case 'budget':
      return <>-</>;
    case 'spend':
      return <>{money(sum('spend'))}</>;
    case 'impressions':
      return <>{count(sum('impressions'))}</>;
    case 'clicks':
      return <>{count(sum('clicks'))}</>;
    case 'conversions':
      return <>{count(sum('conversion'))}</>;
  }
}

/** Where the `ids-in-links` name link points: the level below, narrowed to this row. */
function linkTarget(record: PageRecord, advertiserId: string): string {
  const { ref } = rowIdentity(record);
  const aadvid = `aadvid=${encodeURIComponent(advertiserId)}`;
  if ('ad_id' in record) return `/i18n/perf/creative?${aadvid}&keyword=${ref}`;
  if ('adgroup_id' in record) return `/i18n/perf/creative?${aadvid}&adgroup_id=${ref}`;
  return `/i18n/perf/adgroup?${aadvid}&campaign_id=${ref}`;
}

/** A plain left click stays in the app; other clicks follow the link as a browser would. */
const isPlainClick = (event: MouseEvent) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

function CellContent({
  record,
  rowIndex,
  column,
}: {
  record: PageRecord;
  rowIndex: number;
  column: ColumnKey;
}) {
  const table = useTable();
  const { flags, names } = usePageLayout();
  const { money, count } = table.formats;
  switch (column) {
    case 'checkbox':
      return (
        <SelectBox
          label="Select row"
          checked={table.isSelected(record)}
          onToggle={() => table.toggle(record)}
          controlRef={table.registry.ref(rowIndex, 'checkbox-control')}
        />
      );
    case 'name': {
      const { name } = rowIdentity(record);
      const open = (event: MouseEvent) => {
        event.preventDefault();
        table.open(record);
      };
      if (flags.has('no-ids')) {
        return (
          // biome-ignore lint/a11y/useSemanticElements: a span on purpose; this variant must offer no link element to map.
          <span
            className={names.nameText}
            role="link"
            tabIndex={0}
            onClick={open}
            onKeyDown={(event) => {
              if (event.key === 'Enter') table.open(record);
            }}
          >
            {name}
          </span>
        );
      }
      if (flags.has('ids-in-links')) {
        const target = linkTarget(record, table.advertiserId);
        return (
          // biome-ignore lint/a11y: a real link; its href is set by the ref, so that the id stays out of the props.
          <a
            className={`${names.link} ${names.linkInherit}`}
            ref={(element) => element?.setAttribute('href', target)}
            // biome-ignore lint/a11y/useValidAnchor: the href is there, set by the ref above.
            onClick={(event) => {
              if (isPlainClick(event)) open(event);
            }}
          >
            {name}
          </a>
        );
      }
      return (
        // biome-ignore lint/a11y/useValidAnchor: Ads Manager's name links are href="#" with a click handler; the replica copies them.
        <a className={`${names.link} ${names.linkInherit}`} href="#" onClick={open}>
          {name}
        </a>
      );
    }
    case 'status': {
      const on = record.status === 'ENABLE';
      return (
        <span className={names.status}>
          <span className={on ? `${names.switch} ${names.switchOn}` : names.switch} />
          {on ? 'Active' : 'Inactive'}
        </span>
      );
    }
    case 'budget':
      if (record.budget === null) return <>-</>;
      return (
        <>
          {money(record.budget)}
          <span className={names.budgetMode}>{budgetModeLabel(record.budget_mode)}</span>
        </>
      );
    case 'spend':
      return <>{money(Number(record.stat.spend))}</>;
    case 'impressions':
      return <>{count(Number(record.stat.impressions))}</>;
    case 'clicks':
      return <>{count(Number(record.stat.clicks))}</>;
    case 'conversions':
      return <>{count(Number(record.stat.conversion))}</>;
  }
}

export interface SelectBoxProps {
  label: string;
  checked: boolean;
  /** Some rows but not all (the header's box). */
  mixed?: boolean;
  onToggle(): void;
  controlRef?: RefCallback<HTMLElement>;
}

/**
 * A selection checkbox: a native one in a label, or with `role-checkbox` a span with the
 * checkbox role that toggles on click and on Space, as design systems without inputs draw it.
 */
export function SelectBox({ label, checked, mixed = false, onToggle, controlRef }: SelectBoxProps) {
  const { flags, names } = usePageLayout();
  if (flags.has('role-checkbox')) {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== ' ') return;
      event.preventDefault();
      onToggle();
    };
    return (
      <span className={names.checkbox}>
        {/* biome-ignore lint/a11y/useSemanticElements: a checkbox without an input, on purpose: what this layout reproduces. */}
        <span
          ref={controlRef}
          className={names.checkboxBox}
          role="checkbox"
          aria-checked={mixed ? 'mixed' : checked}
          aria-label={label}
          tabIndex={0}
          onClick={onToggle}
          onKeyDown={onKeyDown}
        />
      </span>
    );
  }
  return (
    <label className={names.checkbox}>
      <input
        ref={(element) => {
          if (element) element.indeterminate = mixed;
          return controlRef?.(element) ?? undefined;
        }}
        type="checkbox"
        aria-label={label}
        checked={checked}
        onChange={onToggle}
      />
    </label>
  );
}
