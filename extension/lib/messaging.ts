import { browser } from 'wxt/browser';
import type { z } from 'zod';
import { API_ROUTES, type ApiRouteName } from './api-routes';
import { ExtensionRequestError } from './errors';
import {
  type CsvExport,
  CsvExportSchema,
  type ExtensionRequest,
  type ExtensionStatus,
  type PageContext,
  PageContextSchema,
  ResponseSchema,
  StatusSchema,
} from './protocol';

/**
 * The pages' side of the messaging: typed calls that resolve with data or throw an
 * ExtensionRequestError carrying what went wrong.
 */
async function send(request: ExtensionRequest): Promise<unknown> {
  const raw: unknown = await browser.runtime.sendMessage(request);
  const response = ResponseSchema.safeParse(raw);
  if (!response.success) {
    throw new ExtensionRequestError({
      kind: 'server',
      message: 'The extension’s background did not answer. Reload the extension.',
    });
  }
  if (!response.data.ok) throw new ExtensionRequestError(response.data.error);
  return response.data.data;
}

type Output<N extends ApiRouteName> = z.infer<(typeof API_ROUTES)[N]['response']>;

export async function api<N extends ApiRouteName>(
  route: N,
  input: { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown } = {},
): Promise<Output<N>> {
  const data = await send({ kind: 'api', route, ...input });
  return API_ROUTES[route].response.parse(data) as Output<N>;
}

export async function getStatus(): Promise<ExtensionStatus> {
  return StatusSchema.parse(await send({ kind: 'status' }));
}

export async function signIn(key: string) {
  return API_ROUTES.me.response.parse(await send({ kind: 'sign-in', key }));
}

export async function signOut(): Promise<void> {
  await send({ kind: 'sign-out' });
}

export async function authorize() {
  return API_ROUTES.startOAuth.response.parse(await send({ kind: 'authorize' }));
}

/** Tell the background which Ads Manager view this tab shows (for the side panel). */
export async function reportPageContext(context: PageContext | null): Promise<void> {
  await send({ kind: 'page-context', context });
}

/** The Ads Manager view of the active tab, if any. */
export async function getPageContext(): Promise<PageContext | null> {
  const data = await send({ kind: 'get-page-context' });
  return data === null ? null : PageContextSchema.parse(data);
}

/** A ready export job's CSV, fetched by the background; the page offers it as a download. */
export async function downloadExport(exportId: string): Promise<CsvExport> {
  return CsvExportSchema.parse(await send({ kind: 'download-export', exportId }));
}

/** The bulk-create CSV template, fetched by the background; the page offers it as a download. */
export async function downloadCreateTemplate(): Promise<CsvExport> {
  return CsvExportSchema.parse(await send({ kind: 'download-create-template' }));
}
