import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SchemaTooNewError, SqlDatabase, type SqlRoom } from './sql-database';

const NOTES_V1 = {
  version: 1,
  name: 'notes',
  sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;',
};
const NOTES_V2 = {
  version: 2,
  name: 'note authors',
  sql: 'ALTER TABLE notes ADD COLUMN author TEXT;',
};
const notes = (...migrations: SqlRoom['migrations']): SqlRoom => ({ room: 'notes', migrations });

describe('SqlDatabase', () => {
  let dir: string;
  let file: string;
  const opened: SqlDatabase[] = [];
  const open = (rooms: SqlRoom[]) => {
    const db = SqlDatabase.open({ file, rooms });
    opened.push(db);
    return db;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sql-database-'));
    file = join(dir, 'data', 'bayme.sqlite');
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the file and its WAL files readable by their owner only', async () => {
    const db = open([notes(NOTES_V1)]);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run(['kept']);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    }
  });

  it('narrows a database file that was made readable by others', async () => {
    open([notes(NOTES_V1)]).close();
    await chmod(file, 0o644);
    open([notes(NOTES_V1)]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('uses WAL, synchronous NORMAL, foreign keys and a busy timeout', () => {
    const db = SqlDatabase.open({ file, rooms: [], busyTimeoutMs: 1_234 });
    opened.push(db);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
    expect(db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    expect(db.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 1_234 });
  });

  it('runs each migration once and records it per room', () => {
    const other: SqlRoom = {
      room: 'orders',
      migrations: [{ version: 1, name: 'orders', sql: 'CREATE TABLE orders (id TEXT) STRICT;' }],
    };
    open([notes(NOTES_V1), other]).close();
    // Reopening with one more migration runs only that one; the table's rows survive.
    const first = open([notes(NOTES_V1)]);
    first.prepare('INSERT INTO notes (body) VALUES (?)').run(['before v2']);
    first.close();
    const db = open([notes(NOTES_V1, NOTES_V2), other]);
    expect(
      db.prepare('SELECT room, version, name FROM schema_migrations ORDER BY room, version').all(),
    ).toEqual([
      { room: 'notes', version: 1, name: 'notes' },
      { room: 'notes', version: 2, name: 'note authors' },
      { room: 'orders', version: 1, name: 'orders' },
    ]);
    expect(db.prepare('SELECT body, author FROM notes').all()).toEqual([
      { body: 'before v2', author: null },
    ]);
  });

  it('refuses a database migrated by a newer version, and leaves it untouched', () => {
    open([notes(NOTES_V1, NOTES_V2)]).close();
    const orders: SqlRoom = {
      room: 'orders',
      migrations: [{ version: 1, name: 'orders', sql: 'CREATE TABLE orders (id TEXT) STRICT;' }],
    };
    expect(() => SqlDatabase.open({ file, rooms: [orders, notes(NOTES_V1)] })).toThrow(
      SchemaTooNewError,
    );
    expect(() => SqlDatabase.open({ file, rooms: [notes(NOTES_V1)] })).toThrow(
      /has migration 2 of "notes", but this version of the server knows only up to 1/,
    );
    const db = open([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'orders'").get()).toBe(
      undefined,
    );
  });

  it('leaves rooms it was not given alone', () => {
    open([notes(NOTES_V1, NOTES_V2)]).close();
    const db = open([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 2 });
  });

  it('rolls a failing migration back whole and says which file', () => {
    const broken = {
      version: 2,
      name: 'half',
      sql: 'CREATE TABLE tags (id TEXT) STRICT; INSERT INTO missing VALUES (1);',
    };
    expect(() => SqlDatabase.open({ file, rooms: [notes(NOTES_V1, broken)] })).toThrow(
      `Cannot open the database ${file}: no such table: missing`,
    );
    const db = open([notes(NOTES_V1)]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'tags'").get()).toBe(undefined);
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({ v: 1 });
  });

  it('rejects migrations that are not numbered 1, 2, 3… and rooms given twice', () => {
    expect(() => SqlDatabase.open({ file, rooms: [notes(NOTES_V2)] })).toThrow(
      /must be numbered 1, 2, 3… in order; found 2 at position 1/,
    );
    expect(() => SqlDatabase.open({ file, rooms: [notes(NOTES_V1), notes(NOTES_V1)] })).toThrow(
      'A room is registered twice.',
    );
  });

  it('says which file is not a database', async () => {
    await mkdir(join(dir, 'data'));
    await writeFile(file, 'this is a text file, not SQLite '.repeat(100));
    expect(() => SqlDatabase.open({ file, rooms: [] })).toThrow(
      `Cannot open the database ${file}: file is not a database`,
    );
  });

  it('commits a transaction that returns and rolls back one that throws', () => {
    const db = open([notes(NOTES_V1)]);
    const insert = db.prepare('INSERT INTO notes (body) VALUES (@body)');
    expect(db.transaction(() => insert.run({ body: 'a' }).changes)).toBe(1);
    expect(() =>
      db.transaction(() => {
        insert.run({ body: 'b' });
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(db.prepare('SELECT body FROM notes').all()).toEqual([{ body: 'a' }]);
  });

  it('keeps what was committed across a close and reopen, and closes once', () => {
    const db = open([notes(NOTES_V1)]);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run(['durable']);
    db.close();
    db.close();
    expect(db.isOpen).toBe(false);
    expect(() => db.prepare('SELECT 1')).toThrow(/not open/);
    expect(
      open([notes(NOTES_V1)])
        .prepare('SELECT body FROM notes')
        .all(),
    ).toEqual([{ body: 'durable' }]);
  });
});
