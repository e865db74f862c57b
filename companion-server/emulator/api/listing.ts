import { integer } from '../core/params';

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
