import type { z } from 'zod';
import { API_ROUTES, type ApiRouteName } from './api-routes';
import { sendToBackground as send } from './background-request';
import {
  type CsvExport,
  CsvExportSchema,
  type ExtensionStatus,
  type LayoutSampleSent,
  LayoutSampleSentSchema,
  type PageContext,
  type SignInOpened,
  SignInOpenedSchema,
  StatusSchema,
} from './protocol';

/**
 * The pages' side of the messaging: typed calls that resolve with data or throw an
 * ExtensionRequestError carrying what went wrong. (The Ads Manager content script has its
 * own, smaller module: content-api.ts.)
 */

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

/**
 * Open Chrome's side panel on this tab, on the given view. Call it straight from the click
 * handler: Chrome opens the panel only within the click's gesture.
 */
export async function openSidePanel(context: PageContext): Promise<void> {
  await send({ kind: 'open-side-panel', context });
}

/** Open where staff sign in (the popup, or the options page); says which. Call it in the click. */
export async function openSignIn(): Promise<SignInOpened> {
  return SignInOpenedSchema.parse(await send({ kind: 'open-sign-in' }));
}

/**
 * Have the open Ads Manager tab capture a sample of the page's layout and upload it for
 * admins (admins only: the server refuses anyone else).
 */
export async function sendLayoutSample(): Promise<LayoutSampleSent> {
  return LayoutSampleSentSchema.parse(await send({ kind: 'send-layout-sample' }));
}

/** A ready export job's CSV, fetched by the background; the page offers it as a download. */
export async function downloadExport(exportId: string): Promise<CsvExport> {
  return CsvExportSchema.parse(await send({ kind: 'download-export', exportId }));
}

/** The bulk-create CSV template, fetched by the background; the page offers it as a download. */
export async function downloadCreateTemplate(): Promise<CsvExport> {
  return CsvExportSchema.parse(await send({ kind: 'download-create-template' }));
}
