/**
 * How TikTok counts the length of an ad's name and text (the official SDK's notes on
 * ad/create/ and ad/update/): a Chinese or Japanese character counts as two. Korean and
 * full-width forms are counted twice too, the stricter reading: a text the planner passes is
 * never too long at TikTok.
 */

const WIDE =
  /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Hangul}\uFF01-\uFF60]/u;

export const EMOJI = /\p{Extended_Pictographic}/u;

/** Ad names: 512 characters as TikTok counts them. */
export const MAX_AD_NAME_LENGTH = 512;
/** Ad text: 1 to 100 characters as TikTok counts them. */
export const MAX_AD_TEXT_LENGTH = 100;

/** The length TikTok counts: code points, wide characters twice. */
export function tikTokTextLength(text: string): number {
  let length = 0;
  for (const char of text) length += WIDE.test(char) ? 2 : 1;
  return length;
}
