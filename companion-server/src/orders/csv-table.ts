import { readCsvRecords } from '../bulk-create/csv-records';
import type { CsvProblem } from '../contract/orders';

/**
 * An admin's CSV file (orders, currency rates) as rows of named cells, checked for what every
 * such file needs: a header of known columns, the required ones present, no column twice, a
 * size the server can take, and quotes that close. Problems come back at their line and
 * column, all of them (up to MAX_PROBLEMS), so that one round of corrections is enough.
 *
 * Lines are rows as a spreadsheet numbers them: the header is line 1, blank rows count, a
 * line break inside a quoted cell does not start a row.
 */

export type { CsvProblem };

export interface CsvRow {
  line: number;
  /** Every known column, '' when the row leaves it empty; values trimmed. */
  cells: ReadonlyMap<string, string>;
}

export type CsvTable = { ok: true; rows: CsvRow[] } | { ok: false; problems: CsvProblem[] };

export interface CsvTableShape {
  /** Every column the file may have, lower case. */
  columns: readonly string[];
  required: readonly string[];
  /** A column that must not be there and why (e.g. personal data), else null. */
  refuse?: (column: string) => string | null;
  maxRows: number;
  maxBytes: number;
}

/** Enough to correct a file in one go; past this, the rest is likely the same mistake. */
export const MAX_PROBLEMS = 1_000;

export function readCsvTable(text: string, shape: CsvTableShape): CsvTable {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > shape.maxBytes) {
    return fail({
      line: 1,
      column: null,
      message: `The file is ${mib(bytes)} MiB; at most ${mib(shape.maxBytes)} MiB can be imported at once. Split it into smaller files.`,
    });
  }
  const read = readCsvRecords(text);
  const [header, ...body] = read.records;
  if (!header || header.fields.every((field) => field.trim() === '')) {
    if (!read.ok) return fail(syntaxProblem(read.error.line, null, read.error.problem));
    return fail({
      line: 1,
      column: null,
      message: `The file is empty: its first line must name the columns (${shape.columns.join(', ')}).`,
    });
  }
  const names = header.fields.map((field) => field.trim().toLowerCase());
  const problems = headerProblems(names, shape);
  if (!read.ok) {
    problems.push(
      syntaxProblem(read.error.line, names[read.error.field] ?? null, read.error.problem),
    );
  }
  if (problems.length > 0) return { ok: false, problems };

  const rows: CsvRow[] = [];
  for (const record of body) {
    if (record.fields.every((field) => field.trim() === '')) continue;
    if (record.fields.length > names.length) {
      problems.push({
        line: record.row,
        column: null,
        message: `This row has ${record.fields.length} cells but the header names ${names.length} columns. Remove the extra cells, or quote a cell that contains a comma.`,
      });
      continue;
    }
    const cells = new Map(shape.columns.map((column) => [column, '']));
    names.forEach((name, index) => {
      cells.set(name, (record.fields[index] ?? '').trim());
    });
    rows.push({ line: record.row, cells });
  }
  if (rows.length === 0 && problems.length === 0) {
    return fail({ line: 2, column: null, message: 'The file has a header but no rows to import.' });
  }
  if (rows.length > shape.maxRows) {
    return fail({
      line: rows[shape.maxRows]?.line ?? 1,
      column: null,
      message: `The file has ${rows.length} rows; at most ${shape.maxRows} can be imported at once. Split it into smaller files.`,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

function headerProblems(names: readonly string[], shape: CsvTableShape): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') {
      problems.push({
        line: 1,
        column: null,
        message: 'A column has no name. Name it or remove it.',
      });
      continue;
    }
    if (seen.has(name)) {
      problems.push({ line: 1, column: name, message: 'This column appears twice; keep one.' });
      continue;
    }
    seen.add(name);
    if (shape.columns.includes(name)) continue;
    const refusal = shape.refuse?.(name) ?? null;
    problems.push({
      line: 1,
      column: name,
      message:
        refusal ??
        `This column is not one Bayme reads, so it would be lost; remove it. The columns are: ${shape.columns.join(', ')}.`,
    });
  }
  for (const column of shape.required) {
    if (!seen.has(column)) {
      problems.push({ line: 1, column, message: 'This column is required; add it to the header.' });
    }
  }
  return problems;
}

function syntaxProblem(line: number, column: string | null, problem: string): CsvProblem {
  return { line, column, message: problem };
}

function fail(problem: CsvProblem): CsvTable {
  return { ok: false, problems: [problem] };
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
