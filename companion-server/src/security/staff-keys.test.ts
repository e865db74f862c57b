import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateStaffKey, hashKeySecret, parseStaffKey, secretMatches } from './staff-keys';

const SECRET = 'Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZmdoaWo';

describe('generateStaffKey', () => {
  it('makes bayme_<12-char id>_<43-char secret>, with the SHA-256 of the secret to store', () => {
    const { key, keyId, hash } = generateStaffKey();

    expect(key).toMatch(/^bayme_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const secret = key.slice('bayme_'.length + 12 + 1);
    expect(key.slice(6, 18)).toBe(keyId);
    expect(hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hash).not.toContain(secret);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
  });

  it('never repeats a key, a key id or a hash', () => {
    const keys = Array.from({ length: 200 }, () => generateStaffKey());

    expect(new Set(keys.map((k) => k.key)).size).toBe(200);
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(200);
    expect(new Set(keys.map((k) => k.hash)).size).toBe(200);
  });
});

describe('parseStaffKey', () => {
  it('splits a generated key into its id and secret', () => {
    const { key, keyId } = generateStaffKey();

    const parsed = parseStaffKey(key);

    expect(parsed?.keyId).toBe(keyId);
    expect(`bayme_${parsed?.keyId}_${parsed?.secret}`).toBe(key);
  });

  it.each([
    ['', 'empty'],
    [`bayme_abcdef123456_${SECRET.slice(1)}`, 'secret one character short'],
    [`bayme_abcdef123456_${SECRET}A`, 'secret one character long'],
    [`bayme_ABCDEF123456_${SECRET}`, 'upper-case key id'],
    [`bayme_abcdef12345_${SECRET}`, 'key id too short'],
    [`BAYME_abcdef123456_${SECRET}`, 'wrong prefix case'],
    [`other_abcdef123456_${SECRET}`, 'wrong prefix'],
    [` bayme_abcdef123456_${SECRET}`, 'leading space'],
    [`bayme_abcdef123456_${SECRET}\n`, 'trailing newline'],
    [`bayme_abcdef123456_${SECRET.slice(0, 42)}+`, 'not base64url'],
  ])('rejects %j (%s)', (key) => {
    expect(parseStaffKey(key)).toBeNull();
  });

  it('accepts a well-formed key that was not generated here (checking is secretMatches’ job)', () => {
    expect(parseStaffKey(`bayme_abcdef123456_${SECRET}`)).toEqual({
      keyId: 'abcdef123456',
      secret: SECRET,
    });
  });
});

describe('hashKeySecret and secretMatches', () => {
  it('hashes with SHA-256, as hex', () => {
    expect(hashKeySecret('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches the right secret only', () => {
    const hash = hashKeySecret(SECRET);

    expect(secretMatches(SECRET, hash)).toBe(true);
    expect(secretMatches(`${SECRET.slice(0, -1)}A`, hash)).toBe(false);
    expect(secretMatches('', hash)).toBe(false);
  });

  it('is false, not an exception, for a malformed stored hash', () => {
    for (const stored of [
      '',
      'zz',
      hashKeySecret(SECRET).slice(0, 62),
      `${hashKeySecret(SECRET)}00`,
    ]) {
      expect(secretMatches(SECRET, stored)).toBe(false);
    }
  });
});
