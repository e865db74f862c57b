import ky from 'ky';
import { browser } from 'wxt/browser';
import type { z } from 'zod';
import { createTemplate } from '../../companion-server/src/contract/bulk-create';
import { ApiErrorBodySchema } from '../../companion-server/src/contract/common';
import { EXTENSION_VERSION_HEADER } from '../../companion-server/src/contract/extension-identity';
import { downloadExport } from '../../companion-server/src/contract/reporting';
import { type RouteContract, routePath } from '../../companion-server/src/contract/route';
import type { ExtensionError } from './errors';
import type { CsvExport } from './protocol';

/**
 * HTTP to the companion server, for the background service worker only. Every answer is
 * checked against the shared contract; every failure becomes an ExtensionError a person
 * can act on. Every call names this build's version, so that the server can refuse a build
 * older than the minimum an admin sets.
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
      headers: {
        ...versionHeader(),
        ...(staffKey ? { Authorization: `Bearer ${staffKey}` } : {}),
      },
      searchParams,
      ...(input.body === undefined ? {} : { json: input.body }),
      timeout: TIMEOUT_MS,
      retry: route.method === 'GET' ? 1 : 0,
      throwHttpErrors: false,
      fetch: fetchImpl,
    });
  } catch {
    return { ok: false, error: unreachable(serverUrl) };
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
  return { ok: false, error: errorOf(response.status, body) };
}

function versionHeader(): Record<string, string> {
  return { [EXTENSION_VERSION_HEADER]: browser.runtime.getManifest().version };
}

function unreachable(serverUrl: string): ExtensionError {
  return {
    kind: 'unreachable',
    message: `The companion server at ${serverUrl} does not answer. Check the address in the options, or ask an admin whether it is running.`,
  };
}

/** A failed answer (`{ error: { code, message } }` from our server) in a person's terms. */
function errorOf(status: number, body: unknown): ExtensionError {
  const serverMessage = ApiErrorBodySchema.safeParse(body);
  const message = serverMessage.success ? serverMessage.data.error.message : `HTTP ${status}`;
  if (status === 401) {
    return {
      kind: 'key-rejected',
      status: 401,
      message:
        'The server does not accept your staff key (it may have been replaced or disabled). Sign in again with a current key.',
    };
  }
  if (status === 403) return { kind: 'forbidden', status: 403, message };
  if (status >= 500) return { kind: 'server', status, message };
  return { kind: 'invalid', status, message };
}

/** A report can take TikTok a while to assemble and the server streams it: wait longer. */
const EXPORT_TIMEOUT_MS = 120_000;

/**
 * A ready export job's CSV. The server streams `text/csv`, not JSON, so it is fetched as
 * text rather than through `callCompanion`; failures still answer `{ error: { code, message } }`.
 * A connection cut mid-stream (TikTok failed part-way) rejects the body: never a short file.
 */
export async function fetchExportDownload(
  serverUrl: string,
  staffKey: string | null,
  exportId: string,
  fetchImpl: typeof fetch = (request, init) => globalThis.fetch(request, init),
): Promise<CallResult<CsvExport>> {
  return fetchCsvFile(serverUrl, staffKey, {
    path: routePath(downloadExport.path, { exportId }),
    timeoutMs: EXPORT_TIMEOUT_MS,
    fallbackName: `bayme-${exportId}.csv`,
    tooSlow: tooSlow(),
    cutShort:
      'The export stopped before the whole file arrived (TikTok or the server failed part-way). Try again.',
    fetchImpl,
  });
}

/** The bulk-create template: a small CSV the server writes itself (text/csv, like an export). */
export async function fetchCreateTemplate(
  serverUrl: string,
  staffKey: string | null,
  fetchImpl: typeof fetch = (request, init) => globalThis.fetch(request, init),
): Promise<CallResult<CsvExport>> {
  return fetchCsvFile(serverUrl, staffKey, {
    path: createTemplate.path,
    timeoutMs: TIMEOUT_MS,
    fallbackName: 'bayme-bulk-create-template.csv',
    tooSlow: unreachable(serverUrl),
    cutShort: 'The template stopped before the whole file arrived. Try again.',
    fetchImpl,
  });
}

/** A CSV file from the server, with the staff key, within one deadline (body included). */
async function fetchCsvFile(
  serverUrl: string,
  staffKey: string | null,
  file: {
    path: string;
    timeoutMs: number;
    /** The file's name when the server suggests none. */
    fallbackName: string;
    /** What to say when the deadline passes. */
    tooSlow: ExtensionError;
    /** What to say when the body breaks off. */
    cutShort: string;
    fetchImpl: typeof fetch;
  },
): Promise<CallResult<CsvExport>> {
  if (!staffKey) {
    return {
      ok: false,
      error: { kind: 'signed-out', message: 'Sign in with your staff key first.' },
    };
  }
  // One deadline for the whole download, body included (ky's own timeout stops at the headers).
  const deadline = AbortSignal.timeout(file.timeoutMs);
  let response: Response;
  try {
    response = await ky(`${serverUrl}${file.path}`, {
      headers: { ...versionHeader(), Authorization: `Bearer ${staffKey}`, Accept: 'text/csv' },
      signal: deadline,
      timeout: false,
      retry: 0,
      throwHttpErrors: false,
      fetch: file.fetchImpl,
    });
  } catch {
    return { ok: false, error: deadline.aborted ? file.tooSlow : unreachable(serverUrl) };
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    return { ok: false, error: errorOf(response.status, body) };
  }
  if (!(response.headers.get('content-type') ?? '').includes('text/csv')) {
    return {
      ok: false,
      error: {
        kind: 'server',
        status: response.status,
        message:
          'The companion server did not send a CSV file. Update the extension from the install page, or ask an admin whether the server is up to date.',
      },
    };
  }
  let csv: string;
  try {
    csv = await response.text();
  } catch {
    if (deadline.aborted) return { ok: false, error: file.tooSlow };
    return { ok: false, error: { kind: 'server', message: file.cutShort } };
  }
  const fileName = fileNameOf(response.headers.get('content-disposition')) ?? file.fallbackName;
  return { ok: true, data: { fileName, csv } };
}

function tooSlow(): ExtensionError {
  return {
    kind: 'server',
    message:
      'The export took longer than two minutes. Try a shorter date range or a higher level (campaigns rather than ads).',
  };
}

/** The name the server suggests, reduced to characters safe in any file system. */
function fileNameOf(disposition: string | null): string | null {
  const match = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  const name = match?.[1]?.replace(/[^\w.-]+/g, '_');
  return name?.endsWith('.csv') ? name : null;
}
