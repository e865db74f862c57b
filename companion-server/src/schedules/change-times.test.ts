import { describe, expect, it } from 'vitest';
import type { ScheduledChange } from '../contract/scheduled-changes';
import { dueFiring, localSlot, nextFiring, onceSlot, revertInstant } from './change-times';

const LA = 'America/Los_Angeles';
const HOUR = 3_600_000;
/** Saved on Monday 2026-12-07 at 09:00 PST. */
const SAVED = '2026-12-07T17:00:00.000Z';

type Timing = Pick<ScheduledChange, 'when' | 'revert' | 'updatedAt' | 'enabled'>;

function once(at: string, revert: string | null = null, updatedAt = SAVED): Timing {
  return {
    enabled: true,
    when: { kind: 'once', at },
    revert: revert ? { kind: 'once', at: revert } : null,
    updatedAt,
  };
}

function weekly(days: number[], at: string, revert: string | null = null): Timing {
  return {
    enabled: true,
    when: { kind: 'weekly', days, at },
    revert: revert ? { kind: 'same_day', at: revert } : null,
    updatedAt: SAVED,
  };
}

describe('local times on the ad account’s clock', () => {
  it('puts a local date and time at its instant, in winter and in summer', () => {
    expect(localSlot('2026-12-07', '18:00', LA)).toEqual({
      key: '2026-12-07T18:00',
      at: Date.parse('2026-12-08T02:00:00Z'),
    });
    expect(localSlot('2026-07-07', '18:00', LA).at).toBe(Date.parse('2026-07-08T01:00:00Z'));
    expect(localSlot('2026-12-07', '18:00', 'Asia/Tokyo').at).toBe(
      Date.parse('2026-12-07T09:00:00Z'),
    );
  });

  it('follows the rule schedule’s daylight-saving rules', () => {
    // 2026-03-08 02:30 does not exist in Los Angeles: the end of the gap, 03:00 PDT.
    expect(localSlot('2026-03-08', '02:30', LA)).toEqual({
      key: '2026-03-08T03:00',
      at: Date.parse('2026-03-08T10:00:00Z'),
    });
    // 2026-11-01 01:30 happens twice: the first, still PDT.
    expect(localSlot('2026-11-01', '01:30', LA).at).toBe(Date.parse('2026-11-01T08:30:00Z'));
  });

  it('puts back a one-off at its own date and time, a weekly one later the same day', () => {
    expect(onceSlot(once('2026-12-07 18:00'), LA)?.key).toBe('2026-12-07T18:00');
    expect(onceSlot(weekly([1], '07:00'), LA)).toBeNull();
    expect(
      revertInstant(once('2026-12-07 18:00', '2026-12-08 06:00'), '2026-12-07T18:00', LA),
    ).toBe(Date.parse('2026-12-08T14:00:00Z'));
    expect(revertInstant(weekly([1, 3], '07:00', '19:00'), '2026-12-09T07:00', LA)).toBe(
      Date.parse('2026-12-10T03:00:00Z'),
    );
    expect(revertInstant(weekly([1], '07:00'), '2026-12-07T07:00', LA)).toBeNull();
  });
});

describe('a one-off firing', () => {
  const sixPm = Date.parse('2026-12-08T02:00:00Z');

  it('is due from its time on, on time within five minutes, then a catch-up', () => {
    const change = once('2026-12-07 18:00', '2026-12-07 23:00');
    expect(dueFiring(change, LA, null, sixPm - 1)).toBeNull();
    expect(dueFiring(change, LA, null, sixPm + 30_000)).toEqual({
      slot: { key: '2026-12-07T18:00', at: sixPm },
      trigger: 'schedule',
      revertAt: Date.parse('2026-12-08T07:00:00Z'),
      missed: null,
    });
    expect(dueFiring(change, LA, null, sixPm + 10 * 60_000)?.trigger).toBe('catch_up');
  });

  it('is not due again once its slot is recorded', () => {
    expect(dueFiring(once('2026-12-07 18:00'), LA, '2026-12-07T18:00', sixPm + 60_000)).toBeNull();
  });

  it('is missed, with the reason, more than 6 hours late or after its put-back time', () => {
    const late = dueFiring(once('2026-12-07 18:00'), LA, null, sixPm + 6.5 * HOUR);
    expect(late?.missed).toBe(
      'Not done: its time (2026-12-07 18:00 PST) passed 6.5 h ago, while the server was down or scheduled changes were switched off, and a change more than 6 h late is not made.',
    );
    expect(dueFiring(once('2026-12-07 18:00'), LA, null, sixPm + 6 * HOUR + 1)?.missed).toMatch(
      /^Not done/,
    );
    expect(dueFiring(once('2026-12-07 18:00'), LA, null, sixPm + 6 * HOUR)?.missed).toBeNull();
    const reverted = dueFiring(
      once('2026-12-07 18:00', '2026-12-07 19:00'),
      LA,
      null,
      sixPm + 2 * HOUR,
    );
    expect(reverted?.missed).toBe(
      'Not done: its time (2026-12-07 18:00 PST) passed while the server was down or scheduled changes were switched off, and so did its put-back time (2026-12-07 19:00 PST).',
    );
  });

  it('never fires for a time that passed before it was last saved', () => {
    const savedAfter = once('2026-12-07 18:00', null, '2026-12-08T02:30:00.000Z');
    expect(dueFiring(savedAfter, LA, null, sixPm + HOUR)).toBeNull();
    expect(nextFiring(savedAfter, LA, null, sixPm + HOUR)).toBeNull();
  });

  it('is next until it fires, and then never', () => {
    const change = once('2026-12-07 18:00');
    expect(nextFiring(change, LA, null, sixPm - HOUR)?.at).toBe(sixPm);
    expect(nextFiring(change, LA, null, sixPm + 60_000)?.at).toBe(sixPm);
    expect(nextFiring(change, LA, '2026-12-07T18:00', sixPm + 60_000)).toBeNull();
    expect(nextFiring({ ...change, enabled: false }, LA, null, sixPm - HOUR)).toBeNull();
  });
});

describe('a weekly firing', () => {
  /** Wednesdays and Fridays at 07:00. */
  const change = weekly([3, 5], '07:00', '19:00');
  const wednesday = Date.parse('2026-12-09T15:00:00Z');

  it('is due on its weekdays only, once per slot', () => {
    // Tuesday 07:00: not one of its days.
    expect(dueFiring(change, LA, null, Date.parse('2026-12-08T15:00:00Z'))).toBeNull();
    const due = dueFiring(change, LA, null, wednesday + 1_000);
    expect(due).toMatchObject({
      slot: { key: '2026-12-09T07:00', at: wednesday },
      trigger: 'schedule',
      revertAt: Date.parse('2026-12-10T03:00:00Z'),
      missed: null,
    });
    expect(dueFiring(change, LA, '2026-12-09T07:00', wednesday + HOUR)).toBeNull();
    // Thursday: nothing new since Wednesday's slot.
    expect(dueFiring(change, LA, '2026-12-09T07:00', wednesday + 24 * HOUR)).toBeNull();
  });

  it('after days down, only the latest slot is considered, and missed if too late', () => {
    // Down from Tuesday to Friday 09:00: Friday's slot, as a catch-up.
    const friday = Date.parse('2026-12-11T17:00:00Z');
    expect(dueFiring(change, LA, null, friday)).toMatchObject({
      slot: { key: '2026-12-11T07:00' },
      trigger: 'catch_up',
      missed: null,
    });
    // Friday 20:00: Friday's slot is 13 h old, and its put-back time (19:00) has passed.
    expect(dueFiring(change, LA, null, Date.parse('2026-12-12T04:00:00Z'))?.missed).toMatch(
      /passed 13 h ago/,
    );
  });

  it('names the next slot, also after a missed one', () => {
    expect(nextFiring(change, LA, null, Date.parse('2026-12-08T15:00:00Z'))?.key).toBe(
      '2026-12-09T07:00',
    );
    expect(nextFiring(change, LA, '2026-12-09T07:00', wednesday + HOUR)?.key).toBe(
      '2026-12-11T07:00',
    );
    expect(nextFiring(change, LA, null, Date.parse('2026-12-12T04:00:00Z'))?.key).toBe(
      '2026-12-16T07:00',
    );
  });
});
