import type { ScannedRow } from './table-scan';

/**
 * Which entity each scanned row shows, decided in the isolated content script from what
 * the page-world scan found. The rule is never to guess an id that moves money:
 *
 * 1. One known id carried by the row: that entity (when the search could not see the whole
 *    row, the row's texts must not name a different entity).
 * 2. Several known ids: the one whose name the row shows, if exactly one does.
 * 3. No id: the row's name, when exactly one entity of the level has it; a shared name is
 *    settled by the row's other cells (budget, status) only when that leaves exactly one.
 * Anything else is not identified: no badge, and it cannot be bulk-selected.
 */

export interface KnownEntity {
  id: string;
  name: string;
  /** ENABLE or DISABLE, as TikTok reports it. */
  operationStatus: string;
  /** The entity's own budget, when it has one. */
  budget: number | null;
}

export type RowVerdict =
  | { kind: 'identified'; id: string; by: 'ids' | 'ids-and-name' | 'name' | 'name-and-cells' }
  | { kind: 'ambiguous'; name: string | null; why: 'several-ids' | 'shared-name' }
  | { kind: 'unknown'; name: string | null };

export interface EntityIndex {
  byId: ReadonlyMap<string, KnownEntity>;
  byName: ReadonlyMap<string, readonly KnownEntity[]>;
}

export function normalizeName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

export function indexEntities(entities: readonly KnownEntity[]): EntityIndex {
  const byId = new Map<string, KnownEntity>();
  const byName = new Map<string, KnownEntity[]>();
  for (const entity of entities) {
    byId.set(entity.id, entity);
    const key = normalizeName(entity.name);
    byName.set(key, [...(byName.get(key) ?? []), entity]);
  }
  return { byId, byName };
}

const ELLIPSIS = /(?:…|\.\.\.)$/;

/** Entities whose name the row shows: whole text pieces, or a piece cut short with an ellipsis. */
function namedIn(texts: readonly string[], index: EntityIndex): KnownEntity[] {
  const found = new Set<KnownEntity>();
  for (const raw of texts) {
    const text = normalizeName(raw);
    for (const entity of index.byName.get(text) ?? []) found.add(entity);
    if (ELLIPSIS.test(text)) {
      const prefix = text.replace(ELLIPSIS, '').trim();
      if (prefix.length < 8) continue;
      for (const [name, entities] of index.byName) {
        if (name.startsWith(prefix)) for (const entity of entities) found.add(entity);
      }
    }
  }
  return [...found];
}

/** Amounts shown in the row: "$1,234.50", "1.234,50 €", "50.00 USD" all count. */
function amountsIn(texts: readonly string[]): Set<number> {
  const amounts = new Set<number>();
  for (const text of texts) {
    for (const match of text.matchAll(/\d[\d,.\s]*\d|\d/g)) {
      const raw = match[0].replace(/\s/g, '');
      for (const value of readAmount(raw)) amounts.add(Math.round(value * 100));
    }
  }
  return amounts;
}

/** A number written with either separator convention; both readings when it is unclear. */
function readAmount(raw: string): number[] {
  const commaDecimal = Number(raw.replace(/\./g, '').replace(',', '.'));
  const dotDecimal = Number(raw.replace(/,/g, ''));
  return [dotDecimal, commaDecimal].filter((n) => Number.isFinite(n));
}

const ON_WORDS = /\b(active|enabled?|on|delivering)\b/i;
const OFF_WORDS = /\b(inactive|disabled?|paused|off|not delivering)\b/i;

/** Whether the row's cells agree with an entity: its budget shown, its status not contradicted. */
function cellsAgree(entity: KnownEntity, texts: readonly string[], amounts: Set<number>): boolean {
  if (entity.budget !== null && !amounts.has(Math.round(entity.budget * 100))) return false;
  const joined = texts.join(' | ');
  const saysOff = OFF_WORDS.test(joined);
  const saysOn = ON_WORDS.test(joined.replace(OFF_WORDS, ''));
  if (entity.operationStatus === 'ENABLE' && saysOff && !saysOn) return false;
  if (entity.operationStatus === 'DISABLE' && saysOn && !saysOff) return false;
  return true;
}

export function identifyRow(row: ScannedRow, index: EntityIndex): RowVerdict {
  const texts = row.texts ?? [];
  const [only, ...others] = row.ids;
  if (only && others.length === 0) {
    if (!row.exhausted) return { kind: 'identified', id: only, by: 'ids' };
    // Part of the row went unsearched: its texts must not name another entity.
    const named = namedIn(texts, index);
    const own = index.byId.get(only);
    if (named.length === 0 || (own && named.includes(own))) {
      return { kind: 'identified', id: only, by: named.length > 0 ? 'ids-and-name' : 'ids' };
    }
    return { kind: 'ambiguous', name: own?.name ?? null, why: 'several-ids' };
  }
  if (row.ids.length > 1) {
    const named = namedIn(texts, index).filter((entity) => row.ids.includes(entity.id));
    const [match, ...more] = named;
    if (match && more.length === 0) return { kind: 'identified', id: match.id, by: 'ids-and-name' };
    return { kind: 'ambiguous', name: match?.name ?? null, why: 'several-ids' };
  }
  const named = namedIn(texts, index);
  const [match, ...more] = named;
  if (!match) return { kind: 'unknown', name: texts[0] ?? null };
  if (more.length === 0) return { kind: 'identified', id: match.id, by: 'name' };
  // The other cells speak for the row; the name itself ("Paused test 50") says nothing.
  const cells = texts.filter((text) => !index.byName.has(normalizeName(text)));
  const amounts = amountsIn(cells);
  const agreeing = named.filter((entity) => cellsAgree(entity, cells, amounts));
  if (agreeing.length === 1 && agreeing[0]) {
    return { kind: 'identified', id: agreeing[0].id, by: 'name-and-cells' };
  }
  return { kind: 'ambiguous', name: match.name, why: 'shared-name' };
}
