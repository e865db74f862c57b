/** Batch and paging limits of the Marketing API (shared/reference/tiktok-marketing-api.md). */
export const API_LIMITS = {
  /** Ids in one filtering list (campaign_ids, adgroup_ids, ad_ids) or advertiser/info. */
  idsPerFilter: 100,
  /** Ids in one status update, and items in one adgroup/budget/update array. */
  idsPerBatch: 20,
  /** Creatives in one ad/create call. */
  creativesPerCreate: 20,
  /** Creatives in one ad/update call: the ad group's whole list of ads. */
  creativesPerUpdate: 20,
  /** Largest page_size of the get and report endpoints. */
  pageSize: 1000,
} as const;

/** Split a list into consecutive chunks of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`Chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
