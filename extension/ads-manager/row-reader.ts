import type { Rect, ScanAnswer } from './bridge-protocol';
import { type EntityIndex, identifyRow, type RowVerdict } from './row-identity';

/**
 * Turns page-world scans into what the overlay draws, and tells apart the two kinds of
 * change: what the rows *are* (which entities, ticked or not, which cannot be identified),
 * which re-renders the overlay, and where they *are*, which only moves the badges. Scrolling
 * changes positions on every frame; re-rendering React on each of those frames is what
 * made scrolling cost several milliseconds a frame.
 */

export interface RowOnPage {
  verdict: RowVerdict;
  checked: boolean | null;
  top: number;
  bottom: number;
  left: number;
  right: number;
  gaps: Array<[number, number]>;
  /** The row reads right to left: its badge takes the rightmost span that holds it. */
  rtl?: boolean;
  /** The row's texts (for counting unidentified ticked rows across scrolling). */
  texts: readonly string[];
}

export interface Reading {
  table: boolean;
  strategy: ScanAnswer['strategy'];
  viewport: Rect | null;
  /** The table body's top left corner: badges are placed relative to it (badge-layer.ts). */
  origin: ScanAnswer['origin'];
  rows: RowOnPage[];
  pageRange: ScanAnswer['pageRange'];
}

export const NO_READING: Reading = {
  table: false,
  strategy: null,
  viewport: null,
  origin: null,
  rows: [],
  pageRange: null,
};

/** Rows with no entity yet decided: before the entity list arrives nothing is judged. */
const PENDING: RowVerdict = { kind: 'unknown', name: null };

function verdictKey(row: ScanAnswer['rows'][number]): string {
  return `${row.ids.join(',')}|${row.exhausted}|${row.texts?.join('\u0001') ?? ''}`;
}

function structureOf(reading: Reading): string {
  const rows = reading.rows.map((row) => {
    const v = row.verdict;
    const who = v.kind === 'identified' ? v.id : `${v.kind}:${v.name ?? ''}`;
    return `${who}:${row.checked}`;
  });
  return `${reading.table}|${reading.strategy}|${reading.pageRange?.start}|${reading.pageRange?.end}|${rows.join(';')}`;
}

/**
 * What the overlay's React tree shows of a reading: whether there is a table, the page's
 * range and the rows it cannot identify. Identified rows, and how many rows are visible, are
 * left out: they change on every frame of a scroll, and the badges and the selection follow
 * them without React (the layout report counts the visible rows of the reading it is sent
 * with).
 */
function viewOf(reading: Reading): string {
  const unidentified = reading.rows
    .map(({ verdict, checked, texts }) =>
      verdict.kind === 'identified'
        ? null
        : `${verdict.kind}:${verdict.name ?? ''}:${checked}:${texts.join('\u0001')}`,
    )
    .filter((key) => key !== null);
  return `${reading.table}|${reading.strategy}|${reading.pageRange?.start}|${reading.pageRange?.end}|${unidentified.join(';')}`;
}

/**
 * Where the viewport and the rows are, in whole pixels, as one list of numbers (led by
 * whether there is a viewport, and each row's gaps by their count, so that no two readings
 * give the same list): compared, not joined into a text, as it is worked out on every frame
 * of a scroll.
 */
function positionsOf(reading: Reading): number[] {
  const v = reading.viewport;
  const out = v
    ? [1, Math.round(v.top), Math.round(v.bottom), Math.round(v.left), Math.round(v.right)]
    : [0];
  for (const row of reading.rows) {
    out.push(Math.round(row.top), Math.round(row.bottom), Math.round(row.left));
    out.push(Math.round(row.right), row.rtl ? -row.gaps.length : row.gaps.length);
    for (const [a, b] of row.gaps) out.push(Math.round(a), Math.round(b));
  }
  return out;
}

function samePositions(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/**
 * One entity is one row. When two visible rows are taken for the same entity by their names
 * (a list of names fetched before someone renamed an entity, say), neither can be trusted:
 * both become ambiguous. A row identified by an id it carries keeps it.
 */
export function withoutDoubleClaims(
  rows: RowOnPage[],
  nameOf: (id: string) => string | null,
): RowOnPage[] {
  const claims = new Map<string, number>();
  for (const { verdict } of rows) {
    if (verdict.kind === 'identified') claims.set(verdict.id, (claims.get(verdict.id) ?? 0) + 1);
  }
  return rows.map((row) => {
    const { verdict } = row;
    if (verdict.kind !== 'identified' || (claims.get(verdict.id) ?? 0) < 2) return row;
    if (verdict.by === 'ids') return row;
    const name = nameOf(verdict.id);
    return { ...row, verdict: { kind: 'ambiguous', name, why: 'shared-name' } };
  });
}

export class RowReader {
  private index: EntityIndex | null = null;
  private reading: Reading = NO_READING;
  /** The reading React last saw (snapshot), and what of it React shows. */
  private view: Reading = NO_READING;
  private viewKey = viewOf(NO_READING);
  private structure = structureOf(NO_READING);
  private positions: number[] = [];
  private readonly verdicts = new Map<string, RowVerdict>();
  /** The scan last interpreted, and with which entities: the same scan again changes nothing. */
  private lastScan: ScanAnswer | null = null;
  private lastIndex: EntityIndex | null = null;
  private readonly viewListeners = new Set<() => void>();
  private readonly rowListeners = new Set<(reading: Reading) => void>();
  private readonly moveListeners = new Set<(reading: Reading) => void>();

  constructor(private readonly scan: () => ScanAnswer | null) {}

  /** The level's entities; identification waits for them. */
  setEntities(index: EntityIndex | null): void {
    this.index = index;
    this.verdicts.clear();
  }

  get current(): Reading {
    return this.reading;
  }

  get entitiesKnown(): boolean {
    return this.index !== null;
  }

  /**
   * For useSyncExternalStore: called when what the overlay's React tree shows changes (see
   * viewOf); the snapshot is the reading of that moment.
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  };

  readonly snapshot = (): Reading => this.view;

  /** Called when what the rows are changes (which entities, ticked or not): the selection. */
  onRows(listener: (reading: Reading) => void): () => void {
    this.rowListeners.add(listener);
    return () => this.rowListeners.delete(listener);
  }

  /** Called when rows move (and after each structural change), to move the badges. */
  onMove(listener: (reading: Reading) => void): () => void {
    this.moveListeners.add(listener);
    return () => this.moveListeners.delete(listener);
  }

  /** Read the table now; whether anything changed (the tracker keeps reading while it does). */
  read(): boolean {
    const scan = this.scan();
    if (scan !== null && scan === this.lastScan && this.index === this.lastIndex) return false;
    this.lastScan = scan;
    this.lastIndex = this.index;
    const next = scan ? this.interpret(scan) : NO_READING;
    const structure = structureOf(next);
    const positions = positionsOf(next);
    const structural = structure !== this.structure;
    const moved = !samePositions(positions, this.positions);
    if (!structural && !moved) return false;
    this.reading = next;
    this.positions = positions;
    if (structural) {
      this.structure = structure;
      for (const listener of this.rowListeners) listener(next);
      const viewKey = viewOf(next);
      if (viewKey !== this.viewKey) {
        this.viewKey = viewKey;
        this.view = next;
        for (const listener of this.viewListeners) listener();
      }
    }
    for (const listener of this.moveListeners) listener(next);
    return true;
  }

  private interpret(scan: ScanAnswer): Reading {
    const index = this.index;
    // A verdict depends only on what the row carried: cache it for the frames that follow.
    if (this.verdicts.size > 2_000) this.verdicts.clear();
    const rows = scan.rows.map((row) => {
      let verdict = PENDING;
      if (index) {
        const key = verdictKey(row);
        verdict = this.verdicts.get(key) ?? identifyRow(row, index);
        this.verdicts.set(key, verdict);
      }
      return {
        verdict,
        checked: row.checked,
        top: row.top,
        bottom: row.bottom,
        left: row.left,
        right: row.right,
        gaps: row.gaps,
        rtl: row.rtl,
        texts: row.texts ?? [],
      };
    });
    return {
      table: scan.table,
      strategy: scan.strategy,
      viewport: scan.viewport,
      origin: scan.origin,
      rows: withoutDoubleClaims(rows, (id) => index?.byId.get(id)?.name ?? null),
      pageRange: scan.pageRange,
    };
  }
}
