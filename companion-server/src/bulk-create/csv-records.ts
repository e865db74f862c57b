import { CsvError, parse } from 'csv-parse/sync';

/**
 * CSV text as records, read by csv-parse (RFC 4180 quoting; LF, CRLF or CR line ends, mixed
 * too; a leading byte-order mark dropped). Each record carries its row as a spreadsheet
 * numbers it: blank rows count, a line break inside quotes does not start a row. A quote that
 * breaks the file stops the reading and is reported at its line and column, because past it
 * every row would be read wrongly (an unclosed quote takes the rest of the file into one field).
 */

export interface CsvRecord {
  row: number;
  fields: string[];
}

export interface CsvSyntaxError {
  /** Where the quote is in the text, counted from 1 as text editors do. */
  line: number;
  column: number;
  /** The field it breaks, counted from 0 in its record (the header names it). */
  field: number;
  /** What is wrong and what to do, as sentences that follow the place. */
  problem: string;
}

export type CsvRecords =
  | { ok: true; records: CsvRecord[] }
  /** `records` are the complete ones above the broken quote. */
  | { ok: false; records: CsvRecord[]; error: CsvSyntaxError };

const QUOTE = 0x22;

export function readCsvRecords(text: string): CsvRecords {
  // Bytes, because csv-parse reports its place in bytes.
  const bytes = Buffer.from(text, 'utf8');
  const records: CsvRecord[] = [];
  try {
    parse(bytes, {
      bom: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      // Collected as they are read (and left out of parse's own result) so that the rows
      // above a broken quote are still known when it throws.
      on_record: (fields: string[]) => {
        records.push({ row: records.length + 1, fields });
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, records, error: locate(error, bytes) };
    throw error;
  }
  return { ok: true, records };
}

function locate(error: CsvError, bytes: Buffer): CsvSyntaxError {
  const field = typeof error.column === 'number' ? error.column : 0;
  // csv-parse's `bytes` is where it last ended something: the comma before this field, or
  // (for a record's first field) the start of the record.
  const ended = typeof error.bytes === 'number' ? error.bytes : 0;
  const fieldStart = field > 0 ? ended + 1 : ended;
  // The field's first quote: its opening one, or (unquoted field) the stray one.
  const at = bytes.indexOf(QUOTE, fieldStart);
  // What csv-parse says, for a failure that is not about a quote (none is with these options).
  const asParserSays = (offset: number): CsvSyntaxError => ({
    ...position(bytes, offset),
    field,
    problem: `${error.message}.`,
  });
  if (at === -1) return asParserSays(fieldStart);
  const place = position(bytes, at);
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        ...place,
        field,
        problem:
          'This quote opens a field that is never closed, so the rest of the file would be read as one field. Add the closing quote where the field ends, or remove this one.',
      };
    case 'INVALID_OPENING_QUOTE':
      return {
        ...place,
        field,
        problem:
          'This quote is in the middle of a field that does not start with one. Remove it, or put the whole field in quotes and double this quote ("").',
      };
    case 'CSV_INVALID_CLOSING_QUOTE': {
      // Doubled quotes are text inside a quoted field; the first single one closes it.
      let closing = bytes.indexOf(QUOTE, at + 1);
      while (closing !== -1 && bytes[closing + 1] === QUOTE)
        closing = bytes.indexOf(QUOTE, closing + 2);
      if (closing === -1) return asParserSays(at);
      const next = [...bytes.subarray(closing + 1, closing + 5).toString('utf8')][0] ?? '';
      return {
        ...position(bytes, closing),
        field,
        problem: `This quote ends the quoted field that starts at line ${place.line}, column ${place.column}, but ${JSON.stringify(next)} follows it instead of a comma or the end of the line. If the quote is part of the text, double it (""); if the field should end earlier, close it there.`,
      };
    }
    default:
      return asParserSays(fieldStart);
  }
}

function position(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes
    .subarray(0, offset)
    .toString('utf8')
    .replace(/^\ufeff/, '');
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: [...(lines.at(-1) ?? '')].length + 1 };
}
