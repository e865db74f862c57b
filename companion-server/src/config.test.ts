import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAYME_APP_ID, ConfigError, loadConfig } from './config';
import { DEVELOPMENT_EXTENSION_ID } from './install/extension-id';
import { readSigningKey, SIGNING_KEY_FILE_NAME } from './install/signing-key';

const CWD = '/srv/bayme-ads-toolkit';
const TIKTOK = { TIKTOK_APP_ID: '7000000000000000001', TIKTOK_APP_SECRET: 'a-real-looking-secret' };
const PRODUCTION = { ...TIKTOK, TOKEN_ENCRYPTION_KEY: 'base64-key-material' };
const OTHER_EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';

/** The problems a configuration is refused for (fails the test if it is accepted). */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`Expected ${JSON.stringify(env)} to be refused.`);
}

describe('loadConfig', () => {
  it('defaults to loopback, port 8787, ./data and the emulator', () => {
    expect(loadConfig({}, CWD)).toEqual({
      host: '127.0.0.1',
      port: 8787,
      publicUrl: 'http://127.0.0.1:8787',
      dataDir: `${CWD}/data`,
      marketingApi: { mode: 'emulator', appId: BAYME_APP_ID, appSecret: null, tier: 'basic' },
      tokenEncryptionKey: null,
      oauthRedirectUri: 'http://127.0.0.1:8787/oauth/callback',
      allowedOrigins: [`chrome-extension://${DEVELOPMENT_EXTENSION_ID}`],
      extensionSigning: null,
      minimumExtensionVersion: null,
      tls: null,
      trustProxy: false,
      logLevel: 'info',
      healthCheckIntervalMs: 360 * 60_000,
      rateLimitPerMinute: 600,
      metricsCacheTtlMs: 300_000,
      asyncReports: false,
      extensionOutputDir: `${CWD}/.output`,
      layoutSamplesKept: 200,
      retention: { jobDays: 90, exportFileMinutes: 60, auditDays: 400 },
      rules: {
        tickMs: 30_000,
        logRetentionDays: 90,
        logQuietDays: 14,
        webhookUrl: null,
        webhookSecret: null,
      },
      orders: { shops: [], webhookSecret: null, webhookMaxAgeMs: 48 * 3_600_000 },
      shutdownTimeoutMs: 10_000,
      emulator: { host: '127.0.0.1', port: 9797, url: null },
    });
  });

  it('keeps absolute directories and resolves relative ones against the working directory', () => {
    const config = loadConfig(
      { DATA_DIR: '/var/lib/bayme', EXTENSION_OUTPUT_DIR: 'build/ext' },
      CWD,
    );
    expect(config.dataDir).toBe('/var/lib/bayme');
    expect(config.extensionOutputDir).toBe(`${CWD}/build/ext`);
  });

  describe('the Marketing API mode', () => {
    it('is production with both TikTok credentials', () => {
      const config = loadConfig(PRODUCTION, CWD);
      expect(config.marketingApi).toEqual({
        mode: 'production',
        appId: TIKTOK.TIKTOK_APP_ID,
        appSecret: TIKTOK.TIKTOK_APP_SECRET,
        tier: 'basic',
      });
      expect(config.tokenEncryptionKey).toBe('base64-key-material');
    });

    it('is sandbox with the credentials and TIKTOK_API=sandbox', () => {
      const config = loadConfig(
        { ...PRODUCTION, TIKTOK_API: 'sandbox', TIKTOK_TIER: 'advanced' },
        CWD,
      );
      expect(config.marketingApi.mode).toBe('sandbox');
      expect(config.marketingApi.tier).toBe('advanced');
    });

    it('is production with TIKTOK_API=production', () => {
      expect(loadConfig({ ...PRODUCTION, TIKTOK_API: 'production' }, CWD).marketingApi.mode).toBe(
        'production',
      );
    });

    it.each([
      ['only the app id', { TIKTOK_APP_ID: TIKTOK.TIKTOK_APP_ID }],
      ['only the secret', { TIKTOK_APP_SECRET: TIKTOK.TIKTOK_APP_SECRET }],
    ])('refuses %s', (_label, env) => {
      expect(problemsOf(env)).toContain(
        'Set both TIKTOK_APP_ID and TIKTOK_APP_SECRET to use TikTok, or neither to use the emulator.',
      );
    });

    it('refuses TIKTOK_API=sandbox without credentials instead of falling back to the emulator', () => {
      expect(problemsOf({ TIKTOK_API: 'sandbox' })).toEqual([
        'TIKTOK_API=sandbox needs TIKTOK_APP_ID and TIKTOK_APP_SECRET.',
      ]);
    });
  });

  describe('production safeguards', () => {
    it.each([
      ['production', {}],
      ['sandbox', { TIKTOK_API: 'sandbox' }],
    ])(
      '%s refuses to start without TOKEN_ENCRYPTION_KEY, and says how to make one',
      (_mode, extra) => {
        const problems = problemsOf({ ...TIKTOK, ...extra });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^TOKEN_ENCRYPTION_KEY is required/);
        expect(problems[0]).toContain('openssl rand -base64 32');
      },
    );

    it.each(['0.0.0.0', '::', '10.0.0.5', 'ads-tools.bayme.internal'])(
      'refuses plain HTTP on %s',
      (host) => {
        const problems = problemsOf({
          ...PRODUCTION,
          HOST: host,
          PUBLIC_URL: 'https://ads.bayme.internal',
        });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(`Refusing plain HTTP on ${host}`);
        expect(problems[0]).toContain('TRUST_PROXY=true');
      },
    );

    it.each(['127.0.0.1', '127.0.1.1', 'localhost', '::1'])(
      'allows plain HTTP on loopback %s',
      (host) => {
        expect(loadConfig({ ...PRODUCTION, HOST: host }, CWD).host).toBe(host);
      },
    );

    it('allows 0.0.0.0 behind a TLS-terminating proxy', () => {
      const config = loadConfig(
        {
          ...PRODUCTION,
          HOST: '0.0.0.0',
          TRUST_PROXY: 'true',
          PUBLIC_URL: 'https://ads.bayme.internal',
        },
        CWD,
      );
      expect(config.trustProxy).toBe(true);
      expect(config.tls).toBeNull();
    });

    it('needs PUBLIC_URL behind a proxy or off loopback: 0.0.0.0 is no address for links or callbacks', () => {
      const problems = problemsOf({ ...PRODUCTION, HOST: '0.0.0.0', TRUST_PROXY: 'true' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^Set PUBLIC_URL/);
    });

    it('allows 0.0.0.0 with both TLS files, and then defaults to an https public URL', () => {
      const config = loadConfig(
        {
          ...PRODUCTION,
          HOST: '0.0.0.0',
          PUBLIC_URL: 'https://ads.bayme.internal:8787',
          TLS_CERT_FILE: '/etc/tls/cert.pem',
          TLS_KEY_FILE: '/etc/tls/key.pem',
        },
        CWD,
      );
      expect(config.tls).toEqual({ certFile: '/etc/tls/cert.pem', keyFile: '/etc/tls/key.pem' });
      expect(config.publicUrl).toBe('https://ads.bayme.internal:8787');
    });

    it('refuses one TLS file without the other', () => {
      const problems = problemsOf({
        ...PRODUCTION,
        HOST: '0.0.0.0',
        TLS_CERT_FILE: '/etc/tls/cert.pem',
      });
      expect(problems).toContain('Set both TLS_CERT_FILE and TLS_KEY_FILE to serve HTTPS.');
      expect(problems.some((p) => p.startsWith('Refusing plain HTTP on 0.0.0.0'))).toBe(true);
    });

    it('lists every problem at once', () => {
      const problems = problemsOf({ ...TIKTOK, HOST: '0.0.0.0' });
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/TOKEN_ENCRYPTION_KEY/);
      expect(problems[1]).toMatch(/^Set PUBLIC_URL/);
      expect(problems[2]).toMatch(/Refusing plain HTTP/);
    });

    it.each(['0.0.0.0', '::', '10.1.2.3', 'bayme.example'])(
      'refuses emulator mode on a non-loopback HOST (%s): the emulator mints tokens for anyone',
      (host) => {
        expect(problemsOf({ HOST: host })).toEqual([
          `Refusing emulator mode on ${host}: the emulator is for this machine. Set HOST=127.0.0.1, set TIKTOK_APP_ID and TIKTOK_APP_SECRET to use TikTok, or set EMULATOR_EXPOSE=true if exposing the emulator is meant.`,
        ]);
        expect(problemsOf({ HOST: host, EMULATOR_EXPOSE: 'false' })).toHaveLength(1);
      },
    );

    it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', 'localhost'])(
      'accepts emulator mode on the loopback HOST %s',
      (host) => {
        expect(loadConfig({ HOST: host }, CWD).marketingApi.mode).toBe('emulator');
      },
    );

    it('lets the emulator listen on any address when EMULATOR_EXPOSE=true says it is meant', () => {
      const config = loadConfig({ HOST: '0.0.0.0', EMULATOR_EXPOSE: 'true' }, CWD);
      expect(config.marketingApi.mode).toBe('emulator');
      expect(config.publicUrl).toBe('http://0.0.0.0:8787');
    });

    it('EMULATOR_EXPOSE changes nothing for TikTok modes', () => {
      const problems = problemsOf({ ...PRODUCTION, HOST: '0.0.0.0', EMULATOR_EXPOSE: 'true' });
      expect(problems.some((problem) => /emulator mode/.test(problem))).toBe(false);
      expect(problems.some((problem) => /^Refusing plain HTTP/.test(problem))).toBe(true);
    });

    it.each([
      ['true', true],
      ['1', true],
      ['yes', true],
      ['false', false],
      ['0', false],
      ['no', false],
    ])('reads TRUST_PROXY=%s as %s', (value, expected) => {
      expect(loadConfig({ TRUST_PROXY: value }, CWD).trustProxy).toBe(expected);
    });
  });

  describe('URLs', () => {
    it('derive the public URL from host and port, with brackets for IPv6', () => {
      expect(loadConfig({ HOST: '::1', PORT: '9000' }, CWD).publicUrl).toBe('http://[::1]:9000');
    });

    it('take PUBLIC_URL without its trailing slash, and put the OAuth callback under it', () => {
      const config = loadConfig({ PUBLIC_URL: 'https://ads-tools.bayme.internal/' }, CWD);
      expect(config.publicUrl).toBe('https://ads-tools.bayme.internal');
      expect(config.oauthRedirectUri).toBe('https://ads-tools.bayme.internal/oauth/callback');
    });

    it('take OAUTH_REDIRECT_URI as it is', () => {
      const config = loadConfig(
        {
          PUBLIC_URL: 'https://ads-tools.bayme.internal',
          OAUTH_REDIRECT_URI: 'https://app.bayme.store/oauth.html',
        },
        CWD,
      );
      expect(config.oauthRedirectUri).toBe('https://app.bayme.store/oauth.html');
    });
  });

  describe('EXTENSION_ID', () => {
    it('adds allowed origins, one per listed id', () => {
      const config = loadConfig(
        { EXTENSION_ID: ` ${DEVELOPMENT_EXTENSION_ID}, ${OTHER_EXTENSION_ID} ,` },
        CWD,
      );
      expect(config.allowedOrigins).toEqual([
        `chrome-extension://${DEVELOPMENT_EXTENSION_ID}`,
        `chrome-extension://${OTHER_EXTENSION_ID}`,
      ]);
    });

    it('refuses something that is not a Chrome extension id', () => {
      const problems = problemsOf({
        EXTENSION_ID: `${DEVELOPMENT_EXTENSION_ID},https://evil.example`,
      });
      expect(problems).toEqual(['EXTENSION_ID.1: must be 32 letters a–p (a Chrome extension id)']);
    });
  });

  describe("the extension's signing key", () => {
    let dir: string;
    let keyFile: string;
    let keyId: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'config-signing-key-'));
      keyFile = join(dir, 'bayme-extension.pem');
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      keyId = readSigningKey(keyFile).extensionId;
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('allows the id derived from EXTENSION_SIGNING_KEY_FILE, and in emulator mode the development id', () => {
      const config = loadConfig({ EXTENSION_SIGNING_KEY_FILE: keyFile }, CWD);
      expect(keyId).not.toBe(DEVELOPMENT_EXTENSION_ID);
      expect(config.extensionSigning).toEqual({ keyFile, extensionId: keyId });
      expect(config.allowedOrigins).toEqual([
        `chrome-extension://${keyId}`,
        `chrome-extension://${DEVELOPMENT_EXTENSION_ID}`,
      ]);
    });

    it('allows only the signing key’s id with TikTok, plus the ids EXTENSION_ID adds', () => {
      expect(
        loadConfig({ ...PRODUCTION, EXTENSION_SIGNING_KEY_FILE: keyFile }, CWD).allowedOrigins,
      ).toEqual([`chrome-extension://${keyId}`]);
      expect(
        loadConfig(
          {
            ...PRODUCTION,
            EXTENSION_SIGNING_KEY_FILE: keyFile,
            EXTENSION_ID: DEVELOPMENT_EXTENSION_ID,
          },
          CWD,
        ).allowedOrigins,
      ).toEqual([`chrome-extension://${keyId}`, `chrome-extension://${DEVELOPMENT_EXTENSION_ID}`]);
    });

    it('keeps development builds working with TikTok while no key is set', () => {
      const config = loadConfig(PRODUCTION, CWD);
      expect(config.extensionSigning).toBeNull();
      expect(config.allowedOrigins).toEqual([`chrome-extension://${DEVELOPMENT_EXTENSION_ID}`]);
    });

    it('uses the data directory’s key when there is one', () => {
      const dataDir = join(dir, 'data');
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, SIGNING_KEY_FILE_NAME), readFileSync(keyFile, 'utf8'), {
        mode: 0o600,
      });
      const config = loadConfig({ DATA_DIR: dataDir }, CWD);
      expect(config.extensionSigning).toEqual({
        keyFile: join(dataDir, SIGNING_KEY_FILE_NAME),
        extensionId: keyId,
      });
    });

    it('refuses a key file that is missing, not a private key, or readable by others', () => {
      expect(problemsOf({ EXTENSION_SIGNING_KEY_FILE: join(dir, 'nowhere.pem') })).toEqual([
        expect.stringContaining('does not exist'),
      ]);
      const notAKey = join(dir, 'not-a-key.pem');
      writeFileSync(notAKey, 'hello', { mode: 0o600 });
      expect(problemsOf({ EXTENSION_SIGNING_KEY_FILE: notAKey })).toEqual([
        expect.stringContaining('is not a private key in PEM form'),
      ]);
      const open = join(dir, 'open.pem');
      writeFileSync(open, readFileSync(keyFile, 'utf8'));
      chmodSync(open, 0o644);
      expect(problemsOf({ EXTENSION_SIGNING_KEY_FILE: open })).toEqual([
        `The extension signing key ${open} is readable by other users (mode 644); run: chmod 600 ${open}`,
      ]);
    });
  });

  describe('EXTENSION_MIN_VERSION', () => {
    it('is the minimum extension version, or null', () => {
      expect(loadConfig({ EXTENSION_MIN_VERSION: '0.2.0.7' }, CWD).minimumExtensionVersion).toBe(
        '0.2.0.7',
      );
      expect(loadConfig({}, CWD).minimumExtensionVersion).toBeNull();
    });

    it.each([['1.2.3.4.5'], ['v1.2'], ['1.02'], ['70000'], ['']])('refuses "%s"', (value) => {
      expect(problemsOf({ EXTENSION_MIN_VERSION: value })).toEqual([
        'EXTENSION_MIN_VERSION: must be an extension version such as 1.4.0',
      ]);
    });
  });

  describe('invalid values', () => {
    it('are all listed, each with its variable', () => {
      const problems = problemsOf({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        TRUST_PROXY: 'maybe',
        RATE_LIMIT_PER_MINUTE: '5',
        TIKTOK_APP_ID: 'app-7',
        PUBLIC_URL: 'not a url',
      });
      const variables = problems.map((problem) => problem.split(':')[0]).sort();
      expect(variables).toEqual([
        'LOG_LEVEL',
        'PORT',
        'PUBLIC_URL',
        'RATE_LIMIT_PER_MINUTE',
        'TIKTOK_APP_ID',
        'TRUST_PROXY',
      ]);
      expect(problems).toContain('TIKTOK_APP_ID: must be digits');
    });

    it('make a message that names every problem', () => {
      let error: unknown;
      try {
        loadConfig({ PORT: '70000', TIKTOK_TIER: 'gold' }, CWD);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/^The companion server's configuration is not valid:\n/);
      expect(message).toMatch(/\n {2}- PORT: /);
      expect(message).toMatch(/\n {2}- TIKTOK_TIER: /);
    });

    it.each([
      ['PORT', '-1'],
      ['HEALTH_CHECK_INTERVAL_MINUTES', '0'],
      ['RATE_LIMIT_PER_MINUTE', '100001'],
      ['TIKTOK_APP_SECRET', 'short'],
      ['TIKTOK_API', 'staging'],
      ['HOST', ''],
    ])('refuses %s=%s', (name, value) => {
      const problems = problemsOf({ ...TIKTOK, TOKEN_ENCRYPTION_KEY: 'k', [name]: value });
      expect(problems.some((problem) => problem.startsWith(`${name}:`))).toBe(true);
    });
  });

  it('reads the retention periods and the shutdown deadline, and refuses zero', () => {
    const config = loadConfig(
      {
        JOB_RETENTION_DAYS: '30',
        EXPORT_FILE_RETENTION_MINUTES: '15',
        AUDIT_RETENTION_DAYS: '730',
        SHUTDOWN_TIMEOUT_SECONDS: '25',
      },
      CWD,
    );
    expect(config.retention).toEqual({ jobDays: 30, exportFileMinutes: 15, auditDays: 730 });
    expect(config.shutdownTimeoutMs).toBe(25_000);
    for (const name of [
      'JOB_RETENTION_DAYS',
      'EXPORT_FILE_RETENTION_MINUTES',
      'AUDIT_RETENTION_DAYS',
      'SHUTDOWN_TIMEOUT_SECONDS',
    ]) {
      expect(problemsOf({ [name]: '0' })).toEqual([expect.stringContaining(name)]);
    }
  });

  describe('orders webhooks', () => {
    const SECRET = 'test-only-orders-secret-0001';

    it('reads the shops (lower case, once each), the secret and the maximum age', () => {
      const config = loadConfig(
        {
          ORDERS_SHOPS: ' Bayme.myshopify.com , eu-shop,bayme.myshopify.com',
          ORDERS_WEBHOOK_SECRET: SECRET,
          ORDERS_WEBHOOK_MAX_AGE_HOURS: '6',
        },
        CWD,
      );
      expect(config.orders).toEqual({
        shops: ['bayme.myshopify.com', 'eu-shop'],
        webhookSecret: SECRET,
        webhookMaxAgeMs: 6 * 3_600_000,
      });
    });

    it('reads the secret from a file, without its line break', () => {
      const dir = mkdtempSync(join(tmpdir(), 'orders-secret-'));
      try {
        const file = join(dir, 'orders-webhook-secret');
        writeFileSync(file, `${SECRET}\n`);
        const config = loadConfig(
          { ORDERS_SHOPS: 'eu-shop', ORDERS_WEBHOOK_SECRET_FILE: file },
          CWD,
        );
        expect(config.orders.webhookSecret).toBe(SECRET);
        writeFileSync(file, 'short\n');
        const problems = problemsOf({ ORDERS_SHOPS: 'eu-shop', ORDERS_WEBHOOK_SECRET_FILE: file });
        expect(problems).toEqual([expect.stringContaining('at least 16 characters')]);
        expect(problems.join('')).not.toContain('short');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it.each([
      [{ ORDERS_SHOPS: 'eu-shop' }, 'ORDERS_SHOPS is set but no secret'],
      [{ ORDERS_WEBHOOK_SECRET: SECRET }, 'ORDERS_SHOPS is not'],
      [
        {
          ORDERS_SHOPS: 'eu-shop',
          ORDERS_WEBHOOK_SECRET: SECRET,
          ORDERS_WEBHOOK_SECRET_FILE: '/x',
        },
        'not both',
      ],
      [
        { ORDERS_SHOPS: 'eu-shop', ORDERS_WEBHOOK_SECRET_FILE: '/nonexistent/secret' },
        'cannot read',
      ],
      [{ ORDERS_SHOPS: 'eu-shop', ORDERS_WEBHOOK_SECRET: 'too-short' }, 'ORDERS_WEBHOOK_SECRET:'],
      [{ ORDERS_SHOPS: 'shop one', ORDERS_WEBHOOK_SECRET: SECRET }, 'ORDERS_SHOPS'],
      [{ ORDERS_WEBHOOK_MAX_AGE_HOURS: '0' }, 'ORDERS_WEBHOOK_MAX_AGE_HOURS'],
    ])('refuses %j', (env, expected) => {
      const problems = problemsOf(env);
      expect(problems).toEqual([expect.stringContaining(expected)]);
      expect(problems.join('')).not.toContain('too-short');
    });
  });
});
