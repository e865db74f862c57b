import { readFile, stat, unlink } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { IsoDateTimeSchema, LocalIdSchema } from '../contract/common';
import { type LayoutHints, LayoutHintsSchema } from '../contract/page-layout';
import { writeFileAtomic } from '../storage/atomic-file';

/**
 * The layout hints document set by an admin, in one JSON file replaced atomically. It is read
 * on every extension page load, so the parsed file is remembered until the file changes on
 * disk. A file that is not valid is treated as absent (the extension then uses its built-in
 * list) and logged once per change of the file, not on every read.
 */

const STORED_HINTS_VERSION = 1;

const StoredHintsSchema = z.object({
  version: z.literal(STORED_HINTS_VERSION),
  hints: LayoutHintsSchema,
  updatedBy: z.object({ staffId: LocalIdSchema, name: z.string() }),
  storedAt: IsoDateTimeSchema,
});
export type StoredHints = z.infer<typeof StoredHintsSchema>;

/** What identifies one content of the file, without reading it. */
interface FileSignature {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export class LayoutHintsStore {
  readonly #file: string;
  readonly #log: FastifyBaseLogger;
  #cached: { signature: FileSignature; stored: StoredHints | null } | null = null;

  constructor(options: { file: string; log: FastifyBaseLogger }) {
    this.#file = options.file;
    this.#log = options.log;
  }

  /** The stored document, or null when there is none or it is damaged. */
  async read(): Promise<StoredHints | null> {
    const signature = await this.#signature();
    if (signature === null) return null;
    if (this.#cached !== null && sameSignature(this.#cached.signature, signature)) {
      return this.#cached.stored;
    }
    const stored = this.#parse(await readFile(this.#file, 'utf8').catch(() => null));
    this.#cached = { signature, stored };
    return stored;
  }

  async write(hints: LayoutHints, updatedBy: StoredHints['updatedBy'], at: Date): Promise<void> {
    const stored = StoredHintsSchema.parse({
      version: STORED_HINTS_VERSION,
      hints,
      updatedBy,
      storedAt: at.toISOString(),
    });
    await writeFileAtomic(this.#file, `${JSON.stringify(stored, null, 2)}\n`);
  }

  /** Whether there was a file (valid or not) to remove. */
  async remove(): Promise<boolean> {
    try {
      await unlink(this.#file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async #signature(): Promise<FileSignature | null> {
    try {
      const stats = await stat(this.#file);
      return {
        ino: stats.ino,
        size: stats.size,
        mtimeMs: stats.mtimeMs,
        ctimeMs: stats.ctimeMs,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  #parse(text: string | null): StoredHints | null {
    let json: unknown;
    try {
      json = text === null ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = StoredHintsSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    this.#log.error(
      { file: this.#file, issues: parsed.error.issues.slice(0, 3) },
      'the layout hints file is damaged; the extension uses its built-in hints until an admin sets new ones',
    );
    return null;
  }
}

function sameSignature(a: FileSignature, b: FileSignature): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}
