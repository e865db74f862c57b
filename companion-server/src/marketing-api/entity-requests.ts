import type { z } from 'zod';
import type { BatchOutcome, CallOptions } from './context';
import { MarketingApiError } from './errors';
import { API_LIMITS, chunk } from './limits';
import { collectAllPages } from './pagination';
import { pageOf } from './schemas';
import type { ApiResult, Transport } from './transport';

/** Listing and batched writes shared by campaigns, ad groups and ads. */

export interface ListRequest<T> {
  path: string;
  accessToken: string;
  advertiserId: string;
  /** Omitted: TikTok returns every field (what a full-replacement update must send back). */
  fields?: readonly string[];
  item: z.ZodType<T>;
  filtering?: Record<string, unknown>;
  /** Restrict to these ids, sent 100 per request under `idFilterKey`. */
  ids?: readonly string[];
  idFilterKey?: string;
}

/** Every matching entity, over all pages (page_size 1000) and id chunks. */
export async function listEntities<T>(
  transport: Transport,
  request: ListRequest<T>,
  options: CallOptions = {},
): Promise<T[]> {
  const pageSchema = pageOf(request.item);
  const fetchAll = (filtering: Record<string, unknown> | undefined) =>
    collectAllPages(async (page) => {
      const result = await transport.request({
        method: 'GET',
        path: request.path,
        accessToken: request.accessToken,
        query: {
          advertiser_id: request.advertiserId,
          fields: request.fields,
          ...(filtering && Object.keys(filtering).length > 0 ? { filtering } : {}),
          page,
          page_size: API_LIMITS.pageSize,
        },
        data: pageSchema,
        idempotent: true,
        ...options,
      });
      return result.data as { list: T[]; page_info: z.infer<typeof pageSchema>['page_info'] };
    });

  if (!request.ids) return fetchAll(request.filtering);
  if (!request.idFilterKey) throw new Error('listEntities: ids need an idFilterKey');
  const items: T[] = [];
  for (const ids of chunk([...new Set(request.ids)], API_LIMITS.idsPerFilter)) {
    items.push(...(await fetchAll({ ...request.filtering, [request.idFilterKey]: ids })));
  }
  return items;
}

/**
 * Send a write in batches of at most `size` ids. Every batch is attempted even when an
 * earlier one failed, and each reports its own outcome, so a caller can tell exactly which
 * ids changed.
 */
export async function writeInBatches<T>(
  ids: readonly string[],
  size: number,
  send: (batch: string[]) => Promise<ApiResult<T>>,
): Promise<BatchOutcome<T>[]> {
  const outcomes: BatchOutcome<T>[] = [];
  for (const batch of chunk(ids, size)) {
    try {
      const result = await send(batch);
      outcomes.push({
        ok: true,
        ids: batch,
        requestId: result.requestId,
        code: result.code,
        data: result.data,
      });
    } catch (error) {
      if (!(error instanceof MarketingApiError)) throw error;
      outcomes.push({ ok: false, ids: batch, error });
    }
  }
  return outcomes;
}

/** A random int64 string for create calls: retries with the same value create only once. */
export function newCreateRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const value =
    bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n) & 0x7fff_ffff_ffff_ffffn;
  return value.toString();
}
