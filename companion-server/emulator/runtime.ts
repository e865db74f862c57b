import { EmulatorClock } from './core/clock';
import { DeliverySimulator } from './metrics/delivery-simulator';
import { loadWorld, prepareWorldDirectory } from './persistence/world-files';
import { WorldSaver } from './persistence/world-saver';
import {
  type EmulatorOptions,
  MUTABLE_SETTING_KEYS,
  type MutableSettingKey,
  type MutableSettings,
} from './settings';
import type { App } from './state/model';
import { seedState } from './state/seed';
import { EmulatorState } from './state/store';
import { CallLog } from './traffic/call-log';
import { FaultInjector } from './traffic/faults';
import { EmulatorRateLimiter } from './traffic/rate-limits';

/** Where this runtime's world came from when it started. */
export type WorldOrigin = 'memory' | 'seeded' | 'loaded' | 'reseeded';

/** Everything an emulator instance holds, shared by its route plugins. */
export class EmulatorRuntime {
  state: EmulatorState;
  readonly clock = new EmulatorClock();
  simulator: DeliverySimulator;
  readonly rateLimiter: EmulatorRateLimiter;
  // Traffic, not the world: never saved, so a restart starts with none of them.
  readonly faults = new FaultInjector();
  readonly calls = new CallLog();
  /**
   * memory: no data directory; seeded: a new directory got the seed; loaded: the saved world;
   * reseeded: the seed replaced a saved world (startOver).
   */
  readonly worldOrigin: WorldOrigin;
  /** Settings changed through the control API, saved with the world. */
  private readonly changedSettings: MutableSettings = {};
  private readonly saver: WorldSaver | null = null;

  /**
   * `pinnedSettings`: the mutable settings the caller gave explicitly; they win over those a
   * saved world carries (its control-API changes), the others are taken from the world.
   */
  constructor(
    readonly options: EmulatorOptions,
    pinnedSettings: readonly MutableSettingKey[] = [],
  ) {
    this.rateLimiter = new EmulatorRateLimiter(() => this.options);
    this.state = this.newState();
    const { dataDir } = options;
    const loaded = dataDir && !options.startOver ? loadWorld(dataDir, this.state) : null;
    if (loaded) {
      const { file } = loaded;
      const app = this.app();
      this.state.apps.set(app.app_id, app);
      this.clock.setOffset(file.clock_offset_ms);
      this.options.largeAccountAdGroups = file.large_account_adgroups;
      for (const key of MUTABLE_SETTING_KEYS) {
        const value = file.settings[key];
        if (value === undefined || pinnedSettings.includes(key)) continue;
        Object.assign(this.options, { [key]: value });
        Object.assign(this.changedSettings, { [key]: value });
      }
    } else {
      if (options.startAt !== undefined) this.clock.set(options.startAt);
      this.seed();
    }
    this.simulator = new DeliverySimulator(this.state, this.clock);

    if (dataDir === undefined) {
      this.worldOrigin = 'memory';
      return;
    }
    this.worldOrigin = loaded ? 'loaded' : options.startOver ? 'reseeded' : 'seeded';
    prepareWorldDirectory(dataDir);
    this.saver = new WorldSaver(
      dataDir,
      () => ({
        state: this.state,
        clockOffsetMs: this.clock.offset,
        settings: this.changedSettings,
        largeAccountAdGroups: this.options.largeAccountAdGroups,
      }),
      loaded ? { state: this.state, taskIds: loaded.taskIds } : null,
    );
    // A new world is saved at once: its times are relative to this start.
    if (!loaded) this.saver.changed();
  }

  /** Back to the seed data, with no tokens, faults, calls or throttling history. */
  reset(largeAccountAdGroups = this.options.largeAccountAdGroups): void {
    this.options.largeAccountAdGroups = largeAccountAdGroups;
    this.state = this.newState();
    this.faults.clear();
    this.calls.clear();
    this.rateLimiter.reset();
    this.seed();
    this.simulator = new DeliverySimulator(this.state, this.clock);
    this.worldChanged();
  }

  /** Change settings while running (PATCH /__emulator/settings); a persisted world keeps them. */
  changeSettings(patch: MutableSettings): void {
    for (const key of MUTABLE_SETTING_KEYS) {
      const value = patch[key];
      if (value === undefined) continue;
      Object.assign(this.options, { [key]: value });
      Object.assign(this.changedSettings, { [key]: value });
    }
    this.worldChanged();
  }

  /**
   * The world may have changed in a way `EmulatorState.touch()` does not announce (a token,
   * a code, a report task, the clock): save it soon, if it is saved at all.
   */
  worldChanged(): void {
    this.saver?.changed();
  }

  /** Write whatever is unsaved now (a no-op for a world in memory). */
  async saveWorld(): Promise<void> {
    await this.saver?.flush();
  }

  /** The last save, when the emulator closes. */
  async close(): Promise<void> {
    await this.saver?.close();
  }

  private newState(): EmulatorState {
    return new EmulatorState(() => this.saver?.changed());
  }

  /**
   * The app is configuration, not world: made from the options at every start (a loaded
   * world is not asked for it), so a server now on another port has its redirect URI accepted.
   */
  private app(): App {
    return {
      app_id: this.options.appId,
      secret: this.options.appSecret,
      name: 'Bayme Ads Toolkit',
      redirect_uris: this.options.redirectUris,
    };
  }

  private seed(): void {
    seedState(this.state, {
      now: this.clock.now(),
      app: this.app(),
      largeAccountAdGroups: this.options.largeAccountAdGroups,
      largeAccounts: this.options.largeAccounts,
    });
  }
}
