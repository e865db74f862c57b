import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The webhook secret of the demo shop, for `npm start` with the built-in emulator only: made
 * once into the data directory (mode 0600, like the token key file) so that webhooks work
 * out of the box and `npm run orders -- send` can sign with it. Never printed; with
 * ORDERS_SHOPS and a real secret set, or against TikTok, it is neither made nor read.
 */

export const DEMO_SECRET_FILE_NAME = 'orders-demo-webhook-secret';

export function demoSecretFile(dataDir: string): string {
  return join(dataDir, DEMO_SECRET_FILE_NAME);
}

/** The demo secret, created on the first call; a file others can read is refused. */
export async function loadOrCreateDemoSecret(dataDir: string): Promise<string> {
  const file = demoSecretFile(dataDir);
  const existing = await readDemoSecret(file);
  if (existing !== null) return existing;
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': a secret another process wrote meanwhile is kept, not replaced.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = await readDemoSecret(file);
    if (raced === null) throw error;
    return raced;
  }
  await chmod(file, 0o600);
  return secret;
}

/** The secret in `file`, or null when there is none. */
export async function readDemoSecret(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`,
    );
  }
  const secret = text.trim();
  if (secret.length < 16) {
    throw new Error(`${file} does not hold a webhook secret; delete it to have a new one made.`);
  }
  return secret;
}
