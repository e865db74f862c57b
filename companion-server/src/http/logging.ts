import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';

/**
 * Logs never carry a credential: not the staff key (Authorization header), not a TikTok
 * token or the app secret, not an OAuth code or state from the callback's query string.
 */
const SENSITIVE_QUERY = /([?&](?:auth_code|code|state|secret|access_token|refresh_token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SENSITIVE_QUERY, '$1[redacted]');
}

export function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

/**
 * Whether a request is for the API. Uses the matched route, or else the decoded path, so
 * that `/%61pi/…` cannot slip past checks that apply to `/api/…`.
 */
export function isApiRequest(request: {
  url: string;
  routeOptions: { url?: string | undefined };
}): boolean {
  const path = request.routeOptions.url ?? pathOf(request.url);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape is not a path we route; judge it as written.
  }
  return decoded.startsWith('/api/');
}

/** Field names that hold credentials, wherever they appear in a logged object (two levels). */
const SENSITIVE_FIELDS = [
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'secret',
  'appSecret',
  'app_secret',
  'key',
  'staffKey',
  'auth_code',
  'authCode',
];

export function createLogger(level: string): FastifyBaseLogger {
  return pino({
    level,
    redact: {
      paths: SENSITIVE_FIELDS.flatMap((field) => [field, `*.${field}`]).concat([
        'req.headers.authorization',
        'req.headers["access-token"]',
        'req.headers.cookie',
      ]),
      censor: '[redacted]',
    },
    serializers: {
      req(request: { method: string; url: string; ip?: string }) {
        return { method: request.method, url: redactUrl(request.url), ip: request.ip };
      },
      err: pino.stdSerializers.err,
    },
  });
}
