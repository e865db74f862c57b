import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { exportReport, reportOverview } from '../contract/reporting';
import { assertAccess, parseOrThrow, registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

/** The dashboard's overview, and CSV exports streamed as TikTok's pages arrive. */
export function reportingRoutes(app: FastifyInstance, context: ServerContext): void {
  registerRoute(app, reportOverview, ({ query }) => context.reporting.overview(query));

  app.get(exportReport.path, async (request, reply) => {
    assertAccess(request, exportReport.access);
    const params = parseOrThrow(exportReport.params, request.params, 'path');
    const query = parseOrThrow(exportReport.query, request.query, 'query');
    const { fileName, lines } = await context.reporting.exportCsv(params.advertiserId, query);
    const body = Readable.from(lines);
    // A failure mid-stream cannot change the status any more: the connection is cut, so the
    // download fails visibly instead of ending as a silently short file.
    body.on('error', (error) => request.log.warn({ err: error }, 'export stopped part-way'));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
