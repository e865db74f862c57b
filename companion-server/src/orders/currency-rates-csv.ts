import { type CsvProblem, MAX_PROBLEMS, readCsvTable } from './csv-table';
import { isRate } from './money';
import type { CurrencyRate } from './order-store';

/**
 * The admin's exchange rates, one per day and currency pair:
 *
 * | column | what |
 * |---|---|
 * | date | the day, `2026-12-01` (the ad account's day its revenue is counted on) |
 * | from | the orders' currency, `EUR` |
 * | to | the ad account's currency, `USD` |
 * | rate | units of `to` for one unit of `from`, a decimal with a point: `1.0842` |
 *
 * All four are required. Every row is checked, problems come back at their line and column,
 * and one problem imports nothing. A rate given again for the same day and pair replaces the
 * stored one.
 */

export const RATE_COLUMNS = ['date', 'from', 'to', 'rate'] as const;
export const MAX_RATE_ROWS = 100_000;
export const MAX_RATES_CSV_BYTES = 8 * 1024 * 1024;

export type RatesCsvReading =
  | { ok: true; rates: CurrencyRate[] }
  | { ok: false; problems: CsvProblem[] };

export function readCurrencyRatesCsv(text: string): RatesCsvReading {
  const table = readCsvTable(text, {
    columns: RATE_COLUMNS,
    required: RATE_COLUMNS,
    maxRows: MAX_RATE_ROWS,
    maxBytes: MAX_RATES_CSV_BYTES,
  });
  if (!table.ok) return table;

  const problems: CsvProblem[] = [];
  const rates: CurrencyRate[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of table.rows) {
    if (problems.length >= MAX_PROBLEMS) break;
    const cell = (column: (typeof RATE_COLUMNS)[number]) => row.cells.get(column) ?? '';
    const before = problems.length;
    const problem = (column: string, message: string) =>
      problems.push({ line: row.line, column, message });

    const day = cell('date');
    if (!isCalendarDay(day)) problem('date', 'Give the day as YYYY-MM-DD, e.g. 2026-12-01.');
    const from = cell('from').toUpperCase();
    const to = cell('to').toUpperCase();
    if (!CURRENCY.test(from)) problem('from', 'Give a three-letter currency code such as EUR.');
    if (!CURRENCY.test(to)) problem('to', 'Give a three-letter currency code such as USD.');
    if (CURRENCY.test(from) && from === to) {
      problem('to', 'A currency converts to itself at 1; give rates between two currencies.');
    }
    const rate = cell('rate');
    if (!isRate(rate)) {
      problem(
        'rate',
        'Give a rate greater than 0 as a decimal with a point, e.g. 1.0842 (at most 18 decimals, no thousands separators).',
      );
    }
    if (problems.length > before) continue;
    const key = `${day} ${from} ${to}`;
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      problem(
        'rate',
        `The rate for ${from} to ${to} on ${day} is already on line ${first}; keep one.`,
      );
      continue;
    }
    firstLineOf.set(key, row.line);
    rates.push({ day, from, to, rate });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rates };
}

const CURRENCY = /^[A-Z]{3}$/;

function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
