import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_MANIFEST_KEY } from '../../companion-server/src/contract/extension-identity';
import { packCrx } from '../../companion-server/src/install/crx-package';
import { DEVELOPMENT_EXTENSION_ID } from '../../companion-server/src/install/extension-id';
import { readSigningKey, type SigningKey } from '../../companion-server/src/install/signing-key';
import { EXTENSION_ORIGIN, startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * What Chrome's policy installs from and updates from (the signed CRX and the update
 * manifest), the policy the install page gives IT, and the minimum extension version.
 */

const PUBLIC_URL = 'https://ads-tools.bayme.internal';

let dir: string;
let key: SigningKey;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'install-packages-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = join(dir, 'bayme-extension.pem');
  await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  key = readSigningKey(keyFile);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A build as `npm run build:extension` leaves it: the signed one has its CRX beside the zip. */
async function writeBuild(
  outputDir: string,
  version: string,
  signing: SigningKey | null,
): Promise<{ zip: Buffer; crx: Buffer | null }> {
  await mkdir(join(outputDir, 'chrome-mv3'), { recursive: true });
  await writeFile(
    join(outputDir, 'chrome-mv3', 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Bayme Ads Toolkit',
      version,
      key: signing?.manifestKey ?? DEVELOPMENT_MANIFEST_KEY,
    }),
  );
  const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(5000)]);
  const zipPath = join(outputDir, `bayme-ads-toolkit-${version}-chrome.zip`);
  await writeFile(zipPath, zip);
  if (!signing) return { zip, crx: null };
  const crxPath = zipPath.replace(/\.zip$/, '.crx');
  await packCrx({ zipPath, crxPath, key: signing });
  return { zip, crx: await readFile(crxPath) };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('a signed build', () => {
  let companion: TestCompanion;
  let crx: Buffer;
  let zip: Buffer;

  beforeAll(async () => {
    const outputDir = join(dir, 'signed');
    ({ zip, crx } = (await writeBuild(outputDir, '1.4.0', key)) as { zip: Buffer; crx: Buffer });
    companion = await startTestCompanion({
      EXTENSION_OUTPUT_DIR: outputDir,
      EXTENSION_SIGNING_KEY_FILE: key.file,
      PUBLIC_URL,
    });
  });
  afterAll(async () => {
    await companion?.close();
  });

  it('is served as a CRX, with an ETag of its hash, to be revalidated', async () => {
    const response = await companion.app.inject({ method: 'GET', url: '/install/extension.crx' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-chrome-extension');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers.etag).toBe(`"${sha256(crx)}"`);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="bayme-ads-toolkit-1.4.0.crx"',
    );
    expect(response.rawPayload.equals(crx)).toBe(true);
  });

  it('answers 304 without a body when the ETag still matches, and in full when not', async () => {
    const etag = `"${sha256(crx)}"`;
    const unchanged = await companion.app.inject({
      method: 'GET',
      url: '/install/extension.crx',
      headers: { 'if-none-match': etag },
    });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.rawPayload.length).toBe(0);
    expect(unchanged.headers.etag).toBe(etag);
    const changed = await companion.app.inject({
      method: 'GET',
      url: '/install/extension.crx',
      headers: { 'if-none-match': '"an-older-build"' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.rawPayload.equals(crx)).toBe(true);
  });

  it('is offered by the update manifest: id, version, the CRX’s address and hash', async () => {
    const response = await companion.app.inject({ method: 'GET', url: '/install/updates.xml' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain(`<app appid="${key.extensionId}">`);
    expect(response.body).toContain(
      `<updatecheck codebase="${PUBLIC_URL}/install/extension.crx" version="1.4.0" hash_sha256="${sha256(crx)}" />`,
    );
    const again = await companion.app.inject({
      method: 'GET',
      url: '/install/updates.xml',
      headers: { 'if-none-match': String(response.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('lets the extension signed with the server’s key call the API', async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { ...companion.as('viewer'), origin: `chrome-extension://${key.extensionId}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(
      `chrome-extension://${key.extensionId}`,
    );
  });

  it('gets an install page with the policy for each platform and the manual fallback', async () => {
    const response = await companion.app.inject({ method: 'GET', url: '/install' });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    const entry = `${key.extensionId};${PUBLIC_URL}/install/updates.xml`;
    expect(html).toContain('version 1.4.0');
    expect(html).toContain(`<pre style=`);
    expect(html).toContain(`>${entry}</pre>`);
    expect(html).toContain(`>${PUBLIC_URL}/install/*</pre>`);
    expect(html).toContain('sudo tee /etc/opt/chrome/policies/managed/bayme-ads-toolkit.json');
    expect(html).toContain('sudo tee /etc/chromium/policies/managed/bayme-ads-toolkit.json');
    expect(html).toContain(`&quot;ExtensionInstallForcelist&quot;: [\n    &quot;${entry}&quot;`);
    expect(html).toContain(
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\ExtensionInstallForcelist',
    );
    expect(html).toContain('&lt;string&gt;com.google.Chrome&lt;/string&gt;');
    expect(html).toContain('Load unpacked');
    expect(html).toContain(`SHA-256 <code>${sha256(crx)}</code>`);
    expect(html).toContain(`SHA-256 <code>${sha256(zip)}</code>`);
    expect(html).not.toContain('Development build');
    expect(html).not.toContain('does not accept this build');
  });
});

describe('a development build', () => {
  let companion: TestCompanion;

  beforeAll(async () => {
    const outputDir = join(dir, 'development');
    await writeBuild(outputDir, '1.4.0', null);
    companion = await startTestCompanion({ EXTENSION_OUTPUT_DIR: outputDir, PUBLIC_URL });
  });
  afterAll(async () => {
    await companion?.close();
  });

  it('has no CRX and no update manifest, and says why', async () => {
    for (const url of ['/install/extension.crx', '/install/updates.xml']) {
      const response = await companion.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.message).toContain(
        'No signed package (CRX) has been built on this server',
      );
    }
  });

  it('is labelled on the install page, which offers no policy for it', async () => {
    const html = (await companion.app.inject({ method: 'GET', url: '/install' })).body;
    expect(html).toContain(
      `Development build — development id <code>${DEVELOPMENT_EXTENSION_ID}</code>`,
    );
    expect(html).not.toContain('ExtensionInstallForcelist');
    expect(html).toContain('Load unpacked');
  });
});

describe('a build signed with a key the server does not have', () => {
  it('is flagged on the install page', async () => {
    const outputDir = join(dir, 'foreign');
    await writeBuild(outputDir, '1.4.0', key);
    const companion = await startTestCompanion({ EXTENSION_OUTPUT_DIR: outputDir, PUBLIC_URL });
    try {
      const html = (await companion.app.inject({ method: 'GET', url: '/install' })).body;
      expect(html).toContain('This server does not accept this build');
      expect(html).toContain(`The build's id <code>${key.extensionId}</code>`);
    } finally {
      await companion.close();
    }
  });
});

describe('the minimum extension version', () => {
  let companion: TestCompanion;

  beforeAll(async () => {
    companion = await startTestCompanion({ EXTENSION_MIN_VERSION: '1.3.0', PUBLIC_URL });
  });
  afterAll(async () => {
    await companion?.close();
  });

  const me = (headers: Record<string, string>) =>
    companion.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { ...companion.as('viewer'), origin: EXTENSION_ORIGIN, ...headers },
    });

  it('refuses an older build, saying which versions and how to update', async () => {
    const response = await me({ 'x-bayme-extension-version': '1.2.9' });
    expect(response.statusCode).toBe(426);
    expect(response.json()).toEqual({
      error: {
        code: 'extension_outdated',
        message: `This copy of the Bayme Ads Toolkit is version 1.2.9; this server accepts version 1.3.0 or newer, so it refuses its requests until it is updated. Where your company manages Chrome, it updates itself (to update now: chrome://extensions, switch on Developer mode, press Update); otherwise install the new version from ${PUBLIC_URL}/install.`,
      },
    });
  });

  it('refuses it before doing anything, changes included', async () => {
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/me/rotate-key',
      headers: {
        ...companion.as('viewer'),
        origin: EXTENSION_ORIGIN,
        'x-bayme-extension-version': '1.2.9',
      },
    });
    expect(response.statusCode).toBe(426);
    // The key was not rotated: it still works.
    expect((await me({ 'x-bayme-extension-version': '1.3.0' })).statusCode).toBe(200);
  });

  it('refuses an extension page that does not say its version (a build from before the header)', async () => {
    const response = await me({});
    expect(response.statusCode).toBe(426);
    expect(response.json().error.message).toMatch(
      /^This copy of the Bayme Ads Toolkit is older than version 1\.3\.0; /,
    );
  });

  it.each([['1.3.0'], ['1.3'], ['1.10.0'], ['2.0.0.1']])('accepts %s', async (version) => {
    expect((await me({ 'x-bayme-extension-version': version })).statusCode).toBe(200);
  });

  it('refuses a version header that is not a version', async () => {
    const response = await me({ 'x-bayme-extension-version': 'latest' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'The x-bayme-extension-version header must be an extension version such as 1.4.0; it was "latest".',
    );
  });

  it('lets an old build still ask which version is current, to say how to update', async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/extension/latest',
      headers: {
        ...companion.as('viewer'),
        origin: EXTENSION_ORIGIN,
        'x-bayme-extension-version': '1.0.0',
      },
    });
    expect(response.statusCode).toBe(200);
  });

  it('leaves calls that are not the extension’s alone (scripts, the CLI)', async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: companion.as('viewer'),
    });
    expect(response.statusCode).toBe(200);
  });

  it('does not get in the way of a CORS preflight', async () => {
    const response = await companion.app.inject({
      method: 'OPTIONS',
      url: '/api/me',
      headers: {
        origin: EXTENSION_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(response.statusCode).toBe(204);
  });
});

describe('without a minimum version', () => {
  it('accepts any build', async () => {
    const companion = await startTestCompanion();
    try {
      const response = await companion.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: {
          ...companion.as('viewer'),
          origin: EXTENSION_ORIGIN,
          'x-bayme-extension-version': '0.0.1',
        },
      });
      expect(response.statusCode).toBe(200);
    } finally {
      await companion.close();
    }
  });
});
