import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  downloadExport,
  exportReport,
  getExport,
  reportOverview,
  startExport,
} from '../contract/reporting';
import { assertAccess, parseOrThrow, registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';
import type { Staff } from '../storage/state-schema';

/** The dashboard's overview, and CSV exports streamed as TikTok's pages arrive. */
export function reportingRoutes(app: FastifyInstance, context: ServerContext): void {
  registerRoute(app, reportOverview, ({ query }) => context.reporting.overview(query));

  app.get(exportReport.path, async (request, reply) => {
    assertAccess(request, exportReport.access);
    const params = parseOrThrow(exportReport.params, request.params, 'path');
    const query = parseOrThrow(exportReport.query, request.query, 'query');
    // Exports give way to people looking at their screens, fairly between staff.
    const budget = { callClass: 'background', staffId: (request.staff as Staff).id } as const;
    return sendCsv(
      request,
      reply,
      await context.reporting.exportCsv(params.advertiserId, query, budget),
    );
  });

  registerRoute(app, startExport, ({ params, body, staff }) =>
    context.exports.start(staff, params.advertiserId, body),
  );
  registerRoute(app, getExport, ({ params, staff }) =>
    context.exports.view(staff, params.exportId),
  );
  app.get(downloadExport.path, async (request, reply) => {
    assertAccess(request, downloadExport.access);
    const params = parseOrThrow(downloadExport.params, request.params, 'path');
    const staff = request.staff as Staff;
    return sendCsv(request, reply, await context.exports.download(staff, params.exportId));
  });
}

function sendCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  csv: { fileName: string; lines: AsyncGenerator<string> },
) {
  const body = Readable.from(csv.lines);
  // A failure mid-stream cannot change the status any more: the connection is cut, so the
  // download fails visibly instead of ending as a silently short file.
  body.on('error', (error) => request.log.warn({ err: error }, 'export stopped part-way'));
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${csv.fileName}"`)
    .header('cache-control', 'no-store')
    .send(body);
}
