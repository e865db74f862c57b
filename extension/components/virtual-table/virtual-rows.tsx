import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useEffect } from 'react';

/**
 * The rows of a long table rendered only around what its scrolling box shows (accounts with
 * thousands of ad groups or ads). The rows above and below are stood in for by one spacer
 * row each, of their height, so the table keeps its own layout (sticky header, fixed
 * columns) and the scroll bar its full length. Rows are measured as they render; the
 * estimate only has to be close.
 */
export function useVirtualRows(options: {
  count: number;
  /** The box that scrolls the table (null until it is mounted). */
  scrollElement: HTMLElement | null;
  estimatedRowPx: number;
  /** When it changes (another filter or sort), the list starts again from its top. */
  resetKey: string;
}): {
  rows: VirtualItem[];
  spaceBefore: number;
  spaceAfter: number;
  measure: (row: HTMLTableRowElement | null) => void;
} {
  const { estimatedRowPx, scrollElement, resetKey } = options;
  const virtualizer = useVirtualizer({
    count: options.count,
    getScrollElement: () => scrollElement,
    estimateSize: () => estimatedRowPx,
    // A screenful above and below: a fast wheel or a page-down never shows a blank.
    overscan: 20,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: resetKey is the trigger itself.
  useEffect(() => {
    scrollElement?.scrollTo({ top: 0 });
  }, [resetKey, scrollElement]);
  const rows = virtualizer.getVirtualItems();
  const spaceBefore = rows[0]?.start ?? 0;
  const spaceAfter = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);
  return { rows, spaceBefore, spaceAfter, measure: virtualizer.measureElement };
}

/** Stands in for the rows not rendered; nothing when there are none. */
export function SpacerRow(props: { height: number; columns: number }) {
  if (props.height <= 0) return null;
  return (
    <tr data-spacer="" style={{ height: props.height }}>
      <td colSpan={props.columns} className="p-0" />
    </tr>
  );
}
