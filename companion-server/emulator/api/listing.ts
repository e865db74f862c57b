import { integer, parseUtcDateTime } from '../core/params';
import type { PrimaryStatus } from '../state/status';
import { selectFields } from './entity-presenters';

/** Paging as TikTok does it: 1-based pages, `page_size` 1–1000 (default 10). */
export const pagingParams = {
  page: integer({ min: 1 }).default(1),
  page_size: integer({ min: 1, max: 1000 }).default(10),
};

export interface PageInfo {
  page: number;
  page_size: number;
  total_number: number;
  total_page: number;
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number) {
  const start = (page - 1) * pageSize;
  const pageInfo: PageInfo = {
    page,
    page_size: pageSize,
    total_number: items.length,
    total_page: Math.ceil(items.length / pageSize),
  };
  return { list: items.slice(start, start + pageSize), page_info: pageInfo };
}

interface SharedFiltering {
  primary_status?: PrimaryStatus | undefined;
  secondary_status?: string | undefined;
  creation_filter_start_time?: string | undefined;
  creation_filter_end_time?: string | undefined;
}

/**
 * The filters every `get` endpoint shares. Deleted objects stay hidden unless a status
 * filter asks for them: primary_status STATUS_DELETE/STATUS_ALL, or any secondary_status.
 */
export function sharedFilters(filtering: SharedFiltering) {
  const primary: PrimaryStatus =
    filtering.primary_status ??
    (filtering.secondary_status !== undefined ? 'STATUS_ALL' : 'STATUS_NOT_DELETE');
  const from = filtering.creation_filter_start_time
    ? parseUtcDateTime(filtering.creation_filter_start_time)
    : null;
  const to = filtering.creation_filter_end_time
    ? parseUtcDateTime(filtering.creation_filter_end_time)
    : null;
  return {
    primary,
    createdWithin: (createTime: number) =>
      (from === null || createTime >= from) && (to === null || createTime <= to),
  };
}

interface PageParams {
  page: number;
  page_size: number;
  fields?: readonly string[] | undefined;
  exclude_field_types_in_response?: readonly string[] | undefined;
}

/** One page of matching objects, each presented with only the requested fields. */
export function presentPage<T>(
  items: readonly T[],
  params: PageParams,
  present: (item: T) => Record<string, unknown>,
) {
  const { list, page_info } = paginate(items, params.page, params.page_size);
  const dropNulls = params.exclude_field_types_in_response?.includes('NULL_FIELD') ?? false;
  return {
    list: list.map((item) => selectFields(present(item), params.fields, dropNulls)),
    page_info,
  };
}
