import { z } from 'zod';
import { IsoDateSchema, LevelSchema } from '../../companion-server/src/contract/ads-manager';
import { ExportJobSchema } from '../../companion-server/src/contract/reporting';
import { API_ROUTES, type ApiRouteName } from './api-routes';
import { type ExtensionError, ExtensionErrorSchema } from './errors';

/**
 * Messages from the extension's pages (popup, options, later content scripts) to the
 * background service worker, the only place that talks HTTP and holds the staff key.
 * Checked with zod on arrival; answers carry data or an ExtensionError.
 */
/** The Ads Manager view a tab shows, for the side panel to follow. */
export const PageContextSchema = z.object({
  advertiserId: z.string().regex(/^\d{10,20}$/),
  level: LevelSchema,
  start: IsoDateSchema,
  end: IsoDateSchema,
});
export type PageContext = z.infer<typeof PageContextSchema>;

const routeNames = Object.keys(API_ROUTES) as [ApiRouteName, ...ApiRouteName[]];

export const RequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('api'),
    route: z.enum(routeNames),
    params: z.record(z.string(), z.string()).optional(),
    query: z.record(z.string(), z.unknown()).optional(),
    body: z.unknown().optional(),
  }),
  /** Check a key with the server and keep it if it works. */
  z.object({ kind: z.literal('sign-in'), key: z.string().max(200) }),
  z.object({ kind: z.literal('sign-out') }),
  /** Which server, whether a key is saved, and whether the server answers. */
  z.object({ kind: z.literal('status') }),
  /** Start an authorization and open TikTok's consent page in a tab. */
  z.object({ kind: z.literal('authorize') }),
  /** A content script says which Ads Manager view its tab shows (null: none). */
  z.object({ kind: z.literal('page-context'), context: PageContextSchema.nullable() }),
  /** The side panel asks which view the active tab shows. */
  z.object({ kind: z.literal('get-page-context') }),
  /**
   * A ready export job's file (started and followed with the `startExport` and `getExport`
   * routes): the server answers text/csv, so it is not an `api` call.
   */
  z.object({ kind: z.literal('download-export'), exportId: ExportJobSchema.shape.exportId }),
  /** The bulk-create CSV template, with an example of each row type (text/csv as well). */
  z.object({ kind: z.literal('download-create-template') }),
]);
export type ExtensionRequest = z.infer<typeof RequestSchema>;

export const StatusSchema = z.object({
  serverUrl: z.string(),
  signedIn: z.boolean(),
  reachable: z.boolean(),
  hasPermission: z.boolean(),
  mode: z.enum(['production', 'sandbox', 'emulator']).nullable(),
  serverVersion: z.string().nullable(),
});
export type ExtensionStatus = z.infer<typeof StatusSchema>;

/** The answer to `download-export` and `download-create-template`: a file for the page to offer. */
export const CsvExportSchema = z.object({ fileName: z.string(), csv: z.string() });
export type CsvExport = z.infer<typeof CsvExportSchema>;

export type ExtensionResponse<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: ExtensionError };

export const ResponseSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ExtensionErrorSchema }),
]);

/** Broadcast by the background when the ad accounts changed (an authorization completed). */
export const ACCOUNTS_CHANGED = 'bayme:accounts-changed';
