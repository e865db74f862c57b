import Fastify, { type FastifyInstance } from 'fastify';
import { adEndpoints } from './api/ad-endpoints';
import { adGroupEndpoints } from './api/adgroup-endpoints';
import { campaignEndpoints } from './api/campaign-endpoints';
import { registerConsentPage } from './api/consent-page';
import { registerControlApi } from './api/control-routes';
import { registerEndpoints, sendEnvelope } from './api/endpoint';
import { advertiserEndpoints, oauthEndpoints } from './api/oauth-endpoints';
import { reportEndpoints } from './api/report-endpoints';
import { ReturnCode } from './core/api-error';
import { newRequestId } from './core/envelope';
import { adsManagerReplica } from './replica/plugin';
import { EmulatorRuntime } from './runtime';
import { type EmulatorOptionsInput, EmulatorOptionsSchema, MUTABLE_SETTING_KEYS } from './settings';
import { API_PREFIX } from './traffic/faults';

/**
 * The Marketing API emulator: a real HTTP server that behaves like TikTok's API for
 * Business v1.3 (shared/reference/tiktok-marketing-api.md). `buildEmulator` builds it and
 * never listens; `startEmulator` listens and hands back its URL.
 */

export interface Emulator {
  app: FastifyInstance;
  runtime: EmulatorRuntime;
}

export const ALL_ENDPOINTS = [
  ...oauthEndpoints,
  ...advertiserEndpoints,
  ...campaignEndpoints,
  ...adGroupEndpoints,
  ...adEndpoints,
  ...reportEndpoints,
];

export function buildEmulator(input: EmulatorOptionsInput = {}): Emulator {
  const options = EmulatorOptionsSchema.parse(input);
  // Settings given here win over those a saved world carries from the control API.
  const pinned = MUTABLE_SETTING_KEYS.filter((key) => input[key] !== undefined);
  const runtime = new EmulatorRuntime(options, pinned);
  const app = Fastify({
    logger: false,
    // Paths are exact: `/campaign/get` without its trailing slash is a 404, as at TikTok.
    routerOptions: { ignoreTrailingSlash: false },
    // Closing drops every connection at once. Node leaves a pooled connection that never
    // carried a request open until its 60 s headers timeout, which would stall close().
    forceCloseConnections: true,
  });

  // Entity changes announce themselves (EmulatorState.touch); tokens, codes, report tasks,
  // the clock and settings change only in requests that are not reads, so those save too.
  app.addHook('onResponse', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') runtime.worldChanged();
  });
  app.addHook('onClose', async () => {
    await runtime.close();
  });

  registerEndpoints(app, runtime, ALL_ENDPOINTS);
  registerConsentPage(app, runtime);
  app.register(adsManagerReplica, { runtime });
  if (options.controlApi) registerControlApi(app, runtime);

  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).type('text/plain; charset=utf-8').send('404 page not found');
  });

  // Unreadable bodies on API paths get TikTok's envelope (40002) rather than Fastify's errors.
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (request.url.startsWith(API_PREFIX) && status >= 400 && status < 500) {
      const now = runtime.clock.now();
      runtime.calls.record({
        at: now,
        method: request.method,
        path: request.url.slice(API_PREFIX.length).split('?')[0] ?? '',
        http_status: 200,
        code: ReturnCode.PARAMETER_ERROR,
        app_id: null,
        advertiser_id: null,
        duration_ms: 0,
      });
      sendEnvelope(
        reply,
        ReturnCode.PARAMETER_ERROR,
        `Invalid request body: ${error.message}`,
        newRequestId(now),
        {},
      );
      return;
    }
    request.log.error({ err: error }, 'emulator error');
    reply
      .code(status >= 400 ? status : 500)
      .send({ error: status < 500 ? error.message : 'Internal error' });
  });

  return { app, runtime };
}

export interface RunningEmulator extends Emulator {
  /** Origin of the emulator, e.g. `http://127.0.0.1:9797`. */
  url: string;
  close(): Promise<void>;
}

/** Build and listen; port 0 picks a free port (tests). */
export async function startEmulator(
  input: EmulatorOptionsInput = {},
  listen: { host?: string; port?: number } = {},
): Promise<RunningEmulator> {
  const emulator = buildEmulator(input);
  // A new world is on disk before anyone can use it (and an unwritable directory fails here).
  await emulator.runtime.saveWorld();
  const host = listen.host ?? '127.0.0.1';
  await emulator.app.listen({ host, port: listen.port ?? 0 });
  const address = emulator.app.server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  return {
    ...emulator,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => emulator.app.close(),
  };
}
