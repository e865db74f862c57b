import {
  type CellError,
  CREATE_COLUMNS,
  type CreateColumn,
  type CreateRow,
  MAX_CREATE_ROWS,
} from '../contract/bulk-create';
import { parseCsv } from '../lib/csv';
import { formatAmount } from '../lib/currency';
import { type Cells, type CreateSpec, checkRow, type RowContext } from './create-rows';

/**
 * A whole spreadsheet checked: its encoding and columns, every row (create-rows.ts), refs
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

/** The file's rows as cells, or the file-level errors that stop it being read. */
export function readSpreadsheet(text: string): { cells: Cells[]; errors: CellError[] } {
  const errors: CellError[] = [];
  if (text.includes('\ufffd') || text.includes('\u0000')) {
    return {
      cells: [],
      errors: [
        {
          row: null,
          column: null,
          message: 'The file is not UTF-8 text: save it as "CSV UTF-8" and try again.',
        },
      ],
    };
  }
  const table = parseCsv(text).filter((fields) => fields.some((field) => field.trim() !== ''));
  const [header, ...rows] = table;
  if (!header) {
    return { cells: [], errors: [{ row: null, column: null, message: 'The file is empty.' }] };
  }
  const columns = header.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !CREATE_COLUMNS.includes(name as CreateColumn));
  for (const name of unknown) {
    errors.push({
      row: 1,
      column: name,
      message: `Unknown column "${name}". The template's columns are: ${CREATE_COLUMNS.join(', ')}.`,
    });
  }
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name))
      errors.push({ row: 1, column: name, message: `Column "${name}" appears twice.` });
    seen.add(name);
  }
  for (const required of ['type', 'name'] as const) {
    if (!columns.includes(required)) {
      errors.push({ row: 1, column: required, message: `The column "${required}" is missing.` });
    }
  }
  if (rows.length === 0)
    errors.push({ row: null, column: null, message: 'The file has no rows below its header.' });
  if (rows.length > MAX_CREATE_ROWS) {
    errors.push({
      row: null,
      column: null,
      message: `The file has ${rows.length} rows; at most ${MAX_CREATE_ROWS} per upload.`,
    });
  }
  if (errors.length > 0) return { cells: [], errors };
  return {
    errors,
    cells: rows.map((fields, index) => {
      if (fields.length > columns.length) {
        errors.push({
          row: index + 2,
          column: null,
          message: `This row has ${fields.length} fields but the header has ${columns.length} columns (a comma not in quotes?).`,
        });
      }
      return Object.fromEntries(columns.map((name, i) => [name, fields[i] ?? ''])) as Cells;
    }),
  };
}

export function checkSpreadsheet(
  cells: Cells[],
  context: RowContext,
  existing: ExistingEntities,
  firstRow = 2,
): CheckedFile {
  const rows: CreateRow[] = [];
  const specs: CreateSpec[] = [];
  const refs = new Map<string, { type: string; row: number; budgetMode: string }>();
  const names = new Set<string>();
  cells.forEach((rowCells, index) => {
    const row = firstRow + index;
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
      summary: spec ? summaryOf(spec, context.currency) : '',
      verdict: errors.length === 0 ? 'ok' : 'blocked',
      errors,
    });
    if (spec && errors.length === 0) specs.push(spec);
  });
  return { fileErrors: [], rows, specs };
}

function label(type: string): string {
  return type === 'adgroup' ? 'ad group' : type;
}

export function summaryOf(spec: CreateSpec, currency: string): string {
  if (spec.type === 'campaign') {
    const { objective_type, budget_mode, budget } = spec.fields;
    const money =
      budget === undefined
        ? 'no budget limit'
        : `${formatAmount(budget, currency)} ${budget_mode === 'BUDGET_MODE_TOTAL' ? 'lifetime' : 'daily'}`;
    return `${objective_type}, ${money}`;
  }
  if (spec.type === 'adgroup') {
    const f = spec.fields;
    const when = `from ${String(f.schedule_start_time)} UTC${f.schedule_end_time ? ` to ${String(f.schedule_end_time)} UTC` : ''}`;
    return `${formatAmount(f.budget, currency)} ${f.budget_mode === 'BUDGET_MODE_TOTAL' ? 'lifetime' : 'daily'}, ${String(f.billing_event)} / ${String(f.optimization_goal)}, ${when}`;
  }
  return `${String(spec.creative.ad_format)}: "${String(spec.creative.ad_text)}" → ${String(spec.creative.landing_page_url)}`;
}
