import { z } from 'zod';
import { DEFAULT_GUARDRAILS, GuardrailsSchema } from '../contract/bulk-edits';
import { IsoDateTimeSchema, LocalIdSchema, RoleSchema, TikTokIdSchema } from '../contract/common';
import { DEFAULT_ORDERS_SETTINGS, OrdersSettingsSchema } from '../contract/orders-settings';
import { DEFAULT_RULES_SETTINGS, RuleSchema, RulesSettingsSchema } from '../contract/rules';
import { ScheduledChangeSchema } from '../contract/scheduled-changes';

/**
 * The companion server's persistent state (data/state.json), validated on every load.
 * Bump STATE_VERSION and add a migration in state-migrations.ts for every change of shape.
 * Secrets are never stored in plaintext: staff keys as hashes, TikTok tokens encrypted.
 */
export const STATE_VERSION = 5;

export const StaffKeySchema = z.object({
  keyId: z.string().regex(/^[a-z0-9]{8,32}$/),
  /** SHA-256 of the key's secret part, hex. The key itself is shown once and never stored. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: IsoDateTimeSchema,
  lastUsedAt: IsoDateTimeSchema.nullable(),
  revokedAt: IsoDateTimeSchema.nullable(),
});
export type StaffKey = z.infer<typeof StaffKeySchema>;

export const StaffSchema = z.object({
  id: LocalIdSchema,
  email: z.email(),
  name: z.string().min(1).max(200),
  role: RoleSchema,
  status: z.enum(['active', 'disabled']),
  createdAt: IsoDateTimeSchema,
  disabledAt: IsoDateTimeSchema.nullable(),
  keys: z.array(StaffKeySchema),
});
export type Staff = z.infer<typeof StaffSchema>;

/** A secret encrypted with AES-256-GCM under the key `keyId` (see security/token-vault.ts). */
export const EncryptedSecretSchema = z.object({
  keyId: z.string().min(1),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});
export type EncryptedSecret = z.infer<typeof EncryptedSecretSchema>;

export const CONNECTION_STATUSES = ['active', 'broken', 'revoking', 'revoked'] as const;

/** One TikTok authorization: an advertiser token and the ad accounts it covers. */
export const ConnectionSchema = z.object({
  id: LocalIdSchema,
  createdBy: LocalIdSchema,
  createdAt: IsoDateTimeSchema,
  /**
   * active: usable. broken: TikTok rejected the token (revoked in TikTok, or lost access);
   * staff must re-authorize. revoking: to be revoked at TikTok by the server (e.g. its
   * creator was disabled). revoked: done; the token is gone from this file.
   */
  status: z.enum(CONNECTION_STATUSES),
  statusReason: z.string().nullable(),
  statusChangedAt: IsoDateTimeSchema,
  token: EncryptedSecretSchema.nullable(),
  /** Only if TikTok ever issues expiring advertiser tokens (today it does not). */
  refreshToken: EncryptedSecretSchema.nullable(),
  expiresAt: IsoDateTimeSchema.nullable(),
  advertiserIds: z.array(TikTokIdSchema),
  scope: z.array(z.string()),
  lastCheckedAt: IsoDateTimeSchema.nullable(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const AdAccountSchema = z.object({
  advertiserId: TikTokIdSchema,
  name: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  timezone: z.string().min(1),
  status: z.string(),
  /** The connection through which the server calls TikTok for this account. */
  connectionId: LocalIdSchema,
  connectedAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type AdAccount = z.infer<typeof AdAccountSchema>;

export const OAuthAttemptSchema = z.object({
  id: LocalIdSchema,
  /** SHA-256 of the `state` sent to TikTok, hex; the state itself is not kept. */
  stateHash: z.string().regex(/^[0-9a-f]{64}$/),
  staffId: LocalIdSchema,
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
  usedAt: IsoDateTimeSchema.nullable(),
  outcome: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('connected'),
        connectionId: LocalIdSchema,
        advertiserIds: z.array(TikTokIdSchema),
      }),
      z.object({ kind: z.literal('failed'), reason: z.string() }),
    ])
    .nullable(),
});
export type OAuthAttempt = z.infer<typeof OAuthAttemptSchema>;

export const StateSchema = z.object({
  version: z.literal(STATE_VERSION),
  staff: z.array(StaffSchema),
  connections: z.array(ConnectionSchema),
  adAccounts: z.array(AdAccountSchema),
  oauthAttempts: z.array(OAuthAttemptSchema),
  /** Bayme's limits on bulk edits, set by admins (since version 2). */
  guardrails: GuardrailsSchema,
  /** Automated rules (since version 3); their runs and logs are in the SQL store. */
  rules: z.array(RuleSchema),
  /** The admins' switch for every rule and scheduled change at once (since version 3). */
  rulesSettings: RulesSettingsSchema,
  /** Scheduled changes (since version 4); their firings are in the SQL store. */
  scheduledChanges: z.array(ScheduledChangeSchema),
  /** The orders' tracking template and click window, set by admins (since version 5). */
  ordersSettings: OrdersSettingsSchema,
});
export type State = z.infer<typeof StateSchema>;

export function emptyState(): State {
  return {
    version: STATE_VERSION,
    staff: [],
    connections: [],
    adAccounts: [],
    oauthAttempts: [],
    guardrails: { ...DEFAULT_GUARDRAILS },
    rules: [],
    rulesSettings: { ...DEFAULT_RULES_SETTINGS },
    scheduledChanges: [],
    ordersSettings: { ...DEFAULT_ORDERS_SETTINGS },
  };
}
