import { describe, expect, it } from 'vitest';
import {
  EVENING_INPUT,
  firing,
  NIGHT_INPUT,
  TOMORROW_LA,
  WEEKDAY_INPUT,
} from '../../../test/fixtures/extension/scheduled-changes-fixtures';
import {
  changeText,
  countsText,
  daysText,
  firingOutcomeText,
  firingSlotText,
  revertText,
  revertTimeText,
  whenText,
} from './change-text';

const LA = 'America/Los_Angeles';
const BERLIN = 'Europe/Berlin';
const WINTER = Date.parse('2026-12-06T12:00:00Z');

describe('scheduled changes in words', () => {
  it('says what a change does, with money in the account’s currency', () => {
    expect(changeText(EVENING_INPUT, 'USD')).toBe('Budget: set to $50.00 · 3 ad groups');
    expect(changeText({ ...EVENING_INPUT, entityIds: ['1'] }, 'JPY')).toBe(
      'Budget: set to ¥50 · 1 ad group',
    );
    expect(changeText(WEEKDAY_INPUT, 'EUR')).toBe('Budget: raise by 20% · 2 campaigns');
    expect(changeText(NIGHT_INPUT, 'USD')).toBe('Status: pause · 11 ad groups');
  });

  it('names the days as a buyer would', () => {
    expect(daysText([1, 2, 3, 4, 5])).toBe('Every weekday');
    expect(daysText([0, 1, 2, 3, 4, 5, 6])).toBe('Every day');
    expect(daysText([6, 0])).toBe('Sat and Sun');
    expect(daysText([5, 1, 3])).toBe('Mon, Wed, Fri');
  });

  it('says when it fires and is put back on the account’s clock, with the zone’s name', () => {
    expect(whenText(EVENING_INPUT.when, LA, WINTER)).toBe(`Once, ${TOMORROW_LA} 18:00 PST`);
    expect(revertText(EVENING_INPUT.revert, LA, WINTER)).toBe(`put back ${TOMORROW_LA} 23:00 PST`);
    expect(whenText(WEEKDAY_INPUT.when, BERLIN, WINTER)).toBe('Every weekday at 07:00 GMT+1');
    expect(revertText(null, BERLIN, WINTER)).toBe('not put back');
    expect(revertText(NIGHT_INPUT.revert, LA, WINTER)).toBe('put back at 06:00 PST the same day');
    // In summer the same zone has its summer name.
    expect(whenText(WEEKDAY_INPUT.when, BERLIN, Date.parse('2026-07-01T12:00:00Z'))).toBe(
      'Every weekday at 07:00 GMT+2',
    );
  });

  it('says what a firing did, leaving out the zeros', () => {
    expect(countsText({ changed: 3, unchanged: 1, needsApproval: 2, blocked: 0, failed: 1 })).toBe(
      '3 changed · 1 already so · 2 beyond the guardrail, not changed · 1 failed',
    );
    expect(countsText({ changed: 0, unchanged: 0, needsApproval: 0, blocked: 0, failed: 0 })).toBe(
      'nothing to change',
    );
    const none = { changed: 0, unchanged: 2, needsApproval: 0, blocked: 0, failed: 0 };
    expect(firingOutcomeText(firing({ counts: none }))).toBe('2 already so');
    expect(firingOutcomeText(firing({ status: 'failed', counts: null }))).toBe(
      'Failed: nothing was changed.',
    );
    expect(firingOutcomeText(firing({ status: 'running', counts: null }))).toBe(
      'Applying the change…',
    );
  });

  it('writes a firing’s times in the account’s zone', () => {
    const put = firing({ revertAt: '2026-12-03T22:00:00.000Z', revertStatus: 'waiting' });
    expect(firingSlotText(put, BERLIN)).toBe('2026-12-04 07:00 GMT+1');
    expect(revertTimeText(put, BERLIN)).toBe('at 2026-12-03 23:00 GMT+1');
    expect(revertTimeText(firing(), BERLIN)).toBeNull();
  });
});
