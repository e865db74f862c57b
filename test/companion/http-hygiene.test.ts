import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../companion-server/src/app';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import { createLogger, redactUrl } from '../../companion-server/src/http/logging';
import { generateStaffKey } from '../../companion-server/src/security/staff-keys';
import { createContext, type ServerContext } from '../../companion-server/src/services';
import { authorizeThroughConsentPage } from '../helpers/client';
import { EXTENSION_ORIGIN, startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Everything a request meets besides its route: CORS and the Origin check, security
 * headers, size and rate limits, the error handler, and what reaches the logs.
 */

/** Every line any pino logger of this file writes (the harness's are silent). */
const logLines = vi.hoisted(() => [] as string[]);

vi.mock('pino', async (importOriginal) => {
  const actual = ((await importOriginal()) as { default: any }).default;
  const capture = { write: (line: string) => void logLines.push(line) };
  const capturing = Object.assign((options: any = {}) => actual(options, capture), actual);
  return { default: capturing, pino: capturing };
});

const FOREIGN_ORIGIN = 'https://evil.example';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';

let companion: TestCompanion;

/**
 * Refused requests are audited after their answer: queue one more entry behind them, so that
 * the data directory is not removed while they are being written.
 */
async function closeCompanion(target: TestCompanion | undefined): Promise<void> {
  if (!target) return;
  await target.context.audit.append({
    actor: SYSTEM_ACTOR,
    action: 'test.teardown',
    outcome: 'success',
  });
  await target.close();
}

beforeAll(async () => {
  companion = await startTestCompanion();
});

afterAll(async () => {
  await closeCompanion(companion);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function preflight(origin: string, method = 'GET') {
  return companion.app.inject({
    method: 'OPTIONS',
    url: '/api/me',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

describe('CORS', () => {
  it('allows a preflight from the extension, listing the methods and headers', async () => {
    const response = await preflight(EXTENSION_ORIGIN, 'PATCH');
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(EXTENSION_ORIGIN);
    expect(response.headers['access-control-allow-methods']).toBe(ALLOWED_METHODS);
    expect(response.headers['access-control-allow-headers']).toBe('Authorization, Content-Type');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it.each([
    FOREIGN_ORIGIN,
    'null',
    'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    `${EXTENSION_ORIGIN}.evil.example`,
  ])('gives a preflight from %s no allowed origin', async (origin) => {
    const response = await preflight(origin);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("echoes the extension's origin on a real request", async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { ...companion.as('viewer'), origin: EXTENSION_ORIGIN },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(EXTENSION_ORIGIN);
    expect(response.headers.vary).toContain('Origin');
  });
});

describe('the Origin check on /api', () => {
  it.each([FOREIGN_ORIGIN, 'null', 'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'])(
    'refuses a request from %s even with a valid admin key',
    async (origin) => {
      const response = await companion.app.inject({
        method: 'GET',
        url: '/api/staff',
        headers: { ...companion.as('admin'), origin },
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.json()).toEqual({
        error: {
          code: 'forbidden',
          message: `Requests from ${origin} are not allowed; use the Bayme Ads Toolkit extension.`,
        },
      });
    },
  );

  it('refuses a write from a foreign origin before it happens', async () => {
    const before = companion.context.staff.list().length;
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: { ...companion.as('admin'), origin: FOREIGN_ORIGIN },
      payload: { email: 'csrf@bayme.example', name: 'Cross Site', role: 'admin' },
    });
    expect(response.statusCode).toBe(403);
    expect(companion.context.staff.list()).toHaveLength(before);
  });

  it.each(['/%61pi/me', '/%61pi/staff'])(
    'cannot be dodged by percent-encoding the path (%s)',
    async (url) => {
      const response = await companion.app.inject({
        method: 'GET',
        url,
        headers: { ...companion.as('admin'), origin: FOREIGN_ORIGIN },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    },
  );

  it('allows a request without Origin (curl, scripts)', async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: companion.as('viewer'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().staff.id).toBe(companion.staffIds.viewer);
  });

  it('leaves pages outside /api to browsers on any origin, without CORS', async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/install',
      headers: { origin: FOREIGN_ORIGIN },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('security headers', () => {
  it('are on API answers, which are never cached', async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: companion.as('viewer'),
    });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each(['/install', '/oauth/callback'])(
    'are on the HTML page %s, with a CSP that allows no scripts and no framing',
    async (url) => {
      const response = await companion.app.inject({ method: 'GET', url });
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    },
  );

  it('include HSTS only when the server is reached over TLS', async () => {
    const plain = await companion.app.inject({ method: 'GET', url: '/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();

    const behindProxy = await startTestCompanion({ TRUST_PROXY: 'true' });
    try {
      const response = await behindProxy.app.inject({ method: 'GET', url: '/health' });
      expect(response.headers['strict-transport-security']).toBe(
        'max-age=31536000; includeSubDomains',
      );
    } finally {
      await closeCompanion(behindProxy);
    }
  });
});

describe('request size', () => {
  it('answers a body over 64 KiB with 413 and the error shape', async () => {
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: companion.as('admin'),
      payload: { email: 'big@bayme.example', name: 'x'.repeat(65 * 1024), role: 'viewer' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      error: { code: 'too_large', message: 'The request body is too large.' },
    });
    expect(companion.context.staff.list().some((s) => s.email === 'big@bayme.example')).toBe(false);
  });

  it('reads a body just under the limit (and validates it)', async () => {
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: companion.as('admin'),
      payload: { email: 'big@bayme.example', name: 'x'.repeat(60 * 1024), role: 'viewer' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
    expect(response.json().error.message).toMatch(/^Invalid body: name: /);
  });
});

describe('rate limits (RATE_LIMIT_PER_MINUTE=10)', () => {
  let limited: TestCompanion;

  beforeAll(async () => {
    limited = await startTestCompanion({ RATE_LIMIT_PER_MINUTE: '10' });
  });

  afterAll(async () => {
    await closeCompanion(limited);
  });

  const get = (headers: Record<string, string>) =>
    limited.app.inject({ method: 'GET', url: '/api/me', headers });

  it('answers the 11th request of a key within a minute with 429 and says what to do', async () => {
    for (let i = 0; i < 10; i += 1) {
      expect((await get(limited.as('viewer'))).statusCode).toBe(200);
    }
    const refused = await get(limited.as('viewer'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Too many requests with this key; wait a minute and try again.',
      },
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts each key on its own', async () => {
    const response = await get(limited.as('buyer'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-ratelimit-remaining']).toBe('9');
  });

  it('does not give a fresh allowance to every made-up key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      statuses.push((await get({ authorization: `Bearer ${generateStaffKey().key}` })).statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(5).fill(429));
  });

  it('counts a key once however its Authorization header is written', async () => {
    const key = limited.keys.admin;
    const spellings = [`Bearer ${key}`, `bearer ${key}`, `BEARER ${key}`, `Bearer  ${key}`];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      statuses.push(
        (await get({ authorization: spellings[i % spellings.length] ?? '' })).statusCode,
      );
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
  });
});

describe('error answers', () => {
  it.each([
    {
      label: 'a body that asks for no change',
      request: { method: 'PATCH', url: '/api/staff/stf_000000000000', payload: {} },
      status: 400,
      code: 'invalid_request',
      message: 'Invalid body: Send a name or a role to change.',
    },
    {
      label: 'an id that is not an id',
      request: { method: 'GET', url: '/api/oauth/attempts/no!' },
      status: 400,
      code: 'invalid_request',
      message: 'Invalid path: attemptId: Not a valid id.',
    },
    {
      label: 'a staff member that does not exist',
      request: { method: 'POST', url: '/api/staff/stf_000000000000/rotate-key' },
      status: 404,
      code: 'not_found',
      message: 'No staff member with id stf_000000000000.',
    },
    {
      label: 'an email already in use',
      request: {
        method: 'POST',
        url: '/api/staff',
        payload: { email: 'Viewer@Bayme.Example', name: 'Again', role: 'viewer' },
      },
      status: 409,
      code: 'staff_exists',
      message: 'A staff member with the email viewer@bayme.example already exists.',
    },
  ])('$label → $status with a specific message', async ({ request, status, code, message }) => {
    const response = await companion.app.inject({
      ...(request as { method: 'GET' | 'POST' | 'PATCH'; url: string }),
      headers: companion.as('admin'),
      ...('payload' in request ? { payload: request.payload } : {}),
    });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ error: { code, message } });
  });

  it('says which field of the body is wrong', async () => {
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: companion.as('admin'),
      payload: { email: 'not-an-email', name: 'Somebody', role: 'viewer' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
    expect(response.json().error.message).toMatch(/^Invalid body: email: /);
  });

  it('says when the body is not JSON', async () => {
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: { ...companion.as('admin'), 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_request');
    expect(response.json().error.message).toMatch(/JSON/);
  });

  it('refuses a content type it does not read with 415', async () => {
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: { ...companion.as('admin'), 'content-type': 'text/csv' },
      payload: 'email,name,role',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
    // Specific: what was sent and what to send instead.
    expect(response.json().error.message).toMatch(/text\/csv/);
    expect(response.json().error.message).toMatch(/application\/json/);
  });

  it('answers an unknown /api path with 404 JSON, without echoing the query', async () => {
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/no-such-thing?key=SECRET-IN-QUERY',
      headers: companion.as('viewer'),
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: 'There is no GET /api/no-such-thing.' },
    });
  });

  it('answers a failure inside a service with a generic 500', async () => {
    vi.spyOn(companion.context.staff, 'list').mockImplementation(() => {
      throw new Error("EACCES: permission denied, open '/srv/bayme/data/state.json'");
    });
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/staff',
      headers: companion.as('admin'),
    });
    expect(response.statusCode).toBe(500);
    const { error } = response.json();
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(
      /^Something went wrong on the server; it has been logged \(request [^)]+\)\.$/,
    );
    expect(response.body).not.toMatch(/EACCES|state\.json|\/srv\/bayme|stack/);
  });

  it('answers a failed audit write with a generic 500', async () => {
    vi.spyOn(companion.context.audit, 'append').mockRejectedValue(
      new Error("ENOSPC: no space left on device, write '/srv/bayme/data/audit/audit-1.jsonl'"),
    );
    const response = await companion.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: companion.as('admin'),
      payload: { email: 'nospace@bayme.example', name: 'No Space', role: 'viewer' },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('internal');
    expect(response.body).not.toMatch(/ENOSPC|audit-1|\/srv\/bayme|bayme_/);
  });

  it('answers an answer that breaks the contract with 500, not with the bad answer', async () => {
    vi.spyOn(companion.context.connections, 'listAdAccounts').mockReturnValue([
      { advertiserId: 'not digits', accessToken: 'leaked-token' } as never,
    ]);
    const response = await companion.app.inject({
      method: 'GET',
      url: '/api/ad-accounts',
      headers: companion.as('viewer'),
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: {
        code: 'internal',
        message: 'The server produced an invalid answer; it has been logged.',
      },
    });
  });
});

describe('redactUrl', () => {
  it.each([
    [
      '/oauth/callback?auth_code=abc123&state=xyz789',
      '/oauth/callback?auth_code=[redacted]&state=[redacted]',
    ],
    [
      '/oauth/callback?code=abc&state=xyz#frag',
      '/oauth/callback?code=[redacted]&state=[redacted]#frag',
    ],
    [
      '/x?access_token=t1&refresh_token=t2&page=2',
      '/x?access_token=[redacted]&refresh_token=[redacted]&page=2',
    ],
    ['/x?SECRET=s&Auth_Code=c', '/x?SECRET=[redacted]&Auth_Code=[redacted]'],
    ['/x?statement=kept&decode=kept', '/x?statement=kept&decode=kept'],
    ['/api/me', '/api/me'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('logs', () => {
  let logged: { app: FastifyInstance; context: ServerContext; output: () => string };

  beforeAll(async () => {
    // The companion's own context, but logging through the production logger at debug level,
    // so that Marketing API events and request logs are all captured.
    const log = createLogger('debug');
    const context = await createContext(
      companion.config,
      {
        origin: companion.emulator.url,
        appSecret: companion.emulator.server.runtime.options.appSecret,
      },
      log,
    );
    const app = await buildApp(context);
    await app.ready();
    logged = { app, context, output: () => logLines.join('') };
  });

  afterAll(async () => {
    await logged?.app.close();
  });

  it('write the callback URL with its code and state redacted, and never the staff key', async () => {
    logLines.length = 0;
    await logged.app.inject({
      method: 'GET',
      url: '/oauth/callback?auth_code=SECRET-CODE-1&state=SECRET-STATE-2',
      headers: { authorization: `Bearer ${companion.keys.admin}` },
    });
    await logged.app.inject({ method: 'GET', url: '/api/me', headers: companion.as('admin') });
    const output = logged.output();
    expect(output).toContain('/oauth/callback?auth_code=[redacted]&state=[redacted]');
    expect(output).toContain('/api/me');
    expect(output).not.toContain('SECRET-CODE-1');
    expect(output).not.toContain('SECRET-STATE-2');
    expect(output).not.toContain(companion.keys.admin);
    expect(output).not.toContain(companion.keys.admin.slice(-43));
  });

  it('never carry the code, state, token or app secret of a whole OAuth connection', async () => {
    logLines.length = 0;
    const started = await logged.app.inject({
      method: 'POST',
      url: '/api/oauth/start',
      headers: companion.as('buyer'),
    });
    expect(started.statusCode).toBe(200);
    const redirect = await authorizeThroughConsentPage(started.json().authorizationUrl);
    const callback = await logged.app.inject({
      method: 'GET',
      url: `/oauth/callback?${redirect.toString()}`,
    });
    expect(callback.statusCode).toBe(200);

    const tokens = (await companion.emulator.control.state()).tokens.map((t) => t.access_token);
    const secrets = [
      redirect.get('auth_code'),
      redirect.get('state'),
      companion.emulator.server.runtime.options.appSecret,
      companion.keys.buyer,
      ...tokens,
    ];
    const output = logged.output();
    expect(output).toContain('Marketing API');
    for (const secret of secrets) {
      expect(secret).toBeTruthy();
      expect(output).not.toContain(secret);
    }
  });

  it('log a 5xx with its internal error and the request id the answer gave', async () => {
    logLines.length = 0;
    vi.spyOn(logged.context.staff, 'list').mockImplementation(() => {
      throw new Error('disk on fire');
    });
    const response = await logged.app.inject({
      method: 'GET',
      url: '/api/staff',
      headers: companion.as('admin'),
    });
    expect(response.statusCode).toBe(500);
    const requestId = /\(request ([^)]+)\)/.exec(response.json().error.message)?.[1];
    const failure = logLines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.msg === 'request failed');
    expect(failure?.reqId).toBe(requestId);
    expect(failure?.err.message).toBe('disk on fire');
  });

  it('never carry a key the server issues', async () => {
    logLines.length = 0;
    const added = await logged.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: companion.as('admin'),
      payload: { email: 'logcheck@bayme.example', name: 'Log Check', role: 'viewer' },
    });
    expect(added.statusCode).toBe(200);
    const rotated = await logged.app.inject({
      method: 'POST',
      url: '/api/me/rotate-key',
      headers: { authorization: `Bearer ${added.json().key}` },
    });
    expect(rotated.statusCode).toBe(200);
    const output = logged.output();
    expect(output).toContain('/api/me/rotate-key');
    expect(output).not.toContain(added.json().key);
    expect(output).not.toContain(rotated.json().key);
  });

  const REDACTED_FIELDS = ['access_token', 'refresh_token', 'secret', 'appSecret', 'key', 'token'];

  it.each(REDACTED_FIELDS)('redact a field named %s inside a logged object', (field) => {
    logLines.length = 0;
    createLogger('info').info({ grant: { [field]: 'NESTED-SECRET-VALUE' } }, 'nested');
    const entry = JSON.parse(logLines.join(''));
    expect(entry.msg).toBe('nested');
    expect(entry.grant).toEqual({ [field]: '[redacted]' });
  });

  it('redact those fields at the top level of a log entry too', () => {
    logLines.length = 0;
    const log = createLogger('info');
    for (const field of REDACTED_FIELDS) log.info({ [field]: `TOP-LEVEL-${field}` }, field);
    const entries = logLines.map((line) => JSON.parse(line));
    expect(entries.map((entry) => entry.msg)).toEqual(REDACTED_FIELDS);
    const leaked = entries.filter((entry) => entry[entry.msg] !== '[redacted]');
    expect(leaked.map((entry) => `${entry.msg}=${entry[entry.msg]}`)).toEqual([]);
  });

  it('redact the token fields the code base names in camelCase', () => {
    logLines.length = 0;
    const log = createLogger('info');
    log.info({ grant: { accessToken: 'CAMEL-ACCESS', refreshToken: 'CAMEL-REFRESH' } }, 'grant');
    const output = logLines.join('');
    expect(output).toContain('"msg":"grant"');
    expect(output).not.toContain('CAMEL-ACCESS');
    expect(output).not.toContain('CAMEL-REFRESH');
  });

  it('keep only method, URL and address of a request, never its headers', () => {
    logLines.length = 0;
    const log = createLogger('info');
    log.info(
      {
        req: {
          method: 'GET',
          url: '/oauth/callback?code=C0DE',
          ip: '10.0.0.7',
          headers: { authorization: 'Bearer HEADER-KEY', cookie: 'c=COOKIE' },
        },
      },
      'incoming request',
    );
    const entry = JSON.parse(logLines.join(''));
    expect(entry.req).toEqual({
      method: 'GET',
      url: '/oauth/callback?code=[redacted]',
      ip: '10.0.0.7',
    });
  });
});
