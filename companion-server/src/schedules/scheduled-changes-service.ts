import { staffActor } from '../audit/actors';
import type { ConnectionService } from '../connections/connection-service';
import { formatAccountDateTime } from '../contract/account-time';
import type { RulesSettings } from '../contract/rules';
import type {
  AccountTime,
  Firing,
  ScheduledChange,
  ScheduledChangeInput,
  ScheduledChangeView,
} from '../contract/scheduled-changes';
import { badRequest, notFound } from '../errors';
import { newId } from '../lib/ids';
import type { AuditLog } from '../storage/audit-log';
import type { Staff, State } from '../storage/state-schema';
import type { StateStore } from '../storage/state-store';
import { nextFiring, onceSlot, revertInstant } from './change-times';
import type { FiringLog } from './firing-log';

/**
 * Scheduled changes as people see them: create, edit, switch on and off, delete, read their
 * firings. Every change is audited. The runner (scheduled-change-runner.ts) fires them on the
 * rule scheduler's ticks.
 *
 * Who may do what: viewers read; buyers create scheduled changes and edit or delete any
 * (Bayme's buyers share the ad accounts they run), as for rules; the admins' switch for rules
 * (rules-service.ts setPaused) holds these too. A change acts as the person who created it.
 */

type Actor = Pick<Staff, 'id' | 'email' | 'role'>;

export interface ScheduledChangesServiceDeps {
  store: StateStore<State>;
  audit: AuditLog;
  connections: ConnectionService;
  firings: FiringLog;
  now: () => Date;
}

export class ScheduledChangesService {
  readonly #deps: ScheduledChangesServiceDeps;

  constructor(deps: ScheduledChangesServiceDeps) {
    this.#deps = deps;
  }

  changes(): ScheduledChange[] {
    return this.#deps.store.read().scheduledChanges;
  }

  change(changeId: string): ScheduledChange | null {
    return this.changes().find((change) => change.id === changeId) ?? null;
  }

  list(query: { advertiserId?: string | undefined }): {
    changes: ScheduledChangeView[];
    settings: RulesSettings;
  } {
    const changes = this.changes().filter(
      (change) => !query.advertiserId || change.advertiserId === query.advertiserId,
    );
    return {
      changes: changes.map((change) => this.#view(change)),
      settings: this.#deps.store.read().rulesSettings,
    };
  }

  get(changeId: string): ScheduledChangeView {
    return this.#view(this.#require(changeId));
  }

  async create(actor: Actor, input: ScheduledChangeInput): Promise<ScheduledChangeView> {
    this.#check(input, null);
    const now = this.#deps.now().toISOString();
    const change: ScheduledChange = {
      ...input,
      id: newId('sch'),
      version: 1,
      createdBy: actor.id,
      createdByEmail: actor.email,
      createdAt: now,
      updatedBy: actor.id,
      updatedAt: now,
    };
    await this.#deps.store.update((state) => {
      state.scheduledChanges.push(change);
    });
    await this.#audit(
      actor,
      'scheduled_change.create',
      change,
      `Scheduled change “${change.name}” created.`,
    );
    return this.#view(change);
  }

  async update(
    actor: Actor,
    changeId: string,
    input: ScheduledChangeInput,
  ): Promise<ScheduledChangeView> {
    const stored = this.#require(changeId);
    const reverts = this.#check(input, stored);
    const updated = await this.#deps.store.update((state) => {
      const index = state.scheduledChanges.findIndex((change) => change.id === changeId);
      const current = state.scheduledChanges[index];
      if (!current) throw notFound(`There is no scheduled change ${changeId}.`);
      const next: ScheduledChange = {
        ...current,
        ...input,
        version: current.version + 1,
        updatedBy: actor.id,
        updatedAt: this.#deps.now().toISOString(),
      };
      state.scheduledChanges[index] = next;
      return { before: current, after: next };
    });
    // Put-backs still waiting follow the edited revert time, or are cancelled with it.
    for (const { firing, revertAt } of reverts) {
      this.#deps.firings.update(
        firing.firingId,
        revertAt === null
          ? {
              revertStatus: 'cancelled',
              revertMessage: `Cancelled by ${actor.email}: the change no longer puts values back.`,
            }
          : { revertAt: new Date(revertAt).toISOString() },
      );
    }
    await this.#audit(
      actor,
      'scheduled_change.update',
      updated.after,
      `Scheduled change “${updated.after.name}” changed (version ${updated.after.version}).`,
      { before: updated.before, after: updated.after },
    );
    return this.#view(updated.after);
  }

  /** A put-back already waiting still happens: the firing has what it needs (firing-log.ts). */
  async remove(actor: Actor, changeId: string): Promise<void> {
    const removed = await this.#deps.store.update((state) => {
      const change = state.scheduledChanges.find((c) => c.id === changeId);
      if (!change) throw notFound(`There is no scheduled change ${changeId}.`);
      state.scheduledChanges = state.scheduledChanges.filter((c) => c.id !== changeId);
      return change;
    });
    await this.#audit(
      actor,
      'scheduled_change.delete',
      removed,
      `Scheduled change “${removed.name}” deleted.`,
    );
  }

  firings(changeId: string, limit: number): Firing[] {
    this.#require(changeId);
    return this.#deps.firings.list(changeId, limit);
  }

  #require(changeId: string): ScheduledChange {
    const change = this.change(changeId);
    if (!change) throw notFound(`There is no scheduled change ${changeId}.`);
    return change;
  }

  /**
   * What the contract cannot judge without the account and the clock: the account must be
   * connected; an enabled one-off that has not fired must be in the future; a put-back still
   * waiting must not be moved into the past. Returns those put-backs with their new times.
   */
  #check(
    input: ScheduledChangeInput,
    stored: ScheduledChange | null,
  ): Array<{ firing: Firing; revertAt: number | null }> {
    const zone = this.#timeZone(input.advertiserId);
    if (!zone) {
      throw invalid(`advertiserId: The ad account ${input.advertiserId} is not connected.`);
    }
    const now = this.#deps.now().getTime();
    const once = onceSlot(input, zone);
    const fired =
      stored !== null && once !== null && this.#deps.firings.lastSlot(stored.id) === once.key;
    if (input.enabled && once && !fired && once.at <= now) {
      throw invalid(
        `when.at: ${formatAccountDateTime(once.at, zone)} has passed (it is ${formatAccountDateTime(now, zone)} in the ad account’s time zone): choose a time in the future.`,
      );
    }
    if (!stored) return [];
    return this.#deps.firings.waitingReverts(stored.id).map((firing) => {
      const revertAt = revertInstant(input, firing.slot, zone);
      if (revertAt !== null && revertAt <= now) {
        throw invalid(
          `revert.at: the values changed at ${firing.slot.replace('T', ' ')} are still to be put back, and ${formatAccountDateTime(revertAt, zone)} has passed: choose a later time.`,
        );
      }
      return { firing, revertAt };
    });
  }

  #view(change: ScheduledChange): ScheduledChangeView {
    const zone = this.#timeZone(change.advertiserId);
    const now = this.#deps.now().getTime();
    const { firings } = this.#deps;
    const next = zone ? nextFiring(change, zone, firings.lastSlot(change.id), now) : null;
    const waiting = firings.waitingReverts(change.id)[0];
    return {
      ...change,
      timezone: zone,
      nextFiring: next && zone ? accountTime(next.at, zone) : null,
      nextRevert:
        waiting?.revertAt && zone ? accountTime(Date.parse(waiting.revertAt), zone) : null,
      lastFiring: firings.last(change.id),
    };
  }

  #timeZone(advertiserId: string): string | null {
    return (
      this.#deps.connections.listAdAccounts().find((a) => a.advertiserId === advertiserId)
        ?.timezone ?? null
    );
  }

  async #audit(
    actor: Actor,
    action: string,
    change: ScheduledChange,
    message: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.#deps.audit.append({
      actor: staffActor(actor),
      action,
      outcome: 'success',
      advertiserId: change.advertiserId,
      entityIds: change.entityIds,
      message,
      details: { changeId: change.id, ...details },
    });
  }
}

function accountTime(at: number, timeZone: string): AccountTime {
  return { at: new Date(at).toISOString(), label: formatAccountDateTime(at, timeZone) };
}

function invalid(problem: string) {
  return badRequest(`Invalid scheduled change: ${problem}`, 'invalid_scheduled_change');
}
