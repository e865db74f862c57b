import type { AuditActor } from '../contract/audit';
import type { Staff } from '../storage/state-schema';

export function staffActor(staff: Pick<Staff, 'id' | 'email'>): AuditActor {
  return { kind: 'staff', staffId: staff.id, email: staff.email };
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', staffId: null, email: null };

export const ANONYMOUS_ACTOR: AuditActor = { kind: 'anonymous', staffId: null, email: null };
