import type { Campaign } from '../state/model';

/**
 * TikTok's rule that a campaign's name is unique among the account's live campaigns, on
 * create and on campaign/update/ alike (exact, case-sensitive match). Returns TikTok's
 * message, or null when the name is free. `self` is the campaign being renamed.
 */
export function campaignNameTakenProblem(
  campaigns: readonly Campaign[],
  name: string,
  self: string | null,
): string | null {
  const taken = campaigns.some(
    (c) => c.deletedAt === null && c.campaign_id !== self && c.campaign_name === name,
  );
  return taken ? 'campaign_name: A campaign with this name already exists.' : null;
}
