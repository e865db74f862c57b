import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replace a file with text given in pieces: a temporary file beside it (unique name, owner
 * only), each piece written in turn, fsync, rename over the file, fsync of the directory. A
 * crash leaves the old file or the new one. The same steps as `writeFileAtomic` in
 * src/storage/state-store.ts, which takes one string: turning a world of several megabytes
 * into bytes at once would hold the event loop for tens of milliseconds, piece by piece it
 * never does.
 */
export async function writeFileAtomicInPieces(
  file: string,
  pieces: Iterable<string>,
): Promise<void> {
  const directory = dirname(file);
  const temporary = join(
    directory,
    `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      for (const piece of pieces) {
        const bytes = Buffer.from(piece, 'utf8');
        // A write may take fewer bytes than given; the rest follows.
        for (let offset = 0; offset < bytes.length; ) {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
          offset += bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

/** Makes the rename itself durable. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
  }
}
