import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DEVELOPMENT_MANIFEST_KEY } from '../contract/extension-identity';
import { extensionIdOfManifestKey } from './extension-id';

/**
 * The extension build the server hands out: `wxt build` writes the unpacked extension to
 * `<output>/chrome-mv3/`, `wxt zip` the archive `<output>/<name>-<version>-chrome.zip`, and
 * `npm run build:extension` (build-extension.ts), with Bayme's signing key, the CRX
 * `<name>-<version>-chrome.crx` beside it. Read from disk on each request, so a rebuild is
 * served without a restart.
 */
export interface ExtensionRelease {
  version: string;
  zipPath: string;
  zipBytes: number;
  /** The id Chrome gives this build, from its manifest's `key`; null when it has none. */
  extensionId: string | null;
  /** Built without Bayme's signing key: the development id (or none), and no CRX. */
  development: boolean;
  /** The signed package for Chrome's policy install and updates; null for development builds. */
  crxPath: string | null;
}

const ManifestSchema = z.object({ version: z.string().min(1), key: z.string().min(1).optional() });

export async function findExtensionRelease(outputDir: string): Promise<ExtensionRelease | null> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(outputDir, 'chrome-mv3', 'manifest.json'), 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch {
    // Caught mid-rebuild: behave as if there were no build until it is complete.
    return null;
  }
  const manifest = ManifestSchema.safeParse(json);
  if (!manifest.success) return null;
  const { version, key } = manifest.data;
  const names = await readdir(outputDir);
  const zipName = names.find((name) => name.endsWith(`-${version}-chrome.zip`));
  if (!zipName) return null;
  const zipPath = join(outputDir, zipName);
  const development = key === undefined || key === DEVELOPMENT_MANIFEST_KEY;
  const crxName = zipName.replace(/\.zip$/, '.crx');
  return {
    version,
    zipPath,
    zipBytes: (await stat(zipPath)).size,
    extensionId: key === undefined ? null : extensionIdOfManifestKey(key),
    development,
    // A development build's CRX cannot exist (no one has its private key); one lying there
    // is from another build and would not install as this id.
    crxPath: !development && names.includes(crxName) ? join(outputDir, crxName) : null,
  };
}
