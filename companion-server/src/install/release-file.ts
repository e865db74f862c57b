import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * A release file read whole for serving (a few hundred kB): its bytes, their SHA-256 and an
 * ETag from it, so the hash Chrome is told, the ETag and the bytes sent always agree even
 * while a rebuild replaces the file.
 */
export interface ReleaseFile {
  bytes: Buffer;
  sha256: string;
  etag: string;
}

/** The file, or null when it vanished since the release was found (a rebuild under way). */
export async function readReleaseFile(path: string): Promise<ReleaseFile | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return releaseFileOf(bytes);
}

/** Bytes made for one response (the update manifest), with their hash and ETag. */
export function releaseFileOf(bytes: Buffer): ReleaseFile {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { bytes, sha256, etag: `"${sha256}"` };
}

/** Whether an `If-None-Match` header names this ETag (or `*`), weak or strong. */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
