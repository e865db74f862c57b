import { type Stats, statSync } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low, LowSync } from 'lowdb';
import { JSONFile, JSONFileSync } from 'lowdb/node';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-file';
import { withFileLock } from './file-lock';

/**
 * A JSON file holding one versioned, schema-checked value, shared safely between the server
 * and CLI processes: every update re-reads the file under a cross-process lock and replaces it
 * atomically; reads notice when another process has replaced it.
 */

export interface Migration {
  from: number;
  to: number;
  /** Receives the data at version `from`; the store sets `version` to `to` on the result. */
  migrate(data: unknown): unknown;
}

export interface StateStoreOptions<T> {
  file: string;
  schema: z.ZodType<T>;
  version: number;
  migrations: readonly Migration[];
  initial: () => T;
  lockTimeoutMs?: number;
}

export class StateStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateStoreError';
  }
}

/** The store owns the top-level `version` field, so the stored value must carry it. */
type Versioned = { version: number };

interface FileSignature {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

interface Loaded<T> {
  state: T;
  signature: FileSignature;
}

export class StateStore<T extends Versioned> {
  readonly #options: StateStoreOptions<T>;
  #state: T;
  #signature: FileSignature;

  private constructor(options: StateStoreOptions<T>, loaded: Loaded<T>) {
    this.#options = options;
    this.#state = deepFreeze(loaded.state);
    this.#signature = loaded.signature;
  }

  static async open<T extends Versioned>(options: StateStoreOptions<T>): Promise<StateStore<T>> {
    await mkdir(dirname(options.file), { recursive: true });
    const loaded = await withFileLock(
      lockPathOf(options.file),
      () => loadLocked(options, { createIfMissing: true }),
      { timeoutMs: options.lockTimeoutMs },
    );
    return new StateStore(options, loaded);
  }

  /**
   * The current state, reloaded first if another process has replaced the file. It is the
   * store's own copy, frozen: reading is on every request's path and in every step of a
   * rules cycle, and a copy of the whole state per read (jobs, journals, rules) was most of
   * a cycle's time. Change it through `update`; copy what you want to change locally.
   */
  read(): T {
    this.#reloadIfChanged();
    return this.#state;
  }

  /**
   * Applies `mutate` to a copy of the state as it is on disk now and saves the result if it is
   * valid. Throwing from `mutate` saves nothing. Must not call `update` on the same file itself.
   */
  async update<R>(mutate: (draft: T) => R | Promise<R>): Promise<R> {
    const options = this.#options;
    return withFileLock(
      lockPathOf(options.file),
      async () => {
        const current = await loadLocked(options, { createIfMissing: false });
        this.#state = deepFreeze(current.state);
        this.#signature = current.signature;

        const draft = structuredClone(current.state);
        const result = await mutate(draft);
        const saved = await save(options, draft, 'update');
        this.#state = deepFreeze(saved.state);
        this.#signature = saved.signature;
        return result;
      },
      { timeoutMs: options.lockTimeoutMs },
    );
  }

  #reloadIfChanged(): void {
    const file = this.#options.file;
    let signature: FileSignature;
    try {
      signature = signatureOf(statSync(file));
    } catch {
      // A file that vanished or cannot be read stays served from memory; the next update
      // reports the problem.
      return;
    }
    if (sameSignature(signature, this.#signature)) return;
    // Recorded even if the new content is invalid, so a bad file is parsed once, not per read.
    this.#signature = signature;
    try {
      this.#state = deepFreeze(decode(this.#options, readJsonSync(file)).state);
    } catch (error) {
      if (!(error instanceof StateStoreError)) throw error;
    }
  }
}

/** Freezes a parsed state object throughout (plain objects and arrays only, as JSON gives). */
function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function lockPathOf(file: string): string {
  return `${file}.lock`;
}

/** Reads, migrates (saving the result, after a backup) and validates the file. Caller holds the lock. */
async function loadLocked<T extends Versioned>(
  options: StateStoreOptions<T>,
  { createIfMissing }: { createIfMissing: boolean },
): Promise<Loaded<T>> {
  const { file } = options;
  let stats: Stats;
  try {
    stats = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(file, error);
    if (!createIfMissing) {
      throw new StateStoreError(
        `${file} has disappeared since the server started. Restore it from a backup, or ` +
          'restart the server to begin with an empty state.',
      );
    }
    return save(options, options.initial(), 'initial');
  }

  const { state, fromVersion } = decode(options, await readJson(file));
  if (fromVersion === options.version) return { state, signature: signatureOf(stats) };
  await copyFile(file, `${file}.v${fromVersion}.bak`);
  return save(options, state, 'migration');
}

/** The data at `options.version`, validated; the file name in every error. */
function decode<T extends Versioned>(
  options: StateStoreOptions<T>,
  raw: unknown,
): { state: T; fromVersion: number } {
  const { file, version: target } = options;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidFile(file, 'it does not hold a JSON object');
  }
  const fromVersion = 'version' in raw ? raw.version : undefined;
  if (typeof fromVersion !== 'number' || !Number.isInteger(fromVersion) || fromVersion < 0) {
    throw invalidFile(file, 'it has no valid "version" field');
  }
  if (fromVersion > target) {
    throw new StateStoreError(
      `${file} was written by a newer version of the server (data version ${fromVersion}; this ` +
        `one understands up to ${target}). Upgrade the server; the file was left unchanged.`,
    );
  }

  let data: unknown = raw;
  let version = fromVersion;
  while (version < target) {
    const step = options.migrations.find((migration) => migration.from === version);
    if (step === undefined || step.to <= step.from || step.to > target) {
      throw invalidFile(file, `there is no migration from data version ${version} to ${target}`);
    }
    data = runMigration(file, step, data);
    version = step.to;
  }
  return { state: validate(options, data, (problem) => invalidFile(file, problem)), fromVersion };
}

function runMigration(file: string, step: Migration, data: unknown): unknown {
  let migrated: unknown;
  try {
    migrated = step.migrate(data);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalidFile(
      file,
      `the migration from version ${step.from} to ${step.to} failed: ${reason}`,
    );
  }
  if (typeof migrated !== 'object' || migrated === null || Array.isArray(migrated)) {
    throw invalidFile(file, `the migration to version ${step.to} did not produce a JSON object`);
  }
  return { ...migrated, version: step.to };
}

function validate<T extends Versioned>(
  options: StateStoreOptions<T>,
  data: unknown,
  fail: (problem: string) => StateStoreError,
): T {
  const result = options.schema.safeParse(data);
  if (!result.success) {
    const [first] = result.error.issues;
    const where = first && first.path.length > 0 ? first.path.map(String).join('.') : '(root)';
    const more =
      result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
    throw fail(`${where}: ${first?.message ?? 'invalid'}${more}`);
  }
  if (result.data.version !== options.version) {
    throw fail(`version: expected ${options.version}, got ${String(result.data.version)}`);
  }
  return result.data;
}

/**
 * Validates what a later load will see (the JSON form of `value`, which drops `undefined` and
 * turns dates into strings), then replaces the file atomically.
 */
async function save<T extends Versioned>(
  options: StateStoreOptions<T>,
  value: T,
  reason: 'initial' | 'update' | 'migration',
): Promise<Loaded<T>> {
  const { file } = options;
  const state = validate(options, JSON.parse(JSON.stringify(value)), (problem) =>
    reason === 'update'
      ? new StateStoreError(
          `Refused to save ${file}: the updated state is invalid at ${problem}. Nothing was written.`,
        )
      : invalidFile(file, `the ${reason} state is invalid at ${problem}`),
  );
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
  return { state, signature: signatureOf(await stat(file)) };
}

async function readJson(file: string): Promise<unknown> {
  const db = new Low<unknown>(new JSONFile<unknown>(file), null);
  try {
    await db.read();
  } catch (error) {
    throw readFailure(file, error);
  }
  return db.data;
}

function readJsonSync(file: string): unknown {
  const db = new LowSync<unknown>(new JSONFileSync<unknown>(file), null);
  try {
    db.read();
  } catch (error) {
    throw readFailure(file, error);
  }
  return db.data;
}

function readFailure(file: string, error: unknown): StateStoreError {
  if (error instanceof SyntaxError)
    return invalidFile(file, `it is not valid JSON (${error.message})`);
  return unreadable(file, error);
}

function unreadable(file: string, error: unknown): StateStoreError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StateStoreError(`Cannot read ${file}: ${reason}. Check the file's permissions.`);
}

function invalidFile(file: string, problem: string): StateStoreError {
  return new StateStoreError(
    `Cannot load ${file}: ${problem}. The file was left unchanged; correct it or restore a ` +
      'backup, then start again.',
  );
}

function signatureOf(stats: Stats): FileSignature {
  return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

function sameSignature(a: FileSignature, b: FileSignature): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}
