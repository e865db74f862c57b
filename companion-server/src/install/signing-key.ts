import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { extensionIdOf } from './extension-id';

/**
 * Bayme's key for signing the extension. Whoever holds the private key can publish builds
 * Chrome accepts as this extension; every installed copy's id follows from the public key.
 * It lives outside the repository: in the file EXTENSION_SIGNING_KEY_FILE names, or in the
 * data directory, where the first start in emulator mode creates one. Losing it means a new
 * id: every machine has to install the extension again and every policy entry changes.
 *
 * Synchronous on purpose: the build configuration and the server's configuration, both
 * synchronous, read it.
 */

/** The key's file name in the data directory. */
export const SIGNING_KEY_FILE_NAME = 'extension-signing-key.pem';

/** CRX3 packages are signed with RSA (sha256_with_rsa); Chrome's own packer uses 2048 bits. */
const MIN_MODULUS_BITS = 2048;
/** New keys are meant to sign releases for years. */
const NEW_KEY_MODULUS_BITS = 3072;

export interface SigningKey {
  /** Where the private key is (PEM). */
  file: string;
  /** The public key as a manifest's `key`: base64 of its DER SubjectPublicKeyInfo. */
  manifestKey: string;
  /** The extension id Chrome gives builds signed with this key. */
  extensionId: string;
}

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/** The key file the settings point at: EXTENSION_SIGNING_KEY_FILE, else the data directory's. */
export function signingKeyFileFor(settingFile: string | undefined, dataDir: string): string {
  return settingFile ?? join(dataDir, SIGNING_KEY_FILE_NAME);
}

/** Read and check the key in `file` (an absolute path). */
export function readSigningKey(file: string): SigningKey {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SigningKeyError(
      code === 'ENOENT'
        ? `The extension signing key ${file} does not exist. Restore it from your backup, or point EXTENSION_SIGNING_KEY_FILE at it.`
        : `The extension signing key ${file} cannot be read (${code ?? String(error)}).`,
    );
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SigningKeyError(
      `The extension signing key ${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new SigningKeyError(
      `${file} is not a private key in PEM form (it should begin with "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----").`,
    );
  }
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (privateKey.asymmetricKeyType !== 'rsa' || bits < MIN_MODULUS_BITS) {
    throw new SigningKeyError(
      `${file} must be an RSA key of at least ${MIN_MODULUS_BITS} bits to sign a CRX (create one with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:${NEW_KEY_MODULUS_BITS} -out ${file}).`,
    );
  }
  return signingKeyOf(file, privateKey);
}

/** The key in `file`, or null when there is no such file (any other problem throws). */
export function readSigningKeyIfPresent(file: string): SigningKey | null {
  try {
    statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return readSigningKey(file);
}

/** Create a new key in `file` (mode 0600); fails rather than replace an existing one. */
export function createSigningKey(file: string): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: NEW_KEY_MODULUS_BITS });
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // 'wx': a key another process created meanwhile is never overwritten.
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  chmodSync(file, 0o600);
  return signingKeyOf(file, privateKey);
}

function signingKeyOf(file: string, privateKey: KeyObject): SigningKey {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { file, manifestKey: der.toString('base64'), extensionId: extensionIdOf(der) };
}
