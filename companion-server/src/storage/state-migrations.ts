import { join } from 'node:path';
import { DEFAULT_GUARDRAILS } from '../contract/bulk-edits';
import { DEFAULT_ORDERS_SETTINGS } from '../contract/orders-settings';
import { DEFAULT_RULES_SETTINGS } from '../contract/rules';
import { emptyState, STATE_VERSION, type State, StateSchema } from './state-schema';
import { type Migration, StateStore } from './state-store';

/**
 * The steps that bring an older data/state.json up to STATE_VERSION, applied in order when the
 * server or the CLI opens it (after copying the old file to state.json.v<old>.bak).
 *
 * To change the state's shape: change StateSchema, bump STATE_VERSION, and append a step
 * `{ from: <old>, to: <new>, migrate }` here. `migrate` receives the parsed JSON exactly as the
 * old version wrote it (treat it as unknown: nothing has validated it yet), returns the data in
 * the new shape, and must not read anything but its argument; the store sets `version` and
 * validates the result with the new StateSchema. Keep old steps forever: a server that was
 * not upgraded for a while runs them one after another. Add a test that migrates a saved
 * example of the old file.
 */
export const STATE_MIGRATIONS: Migration[] = [
  {
    // Version 2 adds the bulk-edit guardrails, starting from Bayme's defaults.
    from: 1,
    to: 2,
    migrate: (data) => ({
      ...(data as Record<string, unknown>),
      guardrails: { ...DEFAULT_GUARDRAILS },
    }),
  },
  {
    // Version 3 adds automated rules: none yet, and not paused.
    from: 2,
    to: 3,
    migrate: (data) => ({
      ...(data as Record<string, unknown>),
      rules: [],
      rulesSettings: { ...DEFAULT_RULES_SETTINGS },
    }),
  },
  {
    // Version 4 adds scheduled changes: none yet (the rules' switch already holds them).
    from: 3,
    to: 4,
    migrate: (data) => ({
      ...(data as Record<string, unknown>),
      scheduledChanges: [],
    }),
  },
  {
    // Version 5 adds the orders settings, starting from the default template and window.
    from: 4,
    to: 5,
    migrate: (data) => ({
      ...(data as Record<string, unknown>),
      ordersSettings: { ...DEFAULT_ORDERS_SETTINGS },
    }),
  },
];

export function openStateStore(dataDir: string): Promise<StateStore<State>> {
  return StateStore.open({
    file: join(dataDir, 'state.json'),
    schema: StateSchema,
    version: STATE_VERSION,
    migrations: STATE_MIGRATIONS,
    initial: emptyState,
  });
}
