import { z } from 'zod';
import { IsoDateSchema, LevelSchema } from '../../companion-server/src/contract/ads-manager';
import { LayoutSampleIdSchema } from '../../companion-server/src/contract/page-layout';
import { ExportJobSchema } from '../../companion-server/src/contract/reporting';
import { API_ROUTES, type ApiRouteName } from './api-routes';
import { ExtensionErrorSchema } from './errors';

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
   * From a tab's page notice, in the click: open Chrome's side panel on that tab, pinned to
   * the view the page shows (when the overlays cannot tell the rows apart).
   */
  z.object({ kind: z.literal('open-side-panel'), context: PageContextSchema }),
  /** Where staff sign in: the popup where Chrome lets the extension open it, else the options. */
  z.object({ kind: z.literal('open-sign-in') }),
  /**
   * An admin asks, from the options page, for a sample of an open Ads Manager tab's layout:
   * that tab's content script captures and uploads it.
   */
  z.object({ kind: z.literal('send-layout-sample') }),
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

/** What the background asks of a tab's Ads Manager content script (`tabs.sendMessage`). */
export const TabRequestSchema = z.discriminatedUnion('kind', [
  /** Capture the page's layout and upload it for admins; answered with a LayoutSampleAnswer. */
  z.object({ kind: z.literal('capture-layout-sample') }),
]);
export type TabRequest = z.infer<typeof TabRequestSchema>;

/** The answer to `send-layout-sample` (and to the tab's `capture-layout-sample`). */
export const LayoutSampleSentSchema = z.object({ sampleId: LayoutSampleIdSchema });
export type LayoutSampleSent = z.infer<typeof LayoutSampleSentSchema>;

/** The answer to `open-sign-in`: where the staff member is asked to sign in. */
export const SignInOpenedSchema = z.object({ opened: z.enum(['popup', 'options']) });
export type SignInOpened = z.infer<typeof SignInOpenedSchema>;

// The answers' envelope, with the function that sends a request and checks it, lives apart:
// the Ads Manager content script uses them without this module's full zod.
export { type ExtensionResponse, ResponseSchema } from './background-request';

export const LayoutSampleAnswerSchema = z.union([
  z.object({ ok: z.literal(true), data: LayoutSampleSentSchema }),
  z.object({ ok: z.literal(false), error: ExtensionErrorSchema }),
]);

/** Broadcast by the background when the ad accounts changed (an authorization completed). */
export const ACCOUNTS_CHANGED = 'bayme:accounts-changed';
