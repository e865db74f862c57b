import type { Level } from '../../../companion-server/src/contract/ads-manager';

export const LEVEL_LABELS: Record<Level, string> = {
  campaign: 'Campaigns',
  adgroup: 'Ad groups',
  ad: 'Ads',
};
