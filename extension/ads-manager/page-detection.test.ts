import { describe, expect, it } from 'vitest';
import { parseAdsManagerUrl } from './page-detection';

const A = '7252569388304511798';

describe('parseAdsManagerUrl', () => {
  it.each([
    [
      `https://ads.tiktok.com/i18n/manage/campaign?aadvid=${A}`,
      { level: 'campaign', advertiserId: A, range: null },
    ],
    [
      `https://ads.tiktok.com/i18n/manage/adgroup?aadvid=${A}&st=2026-11-01&et=2026-11-07`,
      { level: 'adgroup', advertiserId: A, range: { start: '2026-11-01', end: '2026-11-07' } },
    ],
    [
      `https://ads.tiktok.com/i18n/manage/creative?aadvid=${A}`,
      { level: 'ad', advertiserId: A, range: null },
    ],
    [
      `https://ads.tiktok.com/i18n/perf/campaign?aadvid=${A}&relative_time=7`,
      { level: 'campaign', advertiserId: A, range: null },
    ],
    [
      `https://ads.tiktok.com/i18n/perf/adgroup/?aadvid=${A}&is_refresh_page=true`,
      { level: 'adgroup', advertiserId: A, range: null },
    ],
    [
      `http://127.0.0.1:9797/i18n/manage/creative?aadvid=${A}&st=2026-11-01&et=2026-11-01`,
      { level: 'ad', advertiserId: A, range: { start: '2026-11-01', end: '2026-11-01' } },
    ],
  ])('%s', (url, expected) => {
    expect(parseAdsManagerUrl(url)).toEqual(expected);
  });

  it.each([
    [`https://ads.tiktok.com/i18n/dashboard?aadvid=${A}`],
    [`https://ads.tiktok.com/i18n/gmv-max/campaign?aadvid=${A}`],
    [`https://ads.tiktok.com/i18n/manage/campaign`],
    [`https://ads.tiktok.com/i18n/manage/campaign?aadvid=abc`],
    [`https://ads.tiktok.com/i18n/manage/keyword?aadvid=${A}`],
    [`https://ads.tiktok.com/i18n/perf?keyword=${A}`],
    ['not a url'],
  ])('is not a list page: %s', (url) => {
    expect(parseAdsManagerUrl(url)).toBeNull();
  });

  it('ignores a date range that is malformed or backwards', () => {
    expect(
      parseAdsManagerUrl(
        `https://ads.tiktok.com/i18n/manage/campaign?aadvid=${A}&st=2026-11-31&et=2026-12-01`,
      )?.range,
    ).toBeNull();
    expect(
      parseAdsManagerUrl(
        `https://ads.tiktok.com/i18n/manage/campaign?aadvid=${A}&st=2026-11-07&et=2026-11-01`,
      )?.range,
    ).toBeNull();
  });
});
