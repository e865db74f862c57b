import type { Ad } from '../state/model';

/**
 * TikTok's rules for an ad's creative on ad/create/ and ad/update/ (the official SDK's
 * field notes for OpenApiv13adupdateCreatives): names up to 512 characters and ad text of 1
 * to 100, neither with emoji, where a Chinese or Japanese character counts as two. Each
 * function returns TikTok's message, or null.
 */

export const MAX_AD_NAME_LENGTH = 512;
export const MAX_AD_TEXT_LENGTH = 100;

/**
 * How long a review takes here. TikTok says most ads are reviewed within 24 hours; the
 * emulator takes the whole day, so that a client never counts on a quicker answer.
 */
export const AD_REVIEW_MS = 24 * 3_600_000;

const EMOJI = /\p{Extended_Pictographic}/u;
/**
 * Characters TikTok counts twice. Its notes name Chinese and Japanese; Korean and full-width
 * forms are counted twice too, the stricter reading (a text it would take is never refused
 * by TikTok for being long when the emulator took it).
 */
const WIDE =
  /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Hangul}\uFF01-\uFF60]/u;

/** The length TikTok counts: code points, wide characters twice. */
export function tikTokTextLength(text: string): number {
  let length = 0;
  for (const char of text) length += WIDE.test(char) ? 2 : 1;
  return length;
}

export function adNameProblem(field: string, name: string): string | null {
  if (name.trim() === '') return `${field}: The name cannot be empty.`;
  if (tikTokTextLength(name) > MAX_AD_NAME_LENGTH) {
    return `${field}: The name must be at most ${MAX_AD_NAME_LENGTH} characters (Chinese and Japanese characters count as two).`;
  }
  if (EMOJI.test(name)) return `${field}: The name cannot contain emoji.`;
  return null;
}

export function adTextProblem(field: string, text: string): string | null {
  if (text.trim() === '') return `${field}: The ad text cannot be empty.`;
  if (tikTokTextLength(text) > MAX_AD_TEXT_LENGTH) {
    return `${field}: The ad text must be 1-${MAX_AD_TEXT_LENGTH} characters (Chinese and Japanese characters count as two).`;
  }
  if (EMOJI.test(text)) return `${field}: The ad text cannot contain emoji.`;
  return null;
}

/** A landing page is a web address TikTok can open: http or https, no spaces. */
export function landingPageUrlProblem(field: string, url: string): string | null {
  if (/\s/.test(url)) return `${field}: Not a valid URL (it contains spaces).`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      return `${field}: The landing page URL must start with http:// or https://.`;
    }
    if (!parsed.hostname.includes('.')) return `${field}: Not a valid URL.`;
  } catch {
    return `${field}: Not a valid URL.`;
  }
  return null;
}

/** The creative as the emulator compares it: the fields ad/update/ can change. */
export type CreativeValues = Pick<
  Ad,
  | 'ad_name'
  | 'ad_text'
  | 'call_to_action'
  | 'landing_page_url'
  | 'video_id'
  | 'image_ids'
  | 'identity_id'
  | 'identity_type'
  | 'display_name'
>;

/**
 * What an ad's viewers see or reach. A change to any of these sends the ad back to review;
 * renaming it does not (the name is only shown to the advertiser). TikTok does not list
 * which fields trigger a new review: this is the reading its Ads Manager suggests.
 */
const REVIEWED_FIELDS = [
  'ad_text',
  'call_to_action',
  'landing_page_url',
  'video_id',
  'image_ids',
  'identity_id',
  'identity_type',
  'display_name',
] as const;

/** The fields whose value differs, and whether any of them is reviewed. */
export function creativeChanges(
  ad: CreativeValues,
  next: CreativeValues,
): { changed: Array<keyof CreativeValues>; reviewed: boolean } {
  const fields = ['ad_name', ...REVIEWED_FIELDS] as const;
  const changed = fields.filter(
    (field) => JSON.stringify(ad[field]) !== JSON.stringify(next[field]),
  );
  const reviewed = changed.some((field) => field !== 'ad_name');
  return { changed, reviewed };
}
