import { ApiError, notFound, parameterError, ReturnCode } from '../core/api-error';
import type { EmulatorRuntime } from '../runtime';
import type { Ad, AdGroup, Advertiser, Campaign } from '../state/model';

/** Find entities of one advertiser; anything else is "does not exist" (40007). */

export function advertiserOf(runtime: EmulatorRuntime, advertiserId: string): Advertiser {
  const advertiser = runtime.state.advertisers.get(advertiserId);
  if (!advertiser) {
    throw new ApiError(
      ReturnCode.ADVERTISER_NOT_AUTHORIZED,
      `Advertiser ${advertiserId} does not exist.`,
    );
  }
  return advertiser;
}

export function campaignOf(runtime: EmulatorRuntime, advertiserId: string, id: string): Campaign {
  const campaign = runtime.state.campaigns.get(id);
  if (!campaign || campaign.advertiser_id !== advertiserId) {
    throw notFound(`campaign_id: Campaign ${id} doesn't exist or has been deleted.`);
  }
  return campaign;
}

export function adGroupOf(runtime: EmulatorRuntime, advertiserId: string, id: string): AdGroup {
  const adGroup = runtime.state.adGroups.get(id);
  if (!adGroup || adGroup.advertiser_id !== advertiserId) {
    throw notFound(`adgroup_id: Ad group ${id} doesn't exist or has been deleted.`);
  }
  return adGroup;
}

export function adOf(runtime: EmulatorRuntime, advertiserId: string, id: string): Ad {
  const ad = runtime.state.ads.get(id);
  if (!ad || ad.advertiser_id !== advertiserId) {
    throw notFound(`ad_id: Ad ${id} doesn't exist or has been deleted.`);
  }
  return ad;
}

/** The campaign an ad group or ad belongs to (always present: the state keeps trees whole). */
export function parentCampaign(runtime: EmulatorRuntime, child: { campaign_id: string }): Campaign {
  const campaign = runtime.state.campaigns.get(child.campaign_id);
  if (!campaign) throw new Error(`Orphaned entity under campaign ${child.campaign_id}`);
  return campaign;
}

export function parentAdGroup(runtime: EmulatorRuntime, ad: Ad): AdGroup {
  const adGroup = runtime.state.adGroups.get(ad.adgroup_id);
  if (!adGroup) throw new Error(`Orphaned ad under ad group ${ad.adgroup_id}`);
  return adGroup;
}

/** Deleted objects (or objects under a deleted parent) can no longer be changed. */
export function assertEditable(
  label: string,
  id: string,
  now: number,
  ...chain: Array<{ deletedAt: number | null }>
): void {
  if (chain.some((entity) => entity.deletedAt !== null && entity.deletedAt <= now)) {
    throw parameterError(`${label} ${id} has been deleted and can no longer be modified.`);
  }
}

const EMOJI = /\p{Extended_Pictographic}/u;

export function checkName(field: string, name: string, maxLength = 512): void {
  if (name.trim() === '') throw parameterError(`${field}: The name cannot be empty.`);
  if (name.length > maxLength) {
    throw parameterError(`${field}: The name must be at most ${maxLength} characters.`);
  }
  if (EMOJI.test(name)) throw parameterError(`${field}: The name cannot contain emoji.`);
}

export function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
