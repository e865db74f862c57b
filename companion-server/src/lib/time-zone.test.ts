import { describe, expect, it } from 'vitest';
import {
  addDays,
  eachDate,
  endOfZonedDay,
  inclusiveDayCount,
  parseIsoDate,
  startOfZonedDay,
  zonedDate,
  zonedDateTime,
  zoneOffsetMs,
} from './time-zone';

const HOUR_MS = 3_600_000;
const at = (iso: string): number => Date.parse(iso);

describe('zonedDate', () => {
  it.each([
    // Just either side of local midnight in each zone.
    ['2026-11-20T07:59:59Z', 'America/Los_Angeles', '2026-11-19'],
    ['2026-11-20T08:00:00Z', 'America/Los_Angeles', '2026-11-20'],
    ['2026-07-01T06:59:59Z', 'America/Los_Angeles', '2026-06-30'],
    ['2026-07-01T07:00:00Z', 'America/Los_Angeles', '2026-07-01'],
    ['2026-11-19T23:59:59Z', 'Europe/London', '2026-11-19'],
    ['2026-11-20T00:00:00Z', 'Europe/London', '2026-11-20'],
    ['2026-06-30T22:59:59Z', 'Europe/London', '2026-06-30'],
    ['2026-06-30T23:00:00Z', 'Europe/London', '2026-07-01'],
    ['2026-11-19T14:59:59Z', 'Asia/Tokyo', '2026-11-19'],
    ['2026-11-19T15:00:00Z', 'Asia/Tokyo', '2026-11-20'],
    ['2026-12-31T15:00:00Z', 'Asia/Tokyo', '2027-01-01'],
    ['2026-12-31T23:59:59Z', 'UTC', '2026-12-31'],
    ['2027-01-01T00:00:00Z', 'UTC', '2027-01-01'],
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(zonedDate(at(instant), timeZone)).toBe(expected);
  });

  it('gives three different dates for one instant in three zones', () => {
    const instant = at('2026-11-20T06:30:00Z');
    expect(zonedDate(instant, 'America/Los_Angeles')).toBe('2026-11-19');
    expect(zonedDate(instant, 'Europe/London')).toBe('2026-11-20');
    expect(zonedDate(at('2026-11-20T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-21');
  });
});

describe('zonedDateTime', () => {
  it.each([
    ['2026-03-08T09:59:59Z', 'America/Los_Angeles', '2026-03-08 01:59:59'],
    ['2026-03-08T10:00:00Z', 'America/Los_Angeles', '2026-03-08 03:00:00'],
    ['2026-11-01T08:59:59Z', 'America/Los_Angeles', '2026-11-01 01:59:59'],
    ['2026-11-01T09:00:00Z', 'America/Los_Angeles', '2026-11-01 01:00:00'],
    ['2026-03-29T00:59:59Z', 'Europe/London', '2026-03-29 00:59:59'],
    ['2026-03-29T01:00:00Z', 'Europe/London', '2026-03-29 02:00:00'],
    ['2026-10-25T00:59:59Z', 'Europe/London', '2026-10-25 01:59:59'],
    ['2026-10-25T01:00:00Z', 'Europe/London', '2026-10-25 01:00:00'],
    ['2026-11-20T20:00:00Z', 'Asia/Tokyo', '2026-11-21 05:00:00'],
    ['2026-01-05T03:04:05Z', 'UTC', '2026-01-05 03:04:05'],
  ])('%s in %s reads %s', (instant, timeZone, expected) => {
    expect(zonedDateTime(at(instant), timeZone)).toBe(expected);
  });

  it('writes midnight as 00, not 24', () => {
    expect(zonedDateTime(at('2026-11-20T00:00:00Z'), 'UTC')).toBe('2026-11-20 00:00:00');
  });
});

describe('startOfZonedDay and endOfZonedDay', () => {
  it.each([
    // date, zone, first instant, first instant of the next day, hours in the day
    ['2026-11-20', 'America/Los_Angeles', '2026-11-20T08:00:00Z', '2026-11-21T08:00:00Z', 24],
    ['2026-07-01', 'America/Los_Angeles', '2026-07-01T07:00:00Z', '2026-07-02T07:00:00Z', 24],
    ['2026-03-08', 'America/Los_Angeles', '2026-03-08T08:00:00Z', '2026-03-09T07:00:00Z', 23],
    ['2026-11-01', 'America/Los_Angeles', '2026-11-01T07:00:00Z', '2026-11-02T08:00:00Z', 25],
    ['2026-03-29', 'Europe/London', '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z', 23],
    ['2026-10-25', 'Europe/London', '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z', 25],
    ['2026-11-20', 'Europe/London', '2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z', 24],
    ['2026-03-08', 'Asia/Tokyo', '2026-03-07T15:00:00Z', '2026-03-08T15:00:00Z', 24],
    ['2026-11-01', 'Asia/Tokyo', '2026-10-31T15:00:00Z', '2026-11-01T15:00:00Z', 24],
    ['2026-12-31', 'Asia/Tokyo', '2026-12-30T15:00:00Z', '2026-12-31T15:00:00Z', 24],
    ['2028-02-29', 'UTC', '2028-02-29T00:00:00Z', '2028-03-01T00:00:00Z', 24],
  ])('%s in %s runs from %s to %s (%i h)', (date, timeZone, start, end, hours) => {
    const startInstant = startOfZonedDay(date, timeZone);
    const endInstant = endOfZonedDay(date, timeZone);
    expect(new Date(startInstant).toISOString()).toBe(new Date(at(start)).toISOString());
    expect(new Date(endInstant).toISOString()).toBe(new Date(at(end)).toISOString());
    expect((endInstant - startInstant) / HOUR_MS).toBe(hours);
  });

  it('has the day begin exactly at its start and the previous day end one millisecond before', () => {
    for (const [date, timeZone] of [
      ['2026-03-08', 'America/Los_Angeles'],
      ['2026-11-01', 'America/Los_Angeles'],
      ['2026-03-29', 'Europe/London'],
      ['2026-10-25', 'Europe/London'],
      ['2026-11-20', 'Asia/Tokyo'],
    ] as const) {
      const start = startOfZonedDay(date, timeZone);
      expect(zonedDateTime(start, timeZone)).toBe(`${date} 00:00:00`);
      expect(zonedDate(start - 1, timeZone)).toBe(addDays(date, -1));
      expect(zonedDate(endOfZonedDay(date, timeZone) - 1, timeZone)).toBe(date);
    }
  });

  // Where DST begins at midnight (Chile: 00:00 → 01:00 on 2026-09-06; Cuba: 2026-03-08), the
  // day's first instant is 01:00 local; it must still belong to that day, not the one before.
  it.each([
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00Z', 23],
    ['2026-03-08', 'America/Havana', '2026-03-08T05:00:00Z', 23],
  ])(
    'starts %s in %s (midnight skipped by DST) within that day',
    (date, timeZone, start, hours) => {
      const startInstant = startOfZonedDay(date, timeZone);
      expect(zonedDate(startInstant, timeZone)).toBe(date);
      expect(new Date(startInstant).toISOString()).toBe(new Date(at(start)).toISOString());
      expect((endOfZonedDay(date, timeZone) - startInstant) / HOUR_MS).toBe(hours);
    },
  );

  it('refuses dates that are not on the calendar', () => {
    expect(() => startOfZonedDay('2026-02-30', 'UTC')).toThrow(RangeError);
    expect(() => endOfZonedDay('2026-13-01', 'Asia/Tokyo')).toThrow(/Not a calendar date/);
  });
});

describe('zoneOffsetMs', () => {
  it.each([
    ['2026-01-15T12:00:00Z', 'America/Los_Angeles', -8],
    ['2026-07-15T12:00:00Z', 'America/Los_Angeles', -7],
    ['2026-03-08T09:59:59Z', 'America/Los_Angeles', -8],
    ['2026-03-08T10:00:00Z', 'America/Los_Angeles', -7],
    ['2026-11-01T08:59:59Z', 'America/Los_Angeles', -7],
    ['2026-11-01T09:00:00Z', 'America/Los_Angeles', -8],
    ['2026-01-15T12:00:00Z', 'Europe/London', 0],
    ['2026-03-29T00:59:59Z', 'Europe/London', 0],
    ['2026-03-29T01:00:00Z', 'Europe/London', 1],
    ['2026-10-25T00:59:59Z', 'Europe/London', 1],
    ['2026-10-25T01:00:00Z', 'Europe/London', 0],
    ['2026-01-15T12:00:00Z', 'Asia/Tokyo', 9],
    ['2026-07-15T12:00:00Z', 'Asia/Tokyo', 9],
    ['2026-07-15T12:00:00Z', 'Asia/Kolkata', 5.5],
    ['2026-07-15T12:00:00Z', 'UTC', 0],
  ])('at %s, %s is UTC%+d h', (instant, timeZone, hours) => {
    expect(zoneOffsetMs(at(instant), timeZone)).toBe(hours * HOUR_MS);
  });

  it('is a whole number of minutes even for instants with milliseconds', () => {
    expect(zoneOffsetMs(at('2026-07-15T12:00:00.999Z'), 'Asia/Tokyo')).toBe(9 * HOUR_MS);
    expect(zoneOffsetMs(at('2026-01-15T12:00:00.001Z'), 'America/Los_Angeles')).toBe(-8 * HOUR_MS);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-11-20', 1, '2026-11-21'],
    ['2026-11-20', 0, '2026-11-20'],
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-03-07', 1, '2026-03-08'],
    ['2026-03-08', 1, '2026-03-09'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-11-20', -30, '2026-10-21'],
    ['2026-01-01', 365, '2027-01-01'],
  ])('%s %+d days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '20261120', ''])(
    'refuses %j',
    (date) => {
      expect(() => addDays(date, 1)).toThrow(RangeError);
    },
  );
});

describe('inclusiveDayCount', () => {
  it.each([
    ['2026-11-20', '2026-11-20', 1],
    ['2026-11-20', '2026-11-21', 2],
    ['2026-03-01', '2026-03-31', 31],
    ['2026-03-08', '2026-03-09', 2],
    ['2026-10-25', '2026-11-01', 8],
    ['2026-02-01', '2026-03-01', 29],
    ['2028-02-01', '2028-03-01', 30],
    ['2026-01-01', '2026-12-31', 365],
    ['2028-01-01', '2028-12-31', 366],
    ['2026-11-21', '2026-11-20', 0],
  ])('%s to %s counts %i days', (start, end, expected) => {
    expect(inclusiveDayCount(start, end)).toBe(expected);
  });

  it('refuses invalid dates', () => {
    expect(() => inclusiveDayCount('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(() => inclusiveDayCount('2026-03-01', '2026-02-30')).toThrow(RangeError);
  });
});

describe('eachDate', () => {
  it('lists every date of a range, both ends included', () => {
    expect(eachDate('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('lists DST days once each', () => {
    expect(eachDate('2026-10-24', '2026-10-26')).toEqual([
      '2026-10-24',
      '2026-10-25',
      '2026-10-26',
    ]);
    expect(eachDate('2026-11-01', '2026-11-01')).toEqual(['2026-11-01']);
  });

  it('crosses a leap day and a year end', () => {
    expect(eachDate('2028-02-28', '2028-03-01')).toEqual([
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
    expect(eachDate('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
  });

  it('is empty when the end is before the start', () => {
    expect(eachDate('2026-11-21', '2026-11-20')).toEqual([]);
  });

  it('has as many dates as inclusiveDayCount says', () => {
    expect(eachDate('2026-01-01', '2026-12-31')).toHaveLength(365);
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2026-11-20', { year: 2026, month: 11, day: 20 }],
    ['2028-02-29', { year: 2028, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['2026-12-31', { year: 2026, month: 12, day: 31 }],
    ['2026-01-01', { year: 2026, month: 1, day: 1 }],
  ])('reads %s', (text, expected) => {
    expect(parseIsoDate(text)).toEqual(expected);
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '2026-1-05',
    '26-01-05',
    '2026/01/05',
    '2026-01-05T00:00:00Z',
    ' 2026-01-05',
    '2026-01-05 ',
    '',
  ])('refuses %j', (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });
});
