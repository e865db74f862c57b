import type { FastifyInstance } from 'fastify';
import { getOrdersSettings, setOrdersSettings, trackingCheck } from '../contract/orders-settings';
import { registerRoute } from '../http/register-route';
import { checkTracking } from '../orders/tracking-check';
import type { ServerContext } from '../services';

/** The orders settings and the ads lacking the tracking template (contract/orders-settings.ts). */
export function ordersSettingsRoutes(app: FastifyInstance, context: ServerContext): void {
  const { ordersSettings } = context;

  registerRoute(app, getOrdersSettings, () => ordersSettings.settings());
  registerRoute(app, setOrdersSettings, ({ body, staff }) => ordersSettings.update(staff, body));
  registerRoute(app, trackingCheck, ({ params }) =>
    checkTracking(
      {
        connections: context.connections,
        marketingApi: context.marketingApi,
        trackingTemplate: () => ordersSettings.settings().trackingTemplate,
        now: context.now,
      },
      params.advertiserId,
    ),
  );
}
