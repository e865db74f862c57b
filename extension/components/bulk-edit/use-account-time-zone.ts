import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';

/**
 * The ad account's time zone, for showing a job's times in it: a plan carries its own, a
 * job does not. Read from the list of ad accounts (under the key every view shares, so a
 * host that has it asks nothing more); null until known, and if the list
 * cannot be read — the times are then shown in UTC, which their label says.
 */
export function useAccountTimeZone(advertiserId: string): string | null {
  const accounts = useQuery({
    queryKey: queryKeys.listAdAccounts(),
    queryFn: () => api('listAdAccounts'),
    staleTime: 300_000,
  });
  return (
    accounts.data?.adAccounts.find((account) => account.advertiserId === advertiserId)?.timezone ??
    null
  );
}
