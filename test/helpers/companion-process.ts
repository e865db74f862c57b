import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerApi, serverApi } from './server-api';
import { freePort, type RunningProcess, STAFF_KEY, startServerProcess } from './server-process';

/**
 * A companion server process on a fresh data directory and port, using an emulator that
 * runs in the test (so that it outlives the server), with the bootstrap admin's key. It can
 * be started again on the same data directory and port, as after a restart.
 */
export interface CompanionProcess {
  dataDir: string;
  base: string;
  env: Record<string, string>;
  /** Calls as the bootstrap admin. */
  api: ServerApi;
  /** The process running now (or last). */
  server: RunningProcess;
  /** Start again on the same data directory and port; `env` is added to the first one's. */
  restart(env?: Record<string, string>): Promise<RunningProcess>;
  /** Delete the data directory (the process must have exited). */
  removeData(): Promise<void>;
}

export async function startCompanionProcess(
  emulatorUrl: string,
  env: Record<string, string> = {},
): Promise<CompanionProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'companion-process-'));
  const firstEnv = {
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    EMULATOR_URL: emulatorUrl,
    LOG_LEVEL: 'warn',
    ...env,
  };
  const base = `http://127.0.0.1:${firstEnv.PORT}`;
  const first = await startServerProcess(firstEnv);
  const key = first.banner.match(STAFF_KEY)?.[0];
  if (!key) throw new Error(`no bootstrap admin key in the banner:\n${first.banner}`);
  const companion: CompanionProcess = {
    dataDir,
    base,
    env: firstEnv,
    api: serverApi(base, key),
    server: first,
    async restart(more = {}) {
      companion.server = await startServerProcess({ ...firstEnv, ...more });
      return companion.server;
    },
    removeData: () => rm(dataDir, { recursive: true, force: true }),
  };
  return companion;
}
