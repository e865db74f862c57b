import type { FastifyInstance } from 'fastify';
import {
  applyPlan,
  approvePlan,
  getGuardrails,
  getJob,
  getPlan,
  listJobs,
  planBulkEdit,
  planRetry,
  planUndo,
  setGuardrails,
} from '../contract/bulk-edits';
import { registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

/** Bulk edits (contract/bulk-edits.ts): plan, approve, apply, watch, retry, undo; guardrails. */
export function bulkEditRoutes(app: FastifyInstance, context: ServerContext): void {
  const { bulkEdits } = context;

  registerRoute(app, planBulkEdit, ({ params, body, staff }) =>
    bulkEdits.plan(staff, params.advertiserId, body),
  );
  registerRoute(app, getPlan, ({ params }) => bulkEdits.getPlan(params.planId));
  registerRoute(app, approvePlan, ({ params, staff }) => bulkEdits.approve(staff, params.planId));
  registerRoute(app, applyPlan, ({ params, staff }) => bulkEdits.apply(staff, params.planId));
  registerRoute(app, getJob, ({ params }) => bulkEdits.getJob(params.jobId));
  registerRoute(app, listJobs, ({ query }) => ({ jobs: bulkEdits.listJobs(query) }));
  registerRoute(app, planUndo, ({ params, staff }) => bulkEdits.planUndo(staff, params.jobId));
  registerRoute(app, planRetry, ({ params, staff }) => bulkEdits.planRetry(staff, params.jobId));
  registerRoute(app, getGuardrails, () => bulkEdits.guardrails());
  registerRoute(app, setGuardrails, ({ body, staff }) => bulkEdits.setGuardrails(staff, body));
}
