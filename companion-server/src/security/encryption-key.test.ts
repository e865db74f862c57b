import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_FILE_NAME, loadOrCreateKeyFile, parseKeyringSetting } from './encryption-key';
import { decryptSecret, encryptSecret, VaultError } from './token-vault';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');

describe('parseKeyringSetting', () => {
  it('takes a bare base64 key under the id "env"', () => {
    const keyring = parseKeyringSetting(KEY_A);

    expect(keyring.currentKeyId).toBe('env');
    expect([...keyring.keys.keys()]).toEqual(['env']);
    expect(keyring.keys.get('env')?.toString('base64')).toBe(KEY_A);
  });

  it('takes id:key entries, the first being current and the others kept for decryption', () => {
    const keyring = parseKeyringSetting(` new:${KEY_A} , old:${KEY_B} `);

    expect(keyring.currentKeyId).toBe('new');
    expect([...keyring.keys.keys()]).toEqual(['new', 'old']);
    expect(keyring.keys.get('old')?.toString('base64')).toBe(KEY_B);
    const record = encryptSecret('token', { ...keyring, currentKeyId: 'old' }, 'conn_1');
    expect(decryptSecret(record, keyring, 'conn_1')).toBe('token');
  });

  it('accepts ids made of letters, digits, _ and - up to 32 characters', () => {
    for (const id of ['2025-06', 'key_1', 'A'.repeat(32)]) {
      expect(parseKeyringSetting(`${id}:${KEY_A}`).currentKeyId).toBe(id);
    }
  });

  it.each([
    ['', 'TOKEN_ENCRYPTION_KEY is empty.'],
    [' , ', 'TOKEN_ENCRYPTION_KEY is empty.'],
    [
      `bad id:${KEY_A}`,
      'TOKEN_ENCRYPTION_KEY: "bad id" is not a valid key id (letters, digits, _ and -).',
    ],
    [
      `${'a'.repeat(33)}:${KEY_A}`,
      `TOKEN_ENCRYPTION_KEY: "${'a'.repeat(33)}" is not a valid key id (letters, digits, _ and -).`,
    ],
    [
      `short:${randomBytes(16).toString('base64')}`,
      'TOKEN_ENCRYPTION_KEY: key "short" must be 32 bytes in base64 (generate one with: openssl rand -base64 32).',
    ],
    [
      `hex:${randomBytes(32).toString('hex')}`,
      'TOKEN_ENCRYPTION_KEY: key "hex" must be 32 bytes in base64 (generate one with: openssl rand -base64 32).',
    ],
    [`a:${KEY_A},a:${KEY_B}`, 'TOKEN_ENCRYPTION_KEY: key id "a" appears twice.'],
  ])('refuses %j with a message saying what to fix', (setting, message) => {
    expect(() => parseKeyringSetting(setting)).toThrow(new VaultError(message));
  });

  it('refuses base64 that does not decode to exactly the text given (url-safe, junk)', () => {
    const urlSafe = KEY_A.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const variants = [`${KEY_A.slice(0, -2)}!!`, `${KEY_A}AAAA`];
    if (urlSafe !== KEY_A.replace(/=+$/, '')) variants.push(urlSafe);

    for (const key of variants) {
      expect(() => parseKeyringSetting(`k:${key}`)).toThrow(/must be 32 bytes in base64/);
    }
  });

  it('never repeats the key in an error message', () => {
    const tooShort = randomBytes(24).toString('base64');
    let message = '';
    try {
      parseKeyringSetting(`k:${tooShort}`);
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toMatch(/key "k" must be 32 bytes/);
    expect(message).not.toContain(tooShort);
  });
});

describe('loadOrCreateKeyFile', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'encryption-key-'));
    file = join(dir, KEY_FILE_NAME);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a key file readable by its owner only on the first run', async () => {
    const { keyring, created } = await loadOrCreateKeyFile(dir);

    expect(created).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const content = JSON.parse(await readFile(file, 'utf8'));
    expect(content.keyId).toMatch(/^file-[a-z0-9]+$/);
    expect(keyring.currentKeyId).toBe(content.keyId);
    expect(keyring.keys.get(content.keyId)?.toString('base64')).toBe(content.key);
    expect(Buffer.from(content.key, 'base64')).toHaveLength(32);
  });

  it('creates it 0600 even under a permissive umask', async () => {
    const previous = process.umask(0o000);
    try {
      await loadOrCreateKeyFile(dir);
    } finally {
      process.umask(previous);
    }

    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('reuses the key on later runs', async () => {
    const first = await loadOrCreateKeyFile(dir);
    const record = encryptSecret('token', first.keyring, 'conn_1');

    const second = await loadOrCreateKeyFile(dir);

    expect(second.created).toBe(false);
    expect(second.keyring.currentKeyId).toBe(first.keyring.currentKeyId);
    expect(decryptSecret(record, second.keyring, 'conn_1')).toBe('token');
  });

  it.each(['640', '604', '644', '660'])(
    'refuses a key file with mode %s, saying how to fix it',
    async (octal) => {
      const mode = Number.parseInt(octal, 8);
      await loadOrCreateKeyFile(dir);
      await chmod(file, mode);

      await expect(loadOrCreateKeyFile(dir)).rejects.toThrow(
        new VaultError(
          `${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`,
        ),
      );
    },
  );

  it('accepts a key file the owner made stricter (0400)', async () => {
    const first = await loadOrCreateKeyFile(dir);
    await chmod(file, 0o400);

    const again = await loadOrCreateKeyFile(dir);

    expect(again.keyring.currentKeyId).toBe(first.keyring.currentKeyId);
  });

  it('refuses a key file of the wrong shape', async () => {
    await writeFile(file, JSON.stringify({ keyId: 'has space', key: KEY_A }), { mode: 0o600 });

    await expect(loadOrCreateKeyFile(dir)).rejects.toThrow(
      new VaultError(`${file} is not a valid key file.`),
    );
  });

  it('refuses a key file holding a key of the wrong length', async () => {
    const short = randomBytes(16).toString('base64');
    await writeFile(file, JSON.stringify({ keyId: 'file-x', key: short }), { mode: 0o600 });

    await expect(loadOrCreateKeyFile(dir)).rejects.toThrow(/must be 32 bytes in base64/);
  });

  // Known gap (reported): a damaged file surfaces as a bare JSON SyntaxError without its name.
  it('refuses a key file that is not JSON with a message naming the file', async () => {
    await writeFile(file, '{"keyId": "file-x", "key": ', { mode: 0o600 });

    const error = await loadOrCreateKeyFile(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect((error as Error).message).toContain(`${file} is not a valid key file`);
    expect((error as Error).message).toContain('Restore it from backup');
  });
});
