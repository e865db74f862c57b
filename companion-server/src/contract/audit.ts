import { z } from 'zod';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from './common';
import { defineRoute } from './route';

/**
 * The audit log: every mutation attempted through the server and every security event.
 * Entries are append-only; `id` sorts in time order.
 */

export const AuditActorSchema = z.object({
  /**
   * `rule`: an automated rule acted; `schedule`: a scheduled change fired or put values back.
   * staffId and email are then the rule's or the change's creator's.
   */
  kind: z.enum(['staff', 'system', 'anonymous', 'rule', 'schedule']),
  staffId: LocalIdSchema.nullable(),
  email: z.string().nullable(),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

export const AuditChangeSchema = z.object({
  entityId: z.string(),
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const AuditEntryInputSchema = z.object({
  actor: AuditActorSchema,
  /** What happened, e.g. `staff.add`, `oauth.connect`, `request.rejected`, `adgroup.budget.update`. */
  action: z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/),
  outcome: z.enum(['success', 'failure', 'rejected']),
  advertiserId: TikTokIdSchema.nullable().default(null),
  entityIds: z.array(z.string()).default([]),
  changes: z.array(AuditChangeSchema).default([]),
  /** TikTok's request ids of the calls made, for support and reconciliation. */
  tiktokRequestIds: z.array(z.string()).default([]),
  /** A sentence a person can read: what was done, or why it failed. */
  message: z.string().nullable().default(null),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEntryInput = z.input<typeof AuditEntryInputSchema>;

export const AuditEntrySchema = AuditEntryInputSchema.extend({
  id: z.string().min(10),
  at: IsoDateTimeSchema,
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({
  entityId: z.string().optional(),
  staffId: LocalIdSchema.optional(),
  advertiserId: TikTokIdSchema.optional(),
  action: z.string().optional(),
  from: IsoDateTimeSchema.optional(),
  to: IsoDateTimeSchema.optional(),
  /** Return entries older than this entry id (the previous page's `nextCursor`). */
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

/**
 * Newest first. Admins read every entry; viewers and buyers read the entity changes
 * (`bulk_edit.*`, `bulk_create.*`) of the ad accounts they can see, without other staff's
 * emails or any address (audit/audit-scope.ts).
 */
export const listAudit = defineRoute({
  method: 'GET',
  path: '/api/audit',
  access: 'viewer',
  query: AuditQuerySchema,
  response: AuditPageSchema,
});
