import { isMarketingApiError } from './marketing-api/errors';

/**
 * Errors the server reports to a person or a program: an HTTP status, a stable code and a
 * specific message saying what happened and what to do. Anything else is a 5xx whose
 * details stay in the log.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, code = 'bad_request') =>
  new AppError(400, code, message);
export const unauthorized = (message: string) => new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (message: string) => new AppError(404, 'not_found', message);
export const conflict = (message: string, code = 'conflict') => new AppError(409, code, message);
export const upstreamFailed = (message: string, code = 'tiktok_error', options?: ErrorOptions) =>
  new AppError(502, code, message, options);

/**
 * What a staff member is told when TikTok did not answer as hoped. A refused authorization
 * has just been marked broken by `withAdvertiserToken`, so it is a 409 like any broken
 * connection; anything else from TikTok is a 502 carrying TikTok's own message. Errors that
 * are not TikTok's (404, 409 raised before the call) pass through unchanged.
 */
export function explainTikTokFailure(error: unknown, advertiserId: string, what: string): unknown {
  if (!isMarketingApiError(error)) return error;
  if (error.category === 'reauthorize') {
    return conflict(
      `TikTok no longer accepts the authorization for ad account ${advertiserId} (${error.message}); it is now marked broken. Re-authorize the ad account.`,
      'connection_broken',
    );
  }
  if (error.category === 'retryable') {
    return upstreamFailed(
      `TikTok did not deliver ${what} for ad account ${advertiserId}, even after retrying (${error.message}). Try again in a minute.`,
      'tiktok_unavailable',
      // Kept so that work that can wait longer (a rule cycle) can tell throttling apart.
      { cause: error },
    );
  }
  return upstreamFailed(
    `TikTok refused ${what} for ad account ${advertiserId}: ${error.message}`,
    'tiktok_error',
  );
}
