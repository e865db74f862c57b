import { describe, expect, it } from 'vitest';
import { DE, US } from '../../../test/fixtures/extension/rules-fixtures';
import {
  EVENING_INPUT,
  NIGHT_INPUT,
  TOMORROW_LA,
  WEEKDAY_INPUT,
} from '../../../test/fixtures/extension/scheduled-changes-fixtures';
import {
  blankChangeDraft,
  type CheckContext,
  checkChangeDraft,
  draftOf,
  isChangeDirty,
} from './change-draft';

const LA_CONTEXT: CheckContext = {
  currency: 'USD',
  timeZone: 'America/Los_Angeles',
  guardrails: { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
  firedSlot: null,
  now: Date.now(),
};

describe('a scheduled change being written', () => {
  it('comes back from each saved shape and goes out unchanged', () => {
    for (const input of [EVENING_INPUT, WEEKDAY_INPUT, NIGHT_INPUT]) {
      const check = checkChangeDraft(draftOf(input), LA_CONTEXT);
      expect(check.errors).toEqual({});
      expect(check.input).toEqual(input);
      expect(isChangeDirty(draftOf(input), input, LA_CONTEXT)).toBe(false);
    }
  });

  it('from scratch, it says what is missing: a name and items', () => {
    const check = checkChangeDraft(blankChangeDraft(US, TOMORROW_LA), LA_CONTEXT);
    expect(check.ok).toBe(false);
    expect(check.errors).toEqual({
      name: 'Give the change a name.',
      entityIds: 'Choose at least one item.',
      operation: 'Enter an amount.',
    });
    expect(
      checkChangeDraft(blankChangeDraft('', TOMORROW_LA), LA_CONTEXT).errors.advertiserId,
    ).toBe('Choose the ad account.');
  });

  it('a put-back before the change is refused under the put-back', () => {
    const draft = draftOf(EVENING_INPUT);
    const check = checkChangeDraft(
      { ...draft, revert: { ...draft.revert, time: '17:00' } },
      LA_CONTEXT,
    );
    expect(check.ok).toBe(false);
    expect(check.errors['revert.at']).toBe(
      `The put-back time (${TOMORROW_LA} 17:00) must come after the change (${TOMORROW_LA} 18:00).`,
    );
  });

  it('a one-off time already past is refused, unless that is when it fired', () => {
    const draft = draftOf({
      ...EVENING_INPUT,
      when: { kind: 'once', at: '2026-01-05 18:00' },
      revert: null,
    });
    const now = Date.parse('2026-01-06T12:00:00Z');
    expect(checkChangeDraft(draft, { ...LA_CONTEXT, now }).errors['when.at']).toBe(
      '2026-01-05 18:00 PST has passed (it is 2026-01-06 04:00 PST in the ad account’s time zone): choose a time in the future.',
    );
    expect(checkChangeDraft(draft, { ...LA_CONTEXT, now, firedSlot: '2026-01-05T18:00' }).ok).toBe(
      true,
    );
    // Off, it does not fire: nothing to refuse.
    expect(checkChangeDraft({ ...draft, enabled: false }, { ...LA_CONTEXT, now }).ok).toBe(true);
  });

  it('names a bad pasted id, and refuses a percentage no firing could make', () => {
    const draft = draftOf(WEEKDAY_INPUT);
    const pasted = { ...draft, entityIds: ['1780000000000000101', '12x4'] };
    expect(checkChangeDraft(pasted, LA_CONTEXT).errors.entityIds).toBe(
      '“12x4”: Expected an id made of digits.',
    );
    const tooMuch = { ...draft, operation: { ...draft.operation, value: '60' } };
    expect(checkChangeDraft(tooMuch, LA_CONTEXT).errors.operation).toBe(
      "Bayme's limit is ±50% per change, and a scheduled change does not wait for an admin's approval: raise by 50% or less.",
    );
  });

  it('a weekly change needs a day, and a bid only fits ad groups', () => {
    const draft = draftOf(WEEKDAY_INPUT);
    expect(
      checkChangeDraft({ ...draft, when: { ...draft.when, days: [] } }, LA_CONTEXT).errors[
        'when.days'
      ],
    ).toBe('Choose at least one day.');
    const bid = {
      ...draft,
      advertiserId: DE,
      operation: { ...draft.operation, kind: 'bid' as const },
    };
    expect(checkChangeDraft(bid, LA_CONTEXT).errors.operation).toBe('Bids belong to ad groups.');
  });
});
