import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv-writer';

describe('CSV fields', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('Spring, "launch"')).toBe('"Spring, ""launch"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-5% promo')).toBe("'-5% promo");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(csvLine(['1', 'a\nb', 2.5])).toBe('1,"a\nb",2.5\r\n');
  });
});
