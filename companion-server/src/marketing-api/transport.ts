import ky, { type KyInstance } from 'ky';
import { z } from 'zod';
import { parseJsonKeepingLargeIntegers } from '../lib/json-large-integers';
import { currentCallBudget } from './call-budget';
import {
  classifyCode,
  classifyHttpStatus,
  MarketingApiError,
  type MarketingApiErrorCategory,
  THROTTLE_CODES,
} from './errors';
import type { CallBudget, RateLimiter } from './rate-limiter';
import { redact } from './redact';

/**
 * Sends one Marketing API call: waits for the rate limiter, sends it with ky, reads
 * TikTok's `{code, message, request_id, data}` envelope, validates `data` with zod, and
 * retries what is safe to retry with exponential backoff and jitter.
 *
 * Nothing here logs or throws a URL, header or body: credentials travel in query strings
 * (app secret), headers (token) and bodies (auth code), so events and errors carry only the
 * method, the path, codes and TikTok's message with credentials removed.
 */

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 20_000 };

/** How long the whole app holds its calls after TikTok says it is throttled. */
const THROTTLE_PAUSE_MS = 1_000;

export type TransportEvent =
  | {
      type: 'response';
      method: 'GET' | 'POST';
      path: string;
      attempt: number;
      httpStatus: number | null;
      code: number | null;
      requestId: string | null;
      durationMs: number;
    }
  | {
      type: 'retry';
      method: 'GET' | 'POST';
      path: string;
      attempt: number;
      delayMs: number;
      category: MarketingApiErrorCategory;
      code: number | null;
      httpStatus: number | null;
    };

export interface TransportOptions {
  /** e.g. `https://business-api.tiktok.com/open_api/v1.3/` (with the trailing slash). */
  baseUrl: string;
  limiter: RateLimiter;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Values never to show in events or errors (the app secret). */
  secrets?: readonly string[];
  onEvent?: (event: TransportEvent) => void;
  /** Source of jitter in [0, 1) (tests pin it). */
  random?: () => number;
}

export interface ApiCall<T> {
  method: 'GET' | 'POST';
  /** Path below the base URL, with TikTok's trailing slash, e.g. `campaign/get/`. */
  path: string;
  accessToken?: string;
  /** GET parameters; arrays and objects are JSON-encoded, as TikTok expects. */
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  /** Schema of the envelope's `data`. */
  data: z.ZodType<T>;
  /**
   * Whether sending the call twice is harmless: reads, writes that set absolute values, and
   * creates carrying a request_id. Non-idempotent calls are retried only when TikTok rejected
   * them before doing anything (throttling), never after a timeout or a server error.
   */
  idempotent: boolean;
  /** Credentials in this call (token, auth code) to keep out of events and errors. */
  sensitive?: readonly string[];
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Limiter class and staff member (default: the surrounding `withCallBudget`, else interactive). */
  budget?: CallBudget;
}

export interface ApiResult<T> {
  data: T;
  code: number;
  message: string;
  requestId: string;
  headers: Headers;
}

const EnvelopeSchema = z.object({
  code: z.number().int(),
  message: z.string().default(''),
  request_id: z.string().optional(),
  data: z.unknown(),
});

const SUCCESS_CODES = new Set([0, 20001]);

export class Transport {
  private readonly http: KyInstance;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly options: TransportOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.http = ky.create({ retry: 0, throwHttpErrors: false, timeout: false });
  }

  get limiter(): RateLimiter {
    return this.options.limiter;
  }

  async request<T>(call: ApiCall<T>): Promise<ApiResult<T>> {
    return this.withRetries(call, (attempt) =>
      this.sendOnce(call, attempt, (response) => this.readEnvelope(call, response)),
    );
  }

  /** For file downloads: the raw body; an envelope instead of a file is TikTok's error. */
  async download(call: Omit<ApiCall<unknown>, 'data' | 'idempotent'>): Promise<string> {
    const fileCall: ApiCall<unknown> = { ...call, data: z.unknown(), idempotent: true };
    return this.withRetries(fileCall, (attempt) =>
      this.sendOnce(fileCall, attempt, async (response) => {
        const type = response.headers.get('content-type') ?? '';
        if (response.status === 200 && !type.includes('json')) return response.text();
        await this.readEnvelope(fileCall, response);
        throw this.error(fileCall, {
          message: 'Expected a file but received a JSON answer.',
          category: 'unexpected_response',
          retryable: false,
          code: null,
          httpStatus: response.status,
          requestId: null,
        });
      }),
    );
  }

  private async withRetries<R>(
    call: ApiCall<unknown>,
    send: (attempt: number) => Promise<R>,
  ): Promise<R> {
    const budget = call.budget ?? currentCallBudget();
    for (let attempt = 1; ; attempt += 1) {
      const release = await this.options.limiter.acquire(call.path, call.signal, budget);
      let failure: unknown;
      try {
        return await send(attempt);
      } catch (error) {
        failure = error;
      } finally {
        // The call is over (answered, failed or abandoned): its slot ages out from now.
        release();
      }
      if (!(failure instanceof MarketingApiError)) throw failure;
      failure.attempts = attempt;
      const safeToRepeat = call.idempotent || failure.rejectedBeforeProcessing;
      if (!failure.retryable || !safeToRepeat || attempt >= this.retry.maxAttempts) throw failure;
      if (failure.isThrottle) this.options.limiter.pause(THROTTLE_PAUSE_MS);
      const delayMs = this.backoff(attempt, failure);
      this.options.onEvent?.({
        type: 'retry',
        method: call.method,
        path: call.path,
        attempt,
        delayMs,
        category: failure.category,
        code: failure.code,
        httpStatus: failure.httpStatus,
      });
      await abortableSleep(delayMs, call.signal);
    }
  }

  private async sendOnce<R>(
    call: ApiCall<unknown>,
    attempt: number,
    read: (response: Response) => Promise<R>,
  ): Promise<R> {
    const started = performance.now();
    const url = new URL(call.path, this.options.baseUrl);
    const headers: Record<string, string> = {};
    if (call.accessToken) headers['Access-Token'] = call.accessToken;
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;

    let response: Response;
    try {
      response = await this.http(url, {
        method: call.method,
        headers,
        ...(call.query ? { searchParams: encodeQuery(call.query) } : {}),
        ...(call.method === 'POST' ? { json: call.body ?? {} } : {}),
        signal,
      });
    } catch (cause) {
      if (call.signal?.aborted) throw call.signal.reason;
      const timedOut = timeout.aborted;
      this.emitResponse(call, attempt, null, null, null, started);
      // The cause's message may contain the URL (and so the app secret): describe it ourselves.
      throw this.error(call, {
        message: timedOut
          ? `No answer within ${timeoutMs} ms.`
          : `Could not reach the Marketing API (${networkErrorKind(cause)}).`,
        category: 'retryable',
        retryable: true,
        code: null,
        httpStatus: null,
        requestId: null,
      });
    }

    try {
      const result = await read(response);
      const code = isApiResult(result) ? result.code : null;
      const requestId = isApiResult(result) ? result.requestId : null;
      this.emitResponse(call, attempt, response.status, code, requestId, started);
      return result;
    } catch (error) {
      if (error instanceof MarketingApiError) {
        this.emitResponse(call, attempt, response.status, error.code, error.requestId, started);
      }
      throw error;
    }
  }

  private async readEnvelope<T>(call: ApiCall<T>, response: Response): Promise<ApiResult<T>> {
    const text = await response.text();
    if (response.status !== 200) {
      const { category, retryable } = classifyHttpStatus(response.status);
      throw this.error(call, {
        message:
          response.status === 404
            ? `The Marketing API has no ${call.method} /${call.path} (HTTP 404).`
            : `The Marketing API answered HTTP ${response.status}.`,
        category,
        retryable,
        code: null,
        httpStatus: response.status,
        requestId: null,
      });
    }

    let parsed: unknown;
    try {
      parsed = parseJsonKeepingLargeIntegers(text);
    } catch {
      throw this.error(call, {
        message: 'The Marketing API answered with something that is not JSON.',
        category: 'unexpected_response',
        retryable: false,
        code: null,
        httpStatus: response.status,
        requestId: null,
      });
    }
    const envelope = EnvelopeSchema.safeParse(parsed);
    if (!envelope.success) {
      throw this.error(call, {
        message: 'The Marketing API answered without the {code, message, data} envelope.',
        category: 'unexpected_response',
        retryable: false,
        code: null,
        httpStatus: response.status,
        requestId: null,
      });
    }
    const { code, message } = envelope.data;
    const requestId = envelope.data.request_id ?? response.headers.get('x-tt-logid') ?? '';
    if (!SUCCESS_CODES.has(code)) {
      const { category, retryable } = classifyCode(code);
      throw this.error(call, {
        message: message || `Marketing API error ${code}.`,
        category,
        retryable,
        code,
        httpStatus: response.status,
        requestId,
      });
    }
    const data = call.data.safeParse(envelope.data.data);
    if (!data.success) {
      const where = data.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || 'data'}: ${issue.message}`)
        .join('; ');
      throw this.error(call, {
        message: `The answer to /${call.path} did not have the expected shape (${where}).`,
        category: 'unexpected_response',
        retryable: false,
        code,
        httpStatus: response.status,
        requestId,
      });
    }
    return { data: data.data, code, message, requestId, headers: response.headers };
  }

  private error(
    call: Pick<ApiCall<unknown>, 'method' | 'path' | 'accessToken' | 'sensitive'>,
    details: {
      message: string;
      category: MarketingApiErrorCategory;
      retryable: boolean;
      code: number | null;
      httpStatus: number | null;
      requestId: string | null;
    },
  ): MarketingApiError {
    const secrets = [...(this.options.secrets ?? []), call.accessToken, ...(call.sensitive ?? [])];
    return new MarketingApiError({
      ...details,
      message: `${call.method} /${call.path}: ${redact(details.message, secrets)}`,
      method: call.method,
      path: call.path,
      attempts: 1,
      rejectedBeforeProcessing: details.code !== null && THROTTLE_CODES.has(details.code),
    });
  }

  private emitResponse(
    call: ApiCall<unknown>,
    attempt: number,
    httpStatus: number | null,
    code: number | null,
    requestId: string | null,
    started: number,
  ): void {
    this.options.onEvent?.({
      type: 'response',
      method: call.method,
      path: call.path,
      attempt,
      httpStatus,
      code,
      requestId,
      durationMs: Math.round(performance.now() - started),
    });
  }

  /** Exponential backoff with full jitter; throttling waits at least until the next second. */
  private backoff(attempt: number, error: MarketingApiError): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.round(this.random() * ceiling);
    return error.isThrottle ? Math.max(delay, THROTTLE_PAUSE_MS) : delay;
  }
}

function isApiResult(value: unknown): value is ApiResult<unknown> {
  return typeof value === 'object' && value !== null && 'requestId' in value && 'code' in value;
}

/** TikTok's GET convention: scalars as text, arrays and objects JSON-encoded. */
export function encodeQuery(query: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(
      key,
      typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
    );
  }
  return params;
}

function networkErrorKind(cause: unknown): string {
  const code = (cause as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? code : 'network error';
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
