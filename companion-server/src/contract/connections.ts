import { z } from 'zod';
import { HeaderSafeTokenSchema, IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from './common';
import { defineRoute } from './route';

export const ConnectionStatusSchema = z.enum(['active', 'broken', 'revoking', 'revoked']);

export const ConnectionViewSchema = z.object({
  id: LocalIdSchema,
  status: ConnectionStatusSchema,
  /** Why the connection is not active, in words a person can act on. */
  statusReason: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  createdBy: z.object({ id: LocalIdSchema, email: z.string(), name: z.string() }),
  advertiserIds: z.array(TikTokIdSchema),
  lastCheckedAt: IsoDateTimeSchema.nullable(),
});
export type ConnectionView = z.infer<typeof ConnectionViewSchema>;

export const AdAccountViewSchema = z.object({
  advertiserId: TikTokIdSchema,
  name: z.string(),
  currency: z.string(),
  timezone: z.string(),
  status: z.string(),
  /** ok: usable; broken: TikTok no longer accepts the authorization, re-authorize. */
  health: z.enum(['ok', 'broken']),
  connectionId: LocalIdSchema,
  connectedAt: IsoDateTimeSchema,
});
export type AdAccountView = z.infer<typeof AdAccountViewSchema>;

export const listAdAccounts = defineRoute({
  method: 'GET',
  path: '/api/ad-accounts',
  access: 'viewer',
  response: z.object({ adAccounts: z.array(AdAccountViewSchema) }),
});

export const listConnections = defineRoute({
  method: 'GET',
  path: '/api/connections',
  access: 'viewer',
  response: z.object({ connections: z.array(ConnectionViewSchema) }),
});

const ConnectionIdParams = z.object({ connectionId: LocalIdSchema });

/** Check a connection with TikTok now (normally done periodically). */
export const checkConnection = defineRoute({
  method: 'POST',
  path: '/api/connections/:connectionId/check',
  access: 'buyer',
  params: ConnectionIdParams,
  response: z.object({ connection: ConnectionViewSchema }),
});

/** Revoke the authorization at TikTok and forget its token and ad accounts. */
export const disconnect = defineRoute({
  method: 'DELETE',
  path: '/api/connections/:connectionId',
  access: 'admin',
  params: ConnectionIdParams,
  response: z.object({ connection: ConnectionViewSchema }),
});

/**
 * Register a token made in TikTok's developer portal (the sandbox ad account's token is
 * made there, not through OAuth). The server checks it with TikTok and stores it encrypted.
 */
export const importToken = defineRoute({
  method: 'POST',
  path: '/api/connections/import',
  access: 'admin',
  body: z.object({ accessToken: HeaderSafeTokenSchema }),
  response: z.object({
    connection: ConnectionViewSchema,
    adAccounts: z.array(AdAccountViewSchema),
  }),
});
