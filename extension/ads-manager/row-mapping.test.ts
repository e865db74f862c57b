import { describe, expect, it } from 'vitest';
import type { ScanAnswer } from './bridge-protocol';
import { mapRows } from './row-mapping';

const rect = { top: 0, bottom: 48, left: 0, right: 200 };
const scan = (rows: ScanAnswer['rows'], listRows: ScanAnswer['listRows'] = []): ScanAnswer => ({
  table: true,
  viewport: rect,
  rows,
  listRows,
});

describe('mapRows', () => {
  it('uses the id the page record holds', () => {
    const result = mapRows(
      scan([{ ...rect, id: '1700000000000000001', name: 'A', checked: false }]),
      [],
    );
    expect(result).toMatchObject({ source: 'props', rows: [{ id: '1700000000000000001' }] });
  });

  it('falls back to a unique name from the API, then from the page’s own list responses', () => {
    const result = mapRows(
      scan(
        [
          { ...rect, id: null, name: 'Summer', checked: null },
          { ...rect, id: null, name: 'Winter', checked: null },
        ],
        [{ id: '1700000000000000002', name: 'Winter' }],
      ),
      [{ id: '1700000000000000001', name: 'Summer' }],
    );
    expect(result.source).toBe('names');
    expect(result.rows.map((r) => r.id)).toEqual(['1700000000000000001', '1700000000000000002']);
  });

  it('leaves a row whose name two entities share unmapped', () => {
    const result = mapRows(scan([{ ...rect, id: null, name: 'Copy', checked: null }]), [
      { id: '1700000000000000001', name: 'Copy' },
      { id: '1700000000000000002', name: 'Copy' },
    ]);
    expect(result).toEqual({ rows: [], source: 'none' });
  });
});
