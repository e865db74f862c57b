import type { ClickParameters } from './order-store';

/**
 * Which TikTok ad an order came from, read from the landing page of the visit. TikTok fills
 * the URL macros of an ad's landing-page link when a person clicks (`__CAMPAIGN_ID__`,
 * `__AID__` for the ad group, `__CID__` for the ad) and appends its click id `ttclid`
 * (shared/reference/first-party-orders.md); the shop hands the landing page on with the order
 * (Shopify's `landing_site`, a path and query) or an admin gives it in a CSV. Pure; never
 * throws on what a shop sends: a malformed URL simply names no ad.
 */

/** The ids of the click, without its time (the caller knows when, if anyone does). */
export type ClickIds = Omit<ClickParameters, 'clickedAtMs'>;

/** What bulk create appends to new ads' landing URLs, unless the admin sets another template. */
export const DEFAULT_TRACKING_TEMPLATE =
  'utm_source=tiktok&campaign_id=__CAMPAIGN_ID__&adgroup_id=__AID__&ad_id=__CID__';

/**
 * The parameter names read for each id, in order of preference: the default template's
 * names first, then the spelling attribution vendors' templates use (`ad_group_id`).
 */
const NAMES = {
  campaignId: ['campaign_id'],
  adgroupId: ['adgroup_id', 'ad_group_id'],
  adId: ['ad_id'],
  ttclid: ['ttclid'],
} as const satisfies Record<keyof ClickIds, readonly string[]>;

/** TikTok's ids are 15–19 digits today; 20 leaves room without letting anything else in. */
const TIKTOK_ID = /^[0-9]{1,20}$/;
export function isTikTokId(value: string): boolean {
  return TIKTOK_ID.test(value);
}

/** A click id is an opaque token: URL-safe characters, of a sane length. */
const CLICK_ID = /^[A-Za-z0-9._~+/=-]{1,500}$/;
/** A macro TikTok did not replace (a preview, a copied template, a misspelled macro). */
const UNREPLACED_MACRO = /^_{2}[A-Za-z0-9_]*_{2}$/;

/** Any URL-like text is read relative to this, so a bare path and query (`landing_site`) parse. */
const PLACEHOLDER_ORIGIN = 'https://landing.invalid/';

/** Parameters given one by one (CSV columns, a generic webhook's fields), by name. */
export type ClickParameterFields = Readonly<Record<string, string | null | undefined>>;

export const NO_CLICK_IDS: ClickIds = Object.freeze({
  campaignId: null,
  adgroupId: null,
  adId: null,
  ttclid: null,
});

/**
 * The click's ids from a landing URL (`https://shop.example/p?campaign_id=…`), a path and
 * query (Shopify's `landing_site`: `/products/x?utm_source=tiktok&campaign_id=…`), or
 * parameters given separately by name (`{ campaign_id: '…', ad_group_id: '…' }`).
 *
 * A value counts only if it is a TikTok id (1–20 ASCII digits; kept as a string: ids go
 * beyond what a number holds exactly) or, for `ttclid`, a click-id token; an unreplaced
 * macro (`__CID__`, any `__X__`), an empty value or anything else is absent. When a name
 * appears twice, the first valid value is taken. Null, empty or malformed input: all null.
 */
export function clickParametersOf(
  source: string | ClickParameterFields | null | undefined,
): ClickIds {
  if (source === null || source === undefined) return NO_CLICK_IDS;
  const values = typeof source === 'string' ? queryValues(source) : fieldValues(source);
  if (values === null) return NO_CLICK_IDS;
  return {
    campaignId: firstValid(values, NAMES.campaignId, TIKTOK_ID),
    adgroupId: firstValid(values, NAMES.adgroupId, TIKTOK_ID),
    adId: firstValid(values, NAMES.adId, TIKTOK_ID),
    ttclid: firstValid(values, NAMES.ttclid, CLICK_ID),
  };
}

/**
 * The template's parameter names that the landing URL's query lacks, in the template's order
 * (the side panel lists ads whose links would not tell Bayme which ad an order came from).
 * Present by name is enough: the values are TikTok's to fill. A URL that cannot be read
 * lacks them all.
 */
export function lacksTrackingTemplate(landingUrl: string, template: string): string[] {
  const wanted = [...new Set(parameterNames(template.replace(/^\?/, '')))];
  const present = queryValues(landingUrl);
  return wanted.filter((name) => present === null || !present.has(name));
}

type Values = ReadonlyMap<string, readonly string[]>;

function firstValid(values: Values, names: readonly string[], pattern: RegExp): string | null {
  for (const name of names) {
    for (const value of values.get(name) ?? []) {
      if (!UNREPLACED_MACRO.test(value) && pattern.test(value)) return value;
    }
  }
  return null;
}

/** The query's values by name, decoded; null when the text is not a URL or a path. */
function queryValues(text: string): Values | null {
  let url: URL;
  try {
    url = new URL(text.trim(), PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  const values = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) {
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else list.push(value);
  }
  return values;
}

function fieldValues(fields: ClickParameterFields): Values {
  const values = new Map<string, string[]>();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') values.set(name, [value.trim()]);
  }
  return values;
}

function parameterNames(query: string): string[] {
  return query
    .split('&')
    .map((pair) => decodeLenient(pair.split('=', 1)[0] ?? ''))
    .filter((name) => name !== '');
}

function decodeLenient(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
