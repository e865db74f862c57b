import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import crx3 from 'crx3';
import type { SigningKey } from './signing-key';

/**
 * Packs the extension's zip as a CRX3 signed with Bayme's key: the CRX holds the very zip
 * offered for download, so both are the same build byte for byte.
 *
 * The packer is the `crx3` package, pinned at 1.1.3: its 2.x line needs Node 22 (it
 * `require`s the ESM-only pbf 4), and 1.1.3 is the last release for Node 20. It is the
 * package's own code for a format Chrome has not changed since CRX3 became mandatory
 * (Chrome 73), and the browser test installs what it writes. Chromium's
 * `--pack-extension` was the alternative; it would make a browser a requirement of the
 * server that builds. Move to crx3 2.x with Node 22.
 */
export async function packCrx(options: {
  zipPath: string;
  crxPath: string;
  key: SigningKey;
}): Promise<void> {
  const packed = await crx3(createReadStream(options.zipPath), {
    keyPath: options.key.file,
    crxPath: options.crxPath,
  });
  if (packed.appId !== options.key.extensionId) {
    throw new Error(
      `The CRX was signed for ${packed.appId}, not for ${options.key.extensionId}: ${options.key.file} changed while packing.`,
    );
  }
}

/** SHA-256 of a file, lowercase hex. */
export async function sha256OfFile(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/**
 * Writes `<path>.sha256` in the form `sha256sum -c` checks: the file's hash, two spaces,
 * its name. Returns the hash.
 */
export async function writeChecksumFile(path: string): Promise<string> {
  const sha256 = await sha256OfFile(path);
  await writeFile(`${path}.sha256`, `${sha256}  ${basename(path)}\n`);
  return sha256;
}
