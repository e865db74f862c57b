import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { RuleInput, RuleView } from '../../../companion-server/src/contract/rules';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { ruleInputOf } from './rule-draft';

/**
 * What can be done to rules, each a mutation that refreshes what it changed: the rules'
 * lists, runs, logs and settings; and, for a run or its undo, the figures and entities of
 * the accounts it may have changed.
 */

async function refreshRules(client: QueryClient, advertiserIds: readonly string[] = []) {
  const keys = [
    ...queryKeys.changedByRules(),
    ...advertiserIds.flatMap((advertiserId) => queryKeys.changedByJobs(advertiserId)),
  ];
  await Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}

/** On or off, as saved: the rest of the rule is sent as it was. */
export function useToggleRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: RuleView) =>
      api('updateRule', {
        params: { ruleId: rule.id },
        body: { ...ruleInputOf(rule), enabled: !rule.enabled },
      }),
    onSuccess: () => refreshRules(client),
  });
}

/** Create (no id yet) or update a rule. */
export function useSaveRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (save: { ruleId: string | null; input: RuleInput }) =>
      save.ruleId === null
        ? api('createRule', { body: save.input })
        : api('updateRule', { params: { ruleId: save.ruleId }, body: save.input }),
    onSuccess: (rule) => {
      // The page opens the rule it just saved: from this answer, not a second request.
      client.setQueryData(queryKeys.getRule(rule.id), rule);
      return refreshRules(client);
    },
  });
}

export function useDeleteRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) => api('deleteRule', { params: { ruleId } }),
    onSuccess: () => refreshRules(client),
  });
}

export function useRunRuleNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: RuleView) => api('runRuleNow', { params: { ruleId: rule.id } }),
    onSuccess: (_run, rule) => refreshRules(client, rule.scope.advertiserIds),
  });
}

export function useUndoRuleRun(advertiserIds: readonly string[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => api('undoRuleRun', { params: { runId } }),
    onSuccess: () => refreshRules(client, advertiserIds),
  });
}

/** Admins' switch for every rule at once. */
export function useSetRulesPaused() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (paused: boolean) => api('setRulesSettings', { body: { paused } }),
    onSuccess: () => refreshRules(client),
  });
}
