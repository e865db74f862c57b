import { describe, expect, it } from 'vitest';
import {
  changeOf,
  formatChange,
  formatMetric,
  formatMetricCompact,
  formatMoney,
} from './metrics-format';

describe('metric formatting', () => {
  it('writes money in the account currency', () => {
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatMoney(1234.5, 'GBP')).toBe('£1,234.50');
    expect(formatMoney(152340, 'JPY')).toBe('¥152,340');
    expect(formatMoney(15234, 'USD', true)).toBe('$15.2K');
    expect(formatMoney(null, 'USD')).toBe('–');
  });

  it('writes money in TikTok’s precision, not ISO’s: HUF, TWD and IDR without decimals', () => {
    expect(formatMoney(20_000, 'HUF')).toBe('HUF\u00a020,000');
    expect(formatMoney(1_500, 'TWD')).toBe('NT$1,500');
    expect(formatMoney(200_000, 'IDR')).toBe('IDR\u00a0200,000');
    expect(formatMoney(50_000, 'KRW')).toBe('₩50,000');
  });

  it.each([
    ['spend', 323.4, 'USD', '$323'],
    ['spend', 90, 'GBP', '£90'],
    ['spend', 12.34, 'USD', '$12.34'],
    ['spend', 99.999, 'USD', '$100'],
    ['spend', 2_345, 'USD', '$2.3K'],
    ['spend', 15_234, 'USD', '$15.2K'],
    ['spend', 152_340, 'USD', '$152K'],
    ['spend', 1_000, 'USD', '$1K'],
    ['spend', 1_234_567, 'EUR', '€1.2M'],
    ['spend', 152_340, 'JPY', '¥152K'],
    ['spend', 323, 'JPY', '¥323'],
    ['spend', 0, 'USD', '$0'],
    ['spend', null, 'USD', '–'],
    ['cpa', 107.8, 'USD', '$107.80'],
    ['cpa', 90, 'GBP', '£90'],
    ['cpc', 0.45, 'USD', '$0.45'],
    ['cpc', 2_345.6, 'USD', '$2.3K'],
    ['cpc', 45, 'HUF', 'HUF\u00a045'],
    ['impressions', 164_523, 'USD', '164.5K'],
    ['clicks', 150, 'USD', '150'],
    ['ctr', 1.25, 'USD', '1.25%'],
  ] as const)('badges %s %s %s as %s', (key, value, currency, expected) => {
    expect(formatMetricCompact(key, value, currency)).toBe(expected);
  });

  it('writes each metric its own way', () => {
    expect(formatMetric('ctr', 1.18, 'USD')).toBe('1.18%');
    expect(formatMetric('impressions', 58301, 'USD')).toBe('58,301');
    expect(formatMetric('roas', 2.4, 'USD')).toBe('2.40');
    expect(formatMetric('roas', null, 'JPY')).toBe('–');
    expect(formatMetric('cpa', 22.41, 'USD')).toBe('$22.41');
  });

  it('says whether a change is good: costs going down are; spend is neither', () => {
    expect(changeOf('spend', 110, 100)).toEqual({ percent: 10, tone: 'neutral' });
    expect(changeOf('roas', 110, 100)).toEqual({ percent: 10, tone: 'better' });
    expect(changeOf('cpa', 110, 100)).toEqual({ percent: 10, tone: 'worse' });
    expect(changeOf('cpa', 90, 100).tone).toBe('better');
    expect(changeOf('roas', 1, 0)).toEqual({ percent: null, tone: 'neutral' });
    expect(changeOf('clicks', 100.2, 100).tone).toBe('neutral');
    expect(formatChange(changeOf('spend', 150, 100))).toBe('▲50%');
    expect(formatChange(changeOf('spend', 97, 100))).toBe('▼3.0%');
    expect(formatChange({ percent: null, tone: 'neutral' })).toBe('n/a');
  });
});
