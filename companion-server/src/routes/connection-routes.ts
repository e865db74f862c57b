import type { FastifyInstance } from 'fastify';
import { staffActor } from '../audit/actors';
import {
  checkConnection,
  disconnect,
  importToken,
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

  registerRoute(app, importToken, async ({ body, staff }) => {
    const { connectionId } = await context.connections.importToken(body.accessToken, staff);
    const adAccounts = context.connections
      .listAdAccounts()
      .filter((a) => a.connectionId === connectionId);
    return { connection: context.connections.connectionView(connectionId), adAccounts };
  });
}
