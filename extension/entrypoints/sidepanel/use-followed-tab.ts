import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { queryKeys } from '../../lib/query-keys';
import { getPageContexts, pageContextsItem } from '../../lib/session-state';
import { type FollowedTab, tabToFollow } from './panel-view';

/**
 * The Ads Manager tab the panel can follow (see tabToFollow), read again whenever a tab
 * reports another view, closes, or the buyer switches tabs. `checking` until first read.
 */
export function useFollowedTab(): { followed: FollowedTab | null; checking: boolean } {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.followedTab(),
    queryFn: async () => {
      const [contexts, [active]] = await Promise.all([
        getPageContexts(),
        browser.tabs.query({ active: true, currentWindow: true }),
      ]);
      return tabToFollow(contexts, active?.id ?? null);
    },
  });
  useEffect(() => {
    const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.followedTab() });
    const unwatch = pageContextsItem.watch(refresh);
    browser.tabs.onActivated.addListener(refresh);
    return () => {
      unwatch();
      browser.tabs.onActivated.removeListener(refresh);
    };
  }, [queryClient]);
  return { followed: query.data ?? null, checking: query.isPending };
}
