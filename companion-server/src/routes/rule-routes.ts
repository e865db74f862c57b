import type { FastifyInstance } from 'fastify';
import {
  createRule,
  deleteRule,
  getRule,
  getRulesSettings,
  listRuleRuns,
  listRules,
  listWebhookDeliveries,
  previewRule,
  recentRuleActions,
  runRuleNow,
  searchEvaluations,
  setRulesSettings,
  undoRuleRun,
  updateRule,
} from '../contract/rules';
import { registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

/** Automated rules (contract/rules.ts): rules, preview, runs, the run log and the off switch. */
export function ruleRoutes(app: FastifyInstance, context: ServerContext): void {
  const { rules } = context;

  registerRoute(app, listRules, ({ query, staff }) => rules.list(staff, query));
  registerRoute(app, getRulesSettings, () => rules.settings());
  registerRoute(app, setRulesSettings, ({ body, staff }) => rules.setPaused(staff, body.paused));
  registerRoute(app, previewRule, ({ body, staff }) => rules.preview(staff, body));
  registerRoute(app, searchEvaluations, ({ query }) => rules.search(query));
  registerRoute(app, createRule, ({ body, staff }) => rules.create(staff, body));
  registerRoute(app, getRule, ({ params, staff }) => rules.get(staff, params.ruleId));
  registerRoute(app, updateRule, ({ params, body, staff }) =>
    rules.update(staff, params.ruleId, body),
  );
  registerRoute(app, deleteRule, async ({ params, staff }) => {
    await rules.remove(staff, params.ruleId);
    return { deleted: true as const };
  });
  registerRoute(app, runRuleNow, ({ params, staff }) => rules.runNow(staff, params.ruleId));
  registerRoute(app, listRuleRuns, ({ params, query }) => ({
    runs: rules.runs(params.ruleId, query.limit),
  }));
  registerRoute(app, undoRuleRun, ({ params, staff }) => rules.undoRun(staff, params.runId));
  registerRoute(app, listWebhookDeliveries, ({ query }) => ({
    deliveries: context.notifier.listDeliveries(query),
  }));
  registerRoute(app, recentRuleActions, ({ params, query }) =>
    rules.recentActions(params.advertiserId, query.hours),
  );
}
