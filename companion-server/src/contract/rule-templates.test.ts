import { describe, expect, it } from 'vitest';
import { evaluateGroups, minimumDataProblem } from '../rules/rule-conditions';
import { ruleProblems } from '../rules/rule-scope';
import { refKey } from '../rules/rule-windows';
import { RULE_TEMPLATES } from './rule-templates';
import { type MetricRef, RuleInputSchema } from './rules';

const ACCOUNTS = ['7000000000000000001', '7000000000000000002'];

function template(id: string) {
  const found = RULE_TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`No template ${id}`);
  return found.build({ advertiserIds: ACCOUNTS });
}

const figures = (values: Record<string, number | null>) => (ref: MetricRef) =>
  values[refKey(ref)] ?? null;

describe('RULE_TEMPLATES', () => {
  it('has the four templates of the issue, each with a distinct id', () => {
    expect(RULE_TEMPLATES.map((t) => t.id)).toEqual([
      'stop-loss',
      'scale-winners',
      'revive',
      'daily-budget',
    ]);
  });

  it.each(RULE_TEMPLATES.map((t) => [t.id, t] as const))(
    '%s builds a valid rule with no problems, disabled, for the chosen accounts',
    (_id, t) => {
      const rule = t.build({ advertiserIds: ACCOUNTS });
      expect(RuleInputSchema.parse(rule)).toEqual(rule);
      expect(ruleProblems(rule)).toEqual([]);
      expect(rule.enabled).toBe(false);
      expect(rule.scope.advertiserIds).toEqual(ACCOUNTS);
      expect(t.name.length).toBeGreaterThan(0);
      expect(t.description.length).toBeGreaterThan(0);
    },
  );

  it('builds a fresh rule each time, so that editing one leaves the template alone', () => {
    const first = template('stop-loss');
    first.scope.advertiserIds.push('7000000000000000003');
    first.groups[0]?.conditions.pop();
    first.notify.onAction = false;
    const scale = template('scale-winners');
    if (scale.minimumData) scale.minimumData.window = { kind: 'today' };
    expect(template('stop-loss').groups[0]?.conditions).toHaveLength(2);
    expect(ACCOUNTS).toHaveLength(2);
    expect(template('stop-loss').scope.advertiserIds).toHaveLength(2);
    expect(template('stop-loss').notify.onAction).toBe(true);
    expect(template('scale-winners').groups[0]?.conditions[0]?.left.window).toEqual(
      template('scale-winners').minimumData?.window,
    );
    expect(template('scale-winners').minimumData?.window.kind).toBe('last_days');
  });

  it('stop-loss: pauses an ad that spent more than 50 today without a conversion, until midnight', () => {
    const rule = template('stop-loss');
    expect(rule.scope.level).toBe('ad');
    expect(rule.action).toEqual({ kind: 'pause' });
    expect(rule.until).toEqual({ kind: 'midnight' });
    expect(rule.schedule.every).toEqual({ kind: 'minutes', minutes: 15 });
    const judge = (values: Record<string, number | null>) =>
      evaluateGroups(rule.groups, figures(values)).matched;
    expect(judge({ 'spend@today': 50.01, 'conversions@today': 0 })).toBe(true);
    expect(judge({ 'spend@today': 50, 'conversions@today': 0 })).toBe(false);
    expect(judge({ 'spend@today': 80, 'conversions@today': 1 })).toBe(false);
    // No conversion figure at all: no pause on data the rule does not have.
    expect(judge({ 'spend@today': 80 })).toBe(false);
  });

  it('scale winners: +20% up to a ceiling on 3 full days of ROAS above 2, at most every 2 days', () => {
    const rule = template('scale-winners');
    expect(rule.scope.level).toBe('adgroup');
    expect(rule.action).toEqual({
      kind: 'budget',
      change: { type: 'percent', value: 20 },
      floor: null,
      ceiling: 1_000,
    });
    expect(rule.cooldownHours).toBe(48);
    const values = figures({ 'roas@last_3d': 2.4, 'conversions@last_3d': 5 });
    expect(evaluateGroups(rule.groups, values).matched).toBe(true);
    expect(minimumDataProblem(rule.minimumData, values)).toBeNull();
    expect(minimumDataProblem(rule.minimumData, figures({ 'conversions@last_3d': 1 }))).toMatch(
      /^Only 1 conversion in the last 3 days/,
    );
  });

  it('revive: enables a paused ad group left alone 48 hours whose settled ROAS is above 2', () => {
    const rule = template('revive');
    expect(rule.scope.statuses).toEqual(['DISABLE']);
    expect(rule.action).toEqual({ kind: 'enable' });
    const judge = (values: Record<string, number | null>) =>
      evaluateGroups(rule.groups, figures(values)).matched;
    expect(judge({ 'roas@last_2d': 2.5, hours_since_change: 48 })).toBe(true);
    expect(judge({ 'roas@last_2d': 2.5, hours_since_change: 47.9 })).toBe(false);
    expect(judge({ 'roas@last_2d': 1.5, hours_since_change: 72 })).toBe(false);
  });

  it('daily budget: sets the budget of ad groups that have one, every day at 07:00', () => {
    const rule = template('daily-budget');
    expect(rule.schedule.every).toEqual({ kind: 'daily', at: '07:00' });
    expect(rule.action).toMatchObject({ kind: 'budget', change: { type: 'set', value: 50 } });
    expect(rule.notify.onAction).toBe(true);
    expect(evaluateGroups(rule.groups, figures({ budget: 30 })).matched).toBe(true);
    expect(evaluateGroups(rule.groups, figures({ budget: null })).matched).toBe(false);
  });
});
