import type { BlockReason, NameChange, TextReplace } from '../contract/bulk-edits';

/**
 * New names from a rename operation, and TikTok's rules for names. Pure: the date and the
 * budget a template needs come in.
 */

/**
 * TikTok's limit on campaign names is 512 characters (campaign/update/); the reference does
 * not give one for ad groups or ads, so the same, already the strictest documented, applies
 * to them. Characters are counted as UTF-16 units, which is never fewer than TikTok's count.
 */
export const MAX_NAME_LENGTH = 512;

/**
 * TikTok refuses emoji in campaign names. It does not say so for ad groups and ads; the
 * stricter reading refuses them there too, so that a rename never half-succeeds on it.
 */
const EMOJI = /\p{Extended_Pictographic}/u;

export interface NameFacts {
  name: string;
  id: string;
  /** Today in the ad account's time zone, YYYY-MM-DD. */
  date: string;
  /** The budget as the preview shows it ("120.00"), or empty without one. */
  budget: string;
}

export function newName(change: NameChange, facts: NameFacts): string {
  switch (change.type) {
    case 'prefix':
      return `${change.text}${facts.name}`;
    case 'suffix':
      return `${facts.name}${change.text}`;
    case 'template':
      return change.template.replace(
        /\{(name|id|date|budget)\}/g,
        (_, key: keyof NameFacts) => facts[key],
      );
    case 'replace':
      return replaceText(change, facts.name);
  }
}

/** Find and replace in a name or an ad's text: every occurrence. */
export function replaceText(change: TextReplace, text: string): string {
  const flags = `g${change.ignoreCase ? 'i' : ''}${change.regex ? 'u' : ''}`;
  if (change.regex) return text.replace(new RegExp(change.find, flags), change.replace);
  // Plain text: the replacement is taken literally ($ has no meaning here).
  const pattern = new RegExp(escapeRegExp(change.find), flags);
  return text.replace(pattern, () => change.replace);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface NameProblem {
  code: BlockReason;
  message: string;
}

/** What TikTok would refuse in this name, before it is sent. */
export function checkNameRules(name: string): NameProblem | null {
  if (name.trim() === '') {
    return { code: 'name_refused', message: 'The new name is empty: TikTok requires a name.' };
  }
  if (name.length > MAX_NAME_LENGTH) {
    return {
      code: 'name_too_long',
      message: `The new name has ${name.length} characters: TikTok allows at most ${MAX_NAME_LENGTH}.`,
    };
  }
  if (EMOJI.test(name)) {
    return { code: 'name_refused', message: 'TikTok does not accept emoji in names.' };
  }
  return null;
}
