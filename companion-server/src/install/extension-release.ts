import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The extension build the server hands out: `wxt build` writes the unpacked extension to
 * `<output>/chrome-mv3/`, `wxt zip` the archive `<output>/<name>-<version>-chrome.zip`.
 * Read from disk on each request, so a rebuild is served without a restart.
 */
export interface ExtensionRelease {
  version: string;
  zipPath: string;
  zipBytes: number;
}

const ManifestSchema = z.object({ version: z.string().min(1) });

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
  const { version } = manifest.data;
  const zipName = (await readdir(outputDir)).find((name) =>
    name.endsWith(`-${version}-chrome.zip`),
  );
  if (!zipName) return null;
  const zipPath = join(outputDir, zipName);
  return { version, zipPath, zipBytes: (await stat(zipPath)).size };
}
