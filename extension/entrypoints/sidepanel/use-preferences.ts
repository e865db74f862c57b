import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  getPreferences,
  type Preferences,
  setPreferences,
  watchPreferences,
} from '../../lib/preferences';
import { queryKeys } from '../../lib/query-keys';

/**
 * The staff member's preferences (the options page's "Ads Manager overlays"), kept current
 * when another page saves them, and a way to save a change from the side panel.
 */
export function usePreferences(): {
  preferences: Preferences | undefined;
  save: (change: Partial<Preferences>) => void;
  saveError: Error | null;
} {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.preferences(), queryFn: getPreferences });
  useEffect(
    () =>
      watchPreferences(
        () => void queryClient.invalidateQueries({ queryKey: queryKeys.preferences() }),
      ),
    [queryClient],
  );
  const mutation = useMutation({
    mutationFn: setPreferences,
    onMutate: (next) => queryClient.setQueryData(queryKeys.preferences(), next),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.preferences() }),
  });
  const preferences = query.data;
  return {
    preferences,
    save: (change) => {
      if (preferences) mutation.mutate({ ...preferences, ...change });
    },
    saveError: mutation.error,
  };
}
