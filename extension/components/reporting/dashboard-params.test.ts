import { describe, expect, it } from 'vitest';
import { dashboardSearch, parseDashboardParams } from './dashboard-params';

describe('the dashboard’s address', () => {
  it('reads the accounts and the range', () => {
    expect(
      parseDashboardParams(
        '?advertiserIds=7252569388304511798,7300000000000000002&start=2026-11-14&end=2026-11-20',
      ),
    ).toEqual({
      advertiserIds: ['7252569388304511798', '7300000000000000002'],
      range: { start: '2026-11-14', end: '2026-11-20' },
    });
  });

  it.each([
    ['', { advertiserIds: null, range: null }],
    ['?advertiserIds=&start=2026-11-14', { advertiserIds: null, range: null }],
    ['?advertiserIds=abc,12,12', { advertiserIds: ['12'], range: null }],
    ['?start=2026-11-20&end=2026-11-14', { advertiserIds: null, range: null }],
    ['?start=2026-02-30&end=2026-03-02', { advertiserIds: null, range: null }],
  ])('falls back to the defaults for what is missing or wrong: %s', (search, expected) => {
    expect(parseDashboardParams(search)).toEqual(expected);
  });

  it('writes what it reads', () => {
    const search = dashboardSearch(['1', '2'], { start: '2026-11-14', end: '2026-11-20' });
    expect(search).toBe('?advertiserIds=1,2&start=2026-11-14&end=2026-11-20');
    expect(parseDashboardParams(search)).toEqual({
      advertiserIds: ['1', '2'],
      range: { start: '2026-11-14', end: '2026-11-20' },
    });
  });
});
