import { describe, expect, it } from 'vitest';
import { evaluateGroups, minimumDataProblem } from '../rules/rule-conditions';
import { ruleProblems } from '../rules/rule-scope';
import { refKey } from '../rules/rule-windows';
import { RULE_TEMPLATES, templateAmount, templateCurrency } from './rule-templates';
import { type MetricRef, RuleInputSchema } from './rules';

const ACCOUNTS = ['7000000000000000001', '7000000000000000002'];

function template(id: string) {
  const found = RULE_TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`No template ${id}`);
  return found.build({ advertiserIds: ACCOUNTS, currency: 'USD' });
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
      const rule = t.build({ advertiserIds: ACCOUNTS, currency: 'USD' });
      expect(RuleInputSchema.parse(rule)).toEqual(rule);
      expect(ruleProblems(rule)).toEqual([]);
      expect(rule.enabled).toBe(false);
      expect(rule.scope.advertiserIds).toEqual(ACCOUNTS);
      expect(t.name.length).toBeGreaterThan(0);
      expect(t.description('USD').length).toBeGreaterThan(0);
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

describe('template amounts in the account’s currency', () => {
  it('scales USD amounts by TikTok’s budget ratio, to what the currency allows', () => {
    expect(templateAmount(50, 'USD')).toBe(50);
    expect(templateAmount(50, 'EUR')).toBe(50);
    expect(templateAmount(50, 'PLN')).toBe(200);
    expect(templateAmount(50, 'JPY')).toBe(5_000);
    expect(templateAmount(50, 'IDR')).toBe(500_000);
    expect(templateAmount(1_000, 'KRW')).toBe(1_000_000);
  });

  it('leaves an amount empty (NaN) without a currency, or with one TikTok’s table lacks', () => {
    expect(templateAmount(50, null)).toBeNaN();
    expect(templateAmount(50, 'XYZ')).toBeNaN();
  });

  it('takes the chosen accounts’ currency only when they share one', () => {
    const accounts = [
      { advertiserId: ACCOUNTS[0] as string, currency: 'JPY' },
      { advertiserId: ACCOUNTS[1] as string, currency: 'JPY' },
      { advertiserId: '7000000000000000003', currency: 'USD' },
    ];
    expect(templateCurrency([ACCOUNTS[0] as string], accounts)).toBe('JPY');
    expect(templateCurrency(ACCOUNTS, accounts)).toBe('JPY');
    expect(templateCurrency([...ACCOUNTS, '7000000000000000003'], accounts)).toBeNull();
    // An account not in the list: its currency is not known.
    expect(templateCurrency([ACCOUNTS[0] as string, '7000000000000000009'], accounts)).toBeNull();
    expect(templateCurrency([], accounts)).toBeNull();
  });

  it('builds a JPY account’s templates in yen: ¥5,000 of spend, a ¥100,000 ceiling', () => {
    const build = (id: string, currency: string | null) =>
      RULE_TEMPLATES.find((t) => t.id === id)?.build({ advertiserIds: ACCOUNTS, currency });
    const stopLoss = build('stop-loss', 'JPY');
    expect(stopLoss?.groups[0]?.conditions[0]?.right).toEqual({ kind: 'number', value: 5_000 });
    // Conversions are a count, not money: still none.
    expect(stopLoss?.groups[0]?.conditions[1]?.right).toEqual({ kind: 'number', value: 0 });
    expect(build('scale-winners', 'JPY')?.action).toMatchObject({ ceiling: 100_000 });
    expect(build('daily-budget', 'IDR')?.action).toMatchObject({
      change: { type: 'set', value: 500_000 },
    });
    // ROAS and hours do not scale.
    expect(build('revive', 'JPY')).toEqual(build('revive', 'USD'));
    for (const t of RULE_TEMPLATES) {
      const rule = t.build({ advertiserIds: ACCOUNTS, currency: 'JPY' });
      expect(RuleInputSchema.safeParse(rule).success, t.id).toBe(true);
    }
  });

  it('leaves exactly the money empty when the currency is not known, for the form to ask', () => {
    const problems = (id: string) => {
      const rule = RULE_TEMPLATES.find((t) => t.id === id)?.build({
        advertiserIds: ACCOUNTS,
        currency: null,
      });
      const parsed = RuleInputSchema.safeParse(rule);
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(problems('stop-loss')).toEqual(['groups.0.conditions.0.right.value']);
    expect(problems('scale-winners')).toEqual(['action.ceiling']);
    expect(problems('daily-budget')).toEqual(['action.change.value']);
    expect(problems('revive')).toEqual([]);
  });

  it('writes the amounts in the descriptions in the currency, or says they are to be set', () => {
    const stopLoss = RULE_TEMPLATES.find((t) => t.id === 'stop-loss');
    expect(stopLoss?.description('USD')).toContain('spent more than $50.00 today');
    expect(stopLoss?.description('JPY')).toContain('spent more than ¥5,000 today');
    expect(stopLoss?.description('IDR')).toContain('spent more than IDR\u00a0500,000 today');
    expect(stopLoss?.description(null)).toContain('spent more than an amount you set today');
    const scale = RULE_TEMPLATES.find((t) => t.id === 'scale-winners');
    expect(scale?.description('EUR')).toContain('never above €1,000.00');
    expect(scale?.description(null)).toContain('never above a ceiling you set');
  });
});
