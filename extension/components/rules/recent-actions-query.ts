import { TikTokIdSchema } from '../../../companion-server/src/contract/common';
import type { EvaluationLogQuery } from '../../lib/query-keys';

/**
 * The side panel shows the latest actions only, on one page: the rule's page holds the whole
 * log, older entries and its other filters. 30 lines fill a few screens of the 360 px panel.
 */
export const RECENT_ACTIONS_LIMIT = 30;

/**
 * The `searchEvaluations` query for the side panel's recent actions: only entries where a
 * rule acted or asked to (done, awaiting approval, failed, notified), of one account or all,
 * and of one item once a whole id is typed. An id still being typed is a problem to show,
 * not a query.
 */
export function recentActionsQuery(
  advertiserId: string | null,
  entityIdText: string,
): { query: EvaluationLogQuery; problem: null } | { query: null; problem: string } {
  const entityId = entityIdText.trim();
  if (entityId !== '' && !TikTokIdSchema.safeParse(entityId).success) {
    return { query: null, problem: 'An id is made of digits only.' };
  }
  const query: EvaluationLogQuery = { actedOnly: 'true', limit: RECENT_ACTIONS_LIMIT };
  if (advertiserId) query.advertiserId = advertiserId;
  if (entityId !== '') query.entityId = entityId;
  return { query, problem: null };
}
