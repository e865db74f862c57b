import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './free-port';

/**
 * Build the extension once for the browser tests, with its companion server at a port
 * chosen now (the build fixes that address and its host permission), and hand the ports
 * and the build's folder to the tests.
 */
export default async function setup(project: TestProject) {
  const serverPort = await freePort();
  const emulatorPort = await freePort();
  const outDir = await mkdtemp(join(tmpdir(), 'bayme-e2e-build-'));
  buildExtensionFor({ serverPort, emulatorPort, outDir });
  project.provide('e2e', {
    serverPort,
    emulatorPort,
    outDir,
    extensionDir: join(outDir, 'chrome-mv3'),
  });
  return async () => {
    await rm(outDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { serverPort: number; emulatorPort: number; outDir: string; extensionDir: string };
  }
}

/**
 * A production-mode build of the extension for a server and an emulator at these ports. The
 * demo target also runs its content scripts on the emulator's replica page; the production
 * target (`production: true`) runs them on ads.tiktok.com only, as staff get it.
 */
export function buildExtensionFor(target: {
  serverPort: number;
  emulatorPort: number;
  outDir: string;
  production?: boolean;
}): void {
  execFileSync('npx', ['wxt', 'zip'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      // Vitest sets NODE_ENV=test, which would make a development build (React's dev JSX).
      NODE_ENV: 'production',
      COMPANION_URL: `http://127.0.0.1:${target.serverPort}`,
      ...(target.production
        ? { EXTENSION_TARGET: 'production' }
        : // The demo build: content scripts also run on the emulator's Ads Manager replica.
          { REPLICA_ORIGIN: `http://127.0.0.1:${target.emulatorPort}` }),
      WXT_OUT_DIR: target.outDir,
    },
    stdio: 'pipe',
  });
}
