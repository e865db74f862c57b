import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import closeWithGrace from 'close-with-grace';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { type RunningEmulator, startEmulator } from '../emulator/app';
import { EMULATOR_APP_SECRET } from '../emulator/settings';
import { buildApp } from './app';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { startBackgroundJobs } from './connections/background-jobs';
import { createLogger } from './http/logging';
import { type DemoSeed, seedDemoOrders } from './orders/demo-orders-seed';
import { DEMO_SHOP } from './orders/demo-shop';
import { loadOrCreateDemoSecret } from './orders/demo-webhook-secret';
import { createContext, type MarketingApiTarget, type ServerContext } from './services';
import { startRetention } from './storage/retention';
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
  /**
   * The demo shop's orders, with the built-in emulator only: `shop` is set when the demo shop
   * takes webhooks (no ORDERS_SHOPS set), `seeded` when this start filled the empty store.
   */
  demoOrders: { shop: string | null; seeded: DemoSeed | null } | null;
  /**
   * Stop accepting requests and let those under way finish; then stop running bulk-edit and
   * bulk-create jobs between rows, give the calls they sent (and running exports) up to
   * `jobGraceMs` to finish and be journaled (default 0: not waited for; their journals let the
   * next start resume them either way) and wait for the audit writes made so far.
   */
  close(options?: { jobGraceMs?: number }): Promise<void>;
}

export async function startServer(configured: ServerConfig): Promise<RunningServer> {
  let config = configured;
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
        // Its world (accounts, entities, the tokens our connections hold) outlives a restart.
        dataDir: join(config.dataDir, 'emulator'),
      },
      config.emulator,
    );
    target = { origin: emulator.url, appSecret: emulator.runtime.options.appSecret };
    // Nothing real is at stake with the built-in emulator: a demo shop takes webhooks out of
    // the box, unless the shops and their secret are set.
    if (config.orders.shops.length === 0 && config.orders.webhookSecret === null) {
      const webhookSecret = await loadOrCreateDemoSecret(config.dataDir);
      config = { ...config, orders: { ...config.orders, shops: [DEMO_SHOP], webhookSecret } };
    }
  } else {
    target = { appSecret: config.marketingApi.appSecret ?? '' };
  }

  const context = await createContext(config, target, log);
  const bootstrapAdminKey = await context.staff.ensureBootstrapAdmin();
  const reencrypted = await context.connections.reencryptTokens();
  if (reencrypted > 0) log.info({ reencrypted }, 'tokens re-encrypted under the current key');
  const demoOrders = emulator ? demoOrdersAtStart(context, emulator, config, log) : null;

  const https = config.tls
    ? { cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) }
    : null;
  const app = await buildApp(context, { https });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `${config.tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const jobs = startBackgroundJobs(context);
  const retention = startRetention({
    dataDir: config.dataDir,
    retention: config.retention,
    bulkEdits: context.bulkEdits,
    bulkCreate: context.bulkCreate,
    exports: context.exports,
    log,
    now: context.now,
  });
  // Bulk-edit jobs the previous process left unfinished are checked at TikTok and resumed;
  // then the rules, whose unfinished runs wait for those jobs, and their schedule.
  const rulesStarted = context.bulkEdits
    .resumeInterrupted()
    .catch((error: unknown) => log.error({ err: error }, 'could not resume bulk-edit jobs'))
    .then(() => context.ruleScheduler.start())
    .catch((error: unknown) => log.error({ err: error }, 'could not start the rule scheduler'));
  void context.bulkCreate
    .resumeInterrupted()
    .catch((error: unknown) => log.error({ err: error }, 'could not resume bulk-create jobs'));

  return {
    url,
    app,
    emulator,
    bootstrapAdminKey,
    demoOrders,
    async close(options = {}) {
      await app.close();
      // No rule starts a run from now on; a run under way ends with its jobs (below).
      await rulesStarted;
      const rulesStopped = context.ruleScheduler.stop();
      // Jobs take no new row from now on; the next start resumes them where they stop.
      context.bulkEdits.stopForShutdown();
      context.bulkCreate.stopForShutdown();
      jobs.stop();
      await retention.stop();
      const graceMs = options.jobGraceMs ?? 0;
      if (graceMs > 0) {
        // Every journal record is fsynced before a job moves on, so a job cut off at the end of
        // the grace period (a call still unanswered) resumes exactly where it was.
        await Promise.race([
          Promise.all([
            context.bulkEdits.settled(),
            context.bulkCreate.settled(),
            context.exports.settled(),
          ]),
          sleep(graceMs, undefined, { ref: false }),
        ]);
      }
      await Promise.race([rulesStopped, sleep(graceMs, undefined, { ref: false })]);
      await context.notifier.close();
      context.sql.close();
      await context.audit.settled();
      await emulator?.close();
    },
  };
}

/** The demo orders, made into an empty store; a failure is logged and the server starts anyway. */
function demoOrdersAtStart(
  context: ServerContext,
  emulator: RunningEmulator,
  config: ServerConfig,
  log: FastifyBaseLogger,
): NonNullable<RunningServer['demoOrders']> {
  const shop = config.orders.shops.includes(DEMO_SHOP) ? DEMO_SHOP : null;
  try {
    const seeded = seedDemoOrders(context.orderStore, emulator.runtime, DEMO_SHOP);
    if (seeded) log.info({ demoOrders: seeded }, 'demo orders generated');
    return { shop, seeded };
  } catch (error) {
    log.error({ err: error }, 'could not generate the demo orders');
    return { shop, seeded: null };
  }
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
  if (server.demoOrders) lines.push(`  Orders           ${demoOrdersLine(server.demoOrders)}`);
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

function demoOrdersLine({ shop, seeded }: NonNullable<RunningServer['demoOrders']>): string {
  const made = seeded
    ? `DEMO orders: ${seeded.orders} generated now from the emulator's last 30 days (${seeded.refunds} refunds), `
    : 'DEMO orders from the emulator (generated at the first start), ';
  const webhooks = shop
    ? `shop ${shop} takes signed webhooks (secret in the data directory); try: npm run orders -- send`
    : 'webhooks from the shops in ORDERS_SHOPS';
  return `${made}${webhooks}`;
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

  // The jobs get the deadline less a margin for closing the rest; past the deadline
  // close-with-grace exits anyway (code 1), and a second signal exits at once.
  const jobGraceMs = Math.max(0, config.shutdownTimeoutMs - SHUTDOWN_MARGIN_MS);
  closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
    if (err) console.error('The companion server stops after an unexpected error:', err);
    else console.info(`${signal ?? 'Exit'} received: closing.`);
    await server.close({ jobGraceMs });
  });
}

/** Time kept for closing the rest after the jobs' grace period. */
const SHUTDOWN_MARGIN_MS = 1_000;

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(
      'The companion server failed to start:',
      error instanceof Error ? error.message : error,
    );
    process.exit(1);
  });
}
