import {
  type Bootstrap,
  LEVEL_OF_URL,
  type Level,
  ROUTE_FAMILIES,
  type RouteFamily,
  URL_LEVEL_OF,
  URL_LEVELS,
} from '../contract';

/**
 * Where the app is: the level and range from the URL, as on Ads Manager, and the drill-down
 * filter from `history.state`, because Ads Manager never puts entity ids in its URLs.
 * Navigation is in-app: `pushState`, then the app re-reads the route; `popstate` likewise.
 * With the `no-url-range` layout flag the range lives in `history.state` too, and the URL
 * keeps no `st` / `et` (the app reads them once, then removes them).
 */

/** Ad groups of a campaign, or ads of a campaign or an ad group, chosen by clicking a name. */
export interface Filter {
  level: 'campaign' | 'adgroup';
  ref: string;
  name: string;
}

export interface Route {
  family: RouteFamily;
  level: Level;
  st: string;
  et: string;
  filter: Filter | null;
}

interface HistoryState {
  replicaFilter?: Filter | null;
  replicaRange?: { st: string; et: string };
}

const PATH = /^\/i18n\/([a-z]+)\/([a-z]+)\/?$/;

export function readRoute(bootstrap: Bootstrap): Route {
  const match = PATH.exec(window.location.pathname);
  const family = ROUTE_FAMILIES.find((f) => f === match?.[1]) ?? 'manage';
  const urlLevel = URL_LEVELS.find((l) => l === match?.[2]) ?? 'campaign';
  const params = new URLSearchParams(window.location.search);
  const state = (window.history.state ?? {}) as HistoryState;
  return {
    family,
    level: LEVEL_OF_URL[urlLevel],
    st: params.get('st') ?? state.replicaRange?.st ?? bootstrap.defaultRange.st,
    et: params.get('et') ?? state.replicaRange?.et ?? bootstrap.defaultRange.et,
    filter: state.replicaFilter ?? null,
  };
}

/**
 * Moves the range from the URL into the history entry's state, in place (`no-url-range`).
 * The route reads the same range afterwards, so nothing reloads.
 */
export function moveRangeOutOfUrl(route: Route): void {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('st') && !params.has('et')) return;
  params.delete('st');
  params.delete('et');
  const state: HistoryState = {
    ...((window.history.state ?? {}) as HistoryState),
    replicaRange: { st: route.st, et: route.et },
  };
  window.history.replaceState(state, '', `${window.location.pathname}?${params.toString()}`);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** A key that changes whenever the route may have: the URL or the history entry's state. */
export function routeSnapshot(): string {
  return `${window.location.href}#${JSON.stringify(window.history.state ?? null)}`;
}

const NAVIGATED = 'replica:navigate';

export function subscribeToRoute(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

export interface NavigationTarget {
  level?: Level;
  range?: { st: string; et: string };
  filter: Filter | null;
}

/**
 * Go to another level, range or filter without reloading. Parameters the app does not own
 * (aadvid, layout, variant, whatever else Ads Manager put there) stay as they are. With
 * `rangeInUrl` false (`no-url-range`), the range goes to the history entry's state instead.
 */
export function navigate(current: Route, target: NavigationTarget, rangeInUrl = true): void {
  const level = target.level ?? current.level;
  const params = new URLSearchParams(window.location.search);
  if (target.range && rangeInUrl) {
    params.set('st', target.range.st);
    params.set('et', target.range.et);
  }
  const url = `/i18n/${current.family}/${URL_LEVEL_OF[level]}?${params.toString()}`;
  const state: HistoryState = rangeInUrl
    ? { replicaFilter: target.filter }
    : {
        replicaFilter: target.filter,
        replicaRange: target.range ?? { st: current.st, et: current.et },
      };
  window.history.pushState(state, '', url);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** The filter a level tab keeps: a campaign narrows its ad groups and ads, an ad group its ads. */
export function filterForTab(filter: Filter | null, level: Level): Filter | null {
  if (!filter || level === 'campaign') return null;
  if (level === 'adgroup') return filter.level === 'campaign' ? filter : null;
  return filter;
}
