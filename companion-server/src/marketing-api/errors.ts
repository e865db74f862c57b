/**
 * Errors from the Marketing API, classified by what the caller should do about them:
 * - `retryable`: throttling or a transient fault; the transport retries these itself and a
 *   caller sees one only after the retries ran out.
 * - `reauthorize`: the token is missing, revoked or lacks the advertiser or permission;
 *   the connection needs a new authorization.
 * - `invalid_request`: TikTok refused the request as made (bad parameter, unknown object,
 *   budget rule); sending it again changes nothing.
 * - `conflict`: another write to the same object was in progress (40202).
 * - `unexpected_response`: the answer did not have the shape TikTok documents.
 *
 * Messages carry TikTok's own text, with tokens and secrets removed.
 */
export type MarketingApiErrorCategory =
  | 'retryable'
  | 'reauthorize'
  | 'invalid_request'
  | 'conflict'
  | 'unexpected_response';

/** Rejected before TikTok did anything: safe to repeat even for non-idempotent calls. */
export const THROTTLE_CODES: ReadonlySet<number> = new Set([40100, 40016, 40133]);

const RETRYABLE_CODES: ReadonlySet<number> = new Set([
  ...THROTTLE_CODES,
  40200, // async task error
  40201, // task not ready
  50000,
  50002,
  51305,
  60001,
  // Not in TikTok's code list, but some clients report it as a rate limit; treat it as one.
  51021,
]);

const REAUTHORIZE_CODES: ReadonlySet<number> = new Set([40001, 40102, 40104, 40105, 40106]);

const CONFLICT_CODES: ReadonlySet<number> = new Set([40202]);

export interface Classification {
  category: MarketingApiErrorCategory;
  retryable: boolean;
}

export function classifyCode(code: number): Classification {
  if (CONFLICT_CODES.has(code)) return { category: 'conflict', retryable: true };
  if (RETRYABLE_CODES.has(code)) return { category: 'retryable', retryable: true };
  if (REAUTHORIZE_CODES.has(code)) return { category: 'reauthorize', retryable: false };
  // Unknown 5xxxx codes are TikTok-side failures; anything else is about the request.
  if (code >= 50_000) return { category: 'retryable', retryable: true };
  return { category: 'invalid_request', retryable: false };
}

export function classifyHttpStatus(status: number): Classification {
  if (status === 429 || status >= 500) return { category: 'retryable', retryable: true };
  return { category: 'invalid_request', retryable: false };
}

export interface MarketingApiErrorDetails {
  message: string;
  category: MarketingApiErrorCategory;
  retryable: boolean;
  /** TikTok's return code, when the answer was an envelope. */
  code: number | null;
  /** The HTTP status, when the failure was at the HTTP level. */
  httpStatus: number | null;
  /** The envelope's request_id, for TikTok support and our audit log. */
  requestId: string | null;
  method: 'GET' | 'POST';
  path: string;
  attempts: number;
  /** The request was rejected before TikTok processed it (throttling): repeating it is safe. */
  rejectedBeforeProcessing: boolean;
}

export class MarketingApiError extends Error {
  readonly category: MarketingApiErrorCategory;
  readonly retryable: boolean;
  readonly code: number | null;
  readonly httpStatus: number | null;
  readonly requestId: string | null;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly rejectedBeforeProcessing: boolean;
  attempts: number;

  constructor(details: MarketingApiErrorDetails) {
    super(details.message);
    this.name = 'MarketingApiError';
    this.category = details.category;
    this.retryable = details.retryable;
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
    this.rejectedBeforeProcessing = details.rejectedBeforeProcessing;
  }

  get isThrottle(): boolean {
    return this.code !== null && THROTTLE_CODES.has(this.code);
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      category: this.category,
      retryable: this.retryable,
      code: this.code,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      method: this.method,
      path: this.path,
      attempts: this.attempts,
    };
  }
}

export function isMarketingApiError(error: unknown): error is MarketingApiError {
  return error instanceof MarketingApiError;
}
