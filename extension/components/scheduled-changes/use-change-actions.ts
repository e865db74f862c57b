import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  ScheduledChangeInput,
  ScheduledChangeView,
} from '../../../companion-server/src/contract/scheduled-changes';
import { api } from '../../lib/messaging';
import { queryKeys, scheduledChangeKeys } from '../../lib/query-keys';
import { inputOfSaved } from './change-draft';

/**
 * What can be done to scheduled changes, each a mutation that refreshes what it changed:
 * the lists, the change and its firings (all under the rules' keys, with the settings).
 */

async function refreshChanges(client: QueryClient) {
  await Promise.all(
    queryKeys.changedByRules().map((queryKey) => client.invalidateQueries({ queryKey })),
  );
}

/** Create (no id yet) or update a change. */
export function useSaveChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (save: { changeId: string | null; input: ScheduledChangeInput }) =>
      save.changeId === null
        ? api('createScheduledChange', { body: save.input })
        : api('updateScheduledChange', { params: { changeId: save.changeId }, body: save.input }),
    onSuccess: (change) => {
      // The page opens the change it just saved: from this answer, not a second request.
      client.setQueryData(scheduledChangeKeys.getScheduledChange(change.id), change);
      return refreshChanges(client);
    },
  });
}

/** On or off, as saved: the rest of the change is sent as it was. */
export function useToggleChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: ScheduledChangeView) =>
      api('updateScheduledChange', {
        params: { changeId: change.id },
        body: { ...inputOfSaved(change), enabled: !change.enabled },
      }),
    onSuccess: () => refreshChanges(client),
  });
}

export function useDeleteChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changeId: string) => api('deleteScheduledChange', { params: { changeId } }),
    onSuccess: () => refreshChanges(client),
  });
}
