import type { MarketingApiError } from './errors';
import type { CallBudget } from './rate-limiter';
import type { Transport } from './transport';

/** What every resource module of the client needs. */
export interface ClientContext {
  transport: Transport;
  appId: string;
  appSecret: string;
  /** Origin of the consent page (TikTok's portal, or the emulator). */
  portalOrigin: string;
}

/** Options every call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Limiter class and staff member; by default the surrounding `withCallBudget`'s. */
  budget?: CallBudget;
}

/** The result of one batch of a chunked write: its ids, and TikTok's answer or error. */
export type BatchOutcome<T> =
  | { ok: true; ids: string[]; requestId: string; code: number; data: T }
  | { ok: false; ids: string[]; error: MarketingApiError };
