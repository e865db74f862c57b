import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ANONYMOUS_ACTOR } from '../audit/actors';
import type { StaffService } from '../staff/staff-service';
import type { AuditLog } from '../storage/audit-log';
import { isApiRequest, pathOf } from './logging';
import { RefusalCounter } from './refusal-counter';
import { registerStaffCallBudget } from './staff-call-budget';

/**
 * Who is calling: the staff member whose key is in `Authorization: Bearer <key>`. Whether
 * they may act is decided per route (register-route.ts). Refused requests (401, 403) are
 * security events and go to the audit log — without the key, and counted per source and
 * minute (refusal-counter.ts) so that refusals cost a stranger's flood nothing on disk.
 * The staff member found here is also who the request's Marketing API calls take turns for
 * in the shared limiter (staff-call-budget.ts).
 */
export function registerAuthentication(
  app: FastifyInstance,
  staff: StaffService,
  audit: AuditLog,
  now: () => Date,
): void {
  app.decorateRequest('staff', null);
  const refusals = new RefusalCounter({ audit, log: app.log, now });
  app.addHook('onClose', async () => {
    await refusals.close();
  });

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return;
    const authenticated = await staff.authenticate(match[1]);
    request.staff = authenticated?.staff ?? null;
  });
  registerStaffCallBudget(app);

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 401 && reply.statusCode !== 403) return;
    if (!isApiRequest(request)) return;
    refusals.record({
      actor: request.staff
        ? { kind: 'staff', staffId: request.staff.id, email: request.staff.email }
        : ANONYMOUS_ACTOR,
      ip: request.ip,
      presentedKey: presentedKeyKind(request),
      method: request.method,
      // The route's pattern where one matched, so that ids or queries do not make new reasons.
      path: request.routeOptions.url ?? pathOf(request.url).slice(0, MAX_PATH_CHARS),
      status: reply.statusCode,
      origin: request.headers.origin ?? null,
    });
  });
}

/** An unmatched path is the caller's text: keep what identifies it, not all of it. */
const MAX_PATH_CHARS = 200;

/** Enough to tell a missing key from a wrong one, and nothing of the key itself. */
function presentedKeyKind(
  request: FastifyRequest,
): 'none' | 'malformed' | 'unknown or revoked' | 'valid' {
  const header = request.headers.authorization;
  if (!header) return 'none';
  if (!/^Bearer\s+bayme_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/i.test(header)) return 'malformed';
  return request.staff ? 'valid' : 'unknown or revoked';
}
