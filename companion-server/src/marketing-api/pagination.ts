import type { PageInfo } from './schemas';

/** A safety stop far above any real account: 10,000 pages of 1,000 rows. */
export const MAX_PAGES = 10_000;

/**
 * Fetch every page of a paged endpoint, one after another (pages share the app's rate
 * limit, so fetching them in parallel would only queue them).
 */
export async function collectAllPages<T>(
  fetchPage: (page: number) => Promise<{ list: T[]; page_info: PageInfo }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const result = await fetchPage(page);
    items.push(...result.list);
    if (page >= result.page_info.total_page || result.list.length === 0) return items;
  }
  throw new Error(`Stopped after ${MAX_PAGES} pages: the endpoint kept reporting more.`);
}
