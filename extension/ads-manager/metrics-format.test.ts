import { describe, expect, it } from 'vitest';
import { changeOf, formatChange, formatMetric, formatMoney } from './metrics-format';

describe('metric formatting', () => {
  it('writes money in the account currency', () => {
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatMoney(1234.5, 'GBP')).toBe('£1,234.50');
    expect(formatMoney(152340, 'JPY')).toBe('¥152,340');
    expect(formatMoney(15234, 'USD', true)).toBe('$15.2K');
    expect(formatMoney(null, 'USD')).toBe('–');
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
