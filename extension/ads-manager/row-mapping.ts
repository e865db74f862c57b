import type { ScanAnswer } from './bridge-protocol';

/**
 * Give every scanned row its entity id. Preferably the page's own record (React props);
 * otherwise the row's name, when exactly one entity of the level has that name: first
 * among the names the API reported, then among the page's own list responses.
 */
export interface MappedRow {
  id: string;
  name: string | null;
  checked: boolean | null;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export type MappingSource = 'props' | 'names' | 'none';

function uniqueNames(
  entries: Iterable<{ id: string; name: string | null }>,
): Map<string, string | null> {
  const byName = new Map<string, string | null>();
  for (const { id, name } of entries) {
    if (!name) continue;
    const key = name.trim();
    // A name used twice cannot tell its rows apart: remember it as ambiguous.
    byName.set(key, byName.has(key) && byName.get(key) !== id ? null : id);
  }
  return byName;
}

export function mapRows(
  scan: ScanAnswer,
  apiNames: Iterable<{ id: string; name: string | null }>,
): { rows: MappedRow[]; source: MappingSource } {
  const fromApi = uniqueNames(apiNames);
  const fromPage = uniqueNames(scan.listRows);
  const rows: MappedRow[] = [];
  let usedNames = false;
  let usedProps = false;
  for (const row of scan.rows) {
    let id = row.id;
    if (id) usedProps = true;
    else if (row.name) {
      const key = row.name.trim();
      id = fromApi.get(key) ?? fromPage.get(key) ?? null;
      if (id) usedNames = true;
    }
    if (id) rows.push({ ...row, id });
  }
  return { rows, source: usedProps ? 'props' : usedNames ? 'names' : 'none' };
}
