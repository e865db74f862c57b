import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { IsoDateTimeSchema } from '../contract/common';
import type { SqlDatabase } from '../storage/sql-database';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

/**
 * The rules' notifications: a message is written to `webhook_deliveries` (room "rules",
 * rules-migrations.ts) and `notify` returns at once; a worker posts it as Slack-compatible
 * JSON, signed (webhook-signature.ts), retrying network errors, timeouts, 429 and 5xx with
 * back-off. Nothing is ever sent unsigned: without a secret (or a URL) the delivery is
 * recorded as skipped, with the reason.
 *
 * The body is `{ "text": "…", "bayme": { deliveryId, event, ruleId, ruleName, details } }`:
 * Slack's incoming webhooks show `text` and ignore the rest; other receivers read `bayme`,
 * and use `deliveryId` to act once, since a delivery whose answer was lost (a timeout) is
 * sent again.
 *
 * Webhook URLs are secrets (a Slack URL's path is its credential). The delivery log keeps
 * only the scheme and host and a short hash of the full URL, enough to tell which configured
 * URL was used without revealing it. The full URL is kept only while a delivery is pending,
 * so that a restart can send it; it is erased once the delivery is delivered, failed or
 * skipped. (The URL is in the rules' own settings in the same data directory anyway.)
 */

import {
  type DeliveryStatus,
  DeliveryStatusSchema,
  type WebhookDelivery,
  type WebhookEvent,
  WebhookEventSchema,
} from '../contract/rules';

export interface WebhookMessage {
  /** The rule's own webhook; null: the server's default. */
  url: string | null;
  event: WebhookEvent;
  ruleId: string;
  ruleName: string;
  /** Plain text for people (Slack shows it); `<`, `>` and `&` are escaped for Slack. */
  text: string;
  /** For programs: JSON-serialisable. */
  details: Record<string, unknown>;
}

export interface WebhookNotifierDeps {
  db: SqlDatabase;
  /** The shared HMAC secret; null: every delivery is skipped. */
  secret: string | null;
  /** The server's webhook, for rules without their own; null: none. */
  defaultUrl: string | null;
  log: FastifyBaseLogger;
  fetch?: typeof fetch;
  now?: () => Date;
  /** The waits before each retry: as many retries as delays. */
  retryDelaysMs?: readonly number[];
  attemptTimeoutMs?: number;
  /** The longest wait a receiver's Retry-After is honoured up to. */
  maxRetryAfterMs?: number;
  /** How long close() waits for sends under way before leaving them pending. */
  closeWaitMs?: number;
  /** Sends at once, so a burst of notifications does not open a burst of connections. */
  maxConcurrent?: number;
}

const DEFAULT_RETRY_DELAYS_MS = [5_000, 30_000, 120_000];
const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 10 * 60_000;
const DEFAULT_CLOSE_WAIT_MS = 2_000;
const DEFAULT_MAX_CONCURRENT = 4;
/** Slack shows up to 4,000 characters of a message's text well; longer is cut. */
const MAX_TEXT_CHARS = 4_000;
const MAX_ERROR_BODY_CHARS = 200;
const NO_SECRET =
  'No webhook secret is set (RULES_WEBHOOK_SECRET): deliveries are never sent unsigned.';

const DeliveryRowSchema = z.object({
  id: z.number().int(),
  event: WebhookEventSchema,
  rule_id: z.string(),
  rule_name: z.string(),
  message_text: z.string(),
  details: z.string(),
  url_origin: z.string().nullable(),
  url_hash: z.string().nullable(),
  target_url: z.string().nullable(),
  status: DeliveryStatusSchema,
  attempts: z.number().int().min(0),
  last_error: z.string().nullable(),
  response_status: z.number().int().nullable(),
  created_at: IsoDateTimeSchema,
  next_attempt_at: IsoDateTimeSchema.nullable(),
  delivered_at: IsoDateTimeSchema.nullable(),
});
type DeliveryRow = z.infer<typeof DeliveryRowSchema>;

const COLUMNS = `id, event, rule_id, rule_name, message_text, details, url_origin, url_hash,
  target_url, status, attempts, last_error, response_status, created_at, next_attempt_at,
  delivered_at`;

/** What one attempt came to. */
type AttemptResult =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs: number | null }
  | { kind: 'failed'; status: number | null; error: string };

interface Send {
  controller: AbortController;
  done: Promise<void>;
}

export class WebhookNotifier {
  readonly #deps: WebhookNotifierDeps;
  readonly #fetch: typeof fetch;
  readonly #now: () => Date;
  readonly #retryDelaysMs: readonly number[];
  readonly #timers = new Map<number, NodeJS.Timeout>();
  readonly #ready: number[] = [];
  readonly #sending = new Map<number, Send>();
  /** Skip reasons already logged, so a misconfiguration is logged once, not per message. */
  readonly #loggedSkips = new Set<string>();
  #closed = false;
  /** Set once close() stops waiting: sends still under way then record nothing. */
  #detached = false;

  /** Starts the worker, resuming the deliveries a previous process left pending. */
  constructor(deps: WebhookNotifierDeps) {
    this.#deps = deps;
    this.#fetch = deps.fetch ?? fetch;
    this.#now = deps.now ?? (() => new Date());
    this.#retryDelaysMs = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#resumePending();
  }

  /**
   * Records the message for delivery and returns at once. After close() it is still
   * recorded (pending), and sent by the next notifier started on the database.
   */
  notify(message: WebhookMessage): WebhookDelivery {
    const url = message.url ?? this.#deps.defaultUrl;
    const target = url === null ? null : parseTarget(url);
    const skip =
      url === null
        ? 'No webhook URL: set one on the rule, or the server’s RULES_WEBHOOK_URL.'
        : target === null
          ? 'The webhook URL is not a valid http(s) URL.'
          : this.#deps.secret === null
            ? NO_SECRET
            : null;
    const now = this.#now().toISOString();
    const row = DeliveryRowSchema.parse(
      this.#deps.db
        .prepare(
          `INSERT INTO webhook_deliveries (event, rule_id, rule_name, message_text, details,
             url_origin, url_hash, target_url, status, attempts, last_error, created_at,
             next_attempt_at)
           VALUES (@event, @rule_id, @rule_name, @message_text, @details, @url_origin,
             @url_hash, @target_url, @status, 0, @last_error, @created_at, @next_attempt_at)
           RETURNING ${COLUMNS}`,
        )
        .get({
          event: message.event,
          rule_id: message.ruleId,
          rule_name: message.ruleName,
          message_text: message.text,
          details: JSON.stringify(message.details),
          url_origin: target?.origin ?? null,
          url_hash: url === null ? null : urlHash(url),
          target_url: skip === null ? url : null,
          status: skip === null ? 'pending' : 'skipped',
          last_error: skip,
          created_at: now,
          next_attempt_at: skip === null ? now : null,
        }),
    );
    if (skip === null) {
      this.#schedule(row.id, 0);
    } else if (!this.#loggedSkips.has(skip)) {
      this.#loggedSkips.add(skip);
      this.#deps.log.warn({ ruleId: message.ruleId, reason: skip }, 'webhook delivery skipped');
    }
    return deliveryFrom(row);
  }

  /** Newest first. */
  listDeliveries(query: { ruleId?: string; limit: number }): WebhookDelivery[] {
    const rows =
      query.ruleId === undefined
        ? this.#deps.db
            .prepare(`SELECT ${COLUMNS} FROM webhook_deliveries ORDER BY id DESC LIMIT ?`)
            .all([query.limit])
        : this.#deps.db
            .prepare(
              `SELECT ${COLUMNS} FROM webhook_deliveries WHERE rule_id = ?
               ORDER BY id DESC LIMIT ?`,
            )
            .all([query.ruleId, query.limit]);
    return rows.map((row) => deliveryFrom(rowFrom(row)));
  }

  /** The retention: finished deliveries created before the cutoff. */
  pruneDeliveries(cutoffIso: string): number {
    return this.#deps.db
      .prepare(`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?`)
      .run([new Date(cutoffIso).toISOString()]).changes;
  }

  /**
   * Stops the worker: waits up to closeWaitMs for sends under way to finish and be
   * recorded, then abandons the rest. Whatever is not finished stays pending and is sent by
   * the next process (a receiver may then get it twice: the deliveryId tells it so).
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#ready.length = 0;
    const underWay = [...this.#sending.values()];
    if (underWay.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.#deps.closeWaitMs ?? DEFAULT_CLOSE_WAIT_MS);
      });
      await Promise.race([Promise.allSettled(underWay.map((send) => send.done)), waited]);
      clearTimeout(timer);
    }
    this.#detached = true;
    for (const send of this.#sending.values()) send.controller.abort();
  }

  #resumePending(): void {
    const pending = this.#deps.db
      .prepare(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE status = 'pending' ORDER BY id`)
      .all()
      .map(rowFrom);
    const now = this.#now().getTime();
    for (const row of pending) {
      const due = row.next_attempt_at === null ? now : Date.parse(row.next_attempt_at);
      this.#schedule(row.id, Math.max(0, due - now));
    }
    if (pending.length > 0) {
      this.#deps.log.info({ deliveries: pending.length }, 'resuming pending webhook deliveries');
    }
  }

  #schedule(id: number, delayMs: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timers.get(id));
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      this.#ready.push(id);
      this.#pump();
    }, delayMs);
    // A retry due later must not keep the process alive: it is on disk, resumed on start.
    timer.unref();
    this.#timers.set(id, timer);
  }

  #pump(): void {
    const limit = this.#deps.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
    while (!this.#closed && this.#sending.size < limit) {
      const id = this.#ready.shift();
      if (id === undefined) return;
      if (this.#sending.has(id)) continue;
      const controller = new AbortController();
      const done = this.#attempt(id, controller)
        .catch((error: unknown) => {
          this.#deps.log.error({ err: error, deliveryId: id }, 'webhook delivery attempt failed');
        })
        .finally(() => {
          this.#sending.delete(id);
          this.#pump();
        });
      this.#sending.set(id, { controller, done });
    }
  }

  async #attempt(id: number, controller: AbortController): Promise<void> {
    const found = this.#deps.db
      .prepare(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = ?`)
      .get([id]);
    if (found === undefined) return;
    const row = rowFrom(found);
    if (row.status !== 'pending') return;
    const secret = this.#deps.secret;
    if (secret === null || row.target_url === null) {
      this.#finish(row, 'skipped', {
        lastError: secret === null ? NO_SECRET : 'The webhook URL was not kept.',
        responseStatus: null,
      });
      return;
    }

    const result = await this.#send(row, row.target_url, secret, controller);
    if (this.#detached) return;
    const attempts = row.attempts + 1;
    const now = this.#now();
    if (result.kind === 'delivered') {
      this.#finish(row, 'delivered', {
        attempts,
        responseStatus: result.status,
        lastError: row.last_error,
        deliveredAt: now.toISOString(),
      });
      return;
    }
    const backOff = this.#retryDelaysMs[attempts - 1];
    if (result.kind === 'retry' && backOff !== undefined) {
      const delayMs =
        result.retryAfterMs === null
          ? backOff
          : Math.min(result.retryAfterMs, this.#deps.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
      this.#deps.db
        .prepare(
          `UPDATE webhook_deliveries SET attempts = ?, last_error = ?, response_status = ?,
             next_attempt_at = ? WHERE id = ?`,
        )
        .run([
          attempts,
          result.error,
          result.status,
          new Date(now.getTime() + delayMs).toISOString(),
          id,
        ]);
      this.#schedule(id, delayMs);
      return;
    }
    this.#finish(row, 'failed', {
      attempts,
      responseStatus: result.status,
      lastError: result.error,
    });
    this.#deps.log.warn(
      { deliveryId: id, ruleId: row.rule_id, attempts, status: result.status, error: result.error },
      'webhook delivery failed',
    );
  }

  async #send(
    row: DeliveryRow,
    url: string,
    secret: string,
    controller: AbortController,
  ): Promise<AttemptResult> {
    const body = bodyOf(row);
    const timestamp = String(Math.floor(this.#now().getTime() / 1_000));
    const timeoutMs = this.#deps.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await this.#fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Bayme-Ads-Toolkit',
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          [TIMESTAMP_HEADER]: timestamp,
        },
        body,
        // A signed message goes only where it was addressed: a redirect is an answer, not a
        // new address.
        redirect: 'manual',
        signal: controller.signal,
      });
      const { status } = response;
      if (status >= 200 && status < 300) {
        await response.body?.cancel();
        return { kind: 'delivered', status };
      }
      const said = (await response.text()).trim().slice(0, MAX_ERROR_BODY_CHARS);
      const error = `HTTP ${status}${said === '' ? '' : `: ${said}`}`;
      if (status === 429 || status >= 500) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.#now());
        return { kind: 'retry', status, error, retryAfterMs };
      }
      if (status >= 300 && status < 400) {
        return {
          kind: 'failed',
          status,
          error: `${error} (a redirect: the webhook URL must answer itself)`,
        };
      }
      return { kind: 'failed', status, error };
    } catch (error) {
      const reason = timedOut ? `No answer within ${timeoutMs / 1_000} s.` : networkError(error);
      return { kind: 'retry', status: null, error: reason, retryAfterMs: null };
    } finally {
      clearTimeout(timer);
    }
  }

  #finish(
    row: DeliveryRow,
    status: Exclude<DeliveryStatus, 'pending'>,
    outcome: {
      attempts?: number;
      lastError: string | null;
      responseStatus: number | null;
      deliveredAt?: string;
    },
  ): void {
    this.#deps.db
      .prepare(
        `UPDATE webhook_deliveries SET status = ?, attempts = ?, last_error = ?,
           response_status = ?, delivered_at = ?, next_attempt_at = NULL, target_url = NULL
         WHERE id = ?`,
      )
      .run([
        status,
        outcome.attempts ?? row.attempts,
        outcome.lastError,
        outcome.responseStatus,
        outcome.deliveredAt ?? null,
        row.id,
      ]);
  }
}

function rowFrom(raw: unknown): DeliveryRow {
  const result = DeliveryRowSchema.safeParse(raw);
  if (result.success) return result.data;
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String(raw.id) : '?';
  const [issue] = result.error.issues;
  throw new Error(
    `The webhook delivery log has a corrupt row (delivery ${id}): ${issue?.path.join('.')}: ${issue?.message}.`,
  );
}

function deliveryFrom(row: DeliveryRow): WebhookDelivery {
  return {
    id: String(row.id),
    event: row.event,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    urlOrigin: row.url_origin,
    urlHash: row.url_hash,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    responseStatus: row.response_status,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
  };
}

/** The same bytes on every attempt: built from what was stored. */
function bodyOf(row: DeliveryRow): string {
  return JSON.stringify({
    text: slackText(row.message_text),
    bayme: {
      deliveryId: String(row.id),
      event: row.event,
      ruleId: row.rule_id,
      ruleName: row.rule_name,
      details: JSON.parse(row.details) as unknown,
    },
  });
}

/**
 * Slack reads `<…>` as links and mentions and `&` as the start of an entity: escaped, an
 * entity named "<!channel>" is shown, not obeyed.
 */
function slackText(text: string): string {
  const cut = text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS - 1)}…` : text;
  return cut.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function parseTarget(url: string): { origin: string } | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    // The origin has no user-info, path or query: nothing of the URL's secrets.
    return { origin: parsed.origin };
  } catch {
    return null;
  }
}

function urlHash(url: string): string {
  return createHash('sha256').update(url, 'utf8').digest('hex').slice(0, 12);
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** fetch says "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND…). */
function networkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : null;
    return `${error.message}: ${code ?? cause.message}`;
  }
  return error.message;
}
