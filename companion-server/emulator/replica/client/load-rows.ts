import {
  type Level,
  type ListPage,
  type ListRow,
  listApiPath,
  MAX_PAGE_LIMIT,
  type UnmappableRow,
  type Variant,
} from '../contract';
import type { Filter } from './route';

/** A row as the list API sent it: the standard shape, or the unmappable variant's. */
export type PageRecord = ListRow | UnmappableRow;

export interface RowsRequest {
  advertiserId: string;
  level: Level;
  st: string;
  et: string;
  variant: Variant;
  filter: Pick<Filter, 'level' | 'ref'> | null;
}

/** Every row of a level, page after page, as Ads Manager's own list does for its table. */
export async function loadAllRows(
  request: RowsRequest,
  signal: AbortSignal,
): Promise<PageRecord[]> {
  const first = await loadPage(request, 1, signal);
  const pageCount = Math.ceil(first.pagination.total_count / first.pagination.limit);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => loadPage(request, i + 2, signal)),
  );
  return [first, ...rest].flatMap((page) => page.table);
}

async function loadPage(request: RowsRequest, page: number, signal: AbortSignal) {
  const params = new URLSearchParams({
    aadvid: request.advertiserId,
    st: request.st,
    et: request.et,
    page: String(page),
    limit: String(MAX_PAGE_LIMIT),
  });
  if (request.filter) {
    params.set(
      request.filter.level === 'campaign' ? 'campaign_id' : 'adgroup_id',
      request.filter.ref,
    );
  }
  const response = await fetch(`${listApiPath(request.level, request.variant)}?${params}`, {
    signal,
    headers: { accept: 'application/json' },
  });
  const body = (await response.json()) as ListPage<PageRecord>;
  if (body.code !== 0 || !body.data) {
    throw new Error(body.msg || `The list request failed (HTTP ${response.status}).`);
  }
  return body.data;
}

/** The entity a row stands for, whichever shape it came in. */
export function rowIdentity(record: PageRecord): { ref: string; name: string } {
  if ('entity_ref' in record) return { ref: record.entity_ref, name: record.title };
  if ('ad_id' in record) return { ref: record.ad_id, name: record.ad_name };
  if ('adgroup_id' in record) return { ref: record.adgroup_id, name: record.adgroup_name };
  return { ref: record.campaign_id, name: record.campaign_name };
}
