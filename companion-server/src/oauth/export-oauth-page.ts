import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { staticOAuthPage } from './static-oauth-page';

/**
 * `npm run export:oauth-page -- --callback https://ads-tools.bayme.internal/oauth/callback
 *  [--out dist/oauth.html]` writes the static page to publish at the redirect URL registered
 * with TikTok (https://app.bayme.store/oauth.html). The callback defaults to
 * $PUBLIC_URL/oauth/callback.
 */
const { values } = parseArgs({
  options: {
    callback: { type: 'string' },
    out: { type: 'string', default: 'dist/oauth.html' },
  },
});

const publicUrl = process.env.PUBLIC_URL?.replace(/\/+$/, '');
const callback = values.callback ?? (publicUrl ? `${publicUrl}/oauth/callback` : undefined);
if (!callback) {
  console.error(
    'Say where the companion server is: --callback https://<server>/oauth/callback (or set PUBLIC_URL).',
  );
  process.exit(1);
}
const out = resolve(values.out ?? 'dist/oauth.html');
try {
  const html = staticOAuthPage(callback);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, html, 'utf8');
  console.info(`Wrote ${out}; it forwards TikTok's answer to ${callback}.`);
  console.info(
    'Publish it at the redirect URL registered with TikTok (https://app.bayme.store/oauth.html).',
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
