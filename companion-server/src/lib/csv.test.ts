import { describe, expect, it } from 'vitest';
import { CsvReader } from './csv';

function readWhole(text: string): string[][] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()];
}

describe('CsvReader', () => {
  it('reads quoted commas, doubled quotes and line breaks, with LF or CRLF', () => {
    expect(readWhole('a,b\n1,"x, ""y"""\r\n2,"two\nlines"\n')).toEqual([
      ['a', 'b'],
      ['1', 'x, "y"'],
      ['2', 'two\nlines'],
    ]);
  });

  it('keeps empty fields and a last line without a line break', () => {
    expect(readWhole('\ufeffa,,c\n,,')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });

  it('reads the same rows whatever the chunks are cut at', () => {
    const text = '\ufeffa,b\r\n1,"x, ""y"""\r\n2,"two\nlines"\n3,last';
    const whole = readWhole(text);
    for (let size = 1; size <= 7; size += 1) {
      const reader = new CsvReader();
      const rows: string[][] = [];
      for (let i = 0; i < text.length; i += size)
        rows.push(...reader.push(text.slice(i, i + size)));
      rows.push(...reader.end());
      expect(rows, `chunks of ${size}`).toEqual(whole);
    }
    expect(whole).toEqual([
      ['a', 'b'],
      ['1', 'x, "y"'],
      ['2', 'two\nlines'],
      ['3', 'last'],
    ]);
  });
});
