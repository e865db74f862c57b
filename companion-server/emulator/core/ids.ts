import { randomInt } from 'node:crypto';

/**
 * TikTok ids are decimal strings; those we see are 19 digits, far above 2^53, so a client
 * that parses them as JS numbers corrupts them. The emulator always issues 19-digit ids so
 * that such a bug shows up in our tests instead of in production.
 */
export const ID_LENGTH = 19;

export type IdKind = 'advertiser' | 'campaign' | 'adgroup' | 'ad' | 'task' | 'identity' | 'media';

/** Leading digits per kind, only so that a person reading logs can tell ids apart. */
const PREFIX: Record<IdKind, string> = {
  advertiser: '72',
  campaign: '17',
  adgroup: '18',
  ad: '19',
  task: '16',
  identity: '73',
  media: '74',
};

function digitsFrom(nextDigit: () => number, count: number): string {
  let digits = '';
  for (let i = 0; i < count; i += 1) digits += String(nextDigit());
  return digits;
}

/** A deterministic id for seed data, driven by a seeded generator. */
export function seededId(kind: IdKind, random: () => number): string {
  const prefix = PREFIX[kind];
  return prefix + digitsFrom(() => Math.floor(random() * 10), ID_LENGTH - prefix.length);
}

/** A fresh random id, retried until it does not collide with `taken`. */
export function freshId(kind: IdKind, taken: (id: string) => boolean): string {
  const prefix = PREFIX[kind];
  for (;;) {
    const id = prefix + digitsFrom(() => randomInt(10), ID_LENGTH - prefix.length);
    if (!taken(id)) return id;
  }
}

export function compareIdsDescending(a: string, b: string): number {
  if (a.length !== b.length) return b.length - a.length;
  return a < b ? 1 : a > b ? -1 : 0;
}
