import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startEmulator } from './app';
import { EmulatorWorldError } from './persistence/world-files';
import type { EmulatorRuntime } from './runtime';
import { TIERS } from './traffic/rate-limits';

/**
 * `npm run emulator`: the Marketing API emulator on its own, for a demo or for poking at it
 * with curl. Configuration comes from the environment (see the README's table); the one
 * argument, `--reset`, starts the saved world (EMULATOR_DATA_DIR) over from the seed.
 *
 * Settings a saved world can carry (changed through the control API) are passed on only when
 * their variable is set, so that an unset variable does not undo such a change on restart.
 */

const USAGE = 'Usage: npm run emulator [-- --reset]';

const flag = z
  .enum(['true', 'false', '1', '0', 'on', 'off'])
  .transform((value) => value === 'true' || value === '1' || value === 'on');

const EnvSchema = z.object({
  EMULATOR_HOST: z.string().default('127.0.0.1'),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(9797),
  EMULATOR_TIER: z.enum(TIERS).optional(),
  EMULATOR_SANDBOX: flag.optional(),
  EMULATOR_ASYNC_REPORTS: flag.optional(),
  EMULATOR_CONTROL_API: flag.default(true),
  EMULATOR_LARGE_ACCOUNT_ADGROUPS: z.coerce.number().int().min(0).max(50_000).optional(),
  EMULATOR_LARGE_ACCOUNTS: z.coerce.number().int().min(1).max(10).optional(),
  /** Where the world is saved between runs; unset: in memory only. */
  EMULATOR_DATA_DIR: z.string().min(1).optional(),
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

function readArguments(): { reset: boolean } {
  try {
    const { values } = parseArgs({
      options: { reset: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    });
    return { reset: values.reset };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const args = readArguments();
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Invalid emulator configuration:\n${z.prettifyError(parsed.error)}`);
    process.exit(1);
  }
  const env = parsed.data;
  const dataDir = env.EMULATOR_DATA_DIR === undefined ? undefined : resolve(env.EMULATOR_DATA_DIR);
  const emulator = await startEmulator(
    {
      ...(env.EMULATOR_TIER === undefined ? {} : { tier: env.EMULATOR_TIER }),
      ...(env.EMULATOR_SANDBOX === undefined ? {} : { sandbox: env.EMULATOR_SANDBOX }),
      ...(env.EMULATOR_ASYNC_REPORTS === undefined
        ? {}
        : { asyncReportsAllowlisted: env.EMULATOR_ASYNC_REPORTS }),
      controlApi: env.EMULATOR_CONTROL_API,
      ...(env.EMULATOR_LARGE_ACCOUNT_ADGROUPS === undefined
        ? {}
        : { largeAccountAdGroups: env.EMULATOR_LARGE_ACCOUNT_ADGROUPS }),
      ...(env.EMULATOR_LARGE_ACCOUNTS === undefined
        ? {}
        : { largeAccounts: env.EMULATOR_LARGE_ACCOUNTS }),
      ...(env.EMULATOR_REDIRECT_URIS ? { redirectUris: env.EMULATOR_REDIRECT_URIS } : {}),
      ...(dataDir === undefined ? {} : { dataDir }),
      startOver: args.reset,
    },
    { host: env.EMULATOR_HOST, port: env.EMULATOR_PORT },
  );
  const { runtime } = emulator;
  // Before the banner: whoever reads it may stop the emulator at once, and its last changes
  // must still be saved.
  const shutdown = async (signal: string) => {
    console.info(`\n${signal} received, closing the emulator.`);
    try {
      // Closing saves the world's last changes.
      await emulator.close();
    } catch (error) {
      console.error('The emulator could not save its world before closing:', error);
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

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
      `  World:           ${worldLine(runtime, dataDir)}`,
      '',
    ].join('\n'),
  );
  const wanted = env.EMULATOR_LARGE_ACCOUNT_ADGROUPS;
  if (wanted !== undefined && wanted !== runtime.options.largeAccountAdGroups) {
    console.info(
      `  EMULATOR_LARGE_ACCOUNT_ADGROUPS=${wanted} is not applied: the saved world has a large account of ${runtime.options.largeAccountAdGroups} ad groups. Run with --reset to seed it again with ${wanted}.\n`,
    );
  }
}

function worldLine(runtime: EmulatorRuntime, dataDir: string | undefined): string {
  switch (runtime.worldOrigin) {
    case 'memory':
      return 'in memory only (set EMULATOR_DATA_DIR to keep it between runs)';
    case 'seeded':
      return `${dataDir} (new, from the seed)`;
    case 'reseeded':
      return `${dataDir} (started over from the seed: --reset)`;
    case 'loaded':
      return `${dataDir} (the saved world; --reset starts over from the seed)`;
  }
}

main().catch((error: unknown) => {
  // A saved world that cannot be read says all there is to say; anything else needs its stack.
  if (error instanceof EmulatorWorldError) console.error(error.message);
  else console.error('The emulator failed to start:', error);
  process.exit(1);
});
