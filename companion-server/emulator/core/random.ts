/**
 * Deterministic randomness for the emulator: seed data and synthetic metrics must come out
 * the same on every run and every machine, so that fixtures, screenshots and tests agree.
 */

/** 32-bit hash of a string (cyrb53 folded to 32 bits). */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** A stable number in [0, 1) for a combination of keys, e.g. `unitNoise(adId, date, 'ctr')`. */
export function unitNoise(...keys: Array<string | number>): number {
  return hashString(keys.join('|')) / 4_294_967_296;
}

/** A stable number in [min, max) for a combination of keys. */
export function noiseBetween(min: number, max: number, ...keys: Array<string | number>): number {
  return min + (max - min) * unitNoise(...keys);
}

/** Seeded generator (mulberry32): the same seed yields the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick() needs a non-empty list');
  return item;
}
