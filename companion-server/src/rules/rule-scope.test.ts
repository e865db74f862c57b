import { describe, expect, it } from 'vitest';
import {
  type Condition,
  MAX_RULE_ENTITIES,
  type RuleInput,
  RuleInputSchema,
  type RuleScope,
} from '../contract/rules';
import { entitiesInScope, ruleProblems, type ScopeEntity } from './rule-scope';

const scope = (overrides: Partial<RuleScope> = {}): RuleScope => ({
  advertiserIds: ['7000000000000000001'],
  level: 'adgroup',
  name: null,
  statuses: null,
  campaignIds: null,
  entityIds: null,
  ...overrides,
});

const entity = (id: string, name: string, overrides: Partial<ScopeEntity> = {}): ScopeEntity => ({
  id,
  name,
  status: 'ENABLE',
  campaignId: '1800000000000000001',
  ...overrides,
});

const ENTITIES: ScopeEntity[] = [
  entity('1840000000000000003', 'US | Broad | Lookalike'),
  entity('1840000000000000001', 'US | Interest', { status: 'DISABLE' }),
  entity('1840000000000000002', 'DE | Broad', { campaignId: '1800000000000000002' }),
  entity('1840000000000000004', 'US | Broad old', { status: 'DELETE' }),
  entity('1840000000000000005', 'Fr | Größe', { campaignId: null }),
];

const ids = (result: { inScope: ScopeEntity[] }) => result.inScope.map((e) => e.id.slice(-1));

describe('entitiesInScope', () => {
  it('takes every entity but deleted ones, in id order', () => {
    expect(ids(entitiesInScope(scope(), ENTITIES))).toEqual(['1', '2', '3', '5']);
  });

  it('never takes a deleted entity, even one listed by id', () => {
    expect(
      ids(
        entitiesInScope(
          scope({ entityIds: ['1840000000000000004', '1840000000000000003'] }),
          ENTITIES,
        ),
      ),
    ).toEqual(['3']);
  });

  it('filters by status, campaign and id', () => {
    expect(ids(entitiesInScope(scope({ statuses: ['DISABLE'] }), ENTITIES))).toEqual(['1']);
    expect(ids(entitiesInScope(scope({ statuses: ['ENABLE'] }), ENTITIES))).toEqual([
      '2',
      '3',
      '5',
    ]);
    expect(ids(entitiesInScope(scope({ campaignIds: ['1800000000000000002'] }), ENTITIES))).toEqual(
      ['2'],
    );
    expect(
      ids(entitiesInScope(scope({ entityIds: ['1840000000000000005', '9'] }), ENTITIES)),
    ).toEqual(['5']);
  });

  it('filters a campaign level by the campaigns themselves', () => {
    const campaigns = [
      entity('1800000000000000001', 'Prospecting', { campaignId: '1800000000000000001' }),
      entity('1800000000000000002', 'Retargeting', { campaignId: '1800000000000000002' }),
    ];
    expect(
      entitiesInScope(
        scope({ level: 'campaign', campaignIds: ['1800000000000000002'] }),
        campaigns,
      ).inScope.map((e) => e.name),
    ).toEqual(['Retargeting']);
  });

  it('matches names without regard to case', () => {
    expect(
      ids(entitiesInScope(scope({ name: { type: 'contains', value: 'broad' } }), ENTITIES)),
    ).toEqual(['2', '3']);
    expect(
      ids(entitiesInScope(scope({ name: { type: 'not_contains', value: 'BROAD' } }), ENTITIES)),
    ).toEqual(['1', '5']);
    expect(
      ids(entitiesInScope(scope({ name: { type: 'contains', value: 'GRÖSSE' } }), ENTITIES)),
    ).toEqual([]);
    expect(
      ids(entitiesInScope(scope({ name: { type: 'contains', value: 'GRÖßE' } }), ENTITIES)),
    ).toEqual(['5']);
  });

  it('matches a safe regular expression, case-insensitive and Unicode-aware', () => {
    expect(
      ids(
        entitiesInScope(
          scope({ name: { type: 'regex', value: '^us \\| (broad|interest)' } }),
          ENTITIES,
        ),
      ),
    ).toEqual(['1', '3']);
    expect(
      ids(entitiesInScope(scope({ name: { type: 'regex', value: '\\p{Lu}ö' } }), ENTITIES)),
    ).toEqual(['5']);
  });

  it('matches nothing with a pattern the safe subset refuses', () => {
    expect(
      entitiesInScope(scope({ name: { type: 'regex', value: '(a+)+$' } }), ENTITIES).inScope,
    ).toEqual([]);
  });

  it('applies every filter at once', () => {
    expect(
      ids(
        entitiesInScope(
          scope({
            statuses: ['ENABLE'],
            campaignIds: ['1800000000000000001'],
            name: { type: 'contains', value: 'us' },
          }),
          ENTITIES,
        ),
      ),
    ).toEqual(['3']);
  });

  it('orders ids as numbers, though they are strings beyond 2^53', () => {
    const unordered = ['1000', '99', '18446744073709551615', '100', '9007199254740993'].map((id) =>
      entity(id, id),
    );
    expect(entitiesInScope(scope(), unordered).inScope.map((e) => e.id)).toEqual([
      '99',
      '100',
      '1000',
      '9007199254740993',
      '18446744073709551615',
    ]);
  });

  it(`keeps the first ${MAX_RULE_ENTITIES} by id and says it left some out`, () => {
    const many = Array.from({ length: MAX_RULE_ENTITIES + 1 }, (_, i) =>
      entity(String(2_000_000 - i), `Ad group ${i}`),
    );
    const result = entitiesInScope(scope(), many);
    expect(result.truncated).toBe(true);
    expect(result.inScope).toHaveLength(MAX_RULE_ENTITIES);
    expect(result.inScope[0]?.id).toBe(String(2_000_000 - MAX_RULE_ENTITIES));
    expect(result.inScope.at(-1)?.id).toBe('1999999');
    expect(entitiesInScope(scope(), many.slice(1)).truncated).toBe(false);
  });
});

const CPA_ABOVE_40: Condition = {
  left: { metric: 'cpa', window: { kind: 'last_days', days: 3, includeToday: false } },
  comparison: 'gt',
  right: { kind: 'number', value: 40 },
};

const RULE: RuleInput = RuleInputSchema.parse({
  name: 'Stop-loss CPA',
  enabled: true,
  scope: scope(),
  groups: [{ conditions: [CPA_ABOVE_40] }],
  minimumData: { metric: 'impressions', window: { kind: 'today' }, atLeast: 1_000 },
  action: { kind: 'pause' },
  until: { kind: 'midnight' },
  schedule: { every: { kind: 'minutes', minutes: 15 }, days: null, hours: null },
  cooldownHours: 0,
  maxActionsPerRun: 50,
  notify: { onAction: true, onApprovalNeeded: true, onFailure: true, webhookUrl: null },
});

const rule = (overrides: Partial<RuleInput>): RuleInput => ({ ...RULE, ...overrides });
const paths = (input: RuleInput) => ruleProblems(input).map((p) => p.path);

describe('ruleProblems', () => {
  it('finds nothing wrong with a sound rule', () => {
    expect(ruleProblems(RULE)).toEqual([]);
  });

  it('keeps bids to ad groups', () => {
    const bid = {
      kind: 'bid',
      change: { type: 'percent', value: 10 },
      floor: null,
      ceiling: null,
    } as const;
    expect(ruleProblems(rule({ action: bid, until: null }))).toEqual([]);
    expect(ruleProblems(rule({ action: bid, scope: scope({ level: 'ad' }) }))).toEqual([
      {
        path: 'action',
        message: 'Only ad groups have bids: choose the ad group level, or another action.',
      },
    ]);
    expect(paths(rule({ action: bid, scope: scope({ level: 'campaign' }) }))).toEqual(['action']);
  });

  it('keeps budgets away from ads', () => {
    const budget = {
      kind: 'budget',
      change: { type: 'amount', value: 10 },
      floor: null,
      ceiling: null,
    } as const;
    expect(paths(rule({ action: budget, scope: scope({ level: 'campaign' }) }))).toEqual([]);
    expect(ruleProblems(rule({ action: budget, scope: scope({ level: 'ad' }) }))).toEqual([
      {
        path: 'action',
        message: 'Ads have no budget: choose the campaign or ad group level, or another action.',
      },
    ]);
  });

  it('points at every budget figure an ad-level rule reads, on either side', () => {
    const input = rule({
      scope: scope({ level: 'ad' }),
      groups: [
        { conditions: [CPA_ABOVE_40] },
        {
          conditions: [
            {
              left: { metric: 'spend', window: { kind: 'today' } },
              comparison: 'gt',
              right: { kind: 'metric', ref: { metric: 'budget', window: null }, factor: 0.8 },
            },
            {
              left: { metric: 'budget_used', window: { kind: 'today' } },
              comparison: 'gt',
              right: { kind: 'number', value: 90 },
            },
          ],
        },
      ],
    });
    expect(paths(input)).toEqual([
      'groups.1.conditions.0.right.ref.metric',
      'groups.1.conditions.1.left.metric',
    ]);
    expect(paths({ ...input, scope: scope({ level: 'adgroup' }) })).toEqual([]);
  });

  it('passes on the safe subset’s reason for a refused pattern', () => {
    expect(
      ruleProblems(rule({ scope: scope({ name: { type: 'regex', value: '(\\w+)*x' } }) })),
    ).toEqual([
      {
        path: 'scope.name.value',
        message:
          'A repeated group may not hold a repetition or alternatives (it can take forever).',
      },
    ]);
    expect(paths(rule({ scope: scope({ name: { type: 'regex', value: '^US \\|' } }) }))).toEqual(
      [],
    );
    expect(paths(rule({ scope: scope({ name: { type: 'contains', value: '(' } }) }))).toEqual([]);
  });

  it('refuses "until" on a notify-only rule', () => {
    expect(paths(rule({ action: { kind: 'notify' }, until: { kind: 'midnight' } }))).toEqual([
      'until',
    ]);
    expect(paths(rule({ action: { kind: 'notify' }, until: null }))).toEqual([]);
    expect(paths(rule({ action: { kind: 'enable' }, until: { kind: 'hours', hours: 6 } }))).toEqual(
      [],
    );
  });

  it('refuses a schedule whose hours exclude every time it runs', () => {
    expect(
      ruleProblems(
        rule({
          schedule: {
            every: { kind: 'daily', at: '07:00' },
            days: null,
            hours: { from: 9, to: 17 },
          },
        }),
      ),
    ).toEqual([
      {
        path: 'schedule.hours',
        message:
          'The rule runs at 07:00, never within its hours (09:00–17:00): it would never run. Change the time or the hours.',
      },
    ]);
    expect(
      paths(
        rule({
          schedule: {
            every: { kind: 'daily', at: '16:59' },
            days: null,
            hours: { from: 9, to: 17 },
          },
        }),
      ),
    ).toEqual([]);
    expect(
      ruleProblems(
        rule({
          schedule: {
            every: { kind: 'minutes', minutes: 720 },
            days: null,
            hours: { from: 1, to: 11 },
          },
        }),
      )[0]?.message,
    ).toMatch(
      /^The rule runs every 720 minutes from midnight, never within its hours \(01:00–11:00\)/,
    );
  });

  it('refuses a minimum-data guard that guards nothing', () => {
    expect(
      paths(rule({ minimumData: { metric: 'spend', window: { kind: 'today' }, atLeast: 0 } })),
    ).toEqual(['minimumData.atLeast']);
  });

  it('refuses an amount outside its own floor and ceiling', () => {
    const set = (value: number, floor: number | null, ceiling: number | null) =>
      rule({
        action: { kind: 'budget', change: { type: 'set', value }, floor, ceiling },
        until: null,
      });
    expect(ruleProblems(set(600, null, 500))[0]).toEqual({
      path: 'action.change.value',
      message: 'The new amount (600) is above the ceiling (500): lower it, or raise the ceiling.',
    });
    expect(paths(set(10, 20, null))).toEqual(['action.change.value']);
    expect(paths(set(50, 20, 500))).toEqual([]);
  });

  it('refuses an action the statuses in scope make impossible', () => {
    expect(paths(rule({ scope: scope({ statuses: ['DISABLE'] }) }))).toEqual(['scope.statuses']);
    expect(
      paths(rule({ action: { kind: 'enable' }, scope: scope({ statuses: ['ENABLE'] }) })),
    ).toEqual(['scope.statuses']);
    expect(paths(rule({ scope: scope({ statuses: ['ENABLE', 'DISABLE'] }) }))).toEqual([]);
  });
});
