import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_MANIFEST_KEY } from '../../companion-server/src/contract/extension-identity';
import { DEVELOPMENT_EXTENSION_ID } from '../../companion-server/src/install/extension-id';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/** The install page staff are sent to, the extension download, and the version check. */

const PUBLIC_URL = 'https://ads-tools.bayme.internal';

/** What `wxt build` and `wxt zip` leave in the output directory (a development build). */
async function writeBuild(outputDir: string, version: string, zip: Buffer): Promise<string> {
  await mkdir(join(outputDir, 'chrome-mv3'), { recursive: true });
  await writeFile(
    join(outputDir, 'chrome-mv3', 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Bayme Ads Toolkit',
      version,
      key: DEVELOPMENT_MANIFEST_KEY,
    }),
  );
  const zipPath = join(outputDir, `bayme-ads-toolkit-${version}-chrome.zip`);
  await writeFile(zipPath, zip);
  return zipPath;
}

const fakeZip = () => Buffer.concat([Buffer.from('PK\x03\x04', 'binary'), randomBytes(3000)]);

describe('without a build', () => {
  let companion: TestCompanion;

  beforeAll(async () => {
    companion = await startTestCompanion();
  });

  afterAll(async () => {
    await companion?.close();
  });

  it('the install page says the extension is not built, to anyone, as HTML', async () => {
    const response = await companion.app.inject({ method: 'GET', url: '/install' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('The extension has not been built on this server');
    expect(response.body).not.toContain('/install/extension.zip');
  });

  it('the install page names a command that really builds the extension', async () => {
    const response = await companion.app.inject({ method: 'GET', url: '/install' });
    const command = /<code>npm (?:run )?([\w:-]+)<\/code>/.exec(response.body)?.[1];
    expect(command, 'the page names no npm command').toBeDefined();
    const packageJson = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    const script: string = packageJson.scripts[command ?? ''] ?? '';
    const builder = /^tsx (\S+\/build-extension\.ts)\b/.exec(script)?.[1];
    expect(builder, `npm ${command} runs "${script}"`).toBeDefined();
    const source = await readFile(new URL(`../../${builder}`, import.meta.url), 'utf8');
    expect(source).toMatch(/spawnSync\('npx', \['wxt', 'zip'\]/);
  });

  it('the download is a 404 that says why', async () => {
    const response = await companion.app.inject({ method: 'GET', url: '/install/extension.zip' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: 'The extension has not been built on this server yet.' },
    });
  });

  it('the version check answers null, with the URLs', async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/extension/latest',
      headers: companion.as('viewer'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      version: null,
      downloadUrl: 'http://127.0.0.1:8787/install/extension.zip',
      installPageUrl: 'http://127.0.0.1:8787/install',
    });
  });
});

describe('with a build', () => {
  let companion: TestCompanion;
  let outputDir: string;
  let zip: Buffer;

  beforeAll(async () => {
    outputDir = await mkdtemp(join(tmpdir(), 'extension-build-'));
    zip = fakeZip();
    await writeBuild(outputDir, '1.2.3', zip);
    companion = await startTestCompanion({ EXTENSION_OUTPUT_DIR: outputDir, PUBLIC_URL });
  });

  afterAll(async () => {
    await companion?.close();
    await rm(outputDir, { recursive: true, force: true });
  });

  const latest = async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/extension/latest',
      headers: companion.as('viewer'),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('the install page shows the version, the download and the steps', async () => {
    const response = await companion.app.inject({ method: 'GET', url: '/install' });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('version 1.2.3');
    expect(html).toContain('href="/install/extension.zip"');
    expect(html).toContain(`Download the extension (${Math.round(zip.length / 1024)} kB)`);
    expect(html).toContain('chrome://extensions');
    expect(html).toContain('Load unpacked');
    expect(html).toContain(
      `Development build — development id <code>${DEVELOPMENT_EXTENSION_ID}</code>`,
    );
    expect(html).toContain(`${PUBLIC_URL}/install/extension.zip`);
    expect(html).not.toContain('has not been built');
  });

  it('the download is the zip, byte for byte, as an attachment', async () => {
    const response = await companion.app.inject({ method: 'GET', url: '/install/extension.zip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="bayme-ads-toolkit-1.2.3.zip"',
    );
    expect(response.headers['content-length']).toBe(String(zip.length));
    expect(response.rawPayload.equals(zip)).toBe(true);
  });

  it('the version check answers the version and the public URLs', async () => {
    expect(await latest()).toEqual({
      version: '1.2.3',
      downloadUrl: `${PUBLIC_URL}/install/extension.zip`,
      installPageUrl: `${PUBLIC_URL}/install`,
    });
  });

  it('serves a rebuild without a restart', async () => {
    const newer = fakeZip();
    await writeBuild(outputDir, '1.2.4', newer);
    try {
      expect((await latest()).version).toBe('1.2.4');
      const download = await companion.app.inject({
        method: 'GET',
        url: '/install/extension.zip',
      });
      expect(download.rawPayload.equals(newer)).toBe(true);
    } finally {
      await unlink(join(outputDir, 'bayme-ads-toolkit-1.2.4-chrome.zip'));
      await writeBuild(outputDir, '1.2.3', zip);
    }
  });

  it('treats a manifest without its zip as no build', async () => {
    await writeBuild(outputDir, '2.0.0', fakeZip());
    await unlink(join(outputDir, 'bayme-ads-toolkit-2.0.0-chrome.zip'));
    try {
      expect((await latest()).version).toBeNull();
      const page = await companion.app.inject({ method: 'GET', url: '/install' });
      expect(page.body).toContain('has not been built');
    } finally {
      await writeBuild(outputDir, '1.2.3', zip);
    }
  });

  it('treats a manifest caught half-written by a rebuild as no build, not as a 500', async () => {
    await writeFile(
      join(outputDir, 'chrome-mv3', 'manifest.json'),
      '{"manifest_version": 3, "vers',
    );
    try {
      const page = await companion.app.inject({ method: 'GET', url: '/install' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('has not been built');
      expect((await latest()).version).toBeNull();
    } finally {
      await writeBuild(outputDir, '1.2.3', zip);
    }
  });

  it('escapes the version it shows', async () => {
    const odd = '1.2.3"><img src=x onerror=alert(1)>';
    await writeBuild(outputDir, odd, fakeZip());
    try {
      const page = await companion.app.inject({ method: 'GET', url: '/install' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('version 1.2.3&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(page.body).not.toContain('<img');
    } finally {
      await unlink(join(outputDir, `bayme-ads-toolkit-${odd}-chrome.zip`));
      await writeBuild(outputDir, '1.2.3', zip);
    }
  });
});
