import { describe, expect, it } from 'vitest';
import type { Condition, ConditionGroup, MetricRef, RuleWindow } from '../contract/rules';
import { evaluateGroups, formatValue, minimumDataProblem, refsOfRule } from './rule-conditions';
import { refKey } from './rule-windows';

const TODAY: RuleWindow = { kind: 'today' };
const LAST_3: RuleWindow = { kind: 'last_days', days: 3, includeToday: false };
const LAST_14: RuleWindow = { kind: 'last_days', days: 14, includeToday: false };

const ref = (metric: MetricRef['metric'], window: RuleWindow | null = TODAY): MetricRef => ({
  metric,
  window,
});
const above = (left: MetricRef, value: number): Condition => ({
  left,
  comparison: 'gt',
  right: { kind: 'number', value },
});
const group = (...conditions: Condition[]): ConditionGroup => ({ conditions });

/** Figures keyed like the log's values; absent keys are missing figures. */
function figures(values: Record<string, number | null>) {
  return (r: MetricRef) => values[refKey(r)] ?? null;
}

describe('refsOfRule', () => {
  it('lists each figure once: both sides of every condition, then the guard', () => {
    const refs = refsOfRule({
      groups: [
        group(
          {
            left: ref('cpa', LAST_3),
            comparison: 'gt',
            right: { kind: 'metric', ref: ref('cpa', LAST_14), factor: 1.3 },
          },
          above(ref('spend'), 10),
        ),
        group(above(ref('cpa', { ...LAST_3 }), 50), above(ref('budget', null), 0)),
      ],
      minimumData: { metric: 'impressions', window: TODAY, atLeast: 1_000 },
    });
    expect(refs.map(refKey)).toEqual([
      'cpa@last_3d',
      'cpa@last_14d',
      'spend@today',
      'budget',
      'impressions@today',
    ]);
  });

  it('does not repeat a guard figure a condition already reads', () => {
    const refs = refsOfRule({
      groups: [group(above(ref('spend'), 10))],
      minimumData: { metric: 'spend', window: TODAY, atLeast: 5 },
    });
    expect(refs).toEqual([ref('spend')]);
  });
});

describe('evaluateGroups', () => {
  const cpaRising: Condition = {
    left: ref('cpa', LAST_3),
    comparison: 'gt',
    right: { kind: 'metric', ref: ref('cpa', LAST_14), factor: 1.3 },
  };

  it('compares with another figure times a factor, and says so', () => {
    const { matched, results } = evaluateGroups(
      [group(cpaRising)],
      figures({ 'cpa@last_3d': 41.2, 'cpa@last_14d': 30 }),
    );
    expect(matched).toBe(true);
    expect(results).toEqual([
      {
        group: 0,
        index: 0,
        text: 'CPA last 3 days (41.20) > 1.3 × CPA last 14 days (30.00 → 39.00)',
        left: 41.2,
        right: 39,
        met: true,
      },
    ]);
  });

  it('compares with a number', () => {
    const { results } = evaluateGroups(
      [group(above(ref('spend'), 10))],
      figures({ 'spend@today': 12.5 }),
    );
    expect(results[0]?.text).toBe('Spend today (12.50) > 10');
    expect(results[0]?.met).toBe(true);
  });

  it('leaves out "1 ×" when the factor is 1', () => {
    const { results } = evaluateGroups(
      [
        group({
          left: ref('spend'),
          comparison: 'gte',
          right: { kind: 'metric', ref: ref('budget', null), factor: 1 },
        }),
      ],
      figures({ 'spend@today': 50, budget: 50 }),
    );
    expect(results[0]?.text).toBe('Spend today (50.00) ≥ Budget (50.00)');
    expect(results[0]?.met).toBe(true);
  });

  it('ANDs the conditions of a group: one unmet condition fails the group', () => {
    const stopLoss = group(above(ref('spend'), 50), {
      left: ref('conversions'),
      comparison: 'lte',
      right: { kind: 'number', value: 0 },
    });
    const converted = evaluateGroups(
      [stopLoss],
      figures({ 'spend@today': 80, 'conversions@today': 1 }),
    );
    expect(converted.matched).toBe(false);
    expect(converted.results.map((r) => r.met)).toEqual([true, false]);
    expect(converted.results[1]?.text).toBe('Conversions today (1) ≤ 0');
    const none = evaluateGroups([stopLoss], figures({ 'spend@today': 80, 'conversions@today': 0 }));
    expect(none.matched).toBe(true);
  });

  it('ORs the groups: any whole group matches, and every condition is still reported', () => {
    const groups = [
      group(above(ref('cpa', LAST_3), 40), above(ref('spend'), 100)),
      group(above(ref('frequency', LAST_3), 3)),
    ];
    const second = evaluateGroups(
      groups,
      figures({ 'cpa@last_3d': 45, 'spend@today': 20, 'frequency@last_3d': 3.4 }),
    );
    expect(second.matched).toBe(true);
    expect(second.results.map((r) => [r.group, r.index, r.met])).toEqual([
      [0, 0, true],
      [0, 1, false],
      [1, 0, true],
    ]);
    const neither = evaluateGroups(
      groups,
      figures({ 'cpa@last_3d': 45, 'spend@today': 20, 'frequency@last_3d': 2.1 }),
    );
    expect(neither.matched).toBe(false);
    // The first group alone, with both its conditions met.
    const first = evaluateGroups(
      groups,
      figures({ 'cpa@last_3d': 45, 'spend@today': 120, 'frequency@last_3d': null }),
    );
    expect(first.matched).toBe(true);
    expect(first.results[2]?.met).toBeNull();
  });

  it('judges no condition on a missing figure: met is null and the rule does not match', () => {
    const missingLeft = evaluateGroups([group(cpaRising)], figures({ 'cpa@last_14d': 30 }));
    expect(missingLeft.matched).toBe(false);
    expect(missingLeft.results[0]).toMatchObject({ left: null, right: 39, met: null });
    expect(missingLeft.results[0]?.text).toBe(
      'CPA last 3 days (no data) > 1.3 × CPA last 14 days (30.00 → 39.00)',
    );

    const missingRight = evaluateGroups([group(cpaRising)], figures({ 'cpa@last_3d': 41.2 }));
    expect(missingRight.matched).toBe(false);
    expect(missingRight.results[0]).toMatchObject({ left: 41.2, right: null, met: null });
    expect(missingRight.results[0]?.text).toBe(
      'CPA last 3 days (41.20) > 1.3 × CPA last 14 days (no data)',
    );
  });

  it('takes a figure that is not a finite number as missing', () => {
    const { matched, results } = evaluateGroups(
      [group(above(ref('cpa', LAST_3), 10))],
      () => Number.POSITIVE_INFINITY,
    );
    expect(matched).toBe(false);
    expect(results[0]).toMatchObject({ left: null, met: null });
    const nan = evaluateGroups([group(above(ref('cpa', LAST_3), 10))], () => Number.NaN);
    expect(nan.results[0]?.met).toBeNull();
  });

  it.each([
    ['gt', 10, false],
    ['gte', 10, true],
    ['lt', 10, false],
    ['lte', 10, true],
    ['gt', 9.99, true],
    ['lt', 10.01, true],
    ['gte', 10.01, false],
    ['lte', 9.99, false],
  ] as const)('10 %s %d is %s', (comparison, threshold, met) => {
    const { results } = evaluateGroups(
      [group({ left: ref('spend'), comparison, right: { kind: 'number', value: threshold } })],
      () => 10,
    );
    expect(results[0]?.met).toBe(met);
  });

  it('compares without a tolerance: 41.199999 is not ≥ 41.2, though it reads 41.20', () => {
    const { results } = evaluateGroups(
      [
        group({
          left: ref('cpa', LAST_3),
          comparison: 'gte',
          right: { kind: 'number', value: 41.2 },
        }),
      ],
      () => 41.199999,
    );
    expect(results[0]?.met).toBe(false);
    expect(results[0]?.text).toBe('CPA last 3 days (41.20) ≥ 41.2');
  });

  it('writes percentages with % and counts without decimals', () => {
    const { results } = evaluateGroups(
      [
        group(
          above(ref('budget_used'), 80),
          { left: ref('ctr', LAST_3), comparison: 'lt', right: { kind: 'number', value: 0.85 } },
          above(ref('impressions'), 1_000),
          above(ref('hours_since_change', null), 48),
          above(ref('roas', { kind: 'lifetime' }), 2),
          {
            left: ref('spend'),
            comparison: 'gt',
            right: { kind: 'metric', ref: ref('budget', null), factor: 0.8 },
          },
        ),
      ],
      figures({
        'budget_used@today': 84.567,
        'ctr@last_3d': 0.7,
        'impressions@today': 12_345,
        hours_since_change: 50.5,
        'roas@lifetime': 2.345,
        'spend@today': 1_234.5,
        budget: 1_500,
      }),
    );
    expect(results.map((r) => r.text)).toEqual([
      'Budget used today (84.57%) > 80%',
      'CTR last 3 days (0.7%) < 0.85%',
      'Impressions today (12,345) > 1,000',
      'Hours since last change (50.5) > 48',
      'ROAS lifetime (2.35) > 2',
      'Spend today (1,234.50) > 0.8 × Budget (1,500.00 → 1,200.00)',
    ]);
    expect(results.every((r) => r.met === true)).toBe(true);
  });

  it('names every metric for people', () => {
    const metrics = [
      ['spend', 'Spend'],
      ['impressions', 'Impressions'],
      ['clicks', 'Clicks'],
      ['ctr', 'CTR'],
      ['cpc', 'CPC'],
      ['cpm', 'CPM'],
      ['conversions', 'Conversions'],
      ['cpa', 'CPA'],
      ['roas', 'ROAS'],
      ['frequency', 'Frequency'],
      ['budget_used', 'Budget used'],
    ] as const;
    const { results } = evaluateGroups(
      [group(...metrics.slice(0, 5).map(([m]) => above(ref(m), 1)))].concat(
        group(...metrics.slice(5, 10).map(([m]) => above(ref(m), 1))),
        group(
          above(ref('budget_used'), 1),
          above(ref('budget', null), 1),
          above(ref('days_since_created', null), 1),
          above(ref('hours_since_change', null), 1),
        ),
      ),
      () => null,
    );
    expect(results.map((r) => r.text.replace(/ \(no data\) > 1%?$/, ''))).toEqual([
      ...metrics.map(([, label]) => `${label} today`),
      'Budget',
      'Days since created',
      'Hours since last change',
    ]);
  });
});

describe('formatValue', () => {
  it('keeps money to cents and groups thousands', () => {
    expect(formatValue('spend', 0)).toBe('0.00');
    expect(formatValue('cpm', 1_234_567.891)).toBe('1,234,567.89');
    expect(formatValue('conversions', 3)).toBe('3');
    expect(formatValue('frequency', 1.5)).toBe('1.50');
    expect(formatValue('ctr', 1.18)).toBe('1.18%');
    expect(formatValue('cpa', null)).toBe('no data');
  });
});

describe('minimumDataProblem', () => {
  const guard = { metric: 'impressions', window: TODAY, atLeast: 1_000 } as const;

  it('says how much is missing', () => {
    expect(minimumDataProblem(guard, () => 420)).toBe(
      'Only 420 impressions today; the rule needs at least 1,000.',
    );
  });

  it('lets through an entity at or above the minimum, and any entity without a guard', () => {
    expect(minimumDataProblem(guard, () => 1_000)).toBeNull();
    expect(minimumDataProblem(guard, () => 5_000)).toBeNull();
    expect(minimumDataProblem(null, () => null)).toBeNull();
  });

  it('counts a missing figure as none', () => {
    expect(minimumDataProblem(guard, () => null)).toBe(
      'No impressions today; the rule needs at least 1,000.',
    );
    expect(minimumDataProblem(guard, () => 0)).toBe(
      'No impressions today; the rule needs at least 1,000.',
    );
  });

  it('asks nothing with a minimum of 0, even of an entity without figures', () => {
    expect(minimumDataProblem({ ...guard, atLeast: 0 }, () => null)).toBeNull();
  });

  it('speaks of spend as money and of one conversion in the singular', () => {
    expect(minimumDataProblem({ metric: 'spend', window: LAST_3, atLeast: 10 }, () => 3.2)).toBe(
      'Only 3.20 spent in the last 3 days; the rule needs at least 10.00.',
    );
    expect(minimumDataProblem({ metric: 'spend', window: TODAY, atLeast: 10 }, () => null)).toBe(
      'Nothing spent today; the rule needs at least 10.00.',
    );
    expect(
      minimumDataProblem(
        { metric: 'conversions', window: { kind: 'yesterday' }, atLeast: 3 },
        () => 1,
      ),
    ).toBe('Only 1 conversion yesterday; the rule needs at least 3.');
    expect(
      minimumDataProblem(
        {
          metric: 'clicks',
          window: { kind: 'last_days', days: 7, includeToday: true },
          atLeast: 50,
        },
        () => 12,
      ),
    ).toBe('Only 12 clicks in the last 7 days incl. today; the rule needs at least 50.');
    expect(
      minimumDataProblem({ metric: 'clicks', window: { kind: 'lifetime' }, atLeast: 50 }, () => 12),
    ).toBe('Only 12 clicks in its lifetime; the rule needs at least 50.');
  });

  it('reads the figure the guard names', () => {
    const asked: string[] = [];
    minimumDataProblem(guard, (r) => {
      asked.push(refKey(r));
      return 2_000;
    });
    expect(asked).toEqual(['impressions@today']);
  });
});
