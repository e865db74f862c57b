import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replacing a file so that a crash leaves the old file or the new one, never a torn or empty
 * one: a temporary file beside it (unique name, owner only), the text written, fsync, rename
 * over the file, fsync of the directory. lowdb's writer (steno) renames a temporary file into
 * place but never fsyncs it, so after a power cut the file could be empty; its fixed
 * temporary name would also collide between processes.
 */

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await writeFileAtomicInPieces(file, [text]);
}

/**
 * The same with text given in pieces, each turned into bytes and written in turn: turning a
 * file of several megabytes (the emulator's world) into bytes at once would hold the event
 * loop for tens of milliseconds; piece by piece it never does.
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
    // 0600: the server's state holds key hashes and encrypted tokens, the emulator's its tokens.
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
