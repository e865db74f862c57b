import type { AuditEntry } from '../contract/audit';
import type { Staff } from '../storage/state-schema';

/**
 * What of the audit log a staff member may read. Admins read everything. Viewers and buyers
 * read the changes made to entities of the ad accounts they can see — who changed which
 * budget — but not security events (refused requests, keys), staff management, connections
 * or layout samples, and not other staff's emails or anyone's address.
 */
export interface AuditScope {
  visible(entry: AuditEntry): boolean;
  redact(entry: AuditEntry): AuditEntry;
}

/** Actions that change entities at TikTok (or approve such a change), by prefix. */
const ENTITY_CHANGE_PREFIXES = ['bulk_edit.', 'bulk_create.'];

/** Detail fields that identify a person or a machine rather than an entity. */
const PERSONAL_DETAIL = /(^|_)(ip|email)$|Ip$|Email$/i;

const EVERYTHING: AuditScope = { visible: () => true, redact: (entry) => entry };

export function auditScopeFor(
  staff: Pick<Staff, 'id' | 'role'>,
  /** The ad accounts the staff member can see (every connected one, for now). */
  visibleAdvertiserIds: readonly string[],
): AuditScope {
  if (staff.role === 'admin') return EVERYTHING;
  const advertisers = new Set(visibleAdvertiserIds);
  return {
    visible: (entry) =>
      entry.advertiserId !== null &&
      advertisers.has(entry.advertiserId) &&
      ENTITY_CHANGE_PREFIXES.some((prefix) => entry.action.startsWith(prefix)),
    redact: (entry) => ({
      ...entry,
      actor: {
        ...entry.actor,
        email: entry.actor.staffId === staff.id ? entry.actor.email : null,
      },
      details: Object.fromEntries(
        Object.entries(entry.details).filter(([name]) => !PERSONAL_DETAIL.test(name)),
      ),
    }),
  };
}
