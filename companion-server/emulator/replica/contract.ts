/**
 * What the Ads Manager replica's server and its browser app share: the levels, the URLs, and
 * the shapes of the page's own list API. Types only and plain constants, so the client bundle
 * pulls in nothing from Node, Fastify or zod.
 */

export const LEVELS = ['campaign', 'adgroup', 'ad'] as const;
export type Level = (typeof LEVELS)[number];

/** Ads Manager calls the ad level `creative` in its page URLs, and `ad` everywhere else. */
export const URL_LEVELS = ['campaign', 'adgroup', 'creative'] as const;
export type UrlLevel = (typeof URL_LEVELS)[number];

export const URL_LEVEL_OF: Record<Level, UrlLevel> = {
  campaign: 'campaign',
  adgroup: 'adgroup',
  ad: 'creative',
};

export const LEVEL_OF_URL: Record<UrlLevel, Level> = {
  campaign: 'campaign',
  adgroup: 'adgroup',
  creative: 'ad',
};

/** The two route families of the list pages (2025–26 code also uses `perf`). */
export const ROUTE_FAMILIES = ['manage', 'perf'] as const;
export type RouteFamily = (typeof ROUTE_FAMILIES)[number];

/** The list API's two shapes: `unmappable` (`list_v2`, ids and names renamed) serves the `no-ids` layout. */
export type Variant = 'standard' | 'unmappable';

export const BOOTSTRAP_ELEMENT_ID = 'replica-bootstrap';
export const CLIENT_BUNDLE_PATH = '/__replica/app.js';

/** The list API's path; the unmappable variant reads a differently named one. */
export function listApiPath(level: Level, variant: Variant): string {
  return `/api/v2/i18n/statistics/${level}/list${variant === 'unmappable' ? '_v2' : ''}/`;
}

/** Largest page the list API serves. */
export const MAX_PAGE_LIMIT = 1000;

/** Figures over the requested range, as strings, formatted like the Marketing API's reports. */
export interface RowStat {
  spend: string;
  impressions: string;
  clicks: string;
  conversion: string;
}

export type OperationStatus = 'ENABLE' | 'DISABLE';

interface RowCommon {
  status: OperationStatus;
  /** Null where the level has no budget of its own (no limit, or the ad level). */
  budget: number | null;
  budget_mode: string | null;
  stat: RowStat;
}

export interface CampaignRow extends RowCommon {
  campaign_id: string;
  campaign_name: string;
}

export interface AdGroupRow extends RowCommon {
  adgroup_id: string;
  adgroup_name: string;
  campaign_id: string;
  campaign_name: string;
}

export interface AdRow extends RowCommon {
  ad_id: string;
  ad_name: string;
  adgroup_id: string;
  adgroup_name: string;
  campaign_id: string;
  campaign_name: string;
}

export type ListRow = CampaignRow | AdGroupRow | AdRow;

/** A row of the unmappable variant: its id and name under names no mapper looks for. */
export interface UnmappableRow extends RowCommon {
  entity_ref: string;
  title: string;
}

export interface ListPage<Row> {
  code: number;
  msg: string;
  data: {
    table: Row[];
    pagination: { page: number; limit: number; total_count: number };
  } | null;
}

/** What the HTML shell hands the app: the account, and the default range computed server-side. */
export interface Bootstrap {
  advertiser: { id: string; name: string; currency: string; timezone: string };
  /** The last 7 days ending today in the account's time zone, by the emulator's clock. */
  defaultRange: { st: string; et: string };
}
