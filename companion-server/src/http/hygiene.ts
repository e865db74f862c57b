import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden } from '../errors';
import { isApiRequest } from './logging';

/**
 * What every request meets before its route: security headers, CORS for the extension's
 * pinned origin only, an Origin check on /api/* (CORS is not authorization: a browser
 * page on another origin must not use the API even with a key), and rate limits per key.
 */
export interface HygieneOptions {
  allowedOrigins: string[];
  rateLimitPerMinute: number;
  /** Requests the rate limit lets through uncounted (correctly signed order webhooks). */
  rateLimitExempt?: (request: FastifyRequest) => boolean;
  tls: boolean;
}

export async function registerHygiene(
  app: FastifyInstance,
  options: HygieneOptions,
): Promise<void> {
  await app.register(helmet, {
    // Our HTML pages are self-contained: inline styles and, on no page, scripts.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    hsts: options.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });

  await app.register(cors, {
    origin: options.allowedOrigins,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    credentials: false,
    maxAge: 600,
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!isApiRequest(request)) return;
    reply.header('cache-control', 'no-store');
    const origin = request.headers.origin;
    if (origin !== undefined && !options.allowedOrigins.includes(origin)) {
      throw forbidden(
        `Requests from ${origin} are not allowed; use the Bayme Ads Toolkit extension.`,
      );
    }
  });

  await app.register(rateLimit, {
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    // After authentication: per staff member when the key is valid, else per address, so
    // made-up keys or other spellings of the header do not buy fresh budgets.
    hook: 'preHandler',
    keyGenerator: (request) => (request.staff ? `staff:${request.staff.id}` : `ip:${request.ip}`),
    ...(options.rateLimitExempt ? { allowList: options.rateLimitExempt } : {}),
  });
}
