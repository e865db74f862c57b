import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The companion server's embedded SQL store: one SQLite file in the data directory
 * (`<dataDir>/bayme.sqlite`, the caller chooses the path) shared by every room that needs
 * queries the JSON files cannot answer — the rules' run log now, shop orders later.
 *
 * Each room brings its own ordered list of migrations; `schema_migrations` records which ran,
 * so rooms evolve independently in the same file. A file migrated by a newer version of the
 * server (a version this code does not know) is refused rather than misread.
 *
 * The interface the stores use is deliberately narrow — `prepare(sql)` with `run` / `get` /
 * `all`, `transaction(work)` and `close()` — with `?` or `@name` parameters, `RETURNING` and
 * window functions, all of which PostgreSQL has too. A PostgreSQL implementation would offer
 * the same members returning promises (node-postgres is asynchronous), so the stores' methods
 * would become async at that point, and each room would add a PostgreSQL list of migrations
 * beside its SQLite one (types and JSON functions differ). Rows come back as `unknown`: the
 * stores parse them with zod, since what is on disk is a boundary like any other.
 */

export type SqlValue = string | number | bigint | null;
/** Positional (`?`) values in order, or named (`@name`) values by name. */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

export interface SqlStatement {
  run(params?: SqlParams): { changes: number };
  get(params?: SqlParams): unknown;
  all(params?: SqlParams): unknown[];
}

export interface SqlMigration {
  /** 1, 2, 3… in order; never renumber or edit a migration that has shipped. */
  version: number;
  /** What it does, recorded beside the version for whoever reads the file. */
  name: string;
  /** One or more SQL statements, run together in one transaction. */
  sql: string;
}

/** A part of the server with its own tables and migrations ("rules", "orders"). */
export interface SqlRoom {
  room: string;
  migrations: readonly SqlMigration[];
}

export interface SqlDatabaseOptions {
  file: string;
  /** The rooms this process uses; rooms other processes added to the file are left alone. */
  rooms: readonly SqlRoom[];
  /** How long a statement waits for another connection's write lock before failing. */
  busyTimeoutMs?: number;
  now?: () => Date;
}

/** The file was migrated by a newer version of the server. */
export class SchemaTooNewError extends Error {
  constructor(file: string, room: string, stored: number, known: number) {
    super(
      `The database ${file} has migration ${stored} of "${room}", but this version of the server knows only up to ${known}: it was written by a newer version. Run that version (or newer), or restore a backup made before the upgrade.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const ROOM_NAME = /^[a-z][a-z0-9_]*$/;

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    room TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (room, version)
  ) STRICT`;

export class SqlDatabase {
  readonly file: string;
  readonly #db: Database.Database;
  /** Prepared once per distinct SQL text: preparing is the expensive part of a small query. */
  readonly #statements = new Map<string, Database.Statement>();

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.#db = db;
  }

  static open(options: SqlDatabaseOptions): SqlDatabase {
    for (const room of options.rooms) checkRoom(room);
    const rooms = new Set(options.rooms.map((r) => r.room));
    if (rooms.size !== options.rooms.length) throw new Error('A room is registered twice.');

    createOwnerOnly(options.file);
    let db: Database.Database;
    try {
      db = new Database(options.file, {
        fileMustExist: true,
        timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      });
    } catch (error) {
      throw new Error(`Cannot open the database ${options.file}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    try {
      configure(db, options.file);
      migrate(db, options);
      // Refreshes the query planner's statistics where they are missing or stale, within a
      // small fixed effort (SQLite's advice for connections that stay open for long).
      db.pragma('optimize = 0x10002');
    } catch (error) {
      db.close();
      if (error instanceof SchemaTooNewError) throw error;
      throw new Error(`Cannot open the database ${options.file}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return new SqlDatabase(options.file, db);
  }

  prepare(sql: string): SqlStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    const prepared = statement;
    return {
      run: (params) => (params === undefined ? prepared.run() : prepared.run(params)),
      get: (params) => (params === undefined ? prepared.get() : prepared.get(params)),
      all: (params) => (params === undefined ? prepared.all() : prepared.all(params)),
    };
  }

  /**
   * Runs `work` in one transaction: committed if it returns, rolled back if it throws.
   * `work` must be synchronous (the connection is not shared across awaits). Nested calls
   * become savepoints of the outer transaction.
   */
  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  /** Idempotent. In WAL mode the last connection to close folds the WAL into the file. */
  close(): void {
    if (!this.#db.open) return;
    this.#statements.clear();
    try {
      // Statistics for the next start's query plans, from the queries this process ran.
      this.#db.pragma('optimize');
    } finally {
      this.#db.close();
    }
  }
}

function checkRoom(room: SqlRoom): void {
  if (!ROOM_NAME.test(room.room)) throw new Error(`Invalid room name "${room.room}".`);
  room.migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `The migrations of "${room.room}" must be numbered 1, 2, 3… in order; found ${migration.version} at position ${index + 1}.`,
      );
    }
  });
}

/**
 * The file is created owner-only before SQLite opens it: SQLite would create it with the
 * process's default mode (usually world-readable), and it gives the -wal and -shm files it
 * creates the database file's mode. The data directory holds secrets, and so can this file
 * (webhook URLs while their deliveries are pending). A file made earlier with a wider mode is
 * narrowed, like the state and audit files (atomic-file.ts, audit-log.ts).
 */
function createOwnerOnly(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

function configure(db: Database.Database, file: string): void {
  // WAL: readers never wait for the writer, and a write appends to the log instead of
  // rewriting pages in place.
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new Error(`${file} cannot use write-ahead logging (journal mode stays "${mode}").`);
  }
  // NORMAL with WAL syncs at checkpoints, not at every commit: a committed transaction
  // survives the process crashing or being killed (the WAL is in the OS's cache and is
  // replayed on the next open), which is what restarts mid-run need. Only a power cut or
  // OS crash can lose the last commits — never corrupt the file — and the journals of the
  // actions themselves (bulk-edits/job-journal.ts) are fsynced on their own.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

function migrate(db: Database.Database, options: SqlDatabaseOptions): void {
  db.exec(CREATE_MIGRATIONS_TABLE);
  const newest = db.prepare<[string], { version: number | null }>(
    'SELECT MAX(version) AS version FROM schema_migrations WHERE room = ?',
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (room, version, name, applied_at) VALUES (?, ?, ?, ?)',
  );
  const appliedVersion = (room: string): number => newest.get(room)?.version ?? 0;

  // Every room is checked before any migrates, so a refused file is left as it was.
  for (const room of options.rooms) {
    const stored = appliedVersion(room.room);
    if (stored > room.migrations.length) {
      throw new SchemaTooNewError(options.file, room.room, stored, room.migrations.length);
    }
  }

  const now = options.now ?? (() => new Date());
  for (const room of options.rooms) {
    for (const migration of room.migrations) {
      // IMMEDIATE takes the write lock before reading, so two processes opening the file
      // at once do not both run a migration: the second sees it applied and moves on.
      db.transaction(() => {
        if (appliedVersion(room.room) >= migration.version) return;
        db.exec(migration.sql);
        record.run(room.room, migration.version, migration.name, now().toISOString());
      }).immediate();
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
