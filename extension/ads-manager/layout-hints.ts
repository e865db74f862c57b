import type { Level } from '../../companion-server/src/contract/ads-manager';
import {
  BUILTIN_ID_KEYS,
  BUILTIN_LIST_URL_SUBSTRINGS,
  BUILTIN_SELECTORS,
  type HintName,
  type SelectorHint,
} from './selectors';

/**
 * The selector hints in force: the companion server's document when an admin has set one
 * (checked against the contract's schema by the background before it gets here), else the
 * built-in list. Hints are data only; nothing from the server is ever run as code.
 */
export const BUILTIN_HINTS_VERSION = 'builtin-2026-12-06';

export interface ActiveHints {
  version: string;
  source: 'server' | 'built-in';
  selectors: Record<HintName, readonly SelectorHint[]>;
  idKeys: Record<Level, readonly string[]>;
  listUrlSubstrings: readonly string[];
}

export const BUILTIN_HINTS: ActiveHints = {
  version: BUILTIN_HINTS_VERSION,
  source: 'built-in',
  selectors: BUILTIN_SELECTORS,
  idKeys: BUILTIN_ID_KEYS,
  listUrlSubstrings: BUILTIN_LIST_URL_SUBSTRINGS,
};

export interface ServerHints {
  version: string;
  selectors: Record<HintName, readonly SelectorHint[]>;
  idKeys: Record<Level, readonly string[]>;
  listUrlSubstrings: readonly string[];
}

/**
 * The server's hints come first and the built-in ones follow, so a server list that misses
 * a form the build knows still finds it; the version says whose list leads.
 */
export function activeHints(server: ServerHints | null): ActiveHints {
  if (!server) return BUILTIN_HINTS;
  const merge = <T>(first: readonly T[], then: readonly T[], key: (item: T) => string) => {
    const seen = new Set(first.map(key));
    return [...first, ...then.filter((item) => !seen.has(key(item)))];
  };
  const selectors = { ...BUILTIN_SELECTORS };
  for (const name of Object.keys(selectors) as HintName[]) {
    selectors[name] = merge(server.selectors[name], BUILTIN_SELECTORS[name], (h) => h.selector);
  }
  return {
    version: server.version,
    source: 'server',
    selectors,
    idKeys: {
      campaign: merge(server.idKeys.campaign, BUILTIN_ID_KEYS.campaign, (k) => k),
      adgroup: merge(server.idKeys.adgroup, BUILTIN_ID_KEYS.adgroup, (k) => k),
      ad: merge(server.idKeys.ad, BUILTIN_ID_KEYS.ad, (k) => k),
    },
    listUrlSubstrings: merge(server.listUrlSubstrings, BUILTIN_LIST_URL_SUBSTRINGS, (s) => s),
  };
}
