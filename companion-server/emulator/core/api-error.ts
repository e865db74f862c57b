/**
 * Return codes the emulator emits, named after TikTok's "Return Codes" page
 * (see shared/reference/tiktok-marketing-api.md §3). Every API error travels in an
 * HTTP 200 envelope; only transport faults use HTTP status codes.
 */
export const ReturnCode = {
  OK: 0,
  PARTIAL_SUCCESS: 20001,
  INVALID_PARAMS: 40000,
  NO_PERMISSION: 40001,
  PARAMETER_ERROR: 40002,
  OBJECT_NOT_FOUND: 40007,
  NOT_SUPPORTED_IN_SANDBOX: 40008,
  TOO_MANY_IDS: 40011,
  ENDPOINT_RATE_LIMITED: 40016,
  APP_RATE_LIMITED: 40100,
  INVALID_AUTH_PARAMS: 40101,
  ACCESS_TOKEN_EXPIRED: 40102,
  EMPTY_ACCESS_TOKEN: 40104,
  INVALID_ACCESS_TOKEN: 40105,
  ADVERTISER_NOT_AUTHORIZED: 40106,
  INVALID_AUTH_CODE: 40110,
  NOT_ALLOWLISTED: 40118,
  TASK_ERROR: 40200,
  TASK_NOT_READY: 40201,
  WRITE_CONFLICT: 40202,
  SYSTEM_ERROR: 50000,
} as const;

export type ReturnCodeValue = (typeof ReturnCode)[keyof typeof ReturnCode];

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const parameterError = (message: string): ApiError =>
  new ApiError(ReturnCode.PARAMETER_ERROR, message);

export const notFound = (message: string): ApiError =>
  new ApiError(ReturnCode.OBJECT_NOT_FOUND, message);
