import { describe, expect, it } from 'vitest';
import { type RuleInput, RuleInputSchema } from '../../../companion-server/src/contract/rules';
import {
  SCALE_WINNERS,
  STOP_LOSS,
  STOP_LOSS_INPUT,
} from '../../../test/fixtures/extension/rules-fixtures';
import {
  blankRule,
  checkDraft,
  isDirty,
  parseIdList,
  previewInputOf,
  ruleInputOf,
} from './rule-draft';

describe('a rule being written', () => {
  it('starts from scratch as a rule the schema accepts once named', () => {
    const blank = blankRule(['7252569388304511798']);
    expect(checkDraft(blank).errors).toEqual({ name: 'Give the rule a name.' });
    expect(checkDraft({ ...blank, name: 'Guard' }).ok).toBe(true);
  });

  it('is the saved rule without what the server adds', () => {
    expect(ruleInputOf(STOP_LOSS)).toEqual(STOP_LOSS_INPUT);
    expect(RuleInputSchema.parse(ruleInputOf(SCALE_WINNERS))).toEqual(ruleInputOf(SCALE_WINNERS));
  });

  it('puts each problem under its field, in plain words', () => {
    const check = checkDraft({
      ...STOP_LOSS_INPUT,
      scope: {
        ...STOP_LOSS_INPUT.scope,
        name: { type: 'regex', value: '(a' },
        entityIds: ['1', 'x'],
      },
      schedule: { every: { kind: 'minutes', minutes: Number.NaN }, days: [], hours: null },
      maxActionsPerRun: 2.5,
      notify: { ...STOP_LOSS_INPUT.notify, webhookUrl: 'ftp://hooks.example' },
    });
    expect(check.ok).toBe(false);
    expect(check.errors).toEqual({
      'scope.name.value': expect.stringContaining('Not a valid regular expression'),
      'scope.entityIds': '“x”: Expected an id made of digits.',
      'schedule.every.minutes': 'Enter a number.',
      'schedule.days': 'Pick at least one.',
      maxActionsPerRun: 'Enter a whole number.',
      'notify.webhookUrl': 'A web address starting with https:// or http://.',
    });
  });

  it('is previewed without its name, switch or notifications', () => {
    const unnamed = {
      ...STOP_LOSS_INPUT,
      name: '',
      notify: { ...STOP_LOSS_INPUT.notify, webhookUrl: 'nope' },
    };
    const preview = previewInputOf(unnamed);
    expect(preview?.groups).toEqual(STOP_LOSS_INPUT.groups);
    expect(preview?.name).toBe('Preview');
    expect(previewInputOf({ ...STOP_LOSS_INPUT, cooldownHours: -1 })).toBeNull();
  });

  it('reads ids one a line or separated by commas or spaces', () => {
    expect(parseIdList(' 1, 2;3\n\n4 ')).toEqual(['1', '2', '3', '4']);
    expect(parseIdList(' \n')).toBeNull();
  });

  it('knows a change from a reordering', () => {
    const reordered = Object.fromEntries(Object.entries(STOP_LOSS_INPUT).reverse()) as RuleInput;
    expect(isDirty(reordered, STOP_LOSS_INPUT)).toBe(false);
    expect(isDirty({ ...STOP_LOSS_INPUT, cooldownHours: Number.NaN }, STOP_LOSS_INPUT)).toBe(true);
  });
});
