import {
  levelMetrics,
  listEntities,
  reportPageHealth,
} from '../../companion-server/src/contract/ads-manager';
import {
  applyCreatePlan,
  getCreateJob,
  planCreateFromCsv,
  planDuplicate,
} from '../../companion-server/src/contract/bulk-create';
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
} from '../../companion-server/src/contract/bulk-edits';
import {
  checkConnection,
  disconnect,
  listAdAccounts,
  listConnections,
} from '../../companion-server/src/contract/connections';
import { latestExtension } from '../../companion-server/src/contract/extension';
import { oauthAttempt, startOAuth } from '../../companion-server/src/contract/oauth';
import {
  getOrdersSettings,
  trackingCheck,
} from '../../companion-server/src/contract/orders-settings';
import {
  deleteLayoutHints,
  getLayoutHints,
  getLayoutSample,
  listLayoutSamples,
  putLayoutHints,
  sendLayoutSample,
} from '../../companion-server/src/contract/page-layout';
import {
  getExport,
  reportOverview,
  startExport,
} from '../../companion-server/src/contract/reporting';
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
} from '../../companion-server/src/contract/rules';
import {
  createScheduledChange,
  deleteScheduledChange,
  getScheduledChange,
  listFirings,
  listScheduledChanges,
  updateScheduledChange,
} from '../../companion-server/src/contract/scheduled-changes';
import { health, me } from '../../companion-server/src/contract/session';

/**
 * The companion-server routes the extension may call, by name. Messages to the background
 * name a route from here; both sides use its zod schemas from the shared contract.
 */
export const API_ROUTES = {
  health,
  me,
  startOAuth,
  oauthAttempt,
  listAdAccounts,
  listConnections,
  checkConnection,
  disconnect,
  latestExtension,
  levelMetrics,
  listEntities,
  reportPageHealth,
  sendLayoutSample,
  listLayoutSamples,
  getLayoutSample,
  getLayoutHints,
  putLayoutHints,
  deleteLayoutHints,
  planBulkEdit,
  getPlan,
  approvePlan,
  applyPlan,
  getJob,
  listJobs,
  planUndo,
  planRetry,
  getGuardrails,
  planCreateFromCsv,
  planDuplicate,
  applyCreatePlan,
  getCreateJob,
  reportOverview,
  startExport,
  getExport,
  listRules,
  getRule,
  createRule,
  updateRule,
  deleteRule,
  previewRule,
  runRuleNow,
  listRuleRuns,
  searchEvaluations,
  undoRuleRun,
  getRulesSettings,
  setRulesSettings,
  recentRuleActions,
  listWebhookDeliveries,
  listScheduledChanges,
  getScheduledChange,
  createScheduledChange,
  updateScheduledChange,
  deleteScheduledChange,
  listFirings,
  trackingCheck,
  getOrdersSettings,
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;
export type ApiRoute<N extends ApiRouteName> = (typeof API_ROUTES)[N];
