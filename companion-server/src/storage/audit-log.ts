import { randomInt } from 'node:crypto';
import { appendFile, mkdir, open, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  type AuditEntry,
  type AuditEntryInput,
  AuditEntryInputSchema,
  AuditEntrySchema,
  type AuditPage,
  type AuditQuery,
  AuditQuerySchema,
} from '../contract/audit';
import { withFileLock } from './file-lock';

/**
 * The audit log: one JSON entry per line in `audit-<created>-<sequence>.jsonl` files, the
 * newest being appended to. Several processes (the server and the CLI) append to the same
 * directory without a lock: each entry is a single O_APPEND write, so lines never interleave.
 * Only starting a new file takes a lock.
 */

export interface AuditLogOptions {
  dir: string;
  /** A file at least this large is full: the next entry starts a new file. */
  maxFileBytes?: number;
  now?: () => Date;
}

export interface AuditQueryResult extends AuditPage {
  /**
   * Lines the query had to read that are not valid entries (e.g. the torn last line of a
   * crash); they are skipped.
   */
  skippedLines: number;
}

const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const FILE_NAME = /^audit-(\d{8}T\d{6})-(\d+)\.jsonl$/;
const READ_CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Entries reach the files in roughly, not exactly, id order: two processes may write in the
 * opposite order to the one in which they made their ids. A query keeps reading this far (in
 * id time) past the point where it has enough entries, so such neighbours are still sorted in.
 */
const ORDER_SKEW_MS = 5_000;

interface LogFile {
  name: string;
  sequence: number;
}

export class AuditLog {
  readonly #dir: string;
  readonly #maxFileBytes: number;
  readonly #now: () => Date;
  #current: string | null;
  /**
   * '\n' when the current file does not end with one (a line torn by a crash), so that the
   * next entry starts on a line of its own instead of joining the torn one.
   */
  #separator: string;
  readonly #ids = new EntryIds();
  /** Appends of one instance go one at a time, so its entries reach the file in id order. */
  #appending: Promise<unknown> = Promise.resolve();

  private constructor(options: AuditLogOptions, current: string | null, separator: string) {
    this.#dir = options.dir;
    this.#maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.#now = options.now ?? (() => new Date());
    this.#current = current;
    this.#separator = separator;
  }

  static async open(options: AuditLogOptions): Promise<AuditLog> {
    await mkdir(options.dir, { recursive: true });
    const [newest] = await listFilesNewestFirst(options.dir);
    if (newest === undefined) return new AuditLog(options, null, '');
    return new AuditLog(options, newest.name, await separatorFor(join(options.dir, newest.name)));
  }

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    const parsed = AuditEntryInputSchema.parse(input);
    const appended = this.#appending.then(async () => {
      const file = await this.#writableFile();
      const at = this.#now();
      const entry: AuditEntry = { id: this.#ids.next(at), at: at.toISOString(), ...parsed };
      await appendFile(join(this.#dir, file), `${this.#separator}${JSON.stringify(entry)}\n`, {
        encoding: 'utf8',
        mode: 0o600,
      });
      this.#separator = '';
      return entry;
    });
    this.#appending = appended.catch(() => undefined);
    return appended;
  }

  /** Resolves once every append started so far has been written (or has failed). */
  async settled(): Promise<void> {
    await this.#appending;
  }

  /**
   * Newest first. Reads from the end of the newest file and stops once the page is full.
   * `visible` narrows what the reader may see, before paging, so pages stay full.
   */
  async query(
    query: z.input<typeof AuditQuerySchema>,
    visible: (entry: AuditEntry) => boolean = () => true,
  ): Promise<AuditQueryResult> {
    const q = AuditQuerySchema.parse(query);
    const wanted = q.limit + 1;
    const cursorMs = q.cursor === undefined ? null : idTimeMs(q.cursor);
    const fromMs = q.from === undefined ? null : Date.parse(q.from);
    const toMs = q.to === undefined ? null : Date.parse(q.to);
    const matches = (entry: AuditEntry): boolean => {
      if (!visible(entry)) return false;
      if (q.cursor !== undefined && entry.id >= q.cursor) return false;
      if (q.entityId !== undefined && !mentions(entry, q.entityId)) return false;
      if (q.staffId !== undefined && entry.actor.staffId !== q.staffId) return false;
      // Entries about several ad accounts (a connection) name them in entityIds.
      if (
        q.advertiserId !== undefined &&
        entry.advertiserId !== q.advertiserId &&
        !entry.entityIds.includes(q.advertiserId)
      ) {
        return false;
      }
      if (q.action !== undefined && !actionMatches(entry.action, q.action)) return false;
      const atMs = Date.parse(entry.at);
      if (fromMs !== null && atMs < fromMs) return false;
      return toMs === null || atMs <= toMs;
    };

    const snippets = requiredSnippets(q);
    /** Sorted newest first, at most `wanted` long. */
    const found: AuditEntry[] = [];
    let skippedLines = 0;
    const isPastEnough = (entryMs: number): boolean => {
      // An entry's `at` is never later than its id time, and ids are out of file order by at
      // most ORDER_SKEW_MS.
      if (fromMs !== null && entryMs < fromMs - ORDER_SKEW_MS) return true;
      const oldestKept = found[wanted - 1];
      return oldestKept !== undefined && entryMs < idTimeMs(oldestKept.id) - ORDER_SKEW_MS;
    };

    const scan = async (): Promise<void> => {
      for (const file of await listFilesNewestFirst(this.#dir)) {
        const path = join(this.#dir, file.name);
        if (cursorMs !== null && (await isWhollyNewerThan(path, cursorMs))) continue;
        for await (const lines of lineBatchesFromEnd(path)) {
          for (const line of lines) {
            if (!snippets.every((snippet) => line.includes(snippet))) {
              const lineMs = lineIdTimeMs(line);
              if (lineMs !== null) {
                if (isPastEnough(lineMs)) return;
                continue;
              }
            }
            const entry = parseEntry(line);
            if (entry === null) {
              skippedLines += 1;
              continue;
            }
            if (isPastEnough(idTimeMs(entry.id))) return;
            if (matches(entry)) insertNewestFirst(found, entry, wanted);
          }
        }
      }
    };
    await scan();

    const entries = found.slice(0, q.limit);
    const last = entries.at(-1);
    const nextCursor = found.length > q.limit && last !== undefined ? last.id : null;
    return { entries, nextCursor, skippedLines };
  }

  /** The file to append to: the current one unless it is full (or gone). */
  async #writableFile(): Promise<string> {
    if (this.#current !== null) {
      // Always the size on disk: other processes append too, and every process must agree on
      // when a file is full, or some would keep writing to a file the others have left.
      const size = await fileSize(join(this.#dir, this.#current));
      if (size !== null && size < this.#maxFileBytes) return this.#current;
    }
    const { name, separator } = await withFileLock(join(this.#dir, '.rotate.lock'), async () => {
      const [newest] = await listFilesNewestFirst(this.#dir);
      if (newest !== undefined) {
        const path = join(this.#dir, newest.name);
        const size = await fileSize(path);
        if (size !== null && size < this.#maxFileBytes) {
          return { name: newest.name, separator: await separatorFor(path) };
        }
      }
      const created = `audit-${fileTimestamp(this.#now())}-${(newest?.sequence ?? 0) + 1}.jsonl`;
      await writeFile(join(this.#dir, created), '', { flag: 'wx', mode: 0o600 });
      return { name: created, separator: '' };
    });
    this.#current = name;
    this.#separator = separator;
    return name;
  }
}

async function listFilesNewestFirst(dir: string): Promise<LogFile[]> {
  const files: LogFile[] = [];
  for (const name of await readdir(dir)) {
    const match = FILE_NAME.exec(name);
    if (match?.[2] !== undefined) files.push({ name, sequence: Number(match[2]) });
  }
  // By sequence, not by the creation time in the name: the clock may have been set back.
  return files.sort((a, b) => b.sequence - a.sequence);
}

async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads only the file's last byte. */
async function separatorFor(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return '';
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === NEWLINE ? '' : '\n';
  } finally {
    await handle.close();
  }
}

function fileTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:]/g, '');
}

/*
 * Ids: time (ms, base 36, 11 digits: every valid Date fits), a counter (base 36, 4 digits) and
 * 6 random base-36 digits so that two processes never make the same id. The time never goes
 * back within one log, so a log's ids always increase even if the clock is set back.
 */
const ID_TIME_DIGITS = 11;
const ID_COUNTER_DIGITS = 4;
const ID_RANDOM_DIGITS = 6;
const ID_COUNTER_LIMIT = 36 ** ID_COUNTER_DIGITS;

class EntryIds {
  #lastMs = 0;
  #counter = 0;

  next(at: Date): string {
    let ms = Math.max(at.getTime(), this.#lastMs);
    if (ms === this.#lastMs) {
      this.#counter += 1;
      if (this.#counter === ID_COUNTER_LIMIT) {
        ms += 1;
        this.#counter = 0;
      }
    } else {
      this.#counter = 0;
    }
    this.#lastMs = ms;
    return (
      ms.toString(36).padStart(ID_TIME_DIGITS, '0') +
      this.#counter.toString(36).padStart(ID_COUNTER_DIGITS, '0') +
      randomInt(36 ** ID_RANDOM_DIGITS)
        .toString(36)
        .padStart(ID_RANDOM_DIGITS, '0')
    );
  }
}

/** NaN for an id that is not ours, which makes every time comparison false (keep reading). */
function idTimeMs(id: string): number {
  const digits = id.slice(0, ID_TIME_DIGITS);
  return /^[0-9a-z]+$/.test(digits) ? Number.parseInt(digits, 36) : Number.NaN;
}

/**
 * Text that every line matching the query contains, as JSON.stringify wrote it: most lines of
 * a filtered query fail this test and are never parsed.
 */
function requiredSnippets(query: AuditQuery): string[] {
  const snippets: string[] = [];
  for (const value of [query.entityId, query.staffId, query.advertiserId]) {
    if (value !== undefined) snippets.push(JSON.stringify(value));
  }
  if (query.action !== undefined) {
    const quoted = JSON.stringify(query.action);
    snippets.push(query.action.endsWith('.') ? quoted.slice(0, -1) : quoted);
  }
  return snippets;
}

/** Every entry this log writes starts with its id. */
const LINE_ID_PREFIX = '{"id":"';

/** The time in the id at the start of the line, without parsing it; null if it has none. */
function lineIdTimeMs(line: string): number | null {
  if (!line.startsWith(LINE_ID_PREFIX)) return null;
  return idTimeMs(line.slice(LINE_ID_PREFIX.length, LINE_ID_PREFIX.length + ID_TIME_DIGITS));
}

function mentions(entry: AuditEntry, entityId: string): boolean {
  return (
    entry.entityIds.includes(entityId) ||
    entry.changes.some((change) => change.entityId === entityId)
  );
}

/** `adgroup.` matches every `adgroup.*` action; anything else must match exactly. */
function actionMatches(action: string, wanted: string): boolean {
  return wanted.endsWith('.') ? action.startsWith(wanted) : action === wanted;
}

function parseEntry(line: string): AuditEntry | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const result = AuditEntrySchema.safeParse(json);
  return result.success ? result.data : null;
}

function insertNewestFirst(found: AuditEntry[], entry: AuditEntry, capacity: number): void {
  let index = found.length;
  while (index > 0) {
    const previous = found[index - 1];
    if (previous === undefined || previous.id >= entry.id) break;
    index -= 1;
  }
  if (index >= capacity) return;
  found.splice(index, 0, entry);
  if (found.length > capacity) found.pop();
}

/** Whether every entry of the file is newer than `ms`, judged from its first line. */
async function isWhollyNewerThan(path: string, ms: number): Promise<boolean> {
  const first = await firstLine(path);
  const entry = first === null ? null : parseEntry(first);
  return entry !== null && idTimeMs(entry.id) - ORDER_SKEW_MS > ms;
}

async function firstLine(path: string): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let position = 0;
    for (;;) {
      const chunk = Buffer.alloc(READ_CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) return null;
      const end = chunk.subarray(0, bytesRead).indexOf(NEWLINE);
      if (end !== -1) {
        chunks.push(chunk.subarray(0, end));
        return Buffer.concat(chunks).toString('utf8');
      }
      chunks.push(chunk.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The file's lines, last first, reading backwards a chunk at a time. Splitting on the newline
 * byte is safe in UTF-8 (it never occurs inside a multi-byte character). Lines appended while
 * reading are not returned.
 */
async function* lineBatchesFromEnd(path: string): AsyncGenerator<string[]> {
  const handle = await open(path, 'r');
  try {
    let position = (await handle.stat()).size;
    /** The bytes after the earliest newline seen so far: a line whose start is not read yet. */
    let pending = Buffer.alloc(0);
    while (position > 0) {
      const length = Math.min(READ_CHUNK_BYTES, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(chunk, filled, length - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      const buffer = Buffer.concat([chunk.subarray(0, filled), pending]);
      const lines: string[] = [];
      let end = buffer.length;
      for (let index = buffer.lastIndexOf(NEWLINE); index !== -1; ) {
        if (end > index + 1) lines.push(buffer.toString('utf8', index + 1, end));
        end = index;
        index = index === 0 ? -1 : buffer.lastIndexOf(NEWLINE, index - 1);
      }
      pending = buffer.subarray(0, end);
      yield lines;
    }
    if (pending.length > 0) yield [pending.toString('utf8')];
  } finally {
    await handle.close();
  }
}
