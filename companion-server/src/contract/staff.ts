import { z } from 'zod';
import { IsoDateTimeSchema, LocalIdSchema, RoleSchema } from './common';
import { defineRoute } from './route';

export const StaffViewSchema = z.object({
  id: LocalIdSchema,
  email: z.email(),
  name: z.string(),
  role: RoleSchema,
  status: z.enum(['active', 'disabled']),
  createdAt: IsoDateTimeSchema,
  disabledAt: IsoDateTimeSchema.nullable(),
  /** When any of the staff member's keys was last used. */
  lastSeenAt: IsoDateTimeSchema.nullable(),
});
export type StaffView = z.infer<typeof StaffViewSchema>;

const StaffIdParams = z.object({ staffId: LocalIdSchema });

export const listStaff = defineRoute({
  method: 'GET',
  path: '/api/staff',
  access: 'admin',
  response: z.object({ staff: z.array(StaffViewSchema) }),
});

export const NewStaffSchema = z.object({
  email: z.email().transform((email) => email.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  role: RoleSchema,
});

export const addStaff = defineRoute({
  method: 'POST',
  path: '/api/staff',
  access: 'admin',
  body: NewStaffSchema,
  response: z.object({ staff: StaffViewSchema, key: z.string() }),
});

export const updateStaff = defineRoute({
  method: 'PATCH',
  path: '/api/staff/:staffId',
  access: 'admin',
  params: StaffIdParams,
  body: z
    .object({ name: z.string().trim().min(1).max(200).optional(), role: RoleSchema.optional() })
    .refine((body) => body.name !== undefined || body.role !== undefined, {
      error: 'Send a name or a role to change.',
    }),
  response: z.object({ staff: StaffViewSchema }),
});

export const disableStaff = defineRoute({
  method: 'POST',
  path: '/api/staff/:staffId/disable',
  access: 'admin',
  params: StaffIdParams,
  body: z.object({
    /**
     * Hand the TikTok connections this person created to another active staff member.
     * Without it they are revoked: access to ad accounts follows people.
     */
    reassignConnectionsTo: LocalIdSchema.optional(),
  }),
  response: z.object({
    staff: StaffViewSchema,
    connectionsRevoked: z.array(LocalIdSchema),
    connectionsReassigned: z.array(LocalIdSchema),
  }),
});

export const enableStaff = defineRoute({
  method: 'POST',
  path: '/api/staff/:staffId/enable',
  access: 'admin',
  params: StaffIdParams,
  response: z.object({ staff: StaffViewSchema }),
});

export const rotateStaffKey = defineRoute({
  method: 'POST',
  path: '/api/staff/:staffId/rotate-key',
  access: 'admin',
  params: StaffIdParams,
  response: z.object({ staff: StaffViewSchema, key: z.string() }),
});
