import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The companion server as staff run it, as a child process: `node --import tsx
 * companion-server/src/server.ts` with only the environment a test gives it.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const STAFF_KEY = /bayme_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/g;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

export interface RunningProcess {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  banner: string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];

/** Start the server and wait for its whole banner. */
export async function startServerProcess(env: Record<string, string>): Promise<RunningProcess> {
  // Only what the test sets: no TikTok credentials or other settings from the environment.
  const child = spawn(process.execPath, ['--import', 'tsx', 'companion-server/src/server.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no banner within 30 s:\n${stdout}\n${stderr}`)),
      30_000,
    );
    const look = () => {
      const complete =
        / {2}Data directory .*\n/.test(stdout) &&
        (!stdout.includes('First run') || stdout.includes('disable the bootstrap admin.'));
      if (!complete) return;
      clearTimeout(timer);
      resolve(stdout);
    };
    child.stdout?.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before its banner:\n${stdout}\n${stderr}`));
    });
  });
  return { child, output: () => `${stdout}\n${stderr}`, banner, exited };
}

export async function stop(server: RunningProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

/** Kill every server process a test left running (call from afterAll). */
export function killServerProcesses(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
