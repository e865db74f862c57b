import { createContext, type MouseEvent, type ReactNode, useContext } from 'react';
import { budgetModeLabel, type ColumnKey, type Formats } from './columns';
import { type PageRecord, rowIdentity } from './load-rows';

/**
 * Cell contents. The nesting is deliberate: Ads Manager's cells carry their row record about
 * five levels down their React props (`children.props.children.props.cellProps.rowData.record`),
 * which is what the extension's MAIN-world script reads to learn a row's id. The unmappable
 * variant passes only a row index and keeps the records in context, out of every prop.
 */

export interface TableContextValue {
  formats: Formats;
  /** The records of the unmappable variant (its cells' props name only a row index). */
  records: readonly PageRecord[];
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
  return <div className="cl-w-full cl-overflow-hidden">{children}</div>;
}

export interface MappableCellProps {
  rowData: { record: PageRecord; rowIndex: number };
  column: ColumnKey;
}

export function MappableCell({ cellProps }: { cellProps: MappableCellProps }) {
  return <CellContent record={cellProps.rowData.record} column={cellProps.column} mappable />;
}

export interface UnmappableCellProps {
  rowIndex: number;
  column: ColumnKey;
}

export function UnmappableCell({ cellProps }: { cellProps: UnmappableCellProps }) {
  const record = useTable().records[cellProps.rowIndex];
  if (!record) return null;
  return <CellContent record={record} column={cellProps.column} mappable={false} />;
}

function CellContent({
  record,
  column,
  mappable,
}: {
  record: PageRecord;
  column: ColumnKey;
  mappable: boolean;
}) {
  const table = useTable();
  const { money, count } = table.formats;
  switch (column) {
    case 'checkbox':
      return (
        <label className="ks-checkbox">
          <input
            type="checkbox"
            aria-label="Select row"
            checked={table.isSelected(record)}
            onChange={() => table.toggle(record)}
          />
        </label>
      );
    case 'name': {
      const { name } = rowIdentity(record);
      const open = (event: MouseEvent) => {
        event.preventDefault();
        table.open(record);
      };
      if (!mappable) {
        return (
          // biome-ignore lint/a11y/useSemanticElements: a span on purpose; this variant must offer no link element to map.
          <span
            className="name-text"
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
      return (
        // biome-ignore lint/a11y/useValidAnchor: Ads Manager's name links are href="#" with a click handler; the replica copies them.
        <a className="KsLink KsLink--inherit" href="#" onClick={open}>
          {name}
        </a>
      );
    }
    case 'status': {
      const on = record.status === 'ENABLE';
      return (
        <span className="am-status">
          <span className={on ? 'am-switch am-switch--on' : 'am-switch'} />
          {on ? 'Active' : 'Inactive'}
        </span>
      );
    }
    case 'budget':
      if (record.budget === null) return <>-</>;
      return (
        <>
          {money(record.budget)}
          <span className="am-budget-mode">{budgetModeLabel(record.budget_mode)}</span>
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
