import type { EmulatorRuntime } from '../runtime';
import type { AdGroup, Campaign } from '../state/model';

/**
 * Deletion is irreversible and cascades: deleting a campaign deletes its ad groups and ads;
 * deleting an ad group deletes its ads.
 */
export function deleteCampaignTree(
  runtime: EmulatorRuntime,
  campaign: Campaign,
  now: number,
): void {
  campaign.deletedAt ??= now;
  campaign.modify_time = now;
  for (const adGroup of runtime.state.adGroupsOf(campaign.campaign_id)) {
    deleteAdGroupTree(runtime, adGroup, now);
  }
}

export function deleteAdGroupTree(runtime: EmulatorRuntime, adGroup: AdGroup, now: number): void {
  adGroup.deletedAt ??= now;
  adGroup.modify_time = now;
  for (const ad of runtime.state.adsOf(adGroup.adgroup_id)) {
    ad.deletedAt ??= now;
    ad.modify_time = now;
  }
}
