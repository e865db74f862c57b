import { describe, expect, it } from 'vitest';
import { cellErrorText, entityCountsLine, jobCountsLine } from './create-summary';

describe('bulk create in words', () => {
  it.each([
    [{ campaigns: 1, adgroups: 2, ads: 3 }, '1 campaign · 2 ad groups · 3 ads'],
    [{ campaigns: 2, adgroups: 1, ads: 1 }, '2 campaigns · 1 ad group · 1 ad'],
    [{ campaigns: 0, adgroups: 4, ads: 0 }, '4 ad groups'],
    [{ campaigns: 0, adgroups: 0, ads: 0 }, 'Nothing to create'],
  ])('counts %o as "%s"', (counts, line) => {
    expect(entityCountsLine(counts)).toBe(line);
  });

  it.each([
    [{ row: 5, column: 'budget', message: 'Too low.' }, 'row 5, column budget: Too low.'],
    [{ row: 7, column: null, message: 'Too many cells.' }, 'row 7: Too many cells.'],
    [{ row: null, column: 'bid', message: 'Unknown column.' }, 'column bid: Unknown column.'],
    [{ row: null, column: null, message: 'The file is empty.' }, 'The file is empty.'],
  ])('places %o in the file', (error, text) => {
    expect(cellErrorText(error)).toBe(text);
  });

  it('names skipped rows only when there are some', () => {
    const counts = { total: 6, created: 3, failed: 1, skipped: 0, remaining: 2 };
    expect(jobCountsLine(counts)).toBe('3 created · 1 failed · 2 remaining');
    expect(jobCountsLine({ ...counts, skipped: 2, remaining: 0 })).toBe(
      '3 created · 1 failed · 2 skipped · 0 remaining',
    );
  });
});
