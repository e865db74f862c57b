import { afterAll, beforeAll } from 'vitest';
import { connectAllAccounts, type E2eWorld, signInThroughPopup, startWorld } from './harness';

/**
 * The world most browser tests start from: the server and Chromium with the built extension
 * (startWorld), every ad account of the emulator connected, and the extension signed in as
 * the bootstrap admin. It registers its own hooks: call it in a `describe`, which gets the
 * world before its first test and closes it after its last; read the fields inside tests
 * and hooks.
 */
export interface SignedInWorld extends E2eWorld {
  /** The server's emulator, for setting things at "TikTok" directly and reading its calls. */
  readonly emulatorUrl: string;
}

export function signedInWorld(): SignedInWorld {
  let running: E2eWorld | null = null;
  const started = (): E2eWorld => {
    if (!running) throw new Error('The world starts in beforeAll: use it in tests and hooks.');
    return running;
  };

  beforeAll(async () => {
    running = await startWorld();
    const adminKey = running.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(running, adminKey);
    await signInThroughPopup(running, adminKey);
  });
  afterAll(async () => {
    await running?.close();
  });

  return {
    get server() {
      return started().server;
    },
    get serverUrl() {
      return started().serverUrl;
    },
    get browser() {
      return started().browser;
    },
    get extensionId() {
      return started().extensionId;
    },
    get dataDir() {
      return started().dataDir;
    },
    get emulatorUrl() {
      return started().server.emulator?.url ?? '';
    },
    close: () => started().close(),
  };
}
