import {
  levelMetrics,
  listEntities,
  reportPageHealth,
} from '../../companion-server/src/contract/ads-manager';
import {
  checkConnection,
  disconnect,
  listAdAccounts,
  listConnections,
} from '../../companion-server/src/contract/connections';
import { latestExtension } from '../../companion-server/src/contract/extension';
import { oauthAttempt, startOAuth } from '../../companion-server/src/contract/oauth';
import { health, me } from '../../companion-server/src/contract/session';

/**
 * The companion-server routes the extension may call, by name. Messages to the background
 * name a route from here; both sides use its zod schemas from the shared contract.
 */
export const API_ROUTES = {
  health,
  me,
  startOAuth,
  oauthAttempt,
  listAdAccounts,
  listConnections,
  checkConnection,
  disconnect,
  latestExtension,
  levelMetrics,
  listEntities,
  reportPageHealth,
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;
export type ApiRoute<N extends ApiRouteName> = (typeof API_ROUTES)[N];
