import {
  type CellError,
  CREATE_COLUMNS,
  type CreateColumn,
  MAX_CREATE_ROWS,
  MAX_CSV_BYTES,
} from '../contract/bulk-create';
import type { SheetRow } from './create-planner';
import type { Cells } from './create-rows';
import { readCsvRecords } from './csv-records';

/**
 * An uploaded spreadsheet as rows of cells by column, or the file-level errors that stop it
 * being read: too large, not UTF-8, a broken quote (alone: past it nothing is read right),
 * unknown, doubled or missing columns, no rows or too many, a row wider than the header.
 * Blank rows are skipped but keep their place, so row numbers are the spreadsheet's.
 */
export function readSpreadsheet(text: string): { rows: SheetRow[]; errors: CellError[] } {
  // The extension refuses larger files before sending; this holds for any other client.
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_CSV_BYTES) {
    return fileError(
      `The file is ${kib(size)} KiB; the limit is ${kib(MAX_CSV_BYTES)} KiB. Split it into smaller files and check each.`,
    );
  }
  if (text.includes('\ufffd') || text.includes('\u0000')) {
    return fileError('The file is not UTF-8 text: save it as "CSV UTF-8" and try again.');
  }
  const read = readCsvRecords(text);
  const filled = read.records.filter((record) =>
    record.fields.some((field) => field.trim() !== ''),
  );
  const [header, ...records] = filled;
  if (!read.ok) {
    const { line, column, field, problem } = read.error;
    const name = header?.fields[field]?.trim().toLowerCase();
    return fileError(`Line ${line}, column ${column}${name ? ` ("${name}")` : ''}: ${problem}`);
  }
  if (!header) return fileError('The file is empty.');
  const errors: CellError[] = [];
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !CREATE_COLUMNS.includes(name as CreateColumn));
  for (const name of unknown) {
    errors.push({
      row: header.row,
      column: name,
      message: `Unknown column "${name}". The template's columns are: ${CREATE_COLUMNS.join(', ')}.`,
    });
  }
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name))
      errors.push({ row: header.row, column: name, message: `Column "${name}" appears twice.` });
    seen.add(name);
  }
  for (const required of ['type', 'name'] as const) {
    if (!columns.includes(required)) {
      errors.push({
        row: header.row,
        column: required,
        message: `The column "${required}" is missing.`,
      });
    }
  }
  if (records.length === 0)
    errors.push({ row: null, column: null, message: 'The file has no rows below its header.' });
  if (records.length > MAX_CREATE_ROWS) {
    errors.push({
      row: null,
      column: null,
      message: `The file has ${records.length} rows; at most ${MAX_CREATE_ROWS} per upload.`,
    });
  }
  if (errors.length > 0) return { rows: [], errors };
  return {
    errors,
    rows: records.map(({ row, fields }) => {
      if (fields.length > columns.length) {
        errors.push({
          row,
          column: null,
          message: `This row has ${fields.length} fields but the header has ${columns.length} columns (a comma not in quotes?).`,
        });
      }
      return {
        row,
        cells: Object.fromEntries(columns.map((name, i) => [name, fields[i] ?? ''])) as Cells,
      };
    }),
  };
}

function fileError(message: string): { rows: SheetRow[]; errors: CellError[] } {
  return { rows: [], errors: [{ row: null, column: null, message }] };
}

function kib(bytes: number): string {
  return Math.ceil(bytes / 1024).toLocaleString('en-US');
}
