import type { FastifyInstance } from 'fastify';
import { staffActor } from '../audit/actors';
import {
  checkConnection,
  disconnect,
  listAdAccounts,
  listConnections,
} from '../contract/connections';
import { registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

export function connectionRoutes(app: FastifyInstance, context: ServerContext): void {
  registerRoute(app, listAdAccounts, () => ({ adAccounts: context.connections.listAdAccounts() }));

  registerRoute(app, listConnections, () => ({
    connections: context.connections.listConnections(),
  }));

  registerRoute(app, checkConnection, async ({ params }) => ({
    connection: await context.connections.check(params.connectionId),
  }));

  registerRoute(app, disconnect, async ({ params, staff }) => ({
    connection: await context.connections.disconnect(params.connectionId, staffActor(staff)),
  }));
}
