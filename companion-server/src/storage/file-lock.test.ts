import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FILE_LOCK_MODULE = fileURLToPath(new URL('./file-lock.ts', import.meta.url));

let dir: string;
let lockPath: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-lock-'));
  lockPath = join(dir, 'state.json.lock');
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function spawnNode(args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves with the first stdout line that starts with `prefix`. */
function lineFrom(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let errors = '';
    child.stdout?.on('data', (data: Buffer) => {
      buffered += data.toString();
      const line = buffered.split('\n').find((candidate) => candidate.startsWith(prefix));
      if (line !== undefined) resolve(line);
    });
    child.stderr?.on('data', (data: Buffer) => {
      errors += data.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`child exited (${code}) before "${prefix}": ${errors}`)),
    );
  });
}

async function deadPid(): Promise<number> {
  const child = spawnNode(['-e', '']);
  await exited(child);
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

function sleepingChild(): ChildProcess {
  return spawnNode(['-e', 'setTimeout(() => {}, 60_000)']);
}

describe('withFileLock', () => {
  it('returns the result of fn and removes the lock file afterwards', async () => {
    const result = await withFileLock(lockPath, async () => {
      const content = JSON.parse(await readFile(lockPath, 'utf8'));
      expect(content.pid).toBe(process.pid);
      expect(Number.isNaN(Date.parse(content.at))).toBe(false);
      return 42;
    });
    expect(result).toBe(42);
    expect(await readdir(dir)).toEqual([]);
  });

  it('releases the lock when fn throws', async () => {
    await expect(
      withFileLock(lockPath, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
    expect(await withFileLock(lockPath, () => 'again', { timeoutMs: 100 })).toBe('again');
  });

  it('runs callers in the same process one at a time, in call order', async () => {
    let inside = 0;
    let maxInside = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        withFileLock(lockPath, async () => {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          await new Promise((resolve) => setTimeout(resolve, 1));
          order.push(index);
          inside -= 1;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(order).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it('refuses a nested call for the same path instead of deadlocking', async () => {
    await expect(
      withFileLock(lockPath, () => withFileLock(lockPath, () => 'never')),
    ).rejects.toThrow(/not re-entrant/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const pid = await deadPid();
    await writeFile(lockPath, JSON.stringify({ pid, at: new Date().toISOString() }));
    const started = Date.now();
    expect(await withFileLock(lockPath, () => 'mine', { timeoutMs: 1_000 })).toBe('mine');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lock not refreshed for more than 30 s even if its pid is alive', async () => {
    const child = sleepingChild();
    const old = new Date(Date.now() - 31_000);
    await writeFile(lockPath, JSON.stringify({ pid: child.pid, at: old.toISOString() }));
    await utimes(lockPath, old, old);
    expect(await withFileLock(lockPath, () => 'mine', { timeoutMs: 1_000 })).toBe('mine');
  });

  it('times out on a lock held by a live process, naming that process', async () => {
    const child = sleepingChild();
    await writeFile(lockPath, JSON.stringify({ pid: child.pid, at: new Date().toISOString() }));
    const started = Date.now();
    await expect(withFileLock(lockPath, () => 'never', { timeoutMs: 300 })).rejects.toThrow(
      `The data directory is locked by process ${child.pid}`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(child.pid);
  });

  it('excludes this process while a child process holds the lock', async () => {
    const script = [
      `import { withFileLock } from ${JSON.stringify(FILE_LOCK_MODULE)};`,
      `await withFileLock(${JSON.stringify(lockPath)}, async () => {`,
      `  console.log('locked');`,
      '  await new Promise((resolve) => setTimeout(resolve, 700));',
      "  console.log('released ' + Date.now());",
      '});',
    ].join('\n');
    const child = spawnNode(['--import', 'tsx', '--input-type=module', '-e', script]);
    const exitCode = exited(child);
    const released = lineFrom(child, 'released');
    await lineFrom(child, 'locked');

    await expect(withFileLock(lockPath, () => 'never', { timeoutMs: 100 })).rejects.toThrow(
      `locked by process ${child.pid}`,
    );
    const acquiredAt = await withFileLock(lockPath, () => Date.now(), { timeoutMs: 10_000 });
    const releasedAt = Number((await released).split(' ')[1]);
    expect(acquiredAt).toBeGreaterThanOrEqual(releasedAt);
    expect(await exitCode).toBe(0);
  }, 20_000);
});
