import type { FastifyInstance } from 'fastify';
import { staffActor } from '../audit/actors';
import { health, me, rotateOwnKey } from '../contract/session';
import { registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';
import { staffSummary } from '../staff/staff-service';
import { APP_VERSION } from '../version';

export function sessionRoutes(app: FastifyInstance, context: ServerContext): void {
  registerRoute(app, health, () => ({
    status: 'ok' as const,
    version: APP_VERSION,
    mode: context.config.marketingApi.mode,
  }));

  registerRoute(app, me, ({ staff }) => ({
    staff: staffSummary(staff),
    mode: context.config.marketingApi.mode,
  }));

  registerRoute(app, rotateOwnKey, async ({ staff }) => {
    const { key, createdAt } = await context.staff.rotateKey(staff.id, staffActor(staff));
    return { key, createdAt };
  });
}
