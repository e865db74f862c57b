import { useQuery } from '@tanstack/react-query';
import type { Role } from '../../../companion-server/src/contract/common';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';

/**
 * The signed-in staff member's role (the `me` route, as the popup and the bulk panel ask
 * it), for what the rules views offer: viewers read, buyers write rules, admins also pause
 * them all. Null until known; the server checks the role again on every request.
 */
export function useStaffRole(): Role | null {
  const me = useQuery({ queryKey: queryKeys.me(), queryFn: () => api('me'), staleTime: 300_000 });
  return me.data?.staff.role ?? null;
}

/** Buyers and admins write rules; anyone else (or a role not known yet) only reads. */
export function canWriteRules(role: Role | null): boolean {
  return role === 'buyer' || role === 'admin';
}
