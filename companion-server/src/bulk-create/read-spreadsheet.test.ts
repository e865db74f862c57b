import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES } from '../contract/bulk-create';
import { readSpreadsheet } from './read-spreadsheet';

const HEADER = 'type,ref,parent,name,budget';

function messages(text: string): string[] {
  return readSpreadsheet(text).errors.map((e) => `${e.row}:${e.column}:${e.message}`);
}

function rowsOf(text: string) {
  const { rows, errors } = readSpreadsheet(text);
  expect(errors).toEqual([]);
  return rows.map(({ row, cells }) => ({ row, type: cells.type, name: cells.name }));
}

describe('a broken quote is reported alone, at its line and column', () => {
  it('an unclosed quote, instead of swallowing the rest of the file', () => {
    const text = [
      HEADER,
      'campaign,c1,,"Winter sale,100',
      'campaign,c2,,Summer sale,100',
      'campaign,c3,,Spring sale,100',
    ].join('\n');
    expect(messages(text)).toEqual([
      'null:null:Line 2, column 14 ("name"): This quote opens a field that is never closed, so the rest of the file would be read as one field. Add the closing quote where the field ends, or remove this one.',
    ]);
  });

  it('an unclosed quote noticed at a later quoted field names both places', () => {
    const text = [HEADER, 'campaign,c1,,"Winter sale,100', 'campaign,c2,,"Summer, sale",100'].join(
      '\r\n',
    );
    expect(messages(text)).toEqual([
      'null:null:Line 3, column 14 ("name"): This quote ends the quoted field that starts at line 2, column 14, but "S" follows it instead of a comma or the end of the line. If the quote is part of the text, double it (""); if the field should end earlier, close it there.',
    ]);
  });

  it('a stray quote in the middle of an unquoted field, counted in characters', () => {
    expect(messages(`${HEADER}\ncampaign,c1,,Café "Lumière",100\n`)).toEqual([
      'null:null:Line 2, column 19 ("name"): This quote is in the middle of a field that does not start with one. Remove it, or put the whole field in quotes and double this quote ("").',
    ]);
  });

  it('a stray quote after a closing one', () => {
    expect(messages(`${HEADER}\ncampaign,c1,,"Winter" sale,100\n`)).toEqual([
      'null:null:Line 2, column 21 ("name"): This quote ends the quoted field that starts at line 2, column 14, but " " follows it instead of a comma or the end of the line. If the quote is part of the text, double it (""); if the field should end earlier, close it there.',
    ]);
  });

  it('counts lines across quoted CRLF line breaks, blank lines and a byte-order mark', () => {
    const text = [
      `\ufeff${HEADER}`,
      'campaign,c1,,"Two',
      'lines",100',
      '',
      'campaign,c2,,"Three ""quoted"", in',
      'all",100',
      'campaign,c3,,Stray" here,100',
    ].join('\r\n');
    expect(messages(text)).toEqual([
      expect.stringMatching(/^null:null:Line 7, column 19 \("name"\): This quote is in the middle/),
    ]);
  });

  it('in the header, at column 1 after a byte-order mark, without a column name', () => {
    expect(messages('\ufeff"type,ref,parent,name\ncampaign,c1,,Winter sale\n')).toEqual([
      expect.stringMatching(/^null:null:Line 1, column 1: This quote opens a field that is never/),
    ]);
  });
});

describe('reading a valid file', () => {
  it('drops a byte-order mark from the first column name', () => {
    expect(rowsOf(`\ufeff${HEADER}\ncampaign,c1,,Winter sale,100\n`)).toEqual([
      { row: 2, type: 'campaign', name: 'Winter sale' },
    ]);
  });

  it('reads CRLF, LF and CR line ends alike, and a last line without one', () => {
    const text = `${HEADER}\r\ncampaign,c1,,Winter sale,100\r\ncampaign,c2,,Summer sale,100\ncampaign,c3,,Spring sale,100\rcampaign,c4,,Fall sale,100`;
    const { rows } = readSpreadsheet(text);
    expect(rows.map(({ row, cells }) => [row, cells.ref, cells.budget])).toEqual([
      [2, 'c1', '100'],
      [3, 'c2', '100'],
      [4, 'c3', '100'],
      [5, 'c4', '100'],
    ]);
  });

  it('skips blank lines and rows of empty cells, keeping the spreadsheet row numbers', () => {
    const text = [
      HEADER,
      '',
      'campaign,c1,,Winter sale,100',
      ',,,,',
      ' , ,,,',
      'campaign,c2,,Summer sale,100',
      '',
      '',
    ].join('\n');
    expect(rowsOf(text)).toEqual([
      { row: 3, type: 'campaign', name: 'Winter sale' },
      { row: 6, type: 'campaign', name: 'Summer sale' },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quotes in one cell of one row', () => {
    const text = [
      HEADER,
      'campaign,c1,,"Winter, ""best"" sale',
      'second line",100',
      'campaign,c2,,Summer sale,100',
    ].join('\r\n');
    const { rows } = readSpreadsheet(text);
    expect(rows.map(({ row, cells }) => [row, cells.name, cells.budget])).toEqual([
      [2, 'Winter, "best" sale\r\nsecond line', '100'],
      [3, 'Summer sale', '100'],
    ]);
  });

  it('still reports a row wider than the header at its spreadsheet row', () => {
    expect(messages(`${HEADER}\n\ncampaign,c1,,Winter, sale,100\n`)).toEqual([
      '3:null:This row has 6 fields but the header has 5 columns (a comma not in quotes?).',
    ]);
  });
});

describe('file checks', () => {
  it('refuses a file over the size limit in bytes, before reading it', () => {
    // Two bytes a character: under the limit in characters, over it in bytes.
    const text = `${HEADER}\ncampaign,c1,,"${'é'.repeat(MAX_CSV_BYTES / 2)}`;
    expect(text.length).toBeLessThan(MAX_CSV_BYTES);
    expect(messages(text)).toEqual([
      'null:null:The file is 513 KiB; the limit is 512 KiB. Split it into smaller files and check each.',
    ]);
  });

  it('takes a file of exactly the limit', () => {
    const head = `${HEADER}\ncampaign,c1,,`;
    const text = `${head}${'x'.repeat(MAX_CSV_BYTES - head.length)}`;
    expect(rowsOf(text)).toHaveLength(1);
  });

  it('refuses text that is not UTF-8, and an empty file', () => {
    expect(messages(`${HEADER}\ncampaign,c1,,Caf\ufffd,100`)).toEqual([
      'null:null:The file is not UTF-8 text: save it as "CSV UTF-8" and try again.',
    ]);
    expect(messages('')).toEqual(['null:null:The file is empty.']);
    expect(messages('\r\n,,\r\n')).toEqual(['null:null:The file is empty.']);
  });

  it('keeps the template checks on the header', () => {
    expect(messages('type,ref,colour\ncampaign,c1,red\n')).toEqual([
      expect.stringMatching(/^1:colour:Unknown column "colour"/),
      '1:name:The column "name" is missing.',
    ]);
  });
});
