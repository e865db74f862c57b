import { describe, expect, it } from 'vitest';
import type { MetricKey } from '../../ads-manager/metrics-format';
import {
  CHECK_COLUMN_PX,
  columnLayout,
  METRIC_COLUMN_PX,
  metricColumnsThatFit,
  NAME_MIN_PX,
  toggleMetric,
} from './columns';

const ALL: MetricKey[] = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'conversions',
  'cpa',
  'roas',
];
/** Chrome's side panel at 360 and 420 px, less the page's padding (12 px a side) and a 15 px scroll bar. */
const AT_360 = 360 - 24 - 15;
const AT_420 = 420 - 24 - 15;

describe('side panel columns', () => {
  it('shows three chosen metrics beside the name at 360 px, four at 420 px', () => {
    expect(metricColumnsThatFit(ALL, AT_360)).toEqual(['spend', 'impressions', 'clicks']);
    expect(metricColumnsThatFit(ALL, AT_420)).toEqual(['spend', 'impressions', 'clicks', 'ctr']);
    expect(metricColumnsThatFit(['spend', 'cpa', 'roas'], AT_360)).toEqual([
      'spend',
      'cpa',
      'roas',
    ]);
  });

  it('leaves the name its minimum width', () => {
    const exactlyTwo = CHECK_COLUMN_PX + NAME_MIN_PX + 2 * METRIC_COLUMN_PX;
    expect(metricColumnsThatFit(ALL, exactlyTwo)).toHaveLength(2);
    expect(metricColumnsThatFit(ALL, exactlyTwo - 1)).toHaveLength(1);
  });

  it('shows every chosen metric on a wide page, and one at least however narrow', () => {
    expect(metricColumnsThatFit(['cpa', 'roas'], 1200)).toEqual(['cpa', 'roas']);
    expect(metricColumnsThatFit(ALL, 1200)).toEqual(ALL);
    expect(metricColumnsThatFit(['roas', 'cpa'], 0)).toEqual(['roas']);
  });

  it('gives exact figures wide columns only when every chosen one fits so', () => {
    expect(columnLayout(['spend', 'cpa', 'roas'], AT_420)).toEqual({
      metrics: ['spend', 'cpa', 'roas'],
      wide: false,
    });
    expect(columnLayout(['spend', 'cpa', 'roas'], 885)).toEqual({
      metrics: ['spend', 'cpa', 'roas'],
      wide: true,
    });
    // Eight wide columns need more than a 900 px page: narrow ones, all eight of them.
    expect(columnLayout(ALL, 885)).toEqual({ metrics: ALL, wide: false });
    expect(columnLayout(ALL, 600).metrics).toHaveLength(8);
    expect(columnLayout(ALL, 500).metrics).toHaveLength(6);
  });

  it('ticks a metric in the badges’ order, and never unticks the last one', () => {
    expect(toggleMetric(['cpa', 'spend'], 'ctr')).toEqual(['spend', 'ctr', 'cpa']);
    expect(toggleMetric(['spend', 'ctr', 'cpa'], 'ctr')).toEqual(['spend', 'cpa']);
    expect(toggleMetric(['roas'], 'roas')).toEqual(['roas']);
  });
});
