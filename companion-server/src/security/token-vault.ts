import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptedSecret } from '../storage/state-schema';

/**
 * Encryption of TikTok tokens at rest: AES-256-GCM, a fresh random 96-bit IV per record,
 * and the id of the key used, so that keys can be rotated (new records use the current key;
 * older ones stay readable until re-encrypted). Each record is bound to what it belongs to
 * (its connection id, as associated data), so a ciphertext copied onto another record fails.
 */

export interface Keyring {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
/** GCM tags are checked at full length: a shortened tag would make forgery far easier. */
const TAG_BYTES = 16;

export function assertValidKeyring(keyring: Keyring): void {
  if (!keyring.keys.has(keyring.currentKeyId)) {
    throw new VaultError(`The current key id "${keyring.currentKeyId}" is not in the keyring.`);
  }
  for (const [id, key] of keyring.keys) {
    if (key.length !== KEY_BYTES)
      throw new VaultError(`Key "${id}" must be ${KEY_BYTES} bytes, not ${key.length}.`);
  }
}

export function encryptSecret(
  plaintext: string,
  keyring: Keyring,
  boundTo: string,
): EncryptedSecret {
  const key = keyring.keys.get(keyring.currentKeyId);
  if (!key) throw new VaultError(`No key "${keyring.currentKeyId}" to encrypt with.`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    keyId: keyring.currentKeyId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function decryptSecret(secret: EncryptedSecret, keyring: Keyring, boundTo: string): string {
  const key = keyring.keys.get(secret.keyId);
  if (!key) {
    throw new VaultError(
      `This secret was encrypted with key "${secret.keyId}", which is not configured. Add it to TOKEN_ENCRYPTION_KEY to read it.`,
    );
  }
  const tag = Buffer.from(secret.tag, 'base64');
  const iv = Buffer.from(secret.iv, 'base64');
  if (tag.length !== TAG_BYTES || iv.length !== IV_BYTES) {
    throw new VaultError(
      'A stored secret could not be decrypted: wrong key, or the record was altered.',
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(Buffer.from(secret.data, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new VaultError(
      'A stored secret could not be decrypted: wrong key, or the record was altered.',
    );
  }
}

/** Whether a record should be re-encrypted under the current key (after a key rotation). */
export function needsReencryption(secret: EncryptedSecret, keyring: Keyring): boolean {
  return secret.keyId !== keyring.currentKeyId;
}
