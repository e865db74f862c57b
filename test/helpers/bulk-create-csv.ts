import { CREATE_COLUMNS } from '../../companion-server/src/contract/bulk-create';

/** Bulk-create spreadsheets for tests: rows by column name, and a valid row of each type. */
export type CreateCsvRow = Partial<Record<(typeof CREATE_COLUMNS)[number], string>>;

export function createCsv(
  rows: CreateCsvRow[],
  columns: readonly string[] = CREATE_COLUMNS,
): string {
  const quote = (value: string) =>
    /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  return [
    columns.join(','),
    ...rows.map((row) => columns.map((c) => quote(row[c as keyof CreateCsvRow] ?? '')).join(',')),
  ].join('\r\n');
}

export const campaignRow = (overrides: CreateCsvRow = {}): CreateCsvRow => ({
  type: 'campaign',
  ref: 'c1',
  name: 'Winter sale',
  objective_type: 'TRAFFIC',
  budget_mode: 'BUDGET_MODE_DAY',
  budget: '100',
  ...overrides,
});

export const adGroupRow = (overrides: CreateCsvRow = {}): CreateCsvRow => ({
  type: 'adgroup',
  ref: 'g1',
  parent: 'c1',
  name: 'Winter sale | Broad',
  budget_mode: 'BUDGET_MODE_DAY',
  budget: '50',
  billing_event: 'CPC',
  optimization_goal: 'CLICK',
  location_ids: '6252001',
  ...overrides,
});

/** An ad; `identityId` must be one the ad account has (the emulator seeds it on its ads). */
export const adRow = (
  n: number,
  identityId: string,
  overrides: CreateCsvRow = {},
): CreateCsvRow => ({
  type: 'ad',
  parent: 'g1',
  name: `Winter sale | Video ${n}`,
  ad_format: 'SINGLE_VIDEO',
  ad_text: 'Warm up for less',
  video_id: `v10033g5000${n}`,
  identity_id: identityId,
  call_to_action: 'SHOP_NOW',
  landing_page_url: 'https://bayme.store/winter',
  ...overrides,
});
