import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ApiError, ReturnCode } from '../core/api-error';
import { envelope, newRequestId, stringifyJson } from '../core/envelope';
import { parseParams } from '../core/params';
import type { PermissionId } from '../core/permissions';
import type { EmulatorRuntime } from '../runtime';
import type { AccessToken } from '../state/model';
import { API_PREFIX } from '../traffic/faults';

/**
 * One Marketing API endpoint of the emulator, and the pipeline every request goes through,
 * in the order TikTok is understood to apply its checks:
 * injected fault → Access-Token → app rate limit → parameters → advertiser authorization →
 * permission scope → sandbox support → the handler → the `{code, message, request_id, data}`
 * envelope (HTTP 200 even for errors).
 */

export interface EndpointContext {
  runtime: EmulatorRuntime;
  now: number;
  requestId: string;
  /** The token of the request, for endpoints that require one. */
  token: AccessToken | null;
  reply: FastifyReply;
}

/** A successful answer whose envelope code is 20001 (partial success). */
export class PartialSuccess {
  constructor(readonly data: unknown) {}
}

/** A non-envelope answer, such as a report file download. */
export class RawAnswer {
  constructor(
    readonly contentType: string,
    readonly body: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

export interface EndpointDefinition<P> {
  method: 'GET' | 'POST';
  /** Path below /open_api/v1.3/, with its trailing slash, e.g. `campaign/get/`. */
  path: string;
  /** `access-token`: the Access-Token header is required; `app`: app_id and secret authenticate. */
  auth: 'access-token' | 'app';
  permission?: PermissionId;
  params: z.ZodType<P>;
  /** Advertisers the request acts on; each must be covered by the token (else 40106). */
  advertiserIds?: (params: P) => string[];
  /** TikTok's sandbox does not offer every endpoint. */
  unavailableInSandbox?: boolean;
  handler: (
    params: P,
    context: EndpointContext,
  ) => unknown | PartialSuccess | RawAnswer | Promise<unknown>;
}

export function defineEndpoint<P>(definition: EndpointDefinition<P>): EndpointDefinition<P> {
  return definition;
}

const DEFAULT_FAULT_MESSAGES: Record<number, string> = {
  [ReturnCode.APP_RATE_LIMITED]:
    'Due to too many requests, requests from App are temporarily restricted.',
  [ReturnCode.ENDPOINT_RATE_LIMITED]: 'Too many requests; please reduce the request frequency.',
  [ReturnCode.INVALID_ACCESS_TOKEN]: 'Access token is invalid or has been revoked.',
  [ReturnCode.WRITE_CONFLICT]: 'Write conflict: the object is being modified by another request.',
  [ReturnCode.SYSTEM_ERROR]: 'System error, please try again later.',
  50002: 'Internal service error, please try again later.',
  51305: 'Service is temporarily unavailable, please try again later.',
  60001: 'The system is under maintenance, please try again later.',
};

export function registerEndpoints(
  app: FastifyInstance,
  runtime: EmulatorRuntime,
  // biome-ignore lint/suspicious/noExplicitAny: definitions of every parameter type share one list
  endpoints: ReadonlyArray<EndpointDefinition<any>>,
): void {
  for (const endpoint of endpoints) {
    app.route({
      method: endpoint.method,
      url: `${API_PREFIX}${endpoint.path}`,
      handler: (request, reply) => handle(endpoint, runtime, request, reply),
    });
  }
}

async function handle<P>(
  endpoint: EndpointDefinition<P>,
  runtime: EmulatorRuntime,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const started = performance.now();
  const arrivedAt = runtime.clock.now();
  const requestId = newRequestId(arrivedAt);
  const raw = (endpoint.method === 'GET' ? request.query : request.body) as Record<string, unknown>;
  let appId: string | null = typeof raw?.app_id === 'string' ? raw.app_id : null;
  let code: number | null = null;
  const complete = runtime.calls.arrive({
    at: arrivedAt,
    method: endpoint.method,
    path: endpoint.path,
    app_id: appId,
    advertiser_id: typeof raw?.advertiser_id === 'string' ? raw.advertiser_id : null,
  });

  try {
    const fault = runtime.faults.take(endpoint.path);
    if (fault?.delay_ms) await sleep(fault.delay_ms);
    if (fault?.raw_body !== undefined) {
      reply
        .code(fault.http_status ?? 200)
        .type('application/json')
        .send(fault.raw_body);
      return;
    }
    if (fault?.http_status !== undefined) {
      reply
        .code(fault.http_status)
        .type('text/html')
        .send(
          `<html><body><h1>${fault.http_status}</h1>${fault.message ?? 'Gateway error'}</body></html>`,
        );
      return;
    }
    if (fault?.code !== undefined) {
      throw new ApiError(
        fault.code,
        fault.message ?? DEFAULT_FAULT_MESSAGES[fault.code] ?? 'Error.',
      );
    }

    const now = runtime.clock.now();
    const token = endpoint.auth === 'access-token' ? authenticate(runtime, request) : null;
    if (token) appId = token.app_id;

    if (runtime.options.rateLimiting) {
      const decision = runtime.rateLimiter.admit(appId ?? 'anonymous', endpoint.path, now);
      if (!decision.allowed) throw new ApiError(decision.code, decision.message);
    }

    const params = parseParams(endpoint.params, raw);
    if (token && endpoint.advertiserIds) {
      for (const advertiserId of endpoint.advertiserIds(params)) {
        if (!token.advertiser_ids.includes(advertiserId)) {
          throw new ApiError(
            ReturnCode.ADVERTISER_NOT_AUTHORIZED,
            `The access token is not authorized for advertiser_id ${advertiserId}.`,
          );
        }
      }
    }
    if (token && endpoint.permission && !token.scope.includes(endpoint.permission)) {
      throw new ApiError(
        ReturnCode.NO_PERMISSION,
        `The advertiser does not grant you /${endpoint.path}:${endpoint.method} permission.`,
      );
    }
    if (endpoint.unavailableInSandbox && runtime.options.sandbox) {
      throw new ApiError(
        ReturnCode.NOT_SUPPORTED_IN_SANDBOX,
        `/${endpoint.path} is not supported in the sandbox environment.`,
      );
    }

    const result = await endpoint.handler(params, { runtime, now, requestId, token, reply });
    if (result instanceof RawAnswer) {
      reply.code(200).headers(result.headers).type(result.contentType).send(result.body);
      return;
    }
    code = result instanceof PartialSuccess ? ReturnCode.PARTIAL_SUCCESS : ReturnCode.OK;
    const data = result instanceof PartialSuccess ? result.data : result;
    sendEnvelope(reply, code, code === ReturnCode.OK ? 'OK' : 'Partial success', requestId, data);
  } catch (error) {
    if (error instanceof ApiError) {
      code = error.code;
      sendEnvelope(reply, error.code, error.message, requestId, {});
    } else {
      code = ReturnCode.SYSTEM_ERROR;
      request.log.error({ err: error }, 'emulator handler failed');
      sendEnvelope(reply, code, 'System error, please try again later.', requestId, {});
    }
  } finally {
    complete({
      http_status: reply.statusCode,
      code,
      app_id: appId,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
    });
  }
}

function authenticate(runtime: EmulatorRuntime, request: FastifyRequest): AccessToken {
  const header = request.headers['access-token'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) {
    throw new ApiError(
      ReturnCode.EMPTY_ACCESS_TOKEN,
      'Access token is null, please set it in http header with key Access-Token.',
    );
  }
  const token = runtime.state.tokens.get(value);
  if (!token || token.revoked_at !== null) {
    throw new ApiError(
      ReturnCode.INVALID_ACCESS_TOKEN,
      'Access token is invalid or has been revoked.',
    );
  }
  if (token.expires_at !== null && token.expires_at <= runtime.clock.now()) {
    throw new ApiError(ReturnCode.ACCESS_TOKEN_EXPIRED, 'Access token has expired.');
  }
  return token;
}

export function sendEnvelope(
  reply: FastifyReply,
  code: number,
  message: string,
  requestId: string,
  data: unknown,
): void {
  reply
    .code(200)
    .header('x-tt-logid', requestId)
    .type('application/json; charset=utf-8')
    .send(stringifyJson(envelope(code, message, requestId, data)));
}
