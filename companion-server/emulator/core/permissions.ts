/**
 * Permission scopes a token carries: exactly the three the README says the product needs,
 * which is what the consent page asks for. TikTok sets numeric permission ids on the app
 * and the advertiser approves them at consent; the real ids are not public, so these are
 * the emulator's own. One of TikTok's real scope ids is above 2^53 (7543056879933489153):
 * Reporting gets one that large here, so that clients never parse scopes as JS numbers.
 */
export const Permission = {
  AD_ACCOUNT_MANAGEMENT: '1',
  ADS_MANAGEMENT: '2',
  REPORTING: '7543056879933489153',
} as const;

export type PermissionId = (typeof Permission)[keyof typeof Permission];

export const ALL_PERMISSIONS: PermissionId[] = Object.values(Permission);

export const PERMISSION_LABELS: Record<PermissionId, string> = {
  '1': 'Ad Account Management: read ad account details',
  '2': 'Ads Management: read and change campaigns, ad groups and ads',
  '7543056879933489153': 'Reporting: read performance reports',
};
