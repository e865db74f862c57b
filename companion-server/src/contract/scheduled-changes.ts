import { z } from 'zod';
import { parseIsoDate } from '../lib/time-zone';
import { LevelSchema } from './ads-manager';
import { levelOperationProblems, MAX_BULK_ROWS, RequestedBulkOperationSchema } from './bulk-edits';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from './common';
import { defineRoute } from './route';
import { RulesSettingsSchema } from './rules';

/**
 * Scheduled changes: a change without a condition, at a time or every chosen weekday at a
 * time, optionally put back later ("at 18:00 set these 12 ad groups to $50, at 23:00 back to
 * what they were"; "every weekday at 07:00 raise budgets by 20%"). Times are the ad account's
 * own, as the buyer types them, and shown with the zone's name. Each firing is a bulk-edit
 * plan and job like any other (TikTok's rules, Bayme's guardrails, journal, audit), made as
 * the change's creator; the put-back is the bulk-edit undo of that firing's job. The admins'
 * switch for rules (RulesSettings.paused) holds scheduled changes too.
 */

/**
 * What a scheduled change may do: budgets, bids and pause / enable. Those are what buyers
 * time (day-parted budgets, a night-time pause, a morning scale-up) and what undo puts back
 * exactly. Renames, ad group schedules, dayparting, landing pages and ad text as timed
 * changes were never asked for; they are one-off edits, and an ad's text or URL changed on a
 * timer would send it back to TikTok's review at an hour nobody watches.
 */
export const SCHEDULED_OPERATION_KINDS = ['budget', 'bid', 'status'] as const;
export type ScheduledOperationKind = (typeof SCHEDULED_OPERATION_KINDS)[number];

export const ScheduledOperationSchema = RequestedBulkOperationSchema.refine(
  (operation) => (SCHEDULED_OPERATION_KINDS as readonly string[]).includes(operation.kind),
  { error: 'A scheduled change sets budgets, bids or statuses (pause or enable) only.' },
);
export type ScheduledOperation = z.infer<typeof ScheduledOperationSchema>;

/** The same bound as a bulk edit: one firing is one bulk-edit job. */
export const MAX_SCHEDULED_ENTITIES = MAX_BULK_ROWS;

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "07:00" on the ad account's clock. */
export const TimeOfDaySchema = z
  .string()
  .regex(TIME_OF_DAY, { error: 'A time of day like 07:00.' });

/** "2026-12-07 18:00" on the ad account's clock: a real calendar date, a time of day. */
export const LocalDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d$/, {
    error: 'A date and time like 2026-12-07 18:00.',
  })
  .refine((text) => parseIsoDate(text.slice(0, 10)) !== null, {
    error: 'Not a date of the calendar.',
  });

/** When a change fires: once, or every chosen weekday (0 Sunday … 6 Saturday) at a time. */
export const ScheduledWhenSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), at: LocalDateTimeSchema }),
  z.object({
    kind: z.literal('weekly'),
    days: z
      .array(z.number().int().min(0).max(6))
      .min(1, { error: 'Choose at least one day.' })
      .max(7)
      .refine((days) => new Set(days).size === days.length, { error: 'Each day only once.' }),
    at: TimeOfDaySchema,
  }),
]);
export type ScheduledWhen = z.infer<typeof ScheduledWhenSchema>;

/**
 * When a firing's changes are put back (the bulk-edit undo of its job: only what it changed,
 * and not what someone changed again since): at a date and time for a one-off change, or at
 * a time the same day for a weekly one.
 */
export const ScheduledRevertSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), at: LocalDateTimeSchema }),
  z.object({ kind: z.literal('same_day'), at: TimeOfDaySchema }),
]);
export type ScheduledRevert = z.infer<typeof ScheduledRevertSchema>;

/** What a buyer writes; the server adds who, when and the version. */
export const ScheduledChangeInputSchema = z
  .object({
    name: z.string().trim().min(1, { error: 'Give the change a name.' }).max(120),
    enabled: z.boolean(),
    advertiserId: TikTokIdSchema,
    level: LevelSchema,
    entityIds: z
      .array(TikTokIdSchema)
      .min(1, { error: 'Choose at least one item.' })
      .max(MAX_SCHEDULED_ENTITIES, {
        error: `At most ${MAX_SCHEDULED_ENTITIES} items per scheduled change.`,
      }),
    operation: ScheduledOperationSchema,
    when: ScheduledWhenSchema,
    revert: ScheduledRevertSchema.nullable(),
  })
  .superRefine((input, context) => {
    for (const message of levelOperationProblems(input.level, input.operation.kind)) {
      context.addIssue({ code: 'custom', message, path: ['operation'] });
    }
    const { when, revert } = input;
    if (!revert) return;
    if (when.kind === 'once' && revert.kind !== 'once') {
      context.addIssue({
        code: 'custom',
        message: 'A one-off change is put back at a date and time ("once").',
        path: ['revert'],
      });
    } else if (when.kind === 'weekly' && revert.kind !== 'same_day') {
      context.addIssue({
        code: 'custom',
        message: 'A weekly change is put back at a time the same day ("same_day").',
        path: ['revert'],
      });
    } else if (revert.at <= when.at) {
      // Both are the account's wall-clock times in the same form: the text sorts as the clock.
      context.addIssue({
        code: 'custom',
        message: `The put-back time (${revert.at}) must come after the change (${when.at}).`,
        path: ['revert', 'at'],
      });
    }
  });
export type ScheduledChangeInput = z.infer<typeof ScheduledChangeInputSchema>;

export const ScheduledChangeSchema = ScheduledChangeInputSchema.safeExtend({
  id: LocalIdSchema,
  /** Bumped on every edit; each firing records the version it fired. */
  version: z.number().int().min(1),
  createdBy: LocalIdSchema,
  createdByEmail: z.string(),
  createdAt: IsoDateTimeSchema,
  updatedBy: LocalIdSchema,
  /** Also when it was armed: times that passed before the last save never fire. */
  updatedAt: IsoDateTimeSchema,
});
export type ScheduledChange = z.infer<typeof ScheduledChangeSchema>;

// Firings -------------------------------------------------------------------------------------

/**
 * running: recorded, its job not finished yet. done: its job finished (the counts say what
 * changed). failed: it could not be planned or applied (message). missed: its time passed
 * while the server was down or the admins' switch was off, too long ago to do it now.
 */
export const FIRING_STATUSES = ['running', 'done', 'failed', 'missed'] as const;
export const FiringStatusSchema = z.enum(FIRING_STATUSES);

/**
 * The put-back: waiting for its time, running, done, failed (message), or cancelled (the
 * change's revert was removed, or nothing was changed that needs putting back).
 */
export const REVERT_STATUSES = ['waiting', 'running', 'done', 'failed', 'cancelled'] as const;
export const RevertStatusSchema = z.enum(REVERT_STATUSES);

export const FiringCountsSchema = z.object({
  /** Changed at TikTok. */
  changed: z.number().int().min(0),
  /** Already at the new value. */
  unchanged: z.number().int().min(0),
  /** Beyond Bayme's guardrail: not applied, a firing does not wait for an admin. */
  needsApproval: z.number().int().min(0),
  /** Refused by the planner (TikTok's rules, the cool-down…). */
  blocked: z.number().int().min(0),
  /** Refused by TikTok, changed by someone since the plan, or of unknown outcome. */
  failed: z.number().int().min(0),
});
export type FiringCounts = z.infer<typeof FiringCountsSchema>;

export const FiringSchema = z.object({
  firingId: LocalIdSchema,
  changeId: LocalIdSchema,
  changeName: z.string(),
  changeVersion: z.number().int().min(1),
  advertiserId: TikTokIdSchema,
  /** The local time it was for ("2026-12-07T18:00" in the account's zone). */
  slot: z.string(),
  /** schedule: on time; catch_up: late (the server was down, or rules were switched off). */
  trigger: z.enum(['schedule', 'catch_up']),
  /** The staff member it acted as: the change's creator. */
  actedBy: LocalIdSchema,
  startedAt: IsoDateTimeSchema,
  finishedAt: IsoDateTimeSchema.nullable(),
  status: FiringStatusSchema,
  planId: LocalIdSchema.nullable(),
  jobId: LocalIdSchema.nullable(),
  counts: FiringCountsSchema.nullable(),
  /** What happened, in a sentence (what was not changed and why; why it failed or was missed). */
  message: z.string().nullable(),
  /** When its changes are to be put back; null: never. */
  revertAt: IsoDateTimeSchema.nullable(),
  revertStatus: RevertStatusSchema.nullable(),
  revertPlanId: LocalIdSchema.nullable(),
  revertJobId: LocalIdSchema.nullable(),
  revertedAt: IsoDateTimeSchema.nullable(),
  revertMessage: z.string().nullable(),
});
export type Firing = z.infer<typeof FiringSchema>;

/** An instant, and how a buyer reads it: "2026-12-07 18:00 PST" in the account's zone. */
export const AccountTimeSchema = z.object({ at: IsoDateTimeSchema, label: z.string() });
export type AccountTime = z.infer<typeof AccountTimeSchema>;

/** A scheduled change as listed: when it fires next, its last firing, a put-back waiting. */
export const ScheduledChangeViewSchema = ScheduledChangeSchema.safeExtend({
  /** The ad account's time zone (IANA); null while the account is not connected. */
  timezone: z.string().nullable(),
  nextFiring: AccountTimeSchema.nullable(),
  /** The put-back of a firing that has not happened yet. */
  nextRevert: AccountTimeSchema.nullable(),
  lastFiring: FiringSchema.nullable(),
});
export type ScheduledChangeView = z.infer<typeof ScheduledChangeViewSchema>;

// Routes --------------------------------------------------------------------------------------

const ChangeParams = z.object({ changeId: LocalIdSchema });

export const listScheduledChanges = defineRoute({
  method: 'GET',
  path: '/api/scheduled-changes',
  access: 'viewer',
  query: z.object({ advertiserId: TikTokIdSchema.optional() }),
  /** `settings`: the admins' switch, which holds scheduled changes as it holds rules. */
  response: z.object({
    changes: z.array(ScheduledChangeViewSchema),
    settings: RulesSettingsSchema,
  }),
});

export const getScheduledChange = defineRoute({
  method: 'GET',
  path: '/api/scheduled-changes/:changeId',
  access: 'viewer',
  params: ChangeParams,
  response: ScheduledChangeViewSchema,
});

/** Buyers and admins; the change acts as the person who created it. */
export const createScheduledChange = defineRoute({
  method: 'POST',
  path: '/api/scheduled-changes',
  access: 'buyer',
  body: ScheduledChangeInputSchema,
  response: ScheduledChangeViewSchema,
});

/** A put-back still waiting follows an edited revert time (or is cancelled with it). */
export const updateScheduledChange = defineRoute({
  method: 'PUT',
  path: '/api/scheduled-changes/:changeId',
  access: 'buyer',
  params: ChangeParams,
  body: ScheduledChangeInputSchema,
  response: ScheduledChangeViewSchema,
});

/** No further firing; a put-back already waiting still happens (values are not left changed). */
export const deleteScheduledChange = defineRoute({
  method: 'DELETE',
  path: '/api/scheduled-changes/:changeId',
  access: 'buyer',
  params: ChangeParams,
  response: z.object({ deleted: z.literal(true) }),
});

export const listFirings = defineRoute({
  method: 'GET',
  path: '/api/scheduled-changes/:changeId/firings',
  access: 'viewer',
  params: ChangeParams,
  query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
  response: z.object({ firings: z.array(FiringSchema) }),
});
