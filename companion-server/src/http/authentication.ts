import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ANONYMOUS_ACTOR } from '../audit/actors';
import type { StaffService } from '../staff/staff-service';
import type { AuditLog } from '../storage/audit-log';
import { isApiRequest, pathOf } from './logging';

/**
 * Who is calling: the staff member whose key is in `Authorization: Bearer <key>`. Whether
 * they may act is decided per route (register-route.ts). Refused requests (401, 403) are
 * security events and go to the audit log — without the key.
 */
export function registerAuthentication(
  app: FastifyInstance,
  staff: StaffService,
  audit: AuditLog,
): void {
  app.decorateRequest('staff', null);

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return;
    const authenticated = await staff.authenticate(match[1]);
    request.staff = authenticated?.staff ?? null;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 401 && reply.statusCode !== 403) return;
    if (!isApiRequest(request)) return;
    await audit.append({
      actor: request.staff
        ? { kind: 'staff', staffId: request.staff.id, email: request.staff.email }
        : ANONYMOUS_ACTOR,
      action: 'request.rejected',
      outcome: 'rejected',
      message: `${request.method} ${pathOf(request.url)} refused with ${reply.statusCode}.`,
      details: {
        status: reply.statusCode,
        ip: request.ip,
        presentedKey: presentedKeyKind(request),
        origin: request.headers.origin ?? null,
      },
    });
  });
}

/** Enough to tell a missing key from a wrong one, and nothing of the key itself. */
function presentedKeyKind(
  request: FastifyRequest,
): 'none' | 'malformed' | 'unknown or revoked' | 'valid' {
  const header = request.headers.authorization;
  if (!header) return 'none';
  if (!/^Bearer\s+bayme_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/i.test(header)) return 'malformed';
  return request.staff ? 'valid' : 'unknown or revoked';
}
