import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authorizeThroughConsentPage } from '../helpers/client';
import { controlClient } from '../helpers/control-client';
import {
  freePort,
  killServerProcesses,
  STAFF_KEY,
  startServerProcess,
  stop,
} from '../helpers/server-process';

/**
 * The companion server as staff run it: `node --import tsx companion-server/src/server.ts` on
 * a temporary data directory, with its built-in emulator. Everything goes over real HTTP:
 * start an authorization, pass the emulator's consent page, follow the redirect to the
 * server's callback; then stop it with SIGTERM and start it again on the same data.
 */

const directories: string[] = [];

afterAll(async () => {
  killServerProcesses();
  for (const dir of directories) await rm(dir, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('the companion server as a process', () => {
  it('connects ad accounts over real HTTP, stops on SIGTERM and keeps them across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'companion-black-box-'));
    directories.push(dataDir);
    const port = await freePort();
    const emulatorPort = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      EMULATOR_PORT: String(emulatorPort),
      LOG_LEVEL: 'warn',
    };
    const base = `http://127.0.0.1:${port}`;

    const first = await startServerProcess(env);

    expect(first.banner).toContain(`Listening on     ${base}`);
    expect(first.banner).toContain(`OAuth callback   ${base}/oauth/callback`);
    expect(first.banner).toContain(`http://127.0.0.1:${emulatorPort}`);
    expect(first.banner).toContain('First run: a bootstrap admin was created.');
    // The demo link it prints opens the emulator's Ads Manager replica.
    const demo = /Ads Manager demo (\S+)/.exec(first.banner)?.[1] ?? '';
    expect(demo).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${emulatorPort}/i18n/manage/campaign\\?aadvid=\\d+$`),
    );
    expect((await fetch(demo)).status).toBe(200);
    const keys = first.banner.match(STAFF_KEY) ?? [];
    expect(keys).toHaveLength(1);
    const key = keys[0] ?? '';
    const authorization = { authorization: `Bearer ${key}` };

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'emulator' });

    const start = await fetch(`${base}/api/oauth/start`, {
      method: 'POST',
      headers: authorization,
    });
    expect(start.status).toBe(200);
    const { authorizationUrl } = (await start.json()) as { authorizationUrl: string };
    expect(new URL(authorizationUrl).origin).toBe(`http://127.0.0.1:${emulatorPort}`);
    expect(new URL(authorizationUrl).searchParams.get('redirect_uri')).toBe(
      `${base}/oauth/callback`,
    );

    const redirect = await authorizeThroughConsentPage(authorizationUrl);
    const callback = await fetch(`${base}/oauth/callback?${redirect}`);
    const page = await callback.text();
    expect(callback.status).toBe(200);
    expect(page).toContain('Connected 3 ad accounts — you can close this tab');

    const listed = await fetch(`${base}/api/ad-accounts`, { headers: authorization });
    const { adAccounts } = (await listed.json()) as {
      adAccounts: Array<{ advertiserId: string; currency: string; health: string }>;
    };
    expect(adAccounts.map((a) => [a.currency, a.health])).toEqual([
      ['USD', 'ok'],
      ['GBP', 'ok'],
      ['JPY', 'ok'],
    ]);

    const emulatorState = await controlClient(`http://127.0.0.1:${emulatorPort}`).state();
    const secrets = [
      ...emulatorState.tokens.map((t) => t.access_token),
      ...emulatorState.auth_codes.map((c) => c.auth_code),
      redirect.get('state') ?? '',
      key,
    ];
    expect(emulatorState.tokens).toHaveLength(1);
    // The built-in emulator plays TikTok: its saved world (DATA_DIR/emulator) is TikTok's own
    // record of the tokens and codes it issued, fakes valid only against it, which its control
    // API lists to any caller on this machine anyway. The server's secrets appear nowhere.
    const emulatorDir = join(dataDir, 'emulator');
    const serverSecrets = [redirect.get('state') ?? '', key];
    for (const file of await filesUnder(dataDir)) {
      const bytes = await readFile(file);
      for (const secret of file.startsWith(`${emulatorDir}/`) ? serverSecrets : secrets) {
        expect(bytes.includes(secret), `${file} holds a secret in plaintext`).toBe(false);
      }
    }

    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('SIGTERM received: closing.');
    // Nothing secret reached the logs either (the key is printed once, in the banner).
    const logged = first.output().replace(key, '');
    for (const secret of secrets) expect(logged).not.toContain(secret);

    const second = await startServerProcess(env);

    expect(second.banner).not.toContain('First run');
    expect(second.banner.match(STAFF_KEY)).toBeNull();
    const again = await fetch(`${base}/api/ad-accounts`, { headers: authorization });
    expect(again.status).toBe(200);
    const kept = ((await again.json()) as { adAccounts: typeof adAccounts }).adAccounts;
    expect(kept.map((a) => a.advertiserId)).toEqual(adAccounts.map((a) => a.advertiserId));
    expect(await stop(second)).toBe(0);
  }, 60_000);
});
