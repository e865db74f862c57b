/**
 * Permission scopes a token carries. TikTok sets numeric permission ids on the app and the
 * advertiser approves them at consent; the real ids are not public, so these are the
 * emulator's own. One of TikTok's real scope ids is above 2^53 (7543056879933489153); the
 * emulator grants a scope that large too, so that clients never parse scopes as JS numbers.
 */
export const Permission = {
  AD_ACCOUNT_MANAGEMENT: '1',
  ADS_MANAGEMENT: '2',
  REPORTING: '4',
  CREATIVE_MANAGEMENT: '7543056879933489153',
} as const;

export type PermissionId = (typeof Permission)[keyof typeof Permission];

export const ALL_PERMISSIONS: PermissionId[] = Object.values(Permission);

export const PERMISSION_LABELS: Record<PermissionId, string> = {
  '1': 'Ad Account Management: read ad account details',
  '2': 'Ads Management: read and change campaigns, ad groups and ads',
  '4': 'Reporting: read performance reports',
  '7543056879933489153': 'Creative Management: read creatives',
};
