import { afterAll, beforeAll, beforeEach } from 'vitest';
import { START, type World, world } from '../emulator/support';
import { startTestEmulator, type TestEmulator } from './emulator';

/**
 * One emulator for a test file, started at START before its first test and closed after its
 * last; before each test the clock goes back to START, the world to its seed, and a fresh
 * access token is minted, so that no test sees what another did. It registers the hooks
 * itself: call it at the top level of the file, and read its fields inside tests and hooks.
 */
export interface SeededEmulator extends TestEmulator {
  /** An access token for every seeded ad account, minted for this test. */
  readonly token: string;
  /** The seeded world as this test starts. */
  readonly seed: World;
  /** The seeded ad account in USD, the one most tests use. */
  readonly usId: string;
}

export function seededEmulator(): SeededEmulator {
  let running: TestEmulator | null = null;
  let current: { token: string; seed: World } | null = null;
  const started = (): TestEmulator => {
    if (!running) throw new Error('The emulator starts in beforeAll: use it in tests and hooks.');
    return running;
  };
  const reset = () => {
    if (!current) throw new Error('The world is reset in beforeEach: use it in tests.');
    return current;
  };

  beforeAll(async () => {
    running = await startTestEmulator({ startAt: START });
  });
  beforeEach(async () => {
    const { control } = started();
    await control.clock({ set: START });
    await control.reset();
    const token = await control.mintToken();
    current = { token, seed: world(await control.state()) };
  });
  afterAll(() => running?.close());

  return {
    get url() {
      return started().url;
    },
    get api() {
      return started().api;
    },
    get control() {
      return started().control;
    },
    get server() {
      return started().server;
    },
    close: () => started().close(),
    get token() {
      return reset().token;
    },
    get seed() {
      return reset().seed;
    },
    get usId() {
      return reset().seed.account('USD').advertiser_id;
    },
  };
}
