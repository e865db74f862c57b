import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../companion-server/src/config';
import { KEY_FILE_NAME } from '../../companion-server/src/security/encryption-key';
import { decryptSecret, VaultError } from '../../companion-server/src/security/token-vault';
import { createContext, type ServerContext } from '../../companion-server/src/services';
import type { EncryptedSecret } from '../../companion-server/src/storage/state-schema';
import { authorizeThroughConsentPage } from '../helpers/client';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Tokens at rest: AES-256-GCM with a random IV per record, bound to its connection, under a
 * key id that allows rotation. Nothing the emulator issued appears in plaintext under the data
 * directory.
 */

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');

let clock: Date;
const running: TestCompanion[] = [];

async function start(env: Record<string, string> = {}): Promise<TestCompanion> {
  clock = new Date();
  const companion = await startTestCompanion(env, { now: () => clock });
  running.push(companion);
  return companion;
}

afterEach(async () => {
  for (const companion of running.splice(0)) await companion.close();
});

async function connect(companion: TestCompanion, advertiserIds?: string[]): Promise<string> {
  const started = await companion.app.inject({
    method: 'POST',
    url: '/api/oauth/start',
    headers: companion.as('buyer'),
  });
  const redirect = await authorizeThroughConsentPage(
    started.json().authorizationUrl,
    advertiserIds,
  );
  const page = await companion.app.inject({ method: 'GET', url: `/oauth/callback?${redirect}` });
  expect(page.statusCode).toBe(200);
  const outcome = companion.context.store
    .read()
    .oauthAttempts.find((a) => a.id === started.json().attemptId)?.outcome;
  if (outcome?.kind !== 'connected') throw new Error('the connection did not complete');
  return outcome.connectionId;
}

/** Every access and refresh token the emulator ever issued, revoked or not. */
function issuedSecrets(companion: TestCompanion): string[] {
  return [...companion.emulator.server.runtime.state.tokens.values()].flatMap((token) =>
    token.refresh_token ? [token.access_token, token.refresh_token] : [token.access_token],
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function storedSecrets(
  companion: TestCompanion,
): Array<{ record: EncryptedSecret; boundTo: string }> {
  return companion.context.store
    .read()
    .connections.flatMap((connection) => [
      ...(connection.token ? [{ record: connection.token, boundTo: connection.id }] : []),
      ...(connection.refreshToken
        ? [{ record: connection.refreshToken, boundTo: `${connection.id}:refresh` }]
        : []),
    ]);
}

function secondContext(
  companion: TestCompanion,
  tokenEncryptionKey: string,
): Promise<ServerContext> {
  const config = loadConfig({
    DATA_DIR: companion.dataDir,
    LOG_LEVEL: 'silent',
    TOKEN_ENCRYPTION_KEY: tokenEncryptionKey,
  });
  return createContext(
    config,
    {
      origin: companion.emulator.url,
      appSecret: companion.emulator.server.runtime.options.appSecret,
    },
    pino({ level: 'silent' }),
  );
}

describe('what the data directory holds', () => {
  it('no file contains a token TikTok issued, nor the app secret, after connecting and refreshing', async () => {
    const companion = await start();
    await companion.emulator.control.settings({ advertiserTokenLifetimeSeconds: 3600 });
    const [us = '', uk = '', jp = ''] = (await companion.emulator.control.state()).advertisers.map(
      (a) => a.advertiser_id,
    );
    const first = await connect(companion, [us, uk]);
    await connect(companion, [jp]);
    const refreshed = await companion.app.inject({
      method: 'POST',
      url: `/api/connections/${first}/check`,
      headers: companion.as('buyer'),
    });
    expect(refreshed.json().connection.status).toBe('active');
    expect(await companion.context.audit.query({ action: 'oauth.refresh' })).toMatchObject({
      entries: [expect.objectContaining({ outcome: 'success' })],
    });

    const secrets = [
      ...issuedSecrets(companion),
      companion.emulator.server.runtime.options.appSecret,
    ];
    // Two grants, one refresh: three access tokens with a refresh token each.
    expect(secrets).toHaveLength(7);
    // Nor the single-use authorization codes, nor the staff keys (kept as hashes).
    secrets.push(
      ...[...companion.emulator.server.runtime.state.authCodes.keys()],
      ...Object.values(companion.keys),
    );
    expect(secrets).toHaveLength(12);
    const files = await filesUnder(companion.dataDir);
    expect(files.map((file) => file.slice(companion.dataDir.length + 1)).sort()).toEqual(
      expect.arrayContaining(['state.json', KEY_FILE_NAME, expect.stringMatching(/^audit\//)]),
    );
    for (const file of files) {
      const bytes = await readFile(file);
      for (const secret of secrets) {
        expect(bytes.includes(secret), `${file} holds a secret in plaintext`).toBe(false);
        expect(bytes.includes(Buffer.from(secret).toString('base64'))).toBe(false);
      }
    }
  });

  it('keeps the state file and the key file readable by the owner only', async () => {
    const companion = await start();
    await connect(companion);

    expect(companion.context.createdKeyFile).toBe(true);
    expect((await stat(join(companion.dataDir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
    expect((await stat(join(companion.dataDir, 'state.json'))).mode & 0o777).toBe(0o600);
  });

  it('stores each token as keyId, iv, tag and data, with a fresh IV every time', async () => {
    const companion = await start();
    await companion.emulator.control.settings({ advertiserTokenLifetimeSeconds: 3600 });
    const [us = '', uk = ''] = (await companion.emulator.control.state()).advertisers.map(
      (a) => a.advertiser_id,
    );
    await connect(companion, [us]);
    await connect(companion, [uk]);

    const stored = storedSecrets(companion);
    expect(stored).toHaveLength(4);
    for (const { record } of stored) {
      expect(Object.keys(record).sort()).toEqual(['data', 'iv', 'keyId', 'tag']);
      expect(record.keyId).toBe(companion.context.keyring.currentKeyId);
      expect(Buffer.from(record.iv, 'base64')).toHaveLength(12);
      expect(Buffer.from(record.tag, 'base64')).toHaveLength(16);
    }
    expect(new Set(stored.map(({ record }) => record.iv)).size).toBe(4);
    const plaintexts = stored.map(({ record, boundTo }) =>
      decryptSecret(record, companion.context.keyring, boundTo),
    );
    expect(plaintexts.sort()).toEqual(issuedSecrets(companion).sort());
  });
});

describe('a record only decrypts where it belongs', () => {
  it('swapping two connections’ ciphertexts makes both undecryptable (VaultError)', async () => {
    const companion = await start();
    const [us = '', uk = ''] = (await companion.emulator.control.state()).advertisers.map(
      (a) => a.advertiser_id,
    );
    const a = await connect(companion, [us]);
    const b = await connect(companion, [uk]);
    const { keyring } = companion.context;
    const tokenOf = (id: string) => {
      const record = companion.context.store.read().connections.find((c) => c.id === id)?.token;
      if (!record) throw new Error(`no token for ${id}`);
      return record;
    };

    expect(() => decryptSecret(tokenOf(a), keyring, b)).toThrow(VaultError);
    expect(() => decryptSecret(tokenOf(b), keyring, a)).toThrow(
      'A stored secret could not be decrypted: wrong key, or the record was altered.',
    );

    await companion.context.store.update((state) => {
      const [first, second] = state.connections;
      if (!first || !second) throw new Error('two connections expected');
      [first.token, second.token] = [second.token, first.token];
    });
    const call = vi.fn(async (token: string) => token);
    const failure = await companion.context.connections
      .withAdvertiserToken(us, call)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VaultError);
    expect(call).not.toHaveBeenCalled();
  });

  it('a tampered byte in the data, the tag or the IV fails to decrypt', async () => {
    const companion = await start();
    const id = await connect(companion);
    const record = companion.context.store.read().connections[0]?.token;
    if (!record) throw new Error('no token stored');
    const flip = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      return bytes.toString('base64');
    };

    expect(decryptSecret(record, companion.context.keyring, id)).toMatch(/^[0-9a-f]{40}$/);
    for (const field of ['data', 'tag', 'iv'] as const) {
      const tampered = { ...record, [field]: flip(record[field]) };
      expect(() => decryptSecret(tampered, companion.context.keyring, id)).toThrow(VaultError);
    }
  });
});

describe('rotating the key', () => {
  it('re-encrypts every record under the new key, and they still decrypt', async () => {
    const companion = await start({ TOKEN_ENCRYPTION_KEY: `old:${OLD_KEY}` });
    await companion.emulator.control.settings({ advertiserTokenLifetimeSeconds: 3600 });
    const connectionId = await connect(companion);
    expect(companion.context.createdKeyFile).toBe(false);
    const before = storedSecrets(companion);
    expect(before.map(({ record }) => record.keyId)).toEqual(['old', 'old']);

    const rotated = await secondContext(companion, `new:${NEW_KEY},old:${OLD_KEY}`);
    const count = await rotated.connections.reencryptTokens();

    // Counted per connection whose access token moved to the new key.
    expect(count).toBe(2); // the access token and the refresh token
    const after = storedSecrets(companion);
    expect(after.map(({ boundTo }) => boundTo)).toEqual([connectionId, `${connectionId}:refresh`]);
    expect(after.map(({ record }) => record.keyId)).toEqual(['new', 'new']);
    expect(after[0]?.record.iv).not.toBe(before[0]?.record.iv);
    const plaintexts = after.map(({ record, boundTo }) =>
      decryptSecret(record, rotated.keyring, boundTo),
    );
    expect(plaintexts.sort()).toEqual(issuedSecrets(companion).sort());
    expect(await rotated.connections.reencryptTokens()).toBe(0);

    // From now on the new key alone is enough.
    const onlyNew = await secondContext(companion, `new:${NEW_KEY}`);
    const [us = ''] = (await companion.emulator.control.state()).advertisers.map(
      (a) => a.advertiser_id,
    );
    const info = await onlyNew.connections.withAdvertiserToken(us, (token) =>
      onlyNew.marketingApi.advertisers.info(token, [us]),
    );
    expect(info.map((a) => a.advertiser_id)).toEqual([us]);
  });

  it('without the old key, an old record fails with a message naming the missing key id', async () => {
    const companion = await start({ TOKEN_ENCRYPTION_KEY: `old:${OLD_KEY}` });
    await connect(companion);
    const [{ record, boundTo } = { record: null, boundTo: '' }] = storedSecrets(companion);
    if (!record) throw new Error('no token stored');

    const onlyNew = await secondContext(companion, `new:${NEW_KEY}`);

    expect(() => decryptSecret(record, onlyNew.keyring, boundTo)).toThrow(VaultError);
    expect(() => decryptSecret(record, onlyNew.keyring, boundTo)).toThrow(
      'This secret was encrypted with key "old", which is not configured. Add it to TOKEN_ENCRYPTION_KEY to read it.',
    );
    const failure = await onlyNew.connections.reencryptTokens().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VaultError);
    expect((failure as Error).message).toContain('"old"');
    // Nothing was rewritten: the record is as it was.
    expect(storedSecrets(companion)[0]?.record).toEqual(record);
  });

  it('a different key under the same id does not decrypt', async () => {
    const companion = await start({ TOKEN_ENCRYPTION_KEY: `old:${OLD_KEY}` });
    await connect(companion);
    const [{ record, boundTo } = { record: null, boundTo: '' }] = storedSecrets(companion);
    if (!record) throw new Error('no token stored');

    const impostor = await secondContext(companion, `old:${NEW_KEY}`);

    expect(() => decryptSecret(record, impostor.keyring, boundTo)).toThrow(
      /could not be decrypted: wrong key, or the record was altered/,
    );
  });
});
