import { TikTokIdSchema } from '../../../companion-server/src/contract/common';
import type { EvaluationOutcome } from '../../../companion-server/src/contract/rules';
import type { EvaluationLogQuery } from '../../lib/query-keys';

/** The run log's filters as the buyer sets them. */
export interface RunLogFilters {
  /** As typed: only a whole id filters. */
  entityId: string;
  outcome: EvaluationOutcome | null;
  actedOnly: boolean;
  /** One run's evaluations (chosen from the rule's recent runs); null: every run's. */
  runId: string | null;
}

export const NO_FILTERS: RunLogFilters = {
  entityId: '',
  outcome: null,
  actedOnly: false,
  runId: null,
};

/** One page of the log: the route takes at most 500. */
export const RUN_LOG_PAGE = 200;

/**
 * The `searchEvaluations` query for a rule's log and its filters: only what is set is
 * sent. An entity id that is not one yet (being typed) is a problem to show, not a query.
 */
export function runLogQuery(
  ruleId: string,
  filters: RunLogFilters,
): { query: EvaluationLogQuery; problem: null } | { query: null; problem: string } {
  const entityId = filters.entityId.trim();
  if (entityId !== '' && !TikTokIdSchema.safeParse(entityId).success) {
    return { query: null, problem: 'An id is made of digits only.' };
  }
  const query: EvaluationLogQuery = { ruleId, limit: RUN_LOG_PAGE };
  if (entityId !== '') query.entityId = entityId;
  if (filters.runId) query.runId = filters.runId;
  if (filters.outcome) query.outcome = filters.outcome;
  if (filters.actedOnly) query.actedOnly = 'true';
  return { query, problem: null };
}
