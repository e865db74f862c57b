import Fastify, { type FastifyInstance } from 'fastify';
import './http/fastify-types';
import { registerAuthentication } from './http/authentication';
import { registerErrorHandler } from './http/error-handler';
import { registerHygiene } from './http/hygiene';
import { registerPeopleOnScreen } from './http/people-on-screen';
import { registerExtensionVersionCheck } from './install/extension-version-check';
import { INSTALL_PATHS } from './install/install-paths';
import { signedWebhookExemption } from './orders/signed-webhook-exemption';
import { adsManagerRoutes } from './routes/ads-manager-routes';
import { auditRoutes } from './routes/audit-routes';
import { bulkCreateRoutes } from './routes/bulk-create-routes';
import { bulkEditRoutes } from './routes/bulk-edit-routes';
import { connectionRoutes } from './routes/connection-routes';
import { installRoutes } from './routes/install-routes';
import { oauthRoutes } from './routes/oauth-routes';
import { orderRoutes } from './routes/order-routes';
import { ordersSettingsRoutes } from './routes/orders-settings-routes';
import { pageLayoutRoutes } from './routes/page-layout-routes';
import { reportingRoutes } from './routes/reporting-routes';
import { ruleRoutes } from './routes/rule-routes';
import { scheduledChangeRoutes } from './routes/scheduled-change-routes';
import { sessionRoutes } from './routes/session-routes';
import { staffRoutes } from './routes/staff-routes';
import type { ServerContext } from './services';

/**
 * The companion server's HTTP application. Builds and never listens (server.ts does), so
 * tests can drive it with `inject`.
 */

/** Requests carry a few fields at most; nothing legitimate comes near this. */
const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppOptions {
  /** HTTPS options when serving TLS directly. */
  https?: { cert: Buffer; key: Buffer } | null;
}

export async function buildApp(
  context: ServerContext,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const { config } = context;
  const app = Fastify({
    loggerInstance: context.log,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    // Closing drops idle pooled connections at once instead of after their timeout.
    forceCloseConnections: 'idle',
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;

  registerErrorHandler(app);
  // Authentication first, so that a request refused by the Origin check or the rate limit
  // is audited with the staff member whose key it carried.
  registerAuthentication(app, context.staff, context.audit, context.now);
  registerPeopleOnScreen(app, context.people);
  await registerHygiene(app, {
    allowedOrigins: config.allowedOrigins,
    rateLimitPerMinute: config.rateLimitPerMinute,
    rateLimitExempt: signedWebhookExemption(config.orders.webhookSecret),
    tls: Boolean(options.https) || config.trustProxy,
  });
  registerExtensionVersionCheck(app, {
    minimumVersion: config.minimumExtensionVersion,
    installPageUrl: `${config.publicUrl}${INSTALL_PATHS.page}`,
  });

  sessionRoutes(app, context);
  staffRoutes(app, context);
  oauthRoutes(app, context);
  connectionRoutes(app, context);
  auditRoutes(app, context);
  installRoutes(app, context);
  adsManagerRoutes(app, context);
  bulkEditRoutes(app, context);
  reportingRoutes(app, context);
  bulkCreateRoutes(app, context);
  pageLayoutRoutes(app, context);
  ruleRoutes(app, context);
  scheduledChangeRoutes(app, context);
  ordersSettingsRoutes(app, context);
  orderRoutes(app, context);
  return app;
}
