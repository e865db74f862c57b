import { describe, expect, it } from 'vitest';
import { rangeOfRequest } from './page-range';

describe('rangeOfRequest', () => {
  it.each([
    [
      '/api/v2/i18n/statistics/campaign/list/?aadvid=1&st=2026-11-01&et=2026-11-07',
      null,
      '2026-11-01',
    ],
    [
      'https://ads.tiktok.com/api/v3/i18n/perf/list?start_date=2026-11-01&end_date=2026-11-07',
      null,
      '2026-11-01',
    ],
    [
      '/api/v2/i18n/x',
      '{"startDate":"2026-11-01 00:00:00","endDate":"2026-11-07 23:59:59"}',
      '2026-11-01',
    ],
  ])('reads the range of %s', (url, body, start) => {
    expect(rangeOfRequest(url, body)?.start).toBe(start);
    expect(rangeOfRequest(url, body)?.end).toBe('2026-11-07');
  });

  it('ignores requests without a whole, ordered pair of days', () => {
    expect(rangeOfRequest('/list?st=2026-11-07&et=2026-11-01', null)).toBeNull();
    expect(rangeOfRequest('/list?st=2026-11-07', null)).toBeNull();
    expect(rangeOfRequest('/list?st=1700000000&et=1700086400', null)).toBeNull();
    expect(rangeOfRequest('/list', 'not json')).toBeNull();
    expect(rangeOfRequest('/list', '{"st":"2026-11-01x","et":"2026-11-02"}')).toBeNull();
  });
});
