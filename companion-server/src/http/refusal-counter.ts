import type { FastifyBaseLogger } from 'fastify';
import type { AuditActor } from '../contract/audit';
import type { AuditLog } from '../storage/audit-log';

/**
 * Refused requests (401, 403) are security events, but writing each one lets anyone without
 * a key fill the disk. They are counted instead: per source (address and the kind of key
 * presented) and reason (method, status and path) and per minute, the first refusal is
 * written at once — so a single probe is still audited promptly — and the rest of the
 * minute's are written as one entry with their count when the minute ends, or when the
 * server closes.
 */

export interface Refusal {
  ip: string;
  presentedKey: string;
  /** The staff member whose valid key was refused (a role too low, a foreign origin). */
  actor: AuditActor;
  method: string;
  /** The route's path pattern, or the requested path without its query. */
  path: string;
  status: number;
  origin: string | null;
}

export interface RefusalCounterOptions {
  audit: AuditLog;
  log: FastifyBaseLogger;
  now: () => Date;
  /** Distinct sources tracked per minute; the refusals of any beyond it share one bucket. */
  maxSources?: number;
}

const MINUTE_MS = 60_000;
const DEFAULT_MAX_SOURCES = 10_000;
/** Reasons kept apart in the "other sources" bucket before they too are folded into one. */
const MAX_OVERFLOW_REASONS = 100;
const OTHER_SOURCES = 'other sources';

interface Bucket {
  /** The refusal that opened the bucket: its source and reason describe the whole bucket. */
  first: Refusal;
  /** Refusals after the first, not written yet. */
  pending: number;
  /** Whether the bucket holds the refusals of sources beyond the cap. */
  folded: boolean;
}

export class RefusalCounter {
  readonly #audit: AuditLog;
  readonly #log: FastifyBaseLogger;
  readonly #now: () => Date;
  readonly #maxSources: number;
  #minute = Number.NaN;
  #buckets = new Map<string, Bucket>();
  #timer: NodeJS.Timeout | null = null;
  /** Writes started and not finished, so that closing can wait for them. */
  readonly #writes = new Set<Promise<void>>();

  constructor(options: RefusalCounterOptions) {
    this.#audit = options.audit;
    this.#log = options.log;
    this.#now = options.now;
    this.#maxSources = options.maxSources ?? DEFAULT_MAX_SOURCES;
  }

  record(refusal: Refusal): void {
    const minute = Math.floor(this.#now().getTime() / MINUTE_MS);
    if (minute !== this.#minute) {
      this.#flush();
      this.#minute = minute;
    }
    const reason = `${refusal.method} ${refusal.status} ${refusal.path}`;
    const source = `${refusal.ip}|${refusal.presentedKey}|${refusal.actor.staffId ?? ''}`;
    let key = `${source}|${reason}`;
    let folded = false;
    if (!this.#buckets.has(key) && this.#buckets.size >= this.#maxSources) {
      folded = true;
      key =
        this.#buckets.size < this.#maxSources + MAX_OVERFLOW_REASONS
          ? `${OTHER_SOURCES}|${reason}`
          : OTHER_SOURCES;
    }
    const bucket = this.#buckets.get(key);
    if (bucket) {
      bucket.pending += 1;
      this.#scheduleFlush();
      return;
    }
    this.#buckets.set(key, { first: refusal, pending: 0, folded });
    this.#write(refusal, 1, folded, minute, 'first');
  }

  /** Writes what is counted and waits for every write; nothing counted is lost. */
  async close(): Promise<void> {
    this.#flush();
    await Promise.all([...this.#writes]);
  }

  #scheduleFlush(): void {
    if (this.#timer !== null) return;
    const delay = (this.#minute + 1) * MINUTE_MS - this.#now().getTime();
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#flush();
        this.#minute = Number.NaN;
      },
      Math.max(delay, 0),
    );
    // A pending count must not keep a stopping process alive: closing writes it.
    this.#timer.unref();
  }

  /** Writes the minute's pending counts and forgets its buckets. */
  #flush(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    for (const bucket of this.#buckets.values()) {
      if (bucket.pending > 0) {
        this.#write(bucket.first, bucket.pending, bucket.folded, this.#minute, 'rest');
      }
    }
    this.#buckets = new Map();
  }

  #write(
    refusal: Refusal,
    count: number,
    folded: boolean,
    minute: number,
    which: 'first' | 'rest',
  ): void {
    const where = `${refusal.method} ${refusal.path} refused with ${refusal.status}`;
    const suffix = folded ? ' (sources beyond the tracked ones)' : '';
    const message =
      which === 'first'
        ? `${where}${suffix}.`
        : `${where}: ${count} more time(s) within the minute${suffix}.`;
    const written = this.#audit
      .append({
        actor: folded ? { kind: 'anonymous', staffId: null, email: null } : refusal.actor,
        action: 'request.rejected',
        outcome: 'rejected',
        message,
        details: {
          status: refusal.status,
          ip: folded ? OTHER_SOURCES : refusal.ip,
          presentedKey: folded ? OTHER_SOURCES : refusal.presentedKey,
          origin: refusal.origin,
          path: refusal.path,
          count,
          minute: new Date(minute * MINUTE_MS).toISOString(),
        },
      })
      .then(
        () => undefined,
        (error: unknown) => {
          this.#log.error({ err: error }, 'could not audit refused requests');
        },
      );
    this.#writes.add(written);
    void written.finally(() => this.#writes.delete(written));
  }
}
