import { z } from 'zod';

/** Shapes shared by many Marketing API answers. */

/** TikTok ids are strings of digits, often above 2^53: never numbers. */
export const TikTokIdSchema = z
  .string()
  .regex(/^\d+$/, { error: 'Expected an id string of digits.' });

export const PageInfoSchema = z.object({
  page: z.number().int(),
  page_size: z.number().int(),
  total_number: z.number().int(),
  total_page: z.number().int(),
});
export type PageInfo = z.infer<typeof PageInfoSchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ list: z.array(item), page_info: PageInfoSchema });
}

/** TikTok's timestamps: `YYYY-MM-DD HH:MM:SS` (UTC for entity times). */
export const TikTokDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

export const OperationStatusSchema = z.enum(['ENABLE', 'DISABLE', 'DELETE']);

/**
 * Whether TikTok reports an entity as deleted. A deleted entity may keep its last
 * operation_status and show deletion only in secondary_status (e.g. ADGROUP_STATUS_DELETE).
 */
export function isDeletedEntity(entity: {
  operation_status: string;
  secondary_status?: string | undefined;
}): boolean {
  return entity.operation_status === 'DELETE' || /_DELETE$/.test(entity.secondary_status ?? '');
}

export const BudgetModeSchema = z.enum([
  'BUDGET_MODE_INFINITE',
  'BUDGET_MODE_TOTAL',
  'BUDGET_MODE_DAY',
  'BUDGET_MODE_DYNAMIC_DAILY_BUDGET',
]);
export type BudgetMode = z.infer<typeof BudgetModeSchema>;
