import type { FastifyInstance } from 'fastify';
import { listAudit } from '../contract/audit';
import { registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

export function auditRoutes(app: FastifyInstance, context: ServerContext): void {
  registerRoute(app, listAudit, async ({ query }) => {
    const page = await context.audit.query(query);
    return { entries: page.entries, nextCursor: page.nextCursor };
  });
}
