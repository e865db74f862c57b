import ky from 'ky';
import type { z } from 'zod';
import { ApiErrorBodySchema } from '../../companion-server/src/contract/common';
import { type RouteContract, routePath } from '../../companion-server/src/contract/route';
import type { ExtensionError } from './errors';

/**
 * HTTP to the companion server, for the background service worker only. Every answer is
 * checked against the shared contract; every failure becomes an ExtensionError a person
 * can act on.
 */

const TIMEOUT_MS = 10_000;

export interface CallInput {
  params?: Record<string, string> | undefined;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
}

export type CallResult<T> = { ok: true; data: T } | { ok: false; error: ExtensionError };

export async function callCompanion<R extends z.ZodType>(
  serverUrl: string,
  staffKey: string | null,
  route: RouteContract<z.ZodType, z.ZodType, z.ZodType, R>,
  input: CallInput = {},
  // Bound: a detached `fetch` throws "Illegal invocation" in a service worker.
  fetchImpl: typeof fetch = (request, init) => globalThis.fetch(request, init),
): Promise<CallResult<z.infer<R>>> {
  if (route.access !== 'public' && !staffKey) {
    return {
      ok: false,
      error: { kind: 'signed-out', message: 'Sign in with your staff key first.' },
    };
  }
  const url = `${serverUrl}${routePath(route.path, input.params)}`;
  const searchParams: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.query ?? {})) {
    if (value !== undefined && value !== null) searchParams[name] = String(value);
  }
  let response: Response;
  try {
    response = await ky(url, {
      method: route.method,
      headers: staffKey ? { Authorization: `Bearer ${staffKey}` } : {},
      searchParams,
      ...(input.body === undefined ? {} : { json: input.body }),
      timeout: TIMEOUT_MS,
      retry: route.method === 'GET' ? 1 : 0,
      throwHttpErrors: false,
      fetch: fetchImpl,
    });
  } catch {
    return {
      ok: false,
      error: {
        kind: 'unreachable',
        message: `The companion server at ${serverUrl} does not answer. Check the address in the options, or ask an admin whether it is running.`,
      },
    };
  }

  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = route.response.safeParse(body);
    if (parsed.success) return { ok: true, data: parsed.data };
    return {
      ok: false,
      error: {
        kind: 'server',
        status: response.status,
        message:
          'The companion server sent an answer this extension does not understand. Update the extension from the install page.',
      },
    };
  }
  const serverMessage = ApiErrorBodySchema.safeParse(body);
  const message = serverMessage.success
    ? serverMessage.data.error.message
    : `HTTP ${response.status}`;
  if (response.status === 401) {
    return {
      ok: false,
      error: {
        kind: 'key-rejected',
        status: 401,
        message:
          'The server does not accept your staff key (it may have been replaced or disabled). Sign in again with a current key.',
      },
    };
  }
  if (response.status === 403) {
    return { ok: false, error: { kind: 'forbidden', status: 403, message } };
  }
  if (response.status >= 500) {
    return { ok: false, error: { kind: 'server', status: response.status, message } };
  }
  return { ok: false, error: { kind: 'invalid', status: response.status, message } };
}
