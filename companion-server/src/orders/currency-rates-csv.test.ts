import { describe, expect, it } from 'vitest';
import { readCurrencyRatesCsv } from './currency-rates-csv';

describe('readCurrencyRatesCsv', () => {
  it('reads the rates, keeping each rate as its exact text', () => {
    const reading = readCurrencyRatesCsv(
      'date,from,to,rate\n2026-12-01,eur,USD,1.0842\n2026-12-01,GBP,USD,1.265000000000000001\n',
    );
    expect(reading).toEqual({
      ok: true,
      rates: [
        { day: '2026-12-01', from: 'EUR', to: 'USD', rate: '1.0842' },
        { day: '2026-12-01', from: 'GBP', to: 'USD', rate: '1.265000000000000001' },
      ],
    });
  });

  it('reports every problem at its line and column', () => {
    const reading = readCurrencyRatesCsv(
      [
        'date,from,to,rate',
        '2026-02-30,EUR,USD,1.08',
        '2026-12-01,EUR,EUR,1',
        '2026-12-01,EUR,USD,0',
        '2026-12-01,EUR,USD,"1,08"',
        '2026-12-01,JPY,USD,0.0066',
        '2026-12-01,JPY,USD,0.0067',
        '12/01/2026,CHF,USD,-1',
      ].join('\n'),
    );
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'date'],
      [3, 'to'],
      [4, 'rate'],
      [5, 'rate'],
      [7, 'rate'],
      [8, 'date'],
      [8, 'rate'],
    ]);
    expect(reading.problems[4]?.message).toBe(
      'The rate for JPY to USD on 2026-12-01 is already on line 6; keep one.',
    );
  });

  it('needs all four columns', () => {
    const reading = readCurrencyRatesCsv('date,from,rate\n2026-12-01,EUR,1.1');
    expect(reading).toEqual({
      ok: false,
      problems: [
        { line: 1, column: 'to', message: 'This column is required; add it to the header.' },
      ],
    });
  });
});
