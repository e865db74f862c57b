/**
 * The rows a buyer ticked in Ads Manager's table, kept across scrolling. The virtual table
 * renders only the rows in view, so ticks are remembered as rows are seen: a row seen
 * ticked is added, a row seen unticked is removed, a row out of view keeps its state.
 * Rows whose checkbox could not be read (`checked: null`) say nothing either way.
 */

/** Selected entity ids, in the order they were ticked, with the name they were seen with. */
export type RowSelection = ReadonlyMap<string, string | null>;

export const EMPTY_SELECTION: RowSelection = new Map();

export interface SeenRow {
  id: string;
  name: string | null;
  checked: boolean | null;
}

/** The selection after seeing these rows; the same object when nothing changed (no re-render). */
export function updateSelection(selection: RowSelection, rows: readonly SeenRow[]): RowSelection {
  let next: Map<string, string | null> | null = null;
  const edit = () => {
    next ??= new Map(selection);
    return next;
  };
  for (const row of rows) {
    if (row.checked === true) {
      const known = selection.get(row.id);
      if (!selection.has(row.id) || (known === null && row.name !== null)) {
        edit().set(row.id, row.name ?? known ?? null);
      }
    } else if (row.checked === false && selection.has(row.id)) {
      edit().delete(row.id);
    }
  }
  return next ?? selection;
}
