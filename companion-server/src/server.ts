import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { type RunningEmulator, startEmulator } from '../emulator/app';
import { EMULATOR_APP_SECRET } from '../emulator/settings';
import { buildApp } from './app';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { startBackgroundJobs } from './connections/background-jobs';
import { createLogger } from './http/logging';
import { createContext, type MarketingApiTarget } from './services';
import { APP_VERSION } from './version';

/**
 * The companion server: reads its configuration, starts the built-in Marketing API
 * emulator when no TikTok credentials are set, opens its storage and listens.
 */

/** Bayme's redirect page at TikTok; the emulator accepts it too, so the export can be tried out. */
const BAYME_STATIC_REDIRECT = 'https://app.bayme.store/oauth.html';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  emulator: RunningEmulator | null;
  bootstrapAdminKey: string | null;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  let emulator: RunningEmulator | null = null;
  let target: MarketingApiTarget;
  if (config.marketingApi.mode === 'emulator' && config.emulator.url) {
    target = { origin: config.emulator.url, appSecret: EMULATOR_APP_SECRET };
  } else if (config.marketingApi.mode === 'emulator') {
    emulator = await startEmulator(
      {
        appId: config.marketingApi.appId,
        redirectUris: [config.oauthRedirectUri, BAYME_STATIC_REDIRECT],
        // The built-in emulator plays TikTok: the allowlist is on there when we say it is.
        asyncReportsAllowlisted: config.asyncReports,
      },
      config.emulator,
    );
    target = { origin: emulator.url, appSecret: emulator.runtime.options.appSecret };
  } else {
    target = { appSecret: config.marketingApi.appSecret ?? '' };
  }

  const context = await createContext(config, target, log);
  const bootstrapAdminKey = await context.staff.ensureBootstrapAdmin();
  const reencrypted = await context.connections.reencryptTokens();
  if (reencrypted > 0) log.info({ reencrypted }, 'tokens re-encrypted under the current key');

  const https = config.tls
    ? { cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) }
    : null;
  const app = await buildApp(context, { https });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `${config.tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const jobs = startBackgroundJobs(context);
  // Bulk-edit jobs the previous process left unfinished are checked at TikTok and resumed.
  void context.bulkEdits
    .resumeInterrupted()
    .catch((error: unknown) => log.error({ err: error }, 'could not resume bulk-edit jobs'));
  void context.bulkCreate
    .resumeInterrupted()
    .catch((error: unknown) => log.error({ err: error }, 'could not resume bulk-create jobs'));

  return {
    url,
    app,
    emulator,
    bootstrapAdminKey,
    async close() {
      jobs.stop();
      // A running bulk-edit job is not waited for: its journal lets the next start resume it.
      await app.close();
      await emulator?.close();
    },
  };
}

function banner(server: RunningServer, config: ServerConfig): string {
  const mode = config.marketingApi.mode;
  const modeLine =
    mode === 'emulator'
      ? `EMULATOR: no TikTok credentials set; the Marketing API emulator runs at ${server.emulator?.url ?? config.emulator.url}. Nothing touches real ad accounts.`
      : mode === 'sandbox'
        ? 'SANDBOX: TikTok sandbox (sandbox-ads.tiktok.com) with real credentials.'
        : 'PRODUCTION: TikTok production API (business-api.tiktok.com). Changes spend real money.';
  const lines = [
    '',
    `  Bayme Ads Toolkit companion server ${APP_VERSION}`,
    `  Listening on     ${server.url}  (public URL ${config.publicUrl})`,
    `  Marketing API    ${modeLine}`,
    `  Install page     ${config.publicUrl}/install`,
    `  OAuth callback   ${config.oauthRedirectUri}`,
    `  Data directory   ${config.dataDir}`,
  ];
  const demoAccount = server.emulator?.runtime.state.advertisers.keys().next().value;
  if (server.emulator && demoAccount !== undefined) {
    lines.push(
      `  Ads Manager demo ${server.emulator.url}/i18n/manage/campaign?aadvid=${demoAccount}  (the emulator's replica page; the demo build of the extension overlays it)`,
    );
  }
  if (server.bootstrapAdminKey) {
    lines.push(
      '',
      '  First run: a bootstrap admin was created. Its key is shown ONCE, now:',
      '',
      `      ${server.bootstrapAdminKey}`,
      '',
      '  Sign in to the extension with it, add real staff (npm run staff -- add …) and then disable the bootstrap admin.',
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const server = await startServer(config);
  console.info(banner(server, config));

  const shutdown = async (signal: string) => {
    console.info(`${signal} received: closing.`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(
      'The companion server failed to start:',
      error instanceof Error ? error.message : error,
    );
    process.exit(1);
  });
}
