import type {
  AccessToken,
  Ad,
  AdGroup,
  Advertiser,
  App,
  AuthCode,
  Campaign,
  ReportTask,
  TikTokUser,
} from './model';

/**
 * The emulator's whole state, with the indexes handlers need. Mutations go through the
 * `add*` methods (which keep the indexes right) or change entity fields in place; either way
 * they call {@link EmulatorState.touch} so that caches keyed on the version notice.
 * Tokens, authorization codes, report tasks and create requests change without a touch (no
 * cache depends on them); a persisted world is saved after each request that may change them.
 */
export class EmulatorState {
  readonly apps = new Map<string, App>();
  readonly users = new Map<string, TikTokUser>();
  readonly advertisers = new Map<string, Advertiser>();
  readonly campaigns = new Map<string, Campaign>();
  readonly adGroups = new Map<string, AdGroup>();
  readonly ads = new Map<string, Ad>();
  readonly tokens = new Map<string, AccessToken>();
  readonly authCodes = new Map<string, AuthCode>();
  readonly reportTasks = new Map<string, ReportTask>();
  /** `create` request_id → the id of the entity it created, per app, advertiser and endpoint. */
  readonly createRequests = new Map<string, string>();

  private readonly campaignsByAdvertiser = new Map<string, Campaign[]>();
  private readonly adGroupsByCampaign = new Map<string, AdGroup[]>();
  private readonly adsByAdGroup = new Map<string, Ad[]>();
  private mutationCount = 0;

  /** `onChange` hears every touch (the saver of a persisted world schedules a save). */
  constructor(private readonly onChange: () => void = () => {}) {}

  /** Increases on every change; caches of derived data compare against it. */
  get version(): number {
    return this.mutationCount;
  }

  touch(): void {
    this.mutationCount += 1;
    this.onChange();
  }

  isIdTaken(id: string): boolean {
    return (
      this.advertisers.has(id) ||
      this.campaigns.has(id) ||
      this.adGroups.has(id) ||
      this.ads.has(id) ||
      this.reportTasks.has(id)
    );
  }

  addAdvertiser(advertiser: Advertiser): void {
    this.advertisers.set(advertiser.advertiser_id, advertiser);
    this.touch();
  }

  addCampaign(campaign: Campaign): void {
    this.campaigns.set(campaign.campaign_id, campaign);
    pushTo(this.campaignsByAdvertiser, campaign.advertiser_id, campaign);
    this.touch();
  }

  addAdGroup(adGroup: AdGroup): void {
    this.adGroups.set(adGroup.adgroup_id, adGroup);
    pushTo(this.adGroupsByCampaign, adGroup.campaign_id, adGroup);
    this.touch();
  }

  addAd(ad: Ad): void {
    this.ads.set(ad.ad_id, ad);
    pushTo(this.adsByAdGroup, ad.adgroup_id, ad);
    this.touch();
  }

  campaignsOf(advertiserId: string): readonly Campaign[] {
    return this.campaignsByAdvertiser.get(advertiserId) ?? [];
  }

  adGroupsOf(campaignId: string): readonly AdGroup[] {
    return this.adGroupsByCampaign.get(campaignId) ?? [];
  }

  adsOf(adGroupId: string): readonly Ad[] {
    return this.adsByAdGroup.get(adGroupId) ?? [];
  }

  adGroupsOfAdvertiser(advertiserId: string): AdGroup[] {
    return this.campaignsOf(advertiserId).flatMap((campaign) => [
      ...this.adGroupsOf(campaign.campaign_id),
    ]);
  }

  adsOfAdvertiser(advertiserId: string): Ad[] {
    return this.adGroupsOfAdvertiser(advertiserId).flatMap((adGroup) => [
      ...this.adsOf(adGroup.adgroup_id),
    ]);
  }
}

function pushTo<T>(index: Map<string, T[]>, key: string, item: T): void {
  const list = index.get(key);
  if (list) list.push(item);
  else index.set(key, [item]);
}
