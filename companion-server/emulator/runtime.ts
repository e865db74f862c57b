import { EmulatorClock } from './core/clock';
import { DeliverySimulator } from './metrics/delivery-simulator';
import type { EmulatorOptions } from './settings';
import { seedState } from './state/seed';
import { EmulatorState } from './state/store';
import { CallLog } from './traffic/call-log';
import { FaultInjector } from './traffic/faults';
import { EmulatorRateLimiter } from './traffic/rate-limits';

/** Everything an emulator instance holds, shared by its route plugins. */
export class EmulatorRuntime {
  state = new EmulatorState();
  readonly clock = new EmulatorClock();
  simulator: DeliverySimulator;
  readonly rateLimiter: EmulatorRateLimiter;
  readonly faults = new FaultInjector();
  readonly calls = new CallLog();

  constructor(readonly options: EmulatorOptions) {
    if (options.startAt !== undefined) this.clock.set(options.startAt);
    this.rateLimiter = new EmulatorRateLimiter(() => this.options);
    this.simulator = new DeliverySimulator(this.state, this.clock);
    this.seed();
  }

  /** Back to the seed data, with no tokens, faults, calls or throttling history. */
  reset(largeAccountAdGroups = this.options.largeAccountAdGroups): void {
    this.options.largeAccountAdGroups = largeAccountAdGroups;
    this.state = new EmulatorState();
    this.simulator = new DeliverySimulator(this.state, this.clock);
    this.faults.clear();
    this.calls.clear();
    this.rateLimiter.reset();
    this.seed();
  }

  private seed(): void {
    seedState(this.state, {
      now: this.clock.now(),
      app: {
        app_id: this.options.appId,
        secret: this.options.appSecret,
        name: 'Bayme Ads Toolkit',
        redirect_uris: this.options.redirectUris,
      },
      largeAccountAdGroups: this.options.largeAccountAdGroups,
    });
  }
}
