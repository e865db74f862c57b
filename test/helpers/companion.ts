import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../companion-server/src/app';
import { loadConfig, type ServerConfig } from '../../companion-server/src/config';
import type { Role } from '../../companion-server/src/contract/common';
import { DEVELOPMENT_EXTENSION_ID } from '../../companion-server/src/install/extension-id';
import { createContext, type ServerContext } from '../../companion-server/src/services';
import { startTestEmulator, type TestEmulator } from './emulator';

/**
 * A companion server for tests: the real app on a temporary data directory, talking to a
 * real emulator over HTTP, with one staff member per role. Tests drive it with `inject`.
 */
export interface TestCompanion {
  app: FastifyInstance;
  context: ServerContext;
  emulator: TestEmulator;
  config: ServerConfig;
  dataDir: string;
  /** A staff key per role, and their ids. */
  keys: Record<Role, string>;
  staffIds: Record<Role, string>;
  /** Authorization header for a role. */
  as(role: Role): { authorization: string };
  close(): Promise<void>;
}

export const EXTENSION_ORIGIN = `chrome-extension://${DEVELOPMENT_EXTENSION_ID}`;
export const TEST_REDIRECT_URI = 'http://127.0.0.1:8787/oauth/callback';

export async function startTestCompanion(
  env: Record<string, string> = {},
  options: { now?: () => Date } = {},
): Promise<TestCompanion> {
  const dataDir = await mkdtemp(join(tmpdir(), 'companion-test-'));
  const emulator = await startTestEmulator({ redirectUris: [TEST_REDIRECT_URI] });
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    EXTENSION_OUTPUT_DIR: join(dataDir, 'no-extension-build'),
    ...env,
  });
  const log = pino({ level: 'silent' });
  const context = await createContext(
    config,
    { origin: emulator.url, appSecret: emulator.server.runtime.options.appSecret },
    log,
    options.now,
  );
  const system = { kind: 'system' as const, staffId: null, email: null };
  const keys = {} as Record<Role, string>;
  const staffIds = {} as Record<Role, string>;
  for (const role of ['viewer', 'buyer', 'admin'] as const) {
    const { staff, key } = await context.staff.add(
      { email: `${role}@bayme.example`, name: `Test ${role}`, role },
      system,
    );
    keys[role] = key;
    staffIds[role] = staff.id;
  }
  const app = await buildApp(context);
  await app.ready();
  return {
    app,
    context,
    emulator,
    config,
    dataDir,
    keys,
    staffIds,
    as: (role) => ({ authorization: `Bearer ${keys[role]}` }),
    async close() {
      await app.close();
      await context.ruleScheduler.stop();
      await context.notifier.close();
      context.sql.close();
      // Refused requests are audited after their response; let those writes finish.
      await context.audit.settled();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
