import type { AdAccountView } from '../../../companion-server/src/contract/connections';

/**
 * The time zone a rule's times are shown in: its first ad account's, the one its schedule
 * slots follow. UTC while the accounts are not known (the zone's label then says UTC).
 */
export function ruleTimeZone(
  advertiserIds: readonly string[],
  accounts: readonly AdAccountView[] | undefined,
): string {
  const first = advertiserIds[0];
  return accounts?.find((account) => account.advertiserId === first)?.timezone ?? 'UTC';
}
