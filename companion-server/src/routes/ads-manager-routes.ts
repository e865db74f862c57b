import type { FastifyInstance } from 'fastify';
import { levelMetrics, listEntities, reportPageHealth } from '../contract/ads-manager';
import { registerRoute } from '../http/register-route';
import { PageHealthRecorder } from '../page-layout/page-health-recorder';
import type { ServerContext } from '../services';

/** What the extension asks for on Ads Manager pages (contract/ads-manager.ts). */
export function adsManagerRoutes(app: FastifyInstance, context: ServerContext): void {
  registerRoute(app, levelMetrics, ({ params, query }) =>
    context.levelMetrics.get(
      params.advertiserId,
      query.level,
      { start: query.start, end: query.end },
      { compare: query.compare === 'previous' },
    ),
  );

  registerRoute(app, listEntities, ({ params, query }) =>
    context.entities.listEntities(params.advertiserId, query.level),
  );

  const pageHealth = new PageHealthRecorder(context.audit, context.now);
  registerRoute(app, reportPageHealth, async ({ body, staff }) => ({
    recorded: await pageHealth.record(staff, body),
  }));
}
