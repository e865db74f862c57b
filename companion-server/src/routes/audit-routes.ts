import type { FastifyInstance } from 'fastify';
import { auditScopeFor } from '../audit/audit-scope';
import { listAudit } from '../contract/audit';
import { registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

export function auditRoutes(app: FastifyInstance, context: ServerContext): void {
  registerRoute(app, listAudit, async ({ query, staff }) => {
    const visibleAdvertiserIds = context.connections.listAdAccounts().map((a) => a.advertiserId);
    const scope = auditScopeFor(staff, visibleAdvertiserIds);
    const page = await context.audit.query(query, scope.visible);
    return { entries: page.entries.map(scope.redact), nextCursor: page.nextCursor };
  });
}
