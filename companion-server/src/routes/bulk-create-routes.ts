import type { FastifyInstance } from 'fastify';
import {
  applyCreatePlan,
  createTemplate,
  getCreateJob,
  getCreatePlan,
  planCreateFromCsv,
  planDuplicate,
} from '../contract/bulk-create';
import { assertAccess, registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

/** Bulk create (contract/bulk-create.ts): template, CSV or duplicate → preview → job. */
export function bulkCreateRoutes(app: FastifyInstance, context: ServerContext): void {
  const { bulkCreate } = context;

  app.get(createTemplate.path, async (request, reply) => {
    assertAccess(request, createTemplate.access);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="bayme-bulk-create-template.csv"')
      .send(bulkCreate.template());
  });
  registerRoute(app, planCreateFromCsv, ({ params, body, staff }) =>
    bulkCreate.planFromCsv(staff, params.advertiserId, body.csv),
  );
  registerRoute(app, planDuplicate, ({ params, body, staff }) =>
    bulkCreate.planDuplicate(staff, params.advertiserId, body),
  );
  registerRoute(app, getCreatePlan, ({ params }) => bulkCreate.getPlan(params.planId));
  registerRoute(app, applyCreatePlan, ({ params, staff }) =>
    bulkCreate.apply(staff, params.planId),
  );
  registerRoute(app, getCreateJob, ({ params }) => bulkCreate.getJob(params.jobId));
}
