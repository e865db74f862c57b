import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
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

  /**
   * For file downloads (report tasks): the body goes to `file` piece by piece as it arrives,
   * never whole in memory, so only the disk limits its size. It is written under a temporary
   * name beside `file` and renamed once complete: a download cut off part-way never leaves
   * something that looks finished. An envelope instead of a file is TikTok's error.
   */
  async downloadToFile(
    call: Omit<ApiCall<unknown>, 'data' | 'idempotent'>,
    file: string,
  ): Promise<{ bytes: number }> {
    const fileCall: ApiCall<unknown> = { ...call, data: z.unknown(), idempotent: true };
    return this.withRetries(fileCall, (attempt) =>
      this.sendOnce(fileCall, attempt, async (response, deadline) => {
        const type = response.headers.get('content-type') ?? '';
        if (response.status === 200 && !type.includes('json') && response.body) {
          return this.writeBody(fileCall, response.body, file, deadline);
        }
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

  private async writeBody(
    call: ApiCall<unknown>,
    body: ReadableStream<Uint8Array>,
    file: string,
    deadline: AnswerDeadline,
  ): Promise<{ bytes: number }> {
    const partial = `${file}.${randomBytes(6).toString('hex')}.part`;
    let bytes = 0;
    let cutOff: unknown = null;
    // Each piece pushes the deadline back: a large file may take long, a stalled one may not.
    const pieces = async function* (): AsyncGenerator<Uint8Array> {
      try {
        for await (const piece of body) {
          deadline.extend();
          bytes += piece.byteLength;
          yield piece;
        }
      } catch (error) {
        cutOff = error;
        throw error;
      }
    };
    try {
      await pipeline(pieces(), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      await rename(partial, file);
      return { bytes };
    } catch (error) {
      await rm(partial, { force: true });
      if (call.signal?.aborted) throw call.signal.reason;
      // A failure to write (a full disk) is ours: repeating the download would not help.
      if (cutOff === null) throw error;
      throw this.error(call, {
        message: deadline.expired
          ? `The file stopped arriving (nothing for ${deadline.ms} ms after ${bytes} bytes).`
          : `The file was cut off after ${bytes} bytes (${networkErrorKind(cutOff)}).`,
        category: 'retryable',
        retryable: true,
        code: null,
        httpStatus: 200,
        requestId: null,
      });
    }
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
    read: (response: Response, deadline: AnswerDeadline) => Promise<R>,
  ): Promise<R> {
    const started = performance.now();
    const url = new URL(call.path, this.options.baseUrl);
    const headers: Record<string, string> = {};
    if (call.accessToken) headers['Access-Token'] = call.accessToken;
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    const deadline = new AnswerDeadline(timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, deadline.signal]) : deadline.signal;

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
      deadline.clear();
      if (call.signal?.aborted) throw call.signal.reason;
      const timedOut = deadline.expired;
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
      const result = await read(response, deadline);
      const code = isApiResult(result) ? result.code : null;
      const requestId = isApiResult(result) ? result.requestId : null;
      this.emitResponse(call, attempt, response.status, code, requestId, started);
      return result;
    } catch (error) {
      if (error instanceof MarketingApiError) {
        this.emitResponse(call, attempt, response.status, error.code, error.requestId, started);
      }
      throw error;
    } finally {
      deadline.clear();
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

/**
 * The time an answer has, headers and body together; a file download pushes it back with each
 * piece it receives, so it limits a stall rather than the file's size.
 */
class AnswerDeadline {
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.#timer = this.#arm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get expired(): boolean {
    return this.#controller.signal.aborted;
  }

  extend(): void {
    clearTimeout(this.#timer);
    this.#timer = this.#arm();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }

  #arm(): NodeJS.Timeout {
    const timer = setTimeout(
      () =>
        this.#controller.abort(new DOMException(`No answer within ${this.ms} ms.`, 'TimeoutError')),
      this.ms,
    );
    // Like AbortSignal.timeout: a pending deadline never keeps the process alive.
    timer.unref();
    return timer;
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
