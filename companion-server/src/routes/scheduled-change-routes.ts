import type { FastifyInstance } from 'fastify';
import {
  createScheduledChange,
  deleteScheduledChange,
  getScheduledChange,
  listFirings,
  listScheduledChanges,
  updateScheduledChange,
} from '../contract/scheduled-changes';
import { registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

/** Scheduled changes (contract/scheduled-changes.ts): the changes and their firings. */
export function scheduledChangeRoutes(app: FastifyInstance, context: ServerContext): void {
  const { scheduledChanges } = context;

  registerRoute(app, listScheduledChanges, ({ query }) => scheduledChanges.list(query));
  registerRoute(app, createScheduledChange, ({ body, staff }) =>
    scheduledChanges.create(staff, body),
  );
  registerRoute(app, getScheduledChange, ({ params }) => scheduledChanges.get(params.changeId));
  registerRoute(app, updateScheduledChange, ({ params, body, staff }) =>
    scheduledChanges.update(staff, params.changeId, body),
  );
  registerRoute(app, deleteScheduledChange, async ({ params, staff }) => {
    await scheduledChanges.remove(staff, params.changeId);
    return { deleted: true as const };
  });
  registerRoute(app, listFirings, ({ params, query }) => ({
    firings: scheduledChanges.firings(params.changeId, query.limit),
  }));
}
