import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertValidKeyring,
  decryptSecret,
  encryptSecret,
  type Keyring,
  needsReencryption,
  VaultError,
} from './token-vault';

const CURRENT = randomBytes(32);
const OLDER = randomBytes(32);
const keyring: Keyring = {
  currentKeyId: 'k2',
  keys: new Map([
    ['k2', CURRENT],
    ['k1', OLDER],
  ]),
};
const TOKEN = '3f2a9c0e5b7d4e1f8a6c2b9d0e4f7a1c3b5d8e2f';

describe('encryptSecret', () => {
  it('is AES-256-GCM under the current key, with the record id as associated data', () => {
    const record = encryptSecret(TOKEN, keyring, 'conn_1');

    expect(record.keyId).toBe('k2');
    const iv = Buffer.from(record.iv, 'base64');
    const tag = Buffer.from(record.tag, 'base64');
    expect(iv).toHaveLength(12);
    expect(tag).toHaveLength(16);
    const decipher = createDecipheriv('aes-256-gcm', CURRENT, iv);
    decipher.setAAD(Buffer.from('conn_1', 'utf8'));
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([
      decipher.update(Buffer.from(record.data, 'base64')),
      decipher.final(),
    ]).toString('utf8');
    expect(plaintext).toBe(TOKEN);
  });

  it('uses a fresh IV for every record, so equal tokens never look equal', () => {
    const records = Array.from({ length: 50 }, () => encryptSecret(TOKEN, keyring, 'conn_1'));

    expect(new Set(records.map((r) => r.iv)).size).toBe(50);
    expect(new Set(records.map((r) => r.data)).size).toBe(50);
  });

  it('never carries the plaintext', () => {
    const record = encryptSecret(TOKEN, keyring, 'conn_1');

    expect(JSON.stringify(record)).not.toContain(TOKEN);
    expect(JSON.stringify(record)).not.toContain(Buffer.from(TOKEN).toString('base64'));
  });

  it('refuses a keyring whose current key is missing', () => {
    const broken: Keyring = { currentKeyId: 'gone', keys: new Map([['k1', OLDER]]) };

    expect(() => encryptSecret(TOKEN, broken, 'conn_1')).toThrow(
      new VaultError('No key "gone" to encrypt with.'),
    );
  });
});

describe('decryptSecret', () => {
  it('round-trips, including non-ASCII text and the empty string', () => {
    for (const text of [TOKEN, 'tökén-✓-東京', '']) {
      expect(decryptSecret(encryptSecret(text, keyring, 'conn_1'), keyring, 'conn_1')).toBe(text);
    }
  });

  it('reads records made under an older key that is still in the keyring', () => {
    const old = encryptSecret(TOKEN, { currentKeyId: 'k1', keys: keyring.keys }, 'conn_1');

    expect(old.keyId).toBe('k1');
    expect(decryptSecret(old, keyring, 'conn_1')).toBe(TOKEN);
  });

  it('fails for a record bound to something else (a ciphertext copied between records)', () => {
    const record = encryptSecret(TOKEN, keyring, 'conn_1');

    for (const other of ['conn_2', 'conn_1:refresh', '']) {
      expect(() => decryptSecret(record, keyring, other)).toThrow(VaultError);
    }
  });

  it('fails when any byte of the data, tag or IV is altered', () => {
    const record = encryptSecret(TOKEN, keyring, 'conn_1');
    for (const field of ['data', 'tag', 'iv'] as const) {
      const bytes = Buffer.from(record[field], 'base64');
      for (let index = 0; index < bytes.length; index += 1) {
        const altered = Buffer.from(bytes);
        altered[index] = (altered[index] ?? 0) ^ 0x80;
        const tampered = { ...record, [field]: altered.toString('base64') };
        expect(() => decryptSecret(tampered, keyring, 'conn_1')).toThrow(
          'A stored secret could not be decrypted: wrong key, or the record was altered.',
        );
      }
    }
  });

  // Known bug (reported): without authTagLength, GCM accepts a tag cut to 4, 8 or 12 bytes,
  // so a forged record needs to match only that many bytes.
  it.each([4, 8, 12])('fails when the tag is cut to its first %i bytes', (length) => {
    const record = encryptSecret(TOKEN, keyring, 'conn_1');
    const tag = Buffer.from(record.tag, 'base64').subarray(0, length).toString('base64');

    expect(() => decryptSecret({ ...record, tag }, keyring, 'conn_1')).toThrow(VaultError);
  });

  it('fails under another key with the same id', () => {
    const record = encryptSecret(TOKEN, keyring, 'conn_1');
    const impostor: Keyring = { currentKeyId: 'k2', keys: new Map([['k2', randomBytes(32)]]) };

    expect(() => decryptSecret(record, impostor, 'conn_1')).toThrow(VaultError);
  });

  it('names the key id that is missing, and how to provide it', () => {
    const record = encryptSecret(TOKEN, keyring, 'conn_1');
    const onlyNew: Keyring = { currentKeyId: 'k3', keys: new Map([['k3', randomBytes(32)]]) };

    expect(() => decryptSecret(record, onlyNew, 'conn_1')).toThrow(
      new VaultError(
        'This secret was encrypted with key "k2", which is not configured. Add it to TOKEN_ENCRYPTION_KEY to read it.',
      ),
    );
  });

  it('never puts the plaintext or the key in its error message', () => {
    const record = encryptSecret(TOKEN, keyring, 'conn_1');
    let message = '';
    try {
      decryptSecret(record, keyring, 'conn_2');
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).not.toBe('');
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(CURRENT.toString('base64'));
  });
});

describe('needsReencryption', () => {
  it('is true exactly for records not under the current key', () => {
    const current = encryptSecret(TOKEN, keyring, 'conn_1');
    const old = encryptSecret(TOKEN, { currentKeyId: 'k1', keys: keyring.keys }, 'conn_1');

    expect(needsReencryption(current, keyring)).toBe(false);
    expect(needsReencryption(old, keyring)).toBe(true);
  });
});

describe('assertValidKeyring', () => {
  it('accepts 32-byte keys including the current one', () => {
    expect(() => assertValidKeyring(keyring)).not.toThrow();
  });

  it('refuses a current key id that is not in the keyring', () => {
    expect(() => assertValidKeyring({ currentKeyId: 'x', keys: new Map([['k1', OLDER]]) })).toThrow(
      new VaultError('The current key id "x" is not in the keyring.'),
    );
  });

  it('refuses a key of the wrong length', () => {
    const keys = new Map([
      ['k1', OLDER],
      ['short', randomBytes(16)],
    ]);

    expect(() => assertValidKeyring({ currentKeyId: 'k1', keys })).toThrow(
      new VaultError('Key "short" must be 32 bytes, not 16.'),
    );
  });
});
