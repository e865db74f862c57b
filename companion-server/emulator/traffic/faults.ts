import { z } from 'zod';

/**
 * Injected faults: "the next N responses of this path" become an API error code, a raw HTTP
 * error, or arrive late. Tests use them to drive the client's retries and error handling.
 */
export const FaultSpecSchema = z
  .object({
    /** An API path such as `campaign/get/` (or `/open_api/v1.3/campaign/get/`), or `*` for all. */
    path: z.string().min(1),
    count: z.number().int().min(1).max(100_000).default(1),
    code: z.number().int().min(1).optional(),
    message: z.string().optional(),
    http_status: z.number().int().min(200).max(599).optional(),
    /** A raw body to answer with (HTTP 200 unless http_status says otherwise), e.g. malformed JSON. */
    raw_body: z.string().optional(),
    delay_ms: z.number().int().min(0).max(120_000).optional(),
  })
  .refine(
    (fault) =>
      fault.code !== undefined ||
      fault.http_status !== undefined ||
      fault.raw_body !== undefined ||
      fault.delay_ms !== undefined,
    { message: 'A fault needs a code, an http_status, a raw_body or a delay_ms.' },
  )
  .refine(
    (fault) =>
      fault.code === undefined || (fault.http_status === undefined && fault.raw_body === undefined),
    { message: 'A fault is either an API code or a raw HTTP answer, not both.' },
  );

export type FaultSpec = z.infer<typeof FaultSpecSchema>;

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

export const API_PREFIX = '/open_api/v1.3/';

export function normalizeApiPath(path: string): string {
  if (path === '*') return path;
  let relative = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path;
  relative = relative.replace(/^\/+/, '');
  return relative.endsWith('/') ? relative : `${relative}/`;
}

export class FaultInjector {
  private queue: QueuedFault[] = [];

  add(spec: FaultSpec): void {
    this.queue.push({
      spec: { ...spec, path: normalizeApiPath(spec.path) },
      remaining: spec.count,
    });
  }

  /** The fault for this request, if one is queued for its path; consumes one occurrence. */
  take(path: string): FaultSpec | null {
    const entry = this.queue.find((fault) => fault.spec.path === path || fault.spec.path === '*');
    if (!entry) return null;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue = this.queue.filter((fault) => fault !== entry);
    return entry.spec;
  }

  list(): Array<FaultSpec & { remaining: number }> {
    return this.queue.map((fault) => ({ ...fault.spec, remaining: fault.remaining }));
  }

  clear(): void {
    this.queue = [];
  }
}
