import { TIKTOK_URL_MACROS } from '../bulk-edits/landing-url-change';

/**
 * The tracking template: the URL parameters bulk create appends to new ads' landing pages
 * (`utm_source=tiktok&campaign_id=__CAMPAIGN_ID__&adgroup_id=__AID__&ad_id=__CID__`), so
 * that an order's landing page names the ad it came from. Pure; shared by the settings'
 * validation (contract/orders-settings.ts), bulk create and the side panel's check.
 *
 * A template is checked strictly because its mistakes are silent: a misspelled macro
 * (`__CAMPAIGNID__`, `_CID_`) reaches the shop as typed, and attribution by ad breaks with
 * no error anywhere (shared/reference/first-party-orders.md).
 */

export const MAX_TRACKING_TEMPLATE_LENGTH = 1_000;

export interface TemplateParam {
  /** As typed in the template (names are plain URL-safe characters, so typed = decoded). */
  key: string;
  /** As typed: escapes (%20) and macros stay byte for byte. */
  value: string;
}

/** Parameter names: letters, digits and `_ . ~ -` (what a query carries without escaping). */
const KEY = /^[A-Za-z0-9_.~-]+$/;
/** Values: the same, plus percent escapes; anything else must be escaped by the admin. */
const VALUE = /^(?:[A-Za-z0-9_.~-]|%[0-9A-Fa-f]{2})+$/;
/** A run of letters, digits and underscores: where a macro, well spelled or not, can hide. */
const WORD_RUN = /[A-Za-z0-9_]+/g;
const KNOWN_MACROS: ReadonlySet<string> = new Set(TIKTOK_URL_MACROS);
/** Placeholder for a well-spelled macro while the rest of a value is looked at. */
const MACRO_MARK = '\u0000';

/** "CAMPAIGN_ID", "campaignid", "Campaign-Id" all read as CAMPAIGNID: to suggest a spelling. */
function normalized(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

const MACRO_BY_NORMALIZED = new Map(TIKTOK_URL_MACROS.map((macro) => [normalized(macro), macro]));

/** A leading `?` (copied from a URL) and surrounding blanks are not part of the template. */
export function normalizeTrackingTemplate(text: string): string {
  return text.trim().replace(/^\?/, '');
}

/** The template's pairs in order; call it on a template `trackingTemplateProblem` accepted. */
export function templateParams(template: string): TemplateParam[] {
  return normalizeTrackingTemplate(template)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals === -1
        ? { key: pair, value: '' }
        : { key: pair.slice(0, equals), value: pair.slice(equals + 1) };
    });
}

/**
 * What is wrong with a template, in words an admin can act on, or null when it is fine:
 * `key=value` pairs joined by `&`, each name once, URL-safe characters, TikTok's macros
 * spelled exactly, at most 1,000 characters.
 */
export function trackingTemplateProblem(text: string): string | null {
  const template = normalizeTrackingTemplate(text);
  if (template === '') {
    return 'The tracking template is empty: give at least one parameter, such as utm_source=tiktok.';
  }
  if (template.length > MAX_TRACKING_TEMPLATE_LENGTH) {
    return `The tracking template is ${template.length} characters long; at most ${MAX_TRACKING_TEMPLATE_LENGTH}.`;
  }
  const seen = new Set<string>();
  for (const [index, pair] of template.split('&').entries()) {
    const place = `Parameter ${index + 1}`;
    if (pair === '') return `${place} is empty: remove the extra "&".`;
    const equals = pair.indexOf('=');
    if (equals === -1) return `${place} ("${pair}") has no "=": write it as name=value.`;
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    if (key === '') return `${place} ("${pair}") has no name before "=".`;
    if (!KEY.test(key)) {
      return `The parameter name "${key}" may contain only letters, digits and _ . ~ -.`;
    }
    if (seen.has(key)) return `The parameter "${key}" appears twice: keep one.`;
    seen.add(key);
    if (value === '') return `The parameter "${key}" has no value after "=".`;
    if (!VALUE.test(value)) {
      return `The value of "${key}" ("${value}") has a character a URL cannot carry as it is: use letters, digits, _ . ~ - and percent escapes (a space is %20).`;
    }
    const misspelled = misspelledMacro(value);
    if (misspelled) return `The value of "${key}": ${misspelled}`;
  }
  return null;
}

/**
 * A macro-like word in the value that is not one of TikTok's macros, explained; null if
 * none. Well-spelled macros are set aside first, so `x__CID__` or `__CID____AID__` pass.
 * Then a word counts as a macro attempt when it opens or closes with two underscores, is
 * wrapped in underscores and has capitals in it, or is a known macro's name with
 * underscores around it in any case or spacing (`_CID_`, `__cid__`, `__CAMPAIGNID__`).
 * A plain word with underscores inside (`spring_SALE_2026`) is left alone.
 */
function misspelledMacro(value: string): string | null {
  let rest = value;
  for (const macro of TIKTOK_URL_MACROS) rest = rest.split(macro).join(MACRO_MARK);
  for (const word of rest.match(WORD_RUN) ?? []) {
    const opens = word.startsWith('_');
    const closes = word.endsWith('_');
    if (!opens && !closes) continue;
    const core = word.replace(/^_+|_+$/g, '');
    if (core === '') continue;
    const suggestion = MACRO_BY_NORMALIZED.get(normalized(core));
    const attempt =
      word.startsWith('__') ||
      word.endsWith('__') ||
      (opens && closes && /[A-Z]/.test(core)) ||
      suggestion !== undefined;
    if (!attempt || KNOWN_MACROS.has(word)) continue;
    const hint = suggestion ? ` Did you mean ${suggestion}?` : '';
    return `"${word}" is not a TikTok macro: macros are two underscores, the name in capitals, two underscores, spelled exactly as TikTok does (${TIKTOK_URL_MACROS.join(', ')}).${hint}`;
  }
  return null;
}
