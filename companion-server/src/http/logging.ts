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

export function createLogger(level: string): FastifyBaseLogger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["access-token"]',
        'req.headers.cookie',
        '*.access_token',
        '*.refresh_token',
        '*.secret',
        '*.appSecret',
        '*.key',
        '*.token',
      ],
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
