import { describe, expect, it } from 'vitest';
import type { RuleSchedule } from '../contract/rules';
import { dueSlot, latestSlot, nextSlot, type Slot, slotKey, timesOfDay } from './rule-schedule';

const at = (iso: string): number => Date.parse(iso);
const LA = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';
const MINUTE = 60_000;

const every = (minutes: number, filters: Partial<RuleSchedule> = {}): RuleSchedule => ({
  every: { kind: 'minutes', minutes },
  days: null,
  hours: null,
  ...filters,
});
const hourly = (filters: Partial<RuleSchedule> = {}): RuleSchedule => ({
  every: { kind: 'hourly' },
  days: null,
  hours: null,
  ...filters,
});
const daily = (time: string, filters: Partial<RuleSchedule> = {}): RuleSchedule => ({
  every: { kind: 'daily', at: time },
  days: null,
  hours: null,
  ...filters,
});

/** Every slot from `from` (exclusive) to `to` (inclusive), walked with nextSlot. */
function slotsBetween(schedule: RuleSchedule, timeZone: string, from: number, to: number): Slot[] {
  const slots: Slot[] = [];
  for (let slot = nextSlot(schedule, timeZone, from); slot && slot.at <= to; ) {
    slots.push(slot);
    slot = nextSlot(schedule, timeZone, slot.at);
  }
  return slots;
}

describe('slotKey', () => {
  it('is the local wall time to the minute', () => {
    expect(slotKey(at('2026-07-01T17:07:42Z'), LA)).toBe('2026-07-01T10:07');
    expect(slotKey(at('2026-11-19T16:00:00Z'), TOKYO)).toBe('2026-11-20T01:00');
    expect(slotKey(at('2026-03-08T10:00:00Z'), LA)).toBe('2026-03-08T03:00');
  });
});

describe('timesOfDay', () => {
  it('counts from local midnight, restarting there when the step does not divide the day', () => {
    expect(timesOfDay(every(15))).toHaveLength(96);
    const sevens = timesOfDay(every(7));
    expect(sevens.slice(0, 3)).toEqual([0, 7, 14]);
    expect(sevens.at(-1)).toBe(1_435);
    expect(timesOfDay(hourly())).toEqual(Array.from({ length: 24 }, (_, h) => h * 60));
    expect(timesOfDay(daily('07:30'))).toEqual([450]);
  });

  it('keeps the times within the hours, the end hour excluded', () => {
    const times = timesOfDay(every(15, { hours: { from: 9, to: 17 } }));
    expect(times[0]).toBe(9 * 60);
    expect(times.at(-1)).toBe(16 * 60 + 45);
    expect(times).toHaveLength(32);
    expect(timesOfDay(daily('07:00', { hours: { from: 9, to: 17 } }))).toEqual([]);
  });
});

describe('latestSlot', () => {
  it('is the last slot at or before now', () => {
    expect(latestSlot(every(15), LA, at('2026-07-01T17:07:00Z'))).toEqual({
      key: '2026-07-01T10:00',
      at: at('2026-07-01T17:00:00Z'),
    });
    expect(latestSlot(every(15), LA, at('2026-07-01T17:15:00Z'))?.key).toBe('2026-07-01T10:15');
    expect(latestSlot(every(15), LA, at('2026-07-01T17:14:59.999Z'))?.key).toBe('2026-07-01T10:00');
  });

  it("aligns to the account's midnight in Tokyo, not to UTC's", () => {
    // 01:07 JST on 20 November is 16:07 UTC on the 19th.
    expect(latestSlot(hourly(), TOKYO, at('2026-11-19T16:07:00Z'))).toEqual({
      key: '2026-11-20T01:00',
      at: at('2026-11-19T16:00:00Z'),
    });
    expect(latestSlot(daily('09:00'), TOKYO, at('2026-11-19T23:59:00Z'))).toEqual({
      key: '2026-11-19T09:00',
      at: at('2026-11-19T00:00:00Z'),
    });
    expect(latestSlot(daily('09:00'), TOKYO, at('2026-11-20T00:00:00Z'))).toEqual({
      key: '2026-11-20T09:00',
      at: at('2026-11-20T00:00:00Z'),
    });
  });

  it('goes back to an earlier day when today has no slot yet', () => {
    expect(latestSlot(daily('07:00'), LA, at('2026-07-01T12:00:00Z'))?.key).toBe(
      '2026-06-30T07:00',
    );
  });

  it('skips the days and hours the schedule excludes', () => {
    const weekdays = every(15, { days: [1, 2, 3, 4, 5] });
    // Sunday 22 November, 10:00 PST: the last weekday slot is Friday's 23:45.
    expect(latestSlot(weekdays, LA, at('2026-11-22T18:00:00Z'))?.key).toBe('2026-11-20T23:45');
    const officeHours = every(15, { hours: { from: 9, to: 17 } });
    expect(latestSlot(officeHours, LA, at('2026-11-20T04:00:00Z'))?.key).toBe('2026-11-19T16:45');
    expect(latestSlot(officeHours, LA, at('2026-11-20T16:00:00Z'))?.key).toBe('2026-11-19T16:45');
    expect(latestSlot(officeHours, LA, at('2026-11-20T17:10:00Z'))?.key).toBe('2026-11-20T09:00');
  });

  it('finds a weekly slot six days back, and none for a schedule that never runs', () => {
    const mondays = daily('09:00', { days: [1] });
    // Sunday 29 November: last Monday was the 23rd.
    expect(latestSlot(mondays, LA, at('2026-11-29T20:00:00Z'))?.key).toBe('2026-11-23T09:00');
    const never = daily('07:00', { hours: { from: 9, to: 17 } });
    expect(latestSlot(never, LA, at('2026-11-29T20:00:00Z'))).toBeNull();
    expect(nextSlot(never, LA, at('2026-11-29T20:00:00Z'))).toBeNull();
  });
});

describe('nextSlot', () => {
  it('is the first slot strictly after', () => {
    expect(nextSlot(every(15), LA, at('2026-07-01T17:00:00Z'))?.key).toBe('2026-07-01T10:15');
    expect(nextSlot(every(15), LA, at('2026-07-01T16:59:59Z'))?.key).toBe('2026-07-01T10:00');
    // 23:50 local: the next slot is the next day's midnight.
    expect(nextSlot(every(15), LA, at('2026-07-02T06:50:00Z'))).toEqual({
      key: '2026-07-02T00:00',
      at: at('2026-07-02T07:00:00Z'),
    });
  });

  it('waits for the next allowed day', () => {
    // Tuesday 24 November → Monday 30 November.
    expect(nextSlot(daily('09:00', { days: [1] }), LA, at('2026-11-24T18:00:00Z'))).toEqual({
      key: '2026-11-30T09:00',
      at: at('2026-11-30T17:00:00Z'),
    });
  });
});

describe('daylight saving in Los Angeles', () => {
  it('runs the slots of the missing hour once, at its end (8 March 2026, 02:00 → 03:00)', () => {
    const slots = slotsBetween(
      every(15),
      LA,
      at('2026-03-08T08:00:00Z') - 1,
      at('2026-03-09T07:00:00Z') - 1,
    );
    expect(slots).toHaveLength(92);
    const around = slots.filter((s) => s.key >= '2026-03-08T01:30' && s.key <= '2026-03-08T03:15');
    expect(around).toEqual([
      { key: '2026-03-08T01:30', at: at('2026-03-08T09:30:00Z') },
      { key: '2026-03-08T01:45', at: at('2026-03-08T09:45:00Z') },
      { key: '2026-03-08T03:00', at: at('2026-03-08T10:00:00Z') },
      { key: '2026-03-08T03:15', at: at('2026-03-08T10:15:00Z') },
    ]);
    expect(new Set(slots.map((s) => s.key)).size).toBe(slots.length);
  });

  it('moves a daily time inside the missing hour to 03:00 that day only', () => {
    const schedule = daily('02:30');
    // Midnight PST on 7 March: that day's 02:30 exists.
    const first = nextSlot(schedule, LA, at('2026-03-07T08:00:00Z'));
    expect(first).toEqual({ key: '2026-03-07T02:30', at: at('2026-03-07T10:30:00Z') });
    const second = nextSlot(schedule, LA, first?.at ?? 0);
    expect(second).toEqual({ key: '2026-03-08T03:00', at: at('2026-03-08T10:00:00Z') });
    expect(nextSlot(schedule, LA, second?.at ?? 0)).toEqual({
      key: '2026-03-09T02:30',
      at: at('2026-03-09T09:30:00Z'),
    });
  });

  it('has 23 hourly slots on the short day and 24 on the long one', () => {
    const short = slotsBetween(
      hourly(),
      LA,
      at('2026-03-08T08:00:00Z') - 1,
      at('2026-03-09T07:00:00Z') - 1,
    );
    expect(short.map((s) => s.key.slice(11))).toEqual([
      '00:00',
      '01:00',
      ...Array.from({ length: 21 }, (_, i) => `${String(i + 3).padStart(2, '0')}:00`),
    ]);
    const long = slotsBetween(
      hourly(),
      LA,
      at('2026-11-01T07:00:00Z') - 1,
      at('2026-11-02T08:00:00Z') - 1,
    );
    expect(long).toHaveLength(24);
  });

  it('runs the repeated hour once, on its first pass (1 November 2026, 02:00 → 01:00)', () => {
    const slots = slotsBetween(
      every(15),
      LA,
      at('2026-11-01T07:00:00Z') - 1,
      at('2026-11-02T08:00:00Z') - 1,
    );
    expect(slots).toHaveLength(96);
    expect(new Set(slots.map((s) => s.key)).size).toBe(96);
    const around = slots.filter((s) => s.key >= '2026-11-01T01:30' && s.key <= '2026-11-01T02:00');
    expect(around).toEqual([
      { key: '2026-11-01T01:30', at: at('2026-11-01T08:30:00Z') },
      { key: '2026-11-01T01:45', at: at('2026-11-01T08:45:00Z') },
      // 01:00–01:59 PST (09:00–09:59 UTC) has no slots: those keys have run.
      { key: '2026-11-01T02:00', at: at('2026-11-01T10:00:00Z') },
    ]);
    expect(latestSlot(every(15), LA, at('2026-11-01T09:40:00Z'))?.key).toBe('2026-11-01T01:45');
    expect(nextSlot(daily('01:30'), LA, at('2026-11-01T07:00:00Z'))?.at).toBe(
      at('2026-11-01T08:30:00Z'),
    );
  });

  it('agrees with slotKey on every slot of both days', () => {
    for (const [from, to] of [
      ['2026-03-08T08:00:00Z', '2026-03-09T07:00:00Z'],
      ['2026-11-01T07:00:00Z', '2026-11-02T08:00:00Z'],
    ] as const) {
      for (const slot of slotsBetween(every(5), LA, at(from) - 1, at(to) - 1)) {
        expect(slot.key).toBe(slotKey(slot.at, LA));
        expect(slot.at % MINUTE).toBe(0);
      }
    }
  });
});

describe('daylight saving at midnight (America/Santiago, 6 September 2026: 00:00 → 01:00)', () => {
  it('starts the day with its first existing hour', () => {
    const slots = slotsBetween(
      hourly(),
      'America/Santiago',
      at('2026-09-06T04:00:00Z') - 1,
      at('2026-09-07T03:00:00Z') - 1,
    );
    expect(slots).toHaveLength(23);
    expect(slots[0]).toEqual({ key: '2026-09-06T01:00', at: at('2026-09-06T04:00:00Z') });
    expect(slots.at(-1)).toEqual({ key: '2026-09-06T23:00', at: at('2026-09-07T02:00:00Z') });
  });
});

describe('dueSlot', () => {
  const schedule = every(15);
  const created = at('2026-07-01T12:00:00Z');

  it('is due once per slot', () => {
    const now = at('2026-07-01T17:16:00Z');
    expect(dueSlot(schedule, LA, '2026-07-01T10:00', now, created)).toEqual({
      key: '2026-07-01T10:15',
      at: at('2026-07-01T17:15:00Z'),
      catchUp: false,
    });
    expect(dueSlot(schedule, LA, '2026-07-01T10:15', now, created)).toBeNull();
    expect(dueSlot(schedule, LA, '2026-07-01T10:15', now + 13 * MINUTE, created)).toBeNull();
    expect(dueSlot(schedule, LA, '2026-07-01T10:15', now + 14 * MINUTE, created)?.key).toBe(
      '2026-07-01T10:30',
    );
  });

  it('does not run for a slot that passed before the rule was created or enabled', () => {
    const createdAt = at('2026-07-01T17:07:00Z');
    expect(dueSlot(schedule, LA, null, at('2026-07-01T17:10:00Z'), createdAt)).toBeNull();
    expect(dueSlot(schedule, LA, null, at('2026-07-01T17:15:30Z'), createdAt)).toEqual({
      key: '2026-07-01T10:15',
      at: at('2026-07-01T17:15:00Z'),
      catchUp: false,
    });
  });

  it('runs the latest slot only, once, after a 5-hour gap', () => {
    // Last run at 05:00 local; the server was down until 10:07.
    const now = at('2026-07-01T17:07:00Z');
    const due = dueSlot(schedule, LA, '2026-07-01T05:00', now, created);
    expect(due).toEqual({ key: '2026-07-01T10:00', at: at('2026-07-01T17:00:00Z'), catchUp: true });
    // Once that run is recorded, nothing else is due for the missed slots.
    expect(dueSlot(schedule, LA, '2026-07-01T10:00', now, created)).toBeNull();
    expect(dueSlot(schedule, LA, '2026-07-01T10:00', now + 8 * MINUTE, created)).toMatchObject({
      key: '2026-07-01T10:15',
      catchUp: false,
    });
  });

  it('counts a never-run rule whose slots passed since creation as catching up', () => {
    const createdAt = at('2026-07-01T16:50:00Z');
    expect(dueSlot(schedule, LA, null, at('2026-07-01T17:20:00Z'), createdAt)).toMatchObject({
      key: '2026-07-01T10:15',
      catchUp: true,
    });
  });

  it('does not count the hours a schedule excludes as missed', () => {
    const officeHours = every(15, { hours: { from: 9, to: 17 } });
    expect(
      dueSlot(officeHours, TOKYO, '2026-11-19T16:45', at('2026-11-20T00:05:00Z'), created),
    ).toEqual({ key: '2026-11-20T09:00', at: at('2026-11-20T00:00:00Z'), catchUp: false });
    expect(
      dueSlot(officeHours, TOKYO, '2026-11-19T16:30', at('2026-11-20T00:05:00Z'), created),
    ).toMatchObject({ key: '2026-11-20T09:00', catchUp: true });
  });

  it('does not count the days a schedule excludes as missed', () => {
    const weekdays = daily('07:00', { days: [1, 2, 3, 4, 5] });
    // Friday's run, then Monday 23 November 07:00 PST.
    expect(dueSlot(weekdays, LA, '2026-11-20T07:00', at('2026-11-23T15:01:00Z'), created)).toEqual({
      key: '2026-11-23T07:00',
      at: at('2026-11-23T15:00:00Z'),
      catchUp: false,
    });
  });

  it('misses nothing across the spring-forward gap and repeats nothing in the repeated hour', () => {
    const springCreated = at('2026-03-01T00:00:00Z');
    expect(
      dueSlot(schedule, LA, '2026-03-08T01:45', at('2026-03-08T10:01:00Z'), springCreated),
    ).toEqual({ key: '2026-03-08T03:00', at: at('2026-03-08T10:00:00Z'), catchUp: false });
    const fallCreated = at('2026-10-01T00:00:00Z');
    // 01:30 PST, the second pass of 01:30: the first pass's slots have run.
    expect(
      dueSlot(schedule, LA, '2026-11-01T01:45', at('2026-11-01T09:30:00Z'), fallCreated),
    ).toBeNull();
    expect(
      dueSlot(schedule, LA, '2026-11-01T01:45', at('2026-11-01T10:00:00Z'), fallCreated),
    ).toEqual({ key: '2026-11-01T02:00', at: at('2026-11-01T10:00:00Z'), catchUp: false });
  });

  it("refuses a last slot that is not a slot key, such as a manual run's", () => {
    expect(() => dueSlot(schedule, LA, 'manual', at('2026-07-01T17:16:00Z'), created)).toThrow(
      RangeError,
    );
  });
});
