import { describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-records';

describe('readCsvRecords', () => {
  it('numbers records as spreadsheet rows: blank lines count, quoted line breaks do not', () => {
    expect(readCsvRecords('a,b\n\n"x\ny",2\n3\n')).toEqual({
      ok: true,
      records: [
        { row: 1, fields: ['a', 'b'] },
        { row: 2, fields: [''] },
        { row: 3, fields: ['x\ny', '2'] },
        { row: 4, fields: ['3'] },
      ],
    });
  });

  it('stops at a broken quote with the records above it and the field it is in', () => {
    const read = readCsvRecords('a,b,c\r\n1,2,3\r\n4,"5,6\r\n7,8,9\r\n');
    expect(read.ok).toBe(false);
    expect(read.records).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['1', '2', '3'] },
    ]);
    expect(read.ok ? null : { ...read.error, problem: undefined }).toEqual({
      line: 3,
      column: 3,
      field: 1,
      problem: undefined,
    });
  });

  it('places a broken first field of a record after blank lines', () => {
    const read = readCsvRecords('a\n\n\n"x\n');
    expect(read.ok ? null : [read.error.line, read.error.column, read.error.field]).toEqual([
      4, 1, 0,
    ]);
  });
});
