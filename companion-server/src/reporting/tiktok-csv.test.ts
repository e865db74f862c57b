import { describe, expect, it } from 'vitest';
import { parseCsv } from './tiktok-csv';

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes and line breaks, with LF or CRLF', () => {
    expect(parseCsv('a,b\n1,"x, ""y"""\r\n2,"two\nlines"\n')).toEqual([
      ['a', 'b'],
      ['1', 'x, "y"'],
      ['2', 'two\nlines'],
    ]);
  });

  it('keeps empty fields and a last line without a line break', () => {
    expect(parseCsv('\ufeffa,,c\n,,')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });
});
