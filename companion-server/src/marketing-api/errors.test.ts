import { describe, expect, it } from 'vitest';
import { classifyCode, classifyHttpStatus, MarketingApiError } from './errors';

describe('classifyCode', () => {
  it.each([
    [40100, 'retryable', true],
    [40016, 'retryable', true],
    [40133, 'retryable', true],
    [50000, 'retryable', true],
    [50002, 'retryable', true],
    [51305, 'retryable', true],
    [60001, 'retryable', true],
    [51021, 'retryable', true],
    [59999, 'retryable', true],
    [40202, 'conflict', true],
    [40001, 'reauthorize', false],
    [40102, 'reauthorize', false],
    [40104, 'reauthorize', false],
    [40105, 'reauthorize', false],
    [40106, 'reauthorize', false],
    [40000, 'invalid_request', false],
    [40002, 'invalid_request', false],
    [40007, 'invalid_request', false],
    [40011, 'invalid_request', false],
    [40101, 'invalid_request', false],
    [40110, 'invalid_request', false],
    [40118, 'invalid_request', false],
  ] as const)('code %i is %s (retryable: %s)', (code, category, retryable) => {
    expect(classifyCode(code)).toEqual({ category, retryable });
  });
});

describe('classifyHttpStatus', () => {
  it.each([
    [500, 'retryable'],
    [502, 'retryable'],
    [504, 'retryable'],
    [429, 'retryable'],
    [404, 'invalid_request'],
    [400, 'invalid_request'],
  ] as const)('HTTP %i is %s', (status, category) => {
    expect(classifyHttpStatus(status).category).toBe(category);
  });
});

describe('MarketingApiError', () => {
  const error = new MarketingApiError({
    message: 'GET /campaign/get/: Too many requests',
    category: 'retryable',
    retryable: true,
    code: 40100,
    httpStatus: 200,
    requestId: '2026112100000000ABCDEF',
    method: 'GET',
    path: 'campaign/get/',
    attempts: 3,
    rejectedBeforeProcessing: true,
  });

  it('knows throttling when it sees it', () => {
    expect(error.isThrottle).toBe(true);
  });

  it('serializes to its safe fields only', () => {
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'MarketingApiError',
      message: 'GET /campaign/get/: Too many requests',
      category: 'retryable',
      retryable: true,
      code: 40100,
      httpStatus: 200,
      requestId: '2026112100000000ABCDEF',
      method: 'GET',
      path: 'campaign/get/',
      attempts: 3,
    });
  });
});
