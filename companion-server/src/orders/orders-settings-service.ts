import { staffActor } from '../audit/actors';
import type { OrdersSettings } from '../contract/orders-settings';
import type { AuditLog } from '../storage/audit-log';
import type { Staff, State } from '../storage/state-schema';
import type { StateStore } from '../storage/state-store';

/**
 * The orders settings in the server's state: the tracking template bulk create appends and
 * the side panel checks ads against, and attribution's click window. Buyers read them; only
 * admins change them (the route's access), and every change is audited with before and after.
 */

type Actor = Pick<Staff, 'id' | 'email'>;

export interface OrdersSettingsServiceDeps {
  store: StateStore<State>;
  audit: AuditLog;
}

export class OrdersSettingsService {
  readonly #deps: OrdersSettingsServiceDeps;

  constructor(deps: OrdersSettingsServiceDeps) {
    this.#deps = deps;
  }

  settings(): OrdersSettings {
    return this.#deps.store.read().ordersSettings;
  }

  async update(actor: Actor, patch: Partial<OrdersSettings>): Promise<OrdersSettings> {
    const before = this.settings();
    const after = await this.#deps.store.update((state) => {
      state.ordersSettings = { ...state.ordersSettings, ...patch };
      return state.ordersSettings;
    });
    const changed = (Object.keys(patch) as Array<keyof OrdersSettings>).filter(
      (field) => before[field] !== after[field],
    );
    await this.#deps.audit.append({
      actor: staffActor(actor),
      action: 'orders.settings.update',
      outcome: 'success',
      changes: changed.map((field) => ({
        entityId: 'orders_settings',
        field,
        before: before[field],
        after: after[field],
      })),
      message:
        changed.length === 0
          ? 'Orders settings saved unchanged.'
          : `Orders settings changed: ${changed.join(', ')}.`,
    });
    return after;
  }
}
