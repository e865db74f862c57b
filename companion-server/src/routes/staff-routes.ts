import type { FastifyInstance } from 'fastify';
import { staffActor } from '../audit/actors';
import {
  addStaff,
  disableStaff,
  enableStaff,
  listStaff,
  rotateStaffKey,
  updateStaff,
} from '../contract/staff';
import { registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

export function staffRoutes(app: FastifyInstance, context: ServerContext): void {
  registerRoute(app, listStaff, () => ({ staff: context.staff.list() }));

  registerRoute(app, addStaff, ({ body, staff }) => context.staff.add(body, staffActor(staff)));

  registerRoute(app, updateStaff, async ({ params, body, staff }) => ({
    staff: await context.staff.update(params.staffId, body, staffActor(staff)),
  }));

  registerRoute(app, disableStaff, async ({ params, body, staff }) => {
    const result = await context.staff.disable(params.staffId, body, staffActor(staff));
    // Revoke at TikTok now rather than at the next sweep; failures are retried by the sweep.
    if (result.connectionsRevoked.length > 0) void context.connections.processRevocations();
    return result;
  });

  registerRoute(app, enableStaff, async ({ params, staff }) => ({
    staff: await context.staff.enable(params.staffId, staffActor(staff)),
  }));

  registerRoute(app, rotateStaffKey, async ({ params, staff }) => {
    const { staff: view, key } = await context.staff.rotateKey(params.staffId, staffActor(staff));
    return { staff: view, key };
  });
}
