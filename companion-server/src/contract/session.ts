import { z } from 'zod';
import { IsoDateTimeSchema, LocalIdSchema, MarketingApiModeSchema, RoleSchema } from './common';
import { defineRoute } from './route';

export const HealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  mode: MarketingApiModeSchema,
});

export const health = defineRoute({
  method: 'GET',
  path: '/health',
  access: 'public',
  response: HealthSchema,
});

export const StaffSummarySchema = z.object({
  id: LocalIdSchema,
  email: z.email(),
  name: z.string(),
  role: RoleSchema,
});
export type StaffSummary = z.infer<typeof StaffSummarySchema>;

/** Who the staff key belongs to: the popup's sign-in check. */
export const me = defineRoute({
  method: 'GET',
  path: '/api/me',
  access: 'viewer',
  response: z.object({ staff: StaffSummarySchema, mode: MarketingApiModeSchema }),
});

/** Replace one's own key: the old one stops working at once. */
export const rotateOwnKey = defineRoute({
  method: 'POST',
  path: '/api/me/rotate-key',
  access: 'viewer',
  response: z.object({ key: z.string(), createdAt: IsoDateTimeSchema }),
});
