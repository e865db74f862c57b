import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Personal API keys of staff: `bayme_<keyId>_<secret>`. The key id finds the record; the
 * secret (256 random bits) is checked against its SHA-256, the only thing stored. A key of
 * that strength needs no slow hash: it cannot be guessed, only stolen.
 */

const KEY_PATTERN = /^bayme_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewStaffKey {
  /** The full key, to show once. */
  key: string;
  keyId: string;
  hash: string;
}

export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function generateStaffKey(): NewStaffKey {
  const keyId = randomBytes(8).toString('hex').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { key: `bayme_${keyId}_${secret}`, keyId, hash: hashKeySecret(secret) };
}

export function parseStaffKey(key: string): { keyId: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  if (!match?.[1] || !match[2]) return null;
  return { keyId: match[1], secret: match[2] };
}

export function secretMatches(secret: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = Buffer.from(hashKeySecret(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
