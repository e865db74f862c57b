import { type RunningEmulator, startEmulator } from '../../companion-server/emulator/app';
import type { EmulatorOptionsInput } from '../../companion-server/emulator/settings';
import { type ControlClient, controlClient } from './control-client';
import { type RawApi, rawApi } from './raw-api';

/**
 * An emulator on a free loopback port, with a raw HTTP client for its API and a client for
 * its control API. Everything goes over real HTTP, as it will in production.
 */
export interface TestEmulator {
  url: string;
  api: RawApi;
  control: ControlClient;
  close(): Promise<void>;
  /** The in-process server, for the few checks that need it (e.g. the app secret). */
  server: RunningEmulator;
}

/** Rate limiting is off unless a test asks for it: most tests are about other rules. */
export async function startTestEmulator(options: EmulatorOptionsInput = {}): Promise<TestEmulator> {
  const server = await startEmulator({ rateLimiting: false, ...options });
  return {
    url: server.url,
    api: rawApi(server.url),
    control: controlClient(server.url),
    close: () => server.close(),
    server,
  };
}
