import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packCrx, writeChecksumFile } from './crx-package';
import { DEVELOPMENT_EXTENSION_ID } from './extension-id';
import { findExtensionRelease } from './extension-release';
import {
  createSigningKey,
  readSigningKey,
  readSigningKeyIfPresent,
  type SigningKey,
  signingKeyFileFor,
} from './signing-key';

/**
 * `npm run build:extension [-- --create-key]`: builds the extension with `wxt zip` into
 * WXT_OUT_DIR (default .output) and, with Bayme's signing key, packs the CRX beside the zip;
 * each file gets a `.sha256` checksum beside it.
 *
 * The key is EXTENSION_SIGNING_KEY_FILE, else the data directory's (DATA_DIR, default
 * ./data) when there is one; wxt.config.ts puts its public half in the manifest.
 * `--create-key` (what `npm start` passes) creates the data directory's key when there is
 * none and no TikTok credentials are set: the first start in emulator mode. Without a key
 * the build is a development build: the development id, no CRX, and it says so.
 */
const { values } = parseArgs({ options: { 'create-key': { type: 'boolean', default: false } } });

try {
  const key = signingKey(values['create-key'] ?? false);
  const outDir = resolve(process.env.WXT_OUT_DIR ?? '.output');
  const wxt = spawnSync('npx', ['wxt', 'zip'], {
    stdio: 'inherit',
    env: { ...process.env, ...(key ? { EXTENSION_SIGNING_KEY_FILE: key.file } : {}) },
  });
  if (wxt.status !== 0) process.exit(wxt.status ?? 1);

  const release = await findExtensionRelease(outDir);
  if (!release) throw new Error(`wxt zip left no extension build in ${outDir}.`);
  const crxPath = release.zipPath.replace(/\.zip$/, '.crx');
  const zipSha256 = await writeChecksumFile(release.zipPath);
  const lines = [
    '',
    `  Extension ${release.version} built in ${outDir}`,
    `    ${basename(release.zipPath)}  sha256 ${zipSha256}`,
  ];
  if (key) {
    if (release.extensionId !== key.extensionId) {
      throw new Error(
        `The build's manifest has the id ${release.extensionId}, not the signing key's ${key.extensionId}; wxt.config.ts did not use ${key.file}.`,
      );
    }
    await packCrx({ zipPath: release.zipPath, crxPath, key });
    lines.push(
      `    ${basename(crxPath)}  sha256 ${await writeChecksumFile(crxPath)}`,
      `  Signed with ${key.file}: extension id ${key.extensionId}.`,
      '',
    );
    console.info(lines.join('\n'));
  } else {
    // A CRX of the same version from an earlier signed build would not be this build.
    await rm(crxPath, { force: true });
    await rm(`${crxPath}.sha256`, { force: true });
    lines.push(
      '',
      `  DEVELOPMENT BUILD: development id ${DEVELOPMENT_EXTENSION_ID}, no CRX.`,
      "  It was built without Bayme's signing key: it can be loaded unpacked, but Chrome's",
      '  policy can neither install nor update it. Set EXTENSION_SIGNING_KEY_FILE to the key',
      "  (see the README's install section) and build again.",
      '',
    );
    console.warn(lines.join('\n'));
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

function signingKey(createKey: boolean): SigningKey | null {
  const setting = process.env.EXTENSION_SIGNING_KEY_FILE;
  const file = resolve(signingKeyFileFor(setting, process.env.DATA_DIR ?? './data'));
  if (setting) return readSigningKey(file);
  const existing = readSigningKeyIfPresent(file);
  const emulatorMode = !process.env.TIKTOK_APP_ID && !process.env.TIKTOK_APP_SECRET;
  if (existing || !createKey || !emulatorMode) return existing;
  const created = createSigningKey(file);
  console.warn(
    [
      '',
      `  A new key for signing the extension was created: ${created.file}`,
      `  It gives the extension the id ${created.extensionId}.`,
      '',
      '  BACK IT UP somewhere safe, away from this machine. Chrome knows the extension by this',
      '  key: a build signed with any other key is another extension, and every machine and',
      '  policy entry would have to change. For production, keep it outside the data directory',
      '  and name it with EXTENSION_SIGNING_KEY_FILE.',
      '',
    ].join('\n'),
  );
  return created;
}
