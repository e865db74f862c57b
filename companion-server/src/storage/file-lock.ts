import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * An exclusive lock on a path, shared by every process on this machine that uses this module
 * (the server and the CLI): the lock is a file created with O_EXCL holding `{pid, at}`.
 * Not re-entrant: calling withFileLock for a path already held by the same call chain throws
 * instead of waiting for itself forever.
 */

export interface FileLockOptions {
  /** How long to wait for another process to release the lock. */
  timeoutMs?: number;
}

/**
 * A holder refreshes its lock file's mtime while it runs, so a lock this old was abandoned
 * even if its pid is alive (the pid was reused, or belongs to another container).
 */
const STALE_AFTER_MS = 30_000;
const HEARTBEAT_MS = 5_000;
const FIRST_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 100;

const LockContentSchema = z.object({ pid: z.number().int().positive(), at: z.string() });

interface LockHolder {
  content: string;
  pid: number | null;
  at: string | null;
  ageMs: number;
}

/** O_EXCL does not exclude callers in the same process from each other: they queue here. */
const queues = new Map<string, Promise<void>>();
const heldByCallChain = new AsyncLocalStorage<ReadonlySet<string>>();

export async function withFileLock<R>(
  lockPath: string,
  fn: () => R | Promise<R>,
  { timeoutMs = 5_000 }: FileLockOptions = {},
): Promise<R> {
  const path = resolve(lockPath);
  const held = heldByCallChain.getStore() ?? new Set<string>();
  if (held.has(path)) {
    throw new Error(`withFileLock is not re-entrant: ${path} is already held by this caller.`);
  }

  const previous = queues.get(path) ?? Promise.resolve();
  let leaveQueue = () => {};
  const turn = new Promise<void>((resolveTurn) => {
    leaveQueue = resolveTurn;
  });
  const tail = previous.then(() => turn);
  queues.set(path, tail);
  await previous;
  try {
    const release = await acquire(path, timeoutMs);
    try {
      return await heldByCallChain.run(new Set([...held, path]), fn);
    } finally {
      await release();
    }
  } finally {
    leaveQueue();
    if (queues.get(path) === tail) queues.delete(path);
  }
}

async function acquire(path: string, timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  let backoffMs = FIRST_BACKOFF_MS;
  for (;;) {
    const content = JSON.stringify({ pid: process.pid, at: new Date().toISOString() });
    if (await tryCreate(path, content)) return hold(path);

    const holder = await inspect(path);
    if (holder === null) continue;
    if (isStale(holder)) {
      await removeStale(path, holder.content);
      continue;
    }
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) throw lockedError(path, holder);
    const jitterMs = Math.random() * backoffMs;
    await sleep(Math.min(backoffMs + jitterMs, remainingMs));
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content, 'utf8');
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
  return true;
}

function hold(path: string): () => Promise<void> {
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    await unlink(path).catch((error: unknown) => {
      if (errorCode(error) !== 'ENOENT') throw error;
    });
  };
}

/** The current holder, or null when the lock was released in the meantime. */
async function inspect(path: string): Promise<LockHolder | null> {
  try {
    const [content, stats] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const ageMs = Date.now() - stats.mtimeMs;
    const parsed = LockContentSchema.safeParse(safeJsonParse(content));
    // A holder that has created the file but not yet written it leaves it empty for a moment.
    if (!parsed.success) return { content, pid: null, at: null, ageMs };
    return { content, pid: parsed.data.pid, at: parsed.data.at, ageMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function isStale(holder: LockHolder): boolean {
  if (holder.ageMs > STALE_AFTER_MS) return true;
  return holder.pid !== null && !isProcessAlive(holder.pid);
}

function isProcessAlive(pid: number): boolean {
  // Our own queue guarantees this process does not hold the lock while waiting for it, so a
  // lock with our pid is left over from an earlier process that had the same pid (common in
  // containers, where the server is often pid 1 after every restart).
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) !== 'ESRCH';
  }
}

/**
 * Moving the stale lock aside (atomic) rather than deleting it: two waiters may judge the same
 * lock stale, and the slower one must not delete the fresh lock the faster one just created.
 */
async function removeStale(path: string, staleContent: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== staleContent) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function lockedError(path: string, holder: LockHolder): Error {
  const who = holder.pid === null ? 'another process' : `process ${holder.pid}`;
  const since = holder.at === null ? '' : ` since ${holder.at}`;
  return new Error(
    `The data directory is locked by ${who}${since} (lock file ${path}). ` +
      'Wait for that process to finish or stop it, then try again.',
  );
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
