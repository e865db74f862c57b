import { formatTikTokTime } from '../contract/account-time';
import type { CellError, CreateColumn, CreateRow } from '../contract/bulk-create';
import { formatMoney } from '../contract/currency';
import { type Cells, type CreateSpec, checkRow, type RowContext } from './create-rows';

/**
 * A whole spreadsheet checked (read by read-spreadsheet.ts): every row (create-rows.ts), refs
 * unique and parents of the right type, present above in the file or existing at TikTok,
 * campaign names not already taken. Any error anywhere means nothing is created.
 */

/** What the planner needs to know from TikTok about existing parents and names. */
export interface ExistingEntities {
  /** Live campaigns by id, and the names of all live campaigns. */
  campaignIds: ReadonlySet<string>;
  /** Budget modes of live campaigns, by id (ad groups under a daily campaign must be daily). */
  campaignBudgetModes: ReadonlyMap<string, string>;
  campaignNames: ReadonlySet<string>;
  adGroupIds: ReadonlySet<string>;
  /** Ids the file names that TikTok has as deleted. */
  deletedIds: ReadonlySet<string>;
}

export interface CheckedFile {
  fileErrors: CellError[];
  rows: CreateRow[];
  specs: CreateSpec[];
}

/** A row to check, with its place: its row in the file, or in a duplication. */
export interface SheetRow {
  row: number;
  cells: Cells;
}

export function checkSpreadsheet(
  sheet: readonly SheetRow[],
  context: RowContext,
  existing: ExistingEntities,
): CheckedFile {
  const rows: CreateRow[] = [];
  const specs: CreateSpec[] = [];
  const refs = new Map<string, { type: string; row: number; budgetMode: string }>();
  const names = new Set<string>();
  for (const { row, cells: rowCells } of sheet) {
    const { spec, errors, type } = checkRow(row, rowCells, context);
    const fail = (column: CreateColumn | null, message: string) =>
      errors.push({ row, column, message });
    const ref = (rowCells.ref ?? '').trim();
    if (ref) {
      const earlier = refs.get(ref);
      if (earlier) fail('ref', `The ref "${ref}" is already used on row ${earlier.row}.`);
      else if (type) {
        refs.set(ref, { type, row, budgetMode: (rowCells.budget_mode ?? '').trim().toUpperCase() });
      }
    }
    const parent = (rowCells.parent ?? '').trim();
    const wanted = type === 'adgroup' ? 'campaign' : type === 'ad' ? 'adgroup' : null;
    if (wanted && parent) {
      const inFile = refs.get(parent);
      const isId = /^\d{15,20}$/.test(parent);
      if (isId) {
        if (existing.deletedIds.has(parent))
          fail('parent', `The ${label(wanted)} ${parent} is deleted.`);
        else if (
          !(wanted === 'campaign' ? existing.campaignIds : existing.adGroupIds).has(parent)
        ) {
          fail('parent', `There is no ${label(wanted)} ${parent} in this ad account.`);
        }
      } else if (!inFile) {
        fail(
          'parent',
          `No row above has the ref "${parent}" (parents come before their children).`,
        );
      } else if (inFile.type !== wanted) {
        fail(
          'parent',
          `"${parent}" (row ${inFile.row}) is a ${label(inFile.type)}, not a ${label(wanted)}.`,
        );
      }
    }
    const name = (rowCells.name ?? '').trim();
    if (type === 'campaign' && name) {
      if (existing.campaignNames.has(name)) fail('name', 'A live campaign already has this name.');
      else if (names.has(name))
        fail('name', 'Another row of this file creates a campaign with this name.');
      names.add(name);
    }
    rows.push({
      row,
      type: type ?? 'campaign',
      ref: ref || null,
      name,
      parent: parent || null,
      status:
        spec?.status ??
        ((rowCells.status ?? '').trim().toUpperCase() === 'ENABLE' ? 'ENABLE' : 'DISABLE'),
      summary: spec ? summaryOf(spec, context.currency, context.timezone) : '',
      verdict: errors.length === 0 ? 'ok' : 'blocked',
      errors,
    });
    if (spec && errors.length === 0) specs.push(spec);
  }
  return { fileErrors: [], rows, specs };
}

function label(type: string): string {
  return type === 'adgroup' ? 'ad group' : type;
}

/** What a row sends, in words: money in the account's currency, times in its time zone. */
export function summaryOf(spec: CreateSpec, currency: string, timezone: string): string {
  if (spec.type === 'campaign') {
    const { objective_type, budget_mode, budget } = spec.fields;
    const money =
      budget === undefined
        ? 'no budget limit'
        : `${formatMoney(budget, currency)} ${budget_mode === 'BUDGET_MODE_TOTAL' ? 'lifetime' : 'daily'}`;
    return `${objective_type}, ${money}`;
  }
  if (spec.type === 'adgroup') {
    const f = spec.fields;
    const time = (utc: unknown) => formatTikTokTime(String(utc), timezone);
    const when = `from ${time(f.schedule_start_time)}${f.schedule_end_time ? ` to ${time(f.schedule_end_time)}` : ''}`;
    return `${formatMoney(f.budget, currency)} ${f.budget_mode === 'BUDGET_MODE_TOTAL' ? 'lifetime' : 'daily'}, ${String(f.billing_event)} / ${String(f.optimization_goal)}, ${when}`;
  }
  const tracking =
    spec.trackingAdded.length > 0
      ? ` (tracking parameters added: ${spec.trackingAdded.join(', ')})`
      : '';
  return `${String(spec.creative.ad_format)}: "${String(spec.creative.ad_text)}" → ${String(spec.creative.landing_page_url)}${tracking}`;
}
