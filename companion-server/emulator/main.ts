import { z } from 'zod';
import { startEmulator } from './app';
import { TIERS } from './traffic/rate-limits';

/**
 * `npm run emulator`: the Marketing API emulator on its own, for a demo or for poking at it
 * with curl. Configuration comes from the environment (see the README's table).
 */

const flag = z
  .enum(['true', 'false', '1', '0', 'on', 'off'])
  .transform((value) => value === 'true' || value === '1' || value === 'on');

const EnvSchema = z.object({
  EMULATOR_HOST: z.string().default('127.0.0.1'),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(9797),
  EMULATOR_TIER: z.enum(TIERS).default('basic'),
  EMULATOR_SANDBOX: flag.default(false),
  EMULATOR_ASYNC_REPORTS: flag.default(false),
  EMULATOR_CONTROL_API: flag.default(true),
  EMULATOR_LARGE_ACCOUNT_ADGROUPS: z.coerce.number().int().min(0).max(50_000).default(0),
  EMULATOR_REDIRECT_URIS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ?.split(',')
        .map((uri) => uri.trim())
        .filter(Boolean),
    ),
});

async function main(): Promise<void> {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Invalid emulator configuration:\n${z.prettifyError(parsed.error)}`);
    process.exit(1);
  }
  const env = parsed.data;
  const emulator = await startEmulator(
    {
      tier: env.EMULATOR_TIER,
      sandbox: env.EMULATOR_SANDBOX,
      asyncReportsAllowlisted: env.EMULATOR_ASYNC_REPORTS,
      controlApi: env.EMULATOR_CONTROL_API,
      largeAccountAdGroups: env.EMULATOR_LARGE_ACCOUNT_ADGROUPS,
      ...(env.EMULATOR_REDIRECT_URIS ? { redirectUris: env.EMULATOR_REDIRECT_URIS } : {}),
    },
    { host: env.EMULATOR_HOST, port: env.EMULATOR_PORT },
  );
  const { runtime } = emulator;
  const advertisers = [...runtime.state.advertisers.values()];
  console.info(
    [
      '',
      `  TikTok Marketing API emulator listening on ${emulator.url}`,
      `  API base:        ${emulator.url}/open_api/v1.3/`,
      `  Consent page:    ${emulator.url}/portal/auth?app_id=${runtime.options.appId}&state=demo&redirect_uri=<registered URI>`,
      `  App id:          ${runtime.options.appId}`,
      `  Rate-limit tier: ${runtime.options.tier}${runtime.options.sandbox ? ' (sandbox: 1 QPS per endpoint)' : ''}`,
      `  Control API:     ${runtime.options.controlApi ? `${emulator.url}/__emulator/` : 'off'}`,
      `  Ad accounts:     ${advertisers.map((a) => `${a.name} (${a.currency}, ${a.advertiser_id})`).join(', ')}`,
      '',
    ].join('\n'),
  );

  const shutdown = async (signal: string) => {
    console.info(`\n${signal} received, closing the emulator.`);
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('The emulator failed to start:', error);
  process.exit(1);
});
