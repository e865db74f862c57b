import { expect } from 'vitest';
import type { EmulatorSnapshot } from '../helpers/control-client';

/**
 * Shared fixtures for the emulator's conformance tests. Calendar helpers are written here with
 * Intl rather than imported from the product, so that the tests check the emulator's
 * time-zone handling independently.
 */

/** Noon in Los Angeles (2026-06-17), 20:00 in London, 04:00 the next day in Tokyo. No DST edge nearby. */
export const START = Date.parse('2026-06-17T19:00:00Z');

export const APP_ID = '7512649815700963329';
export const DEFAULT_APP_SECRET = 'emulator-app-secret-not-a-real-one';
export const REDIRECT_URI = 'http://127.0.0.1:8787/oauth/callback';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A TikTok id as v1.3 sends it: a string of 19 digits, too large for a JS number. */
export function expectTikTokId(value: unknown): void {
  expect(typeof value).toBe('string');
  expect(value).toMatch(/^\d{19}$/);
  expect(BigInt(value as string) > 2n ** 53n).toBe(true);
}

/** `count` distinct well-formed ids that belong to nothing (for batch-size checks). */
export function unknownIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `99${String(i).padStart(17, '0')}`);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(instant: number, timeZone: string): Record<string, number> {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

const pad = (value: number | undefined, width = 2) => String(value ?? 0).padStart(width, '0');

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: number, timeZone: string): string {
  const p = partsOf(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The instant at which a local wall-clock time occurs in a time zone. */
export function localInstant(date: string, timeZone: string, hour = 0, minute = 0): number {
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour, minute);
  const offsetAt = (instant: number) => {
    const p = partsOf(instant, timeZone);
    const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day, p.hour, p.minute, p.second);
    return asUtc - Math.floor(instant / 1000) * 1000;
  };
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 1) + days))
    .toISOString()
    .slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the format of schedule times. */
export function utcDateTime(instant: number): string {
  return new Date(instant).toISOString().slice(0, 19).replace('T', ' ');
}

/** Money as integer hundredths, so that sums compare exactly. */
export function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

/** The seeded world, with lookups by the names the seed gives its accounts and entities. */
export function world(snapshot: EmulatorSnapshot) {
  const find = <T>(list: T[], what: string, matches: (item: T) => boolean): T => {
    const found = list.find(matches);
    if (!found) throw new Error(`No seeded ${what}`);
    return found;
  };
  return {
    snapshot,
    account: (currency: string) =>
      find(snapshot.advertisers, `account in ${currency}`, (a) => a.currency === currency),
    campaign: (name: string) =>
      find(snapshot.campaigns, `campaign "${name}"`, (c) => c.campaign_name === name),
    adGroup: (name: string) =>
      find(snapshot.adgroups, `ad group "${name}"`, (g) => g.adgroup_name === name),
    adsOf: (adGroupId: string) => snapshot.ads.filter((ad) => ad.adgroup_id === adGroupId),
  };
}

export type World = ReturnType<typeof world>;
