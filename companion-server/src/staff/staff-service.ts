import type { AuditActor } from '../contract/audit';
import type { Role } from '../contract/common';
import type { StaffSummary } from '../contract/session';
import type { StaffView } from '../contract/staff';
import { AppError, badRequest, conflict, notFound } from '../errors';
import { newId } from '../lib/ids';
import { generateStaffKey, parseStaffKey, secretMatches } from '../security/staff-keys';
import type { AuditLog } from '../storage/audit-log';
import type { Staff, State } from '../storage/state-schema';
import type { StateStore } from '../storage/state-store';

/**
 * Staff members and their personal API keys. Keys are shown once and stored as hashes;
 * disabling someone revokes their keys at once and hands their TikTok connections to the
 * server to revoke (or to a colleague, when an admin reassigns them).
 */

const ROLE_RANK: Record<Role, number> = { viewer: 0, buyer: 1, admin: 2 };

export function roleAllows(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** How often the last use of a key is written down (a key may be used many times a second). */
const LAST_USED_RESOLUTION_MS = 60_000;

export const BOOTSTRAP_ADMIN_EMAIL = 'bootstrap-admin@bayme.invalid';

export interface AuthenticatedStaff {
  staff: Staff;
  keyId: string;
}

export function staffView(staff: Staff): StaffView {
  const lastSeen = staff.keys
    .map((key) => key.lastUsedAt)
    .filter((at): at is string => at !== null)
    .sort()
    .at(-1);
  return {
    id: staff.id,
    email: staff.email,
    name: staff.name,
    role: staff.role,
    status: staff.status,
    createdAt: staff.createdAt,
    disabledAt: staff.disabledAt,
    lastSeenAt: lastSeen ?? null,
  };
}

export function staffSummary(staff: Staff): StaffSummary {
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role };
}

export class StaffService {
  constructor(
    private readonly store: StateStore<State>,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): StaffView[] {
    return this.store.read().staff.map(staffView);
  }

  find(staffId: string): Staff {
    const staff = this.store.read().staff.find((s) => s.id === staffId);
    if (!staff) throw notFound(`No staff member with id ${staffId}.`);
    return staff;
  }

  findByEmail(email: string): Staff {
    const staff = this.store.read().staff.find((s) => s.email === email.toLowerCase());
    if (!staff) throw notFound(`No staff member with the email ${email}.`);
    return staff;
  }

  /** A new staff member with a first key. */
  async add(input: { email: string; name: string; role: Role }, actor: AuditActor) {
    const email = input.email.toLowerCase();
    const key = generateStaffKey();
    const at = this.now().toISOString();
    const staff = await this.store.update((state) => {
      if (state.staff.some((s) => s.email === email)) {
        throw conflict(`A staff member with the email ${email} already exists.`, 'staff_exists');
      }
      const created: Staff = {
        id: newId('stf'),
        email,
        name: input.name,
        role: input.role,
        status: 'active',
        createdAt: at,
        disabledAt: null,
        keys: [
          { keyId: key.keyId, hash: key.hash, createdAt: at, lastUsedAt: null, revokedAt: null },
        ],
      };
      state.staff.push(created);
      return created;
    });
    await this.audit.append({
      actor,
      action: 'staff.add',
      outcome: 'success',
      entityIds: [staff.id],
      message: `Added ${email} as ${input.role}.`,
      changes: [{ entityId: staff.id, field: 'role', before: null, after: input.role }],
    });
    return { staff: staffView(staff), key: key.key };
  }

  async update(
    staffId: string,
    change: { name?: string | undefined; role?: Role | undefined },
    actor: AuditActor,
  ) {
    const { before, after } = await this.store.update((state) => {
      const staff = state.staff.find((s) => s.id === staffId);
      if (!staff) throw notFound(`No staff member with id ${staffId}.`);
      const previous = { ...staff };
      if (change.role !== undefined && change.role !== 'admin' && staff.role === 'admin') {
        assertAnotherActiveAdmin(state, staffId, 'demote');
      }
      if (change.name !== undefined) staff.name = change.name;
      if (change.role !== undefined) staff.role = change.role;
      return { before: previous, after: { ...staff } };
    });
    await this.audit.append({
      actor,
      action: 'staff.update',
      outcome: 'success',
      entityIds: [staffId],
      message: `Updated ${after.email}.`,
      changes: (['name', 'role'] as const)
        .filter((field) => before[field] !== after[field])
        .map((field) => ({ entityId: staffId, field, before: before[field], after: after[field] })),
    });
    return staffView(after);
  }

  /**
   * Disable a staff member: their keys stop working on their next request. The TikTok
   * connections they created are revoked (marked for the server to revoke at TikTok),
   * unless `reassignConnectionsTo` names an active colleague to take them over.
   */
  async disable(
    staffId: string,
    options: { reassignConnectionsTo?: string | undefined },
    actor: AuditActor,
  ) {
    const at = this.now().toISOString();
    const result = await this.store.update((state) => {
      const staff = state.staff.find((s) => s.id === staffId);
      if (!staff) throw notFound(`No staff member with id ${staffId}.`);
      if (staff.status === 'disabled')
        throw conflict(`${staff.email} is already disabled.`, 'already_disabled');
      if (staff.role === 'admin') assertAnotherActiveAdmin(state, staffId, 'disable');
      const heir = options.reassignConnectionsTo
        ? state.staff.find((s) => s.id === options.reassignConnectionsTo)
        : undefined;
      if (options.reassignConnectionsTo && (heir?.status !== 'active' || heir.id === staffId)) {
        throw badRequest('Connections can only be reassigned to another active staff member.');
      }
      if (heir && !roleAllows(heir.role, 'buyer')) {
        throw badRequest(
          `${heir.email} is a viewer; connections can only go to a buyer or an admin.`,
        );
      }
      staff.status = 'disabled';
      staff.disabledAt = at;
      for (const key of staff.keys) key.revokedAt ??= at;

      const revoked: string[] = [];
      const reassigned: string[] = [];
      for (const connection of state.connections) {
        if (connection.createdBy !== staffId) continue;
        if (connection.status === 'revoked' || connection.status === 'revoking') continue;
        if (heir) {
          connection.createdBy = heir.id;
          reassigned.push(connection.id);
        } else {
          connection.status = 'revoking';
          connection.statusReason = `${staff.email} was disabled; the authorization is being revoked at TikTok.`;
          connection.statusChangedAt = at;
          revoked.push(connection.id);
        }
      }
      return { staff: { ...staff }, revoked, reassigned, heirEmail: heir?.email ?? null };
    });
    await this.audit.append({
      actor,
      action: 'staff.disable',
      outcome: 'success',
      entityIds: [staffId, ...result.revoked, ...result.reassigned],
      message:
        `Disabled ${result.staff.email}; ` +
        (result.heirEmail
          ? `${result.reassigned.length} connection(s) reassigned to ${result.heirEmail}.`
          : `${result.revoked.length} connection(s) to be revoked at TikTok.`),
      changes: [{ entityId: staffId, field: 'status', before: 'active', after: 'disabled' }],
    });
    return {
      staff: staffView(result.staff),
      connectionsRevoked: result.revoked,
      connectionsReassigned: result.reassigned,
    };
  }

  /** Re-enable a staff member. Their old keys stay revoked: issue a new one with rotateKey. */
  async enable(staffId: string, actor: AuditActor) {
    const staff = await this.store.update((state) => {
      const found = state.staff.find((s) => s.id === staffId);
      if (!found) throw notFound(`No staff member with id ${staffId}.`);
      if (found.status === 'active')
        throw conflict(`${found.email} is already active.`, 'already_active');
      found.status = 'active';
      found.disabledAt = null;
      return { ...found };
    });
    await this.audit.append({
      actor,
      action: 'staff.enable',
      outcome: 'success',
      entityIds: [staffId],
      message: `Enabled ${staff.email} (a new key must be issued).`,
      changes: [{ entityId: staffId, field: 'status', before: 'disabled', after: 'active' }],
    });
    return staffView(staff);
  }

  /** Revoke every key of a staff member and issue a new one, shown once. */
  async rotateKey(staffId: string, actor: AuditActor) {
    const key = generateStaffKey();
    const at = this.now().toISOString();
    const staff = await this.store.update((state) => {
      const found = state.staff.find((s) => s.id === staffId);
      if (!found) throw notFound(`No staff member with id ${staffId}.`);
      if (found.status !== 'active') {
        throw conflict(
          `${found.email} is disabled; enable them before issuing a key.`,
          'staff_disabled',
        );
      }
      for (const old of found.keys) old.revokedAt ??= at;
      found.keys.push({
        keyId: key.keyId,
        hash: key.hash,
        createdAt: at,
        lastUsedAt: null,
        revokedAt: null,
      });
      return { ...found };
    });
    await this.audit.append({
      actor,
      action: 'staff.rotate_key',
      outcome: 'success',
      entityIds: [staffId],
      message: `Issued a new key for ${staff.email}; older keys no longer work.`,
    });
    return { staff: staffView(staff), key: key.key, createdAt: at };
  }

  /**
   * The active staff member a presented key belongs to, or null. Reads the state fresh, so
   * a staff member disabled by the CLI or another admin is refused on their next request.
   */
  async authenticate(presentedKey: string): Promise<AuthenticatedStaff | null> {
    const parsed = parseStaffKey(presentedKey);
    if (!parsed) return null;
    const state = this.store.read();
    for (const staff of state.staff) {
      const key = staff.keys.find((k) => k.keyId === parsed.keyId);
      if (!key) continue;
      if (!secretMatches(parsed.secret, key.hash)) return null;
      if (key.revokedAt !== null || staff.status !== 'active') return null;
      await this.recordUse(staff, key.keyId, key.lastUsedAt);
      return { staff, keyId: key.keyId };
    }
    return null;
  }

  private async recordUse(staff: Staff, keyId: string, lastUsedAt: string | null): Promise<void> {
    const now = this.now();
    if (lastUsedAt !== null && now.getTime() - Date.parse(lastUsedAt) < LAST_USED_RESOLUTION_MS)
      return;
    const firstUse = await this.store.update((state) => {
      const key = state.staff.find((s) => s.id === staff.id)?.keys.find((k) => k.keyId === keyId);
      if (!key) return false;
      const first = key.lastUsedAt === null;
      key.lastUsedAt = now.toISOString();
      return first;
    });
    if (firstUse) {
      await this.audit.append({
        actor: { kind: 'staff', staffId: staff.id, email: staff.email },
        action: 'key.first_use',
        outcome: 'success',
        entityIds: [staff.id],
        message: `${staff.email} used a new key for the first time.`,
        details: { keyId },
      });
    }
  }

  /**
   * On the very first start there is nobody to add staff: create an admin and return its
   * key, to print once. Returns null when any staff member exists.
   */
  async ensureBootstrapAdmin(): Promise<string | null> {
    if (this.store.read().staff.length > 0) return null;
    try {
      const { key } = await this.add(
        { email: BOOTSTRAP_ADMIN_EMAIL, name: 'Bootstrap admin', role: 'admin' },
        { kind: 'system', staffId: null, email: null },
      );
      return key;
    } catch (error) {
      // Another process bootstrapped at the same moment: its admin stands.
      if (error instanceof AppError && error.code === 'staff_exists') return null;
      throw error;
    }
  }
}

function assertAnotherActiveAdmin(state: State, staffId: string, verb: string): void {
  const others = state.staff.filter(
    (s) => s.id !== staffId && s.role === 'admin' && s.status === 'active',
  );
  if (others.length === 0) {
    throw conflict(
      `Cannot ${verb} the last active admin: make someone else an admin first.`,
      'last_admin',
    );
  }
}
