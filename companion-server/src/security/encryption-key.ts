import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { assertValidKeyring, type Keyring, VaultError } from './token-vault';

/**
 * Where the token-encryption key comes from:
 * - `TOKEN_ENCRYPTION_KEY`: one or more `keyId:base64key` entries separated by commas, the
 *   first being current (older ones only decrypt, for rotation); a bare base64 key gets the
 *   id `env`. Generate a key with `openssl rand -base64 32`.
 * - otherwise, outside production, a key file in the data directory, created with mode 0600
 *   on first run. Production refuses to start without the environment variable.
 */

export const KEY_FILE_NAME = 'token-encryption-key.json';

const KeyFileSchema = z.object({
  keyId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  key: z.base64(),
});

export function parseKeyringSetting(setting: string): Keyring {
  const entries = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new VaultError('TOKEN_ENCRYPTION_KEY is empty.');
  const keys = new Map<string, Buffer>();
  let currentKeyId = '';
  for (const entry of entries) {
    const separator = entry.indexOf(':');
    const keyId = separator > 0 ? entry.slice(0, separator) : 'env';
    const encoded = separator > 0 ? entry.slice(separator + 1) : entry;
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) {
      throw new VaultError(
        `TOKEN_ENCRYPTION_KEY: "${keyId}" is not a valid key id (letters, digits, _ and -).`,
      );
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32 || key.toString('base64') !== encoded.replace(/\s/g, '')) {
      throw new VaultError(
        `TOKEN_ENCRYPTION_KEY: key "${keyId}" must be 32 bytes in base64 (generate one with: openssl rand -base64 32).`,
      );
    }
    if (keys.has(keyId))
      throw new VaultError(`TOKEN_ENCRYPTION_KEY: key id "${keyId}" appears twice.`);
    keys.set(keyId, key);
    currentKeyId ||= keyId;
  }
  const keyring = { currentKeyId, keys };
  assertValidKeyring(keyring);
  return keyring;
}

/** Read the key file of the data directory, creating it (mode 0600) when there is none. */
export async function loadOrCreateKeyFile(
  dataDir: string,
): Promise<{ keyring: Keyring; created: boolean }> {
  const file = join(dataDir, KEY_FILE_NAME);
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === null) {
    const content = {
      keyId: `file-${Date.now().toString(36)}`,
      key: randomBytes(32).toString('base64'),
    };
    // 'wx' fails if another process created the file meanwhile, instead of overwriting its key.
    await writeFile(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
    return { keyring: parseKeyringSetting(`${content.keyId}:${content.key}`), created: true };
  }
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new VaultError(
      `${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VaultError(
      `${file} is not a valid key file (not JSON). Restore it from backup: tokens encrypted with it cannot be read without it.`,
    );
  }
  const parsed = KeyFileSchema.safeParse(json);
  if (!parsed.success) throw new VaultError(`${file} is not a valid key file.`);
  return {
    keyring: parseKeyringSetting(`${parsed.data.keyId}:${parsed.data.key}`),
    created: false,
  };
}
