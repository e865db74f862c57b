import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { ConnectionService } from '../connections/connection-service';
import { type CreateJob, type CreateJobRow, CreateJobRowSchema } from '../contract/bulk-create';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from '../contract/common';
import { withCallBudget } from '../marketing-api/call-budget';
import type { MarketingApiClient } from '../marketing-api/client';
import { isMarketingApiError, type MarketingApiError } from '../marketing-api/errors';
import { API_LIMITS, chunk } from '../marketing-api/limits';
import type { AuditLog } from '../storage/audit-log';
import { RecordJournal, readJournals } from '../storage/record-journal';

/**
 * A bulk-create job: campaigns, then ad groups, then ads, each level once its parents exist.
 * Campaigns and ad groups carry a `request_id` chosen before the first attempt and kept in
 * the journal, so any repeat (a retry, a resume after a crash) returns the entity TikTok
 * already made. ad/create has no such key: ads are sent 20 per call, and when a call's
 * outcome is unknown, the ad group's ads are read back by name before anything is sent
 * again. Every step is journaled (fsynced) before the job moves on.
 */

const StepSchema = z.object({
  row: z.number().int(),
  type: z.enum(['campaign', 'adgroup', 'ad']),
  name: z.string(),
  ref: z.string().nullable(),
  /** The parent: a ref of an earlier row, or an existing id. */
  parentRef: z.string().nullable(),
  parentId: TikTokIdSchema.nullable(),
  /** campaign/create and adgroup/create's idempotency key. */
  requestId: z
    .string()
    .regex(/^\d{1,19}$/)
    .nullable(),
  fields: z.record(z.string(), z.unknown()),
});
export type CreateStep = z.infer<typeof StepSchema>;

const HeaderSchema = z.object({
  jobId: LocalIdSchema,
  planId: LocalIdSchema,
  advertiserId: TikTokIdSchema,
  createdBy: LocalIdSchema,
  createdByEmail: z.string(),
  createdAt: IsoDateTimeSchema,
});
type Header = z.infer<typeof HeaderSchema>;

const RecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('job'), header: HeaderSchema, steps: z.array(StepSchema) }),
  z.object({ t: z.literal('sent'), rows: z.array(z.number().int()) }),
  z.object({
    t: z.literal('row'),
    at: IsoDateTimeSchema,
    row: z.number().int(),
    state: CreateJobRowSchema.shape.state,
    entityId: TikTokIdSchema.nullable(),
    message: z.string().nullable(),
    requestId: z.string().nullable(),
  }),
  z.object({ t: z.literal('resumed'), at: IsoDateTimeSchema }),
  z.object({
    t: z.literal('end'),
    at: IsoDateTimeSchema,
    status: z.enum(['finished', 'stopped']),
    message: z.string().nullable(),
  }),
]);
type JournalRecord = z.infer<typeof RecordSchema>;

export interface CreateJobState {
  header: Header;
  steps: CreateStep[];
  rows: CreateJobRow[];
  status: CreateJob['status'];
  statusMessage: string | null;
  finishedAt: string | null;
}

function fold(job: CreateJobState | null, record: JournalRecord): CreateJobState {
  if (record.t === 'job') {
    return {
      header: record.header,
      steps: record.steps,
      rows: record.steps.map((step) => ({
        row: step.row,
        type: step.type,
        name: step.name,
        state: 'pending',
        entityId: null,
        message: null,
        tiktokRequestId: null,
      })),
      status: 'running',
      statusMessage: null,
      finishedAt: null,
    };
  }
  if (!job) throw new Error('A journal starts with its job record.');
  if (record.t === 'sent') {
    for (const row of job.rows) if (record.rows.includes(row.row)) row.state = 'in_flight';
  } else if (record.t === 'row') {
    const row = job.rows.find((r) => r.row === record.row);
    if (row) {
      row.state = record.state;
      row.entityId = record.entityId;
      row.message = record.message;
      row.tiktokRequestId = record.requestId;
    }
  } else if (record.t === 'resumed') {
    job.status = 'running';
  } else {
    job.status = record.status;
    job.statusMessage = record.message;
    job.finishedAt = record.at;
  }
  return job;
}

/** A bulk-create job's journal, `<dir>/<jobId>.jsonl`. */
export type CreateJournal = RecordJournal<JournalRecord>;

export const CreateJournal = {
  async create(dir: string, header: Header, steps: CreateStep[]) {
    const first: JournalRecord = { t: 'job', header, steps };
    const journal = await RecordJournal.create(
      join(dir, `${header.jobId}.jsonl`),
      RecordSchema,
      first,
    );
    return { journal, job: fold(null, first) };
  },
  reopen(dir: string, jobId: string): Promise<CreateJournal> {
    return RecordJournal.reopen(join(dir, `${jobId}.jsonl`), RecordSchema);
  },
};

export async function loadCreateJobs(dir: string): Promise<CreateJobState[]> {
  const { journals } = await readJournals(dir, RecordSchema);
  const jobs: CreateJobState[] = [];
  for (const records of journals) {
    let job: CreateJobState | null = null;
    for (const record of records) {
      if (!job && record.t !== 'job') continue;
      job = fold(job, record);
    }
    if (job) jobs.push(job);
  }
  return jobs;
}

export interface CreateRunnerDeps {
  marketingApi: MarketingApiClient;
  connections: ConnectionService;
  audit: AuditLog;
  log: FastifyBaseLogger;
  now: () => Date;
}

export class CreateJobRunner {
  #stop: MarketingApiError | null = null;

  constructor(
    private readonly deps: CreateRunnerDeps,
    private readonly job: CreateJobState,
    private readonly journal: CreateJournal,
  ) {}

  async #record(record: JournalRecord): Promise<void> {
    await this.journal.append(record);
    fold(this.job, record);
  }

  /** Runs in the limiter's `jobs` class, fair to other staff's jobs. */
  run(): Promise<void> {
    const budget = { callClass: 'jobs', staffId: this.job.header.createdBy } as const;
    return withCallBudget(budget, () => this.#run());
  }

  async #run(): Promise<void> {
    let status: 'finished' | 'stopped' = 'finished';
    let message: string | null = null;
    try {
      await this.deps.connections.withAdvertiserToken(
        this.job.header.advertiserId,
        async (token) => {
          await this.#settleInFlight(token);
          for (const level of ['campaign', 'adgroup'] as const) {
            for (const step of this.#pending(level)) {
              if (this.#stop) throw this.#stop;
              await this.#createOne(token, step);
            }
          }
          await this.#createAds(token);
          if (this.#stop) throw this.#stop;
        },
      );
    } catch (error) {
      status = 'stopped';
      message =
        isMarketingApiError(error) && error.category === 'reauthorize'
          ? `TikTok no longer accepts this ad account's authorization (${error.message}). Re-authorize it; the rows not created are listed.`
          : `Stopped: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      await this.#record({ t: 'end', at: this.deps.now().toISOString(), status, message }).catch(
        () => undefined,
      );
      await this.journal.close().catch(() => undefined);
    }
  }

  /** Pending steps of a level whose parent exists; those whose parent failed are skipped. */
  #pending(type: CreateStep['type']): CreateStep[] {
    return this.job.steps.filter(
      (step) => step.type === type && this.#rowOf(step).state === 'pending',
    );
  }

  #rowOf(step: CreateStep): CreateJobRow {
    return this.job.rows.find((row) => row.row === step.row) as CreateJobRow;
  }

  /** The parent's TikTok id, or null (with the row skipped) when the parent was not created. */
  async #parentId(step: CreateStep): Promise<string | null> {
    if (step.parentId) return step.parentId;
    const parent = this.job.steps.find((s) => s.ref === step.parentRef && s.type !== step.type);
    const parentRow = parent ? this.#rowOf(parent) : null;
    if (parentRow?.state === 'created' && parentRow.entityId) return parentRow.entityId;
    await this.#finish(step, {
      state: 'skipped',
      entityId: null,
      message: `Not created: its parent (row ${parent?.row ?? '?'}) was not created.`,
      requestId: null,
    });
    return null;
  }

  async #createOne(token: string, step: CreateStep): Promise<void> {
    const api = this.deps.marketingApi;
    const { advertiserId } = this.job.header;
    const parentId = step.type === 'adgroup' ? await this.#parentId(step) : null;
    if (step.type === 'adgroup' && !parentId) return;
    await this.#record({ t: 'sent', rows: [step.row] });
    try {
      const key = step.requestId ?? undefined;
      const created =
        step.type === 'campaign'
          ? await api.campaigns.create(token, {
              advertiserId,
              name: String(step.fields.campaign_name),
              objectiveType: String(step.fields.objective_type),
              budgetMode: step.fields.budget_mode as 'BUDGET_MODE_DAY',
              ...(typeof step.fields.budget === 'number' ? { budget: step.fields.budget } : {}),
              operationStatus: step.fields.operation_status === 'ENABLE' ? 'ENABLE' : 'DISABLE',
              ...(key ? { idempotencyKey: key } : {}),
            })
          : await api.adGroups.create(token, {
              advertiserId,
              campaignId: parentId as string,
              fields: step.fields,
              ...(key ? { idempotencyKey: key } : {}),
            });
      const entityId =
        'campaign' in created ? created.campaign.campaign_id : created.adGroup.adgroup_id;
      await this.#finish(step, {
        state: 'created',
        entityId,
        message: null,
        requestId: created.requestId,
      });
    } catch (error) {
      if (!isMarketingApiError(error)) throw error;
      if (error.category === 'reauthorize') this.#stop ??= error;
      await this.#finish(step, {
        state: 'failed',
        entityId: null,
        message: `TikTok refused: ${error.message}`,
        requestId: error.requestId,
      });
    }
  }

  async #createAds(token: string): Promise<void> {
    const byAdGroup = new Map<string, CreateStep[]>();
    for (const step of this.#pending('ad')) {
      const parentId = await this.#parentId(step);
      if (!parentId) continue;
      byAdGroup.set(parentId, [...(byAdGroup.get(parentId) ?? []), step]);
    }
    for (const [adgroupId, steps] of byAdGroup) {
      for (const batch of chunk(steps, API_LIMITS.creativesPerCreate)) {
        if (this.#stop) return;
        await this.#sendAds(token, adgroupId, batch, true);
      }
    }
  }

  async #sendAds(token: string, adgroupId: string, batch: CreateStep[], mayRetry: boolean) {
    const { advertiserId } = this.job.header;
    await this.#record({ t: 'sent', rows: batch.map((s) => s.row) });
    const [outcome] = await this.deps.marketingApi.ads.create(token, {
      advertiserId,
      adgroupId,
      creatives: batch.map((step) => step.fields),
    });
    if (!outcome) return;
    if (outcome.ok) {
      // TikTok answers the new ids in the order of the creatives sent.
      for (const [index, step] of batch.entries()) {
        await this.#finish(step, {
          state: 'created',
          entityId: outcome.adIds[index] ?? null,
          message: null,
          requestId: outcome.requestId,
        });
      }
      return;
    }
    const { error } = outcome;
    if (error.category === 'reauthorize') this.#stop ??= error;
    if (error.rejectedBeforeProcessing || error.category === 'invalid_request' || this.#stop) {
      for (const step of batch) {
        await this.#finish(step, {
          state: 'failed',
          entityId: null,
          message: `TikTok refused: ${error.message}`,
          requestId: error.requestId,
        });
      }
      return;
    }
    // The call may have reached TikTok: what exists now is created; the rest is tried once more.
    const missing = await this.#reconcileAds(token, adgroupId, batch);
    if (missing.length === 0) return;
    if (mayRetry) {
      await this.#sendAds(token, adgroupId, missing, false);
      return;
    }
    for (const step of missing) {
      await this.#finish(step, {
        state: 'failed',
        entityId: null,
        message: `TikTok did not create it: ${error.message}`,
        requestId: error.requestId,
      });
    }
  }

  /** Mark the batch's ads TikTok has (by name, in their ad group) as created; return the rest. */
  async #reconcileAds(
    token: string,
    adgroupId: string,
    batch: CreateStep[],
  ): Promise<CreateStep[]> {
    const existing = await this.deps.marketingApi.ads.list(token, {
      advertiserId: this.job.header.advertiserId,
      adgroupIds: [adgroupId],
    });
    const byName = new Map(existing.map((ad) => [ad.ad_name, ad.ad_id]));
    const missing: CreateStep[] = [];
    for (const step of batch) {
      const id = byName.get(step.name);
      if (id) {
        await this.#finish(step, {
          state: 'created',
          entityId: id,
          message: 'Confirmed at TikTok after an interrupted call.',
          requestId: null,
        });
      } else missing.push(step);
    }
    return missing;
  }

  /**
   * After a restart: campaigns and ad groups in flight go again (their request_id makes a
   * repeat return the same entity); ads in flight are looked up by name first.
   */
  async #settleInFlight(token: string): Promise<void> {
    const inFlight = this.job.steps.filter((step) => this.#rowOf(step).state === 'in_flight');
    for (const step of inFlight.filter((s) => s.type !== 'ad')) this.#rowOf(step).state = 'pending';
    const ads = inFlight.filter((s) => s.type === 'ad');
    const groups = new Map<string, CreateStep[]>();
    for (const step of ads) {
      this.#rowOf(step).state = 'pending';
      const parentId = await this.#parentId(step);
      if (parentId) groups.set(parentId, [...(groups.get(parentId) ?? []), step]);
    }
    for (const [adgroupId, steps] of groups) {
      const missing = await this.#reconcileAds(token, adgroupId, steps);
      for (const step of missing) this.#rowOf(step).state = 'pending';
    }
  }

  async #finish(
    step: CreateStep,
    outcome: {
      state: 'created' | 'failed' | 'skipped';
      entityId: string | null;
      message: string | null;
      requestId: string | null;
    },
  ): Promise<void> {
    const { header } = this.job;
    await this.deps.audit.append({
      actor: { kind: 'staff', staffId: header.createdBy, email: header.createdByEmail },
      action: `bulk_create.${step.type}`,
      outcome:
        outcome.state === 'created'
          ? 'success'
          : outcome.state === 'failed'
            ? 'failure'
            : 'rejected',
      advertiserId: header.advertiserId,
      entityIds: outcome.entityId ? [outcome.entityId] : [],
      changes: outcome.entityId
        ? [{ entityId: outcome.entityId, field: 'created', before: null, after: step.name }]
        : [],
      tiktokRequestIds: outcome.requestId ? [outcome.requestId] : [],
      message: outcome.message,
      details: { jobId: header.jobId, planId: header.planId, row: step.row },
    });
    await this.#record({ t: 'row', at: this.deps.now().toISOString(), row: step.row, ...outcome });
  }
}

export function toCreateJob(job: CreateJobState): CreateJob {
  const count = (state: CreateJobRow['state']) => job.rows.filter((r) => r.state === state).length;
  return {
    jobId: job.header.jobId,
    planId: job.header.planId,
    advertiserId: job.header.advertiserId,
    status: job.status,
    statusMessage: job.statusMessage,
    createdAt: job.header.createdAt,
    finishedAt: job.finishedAt,
    counts: {
      total: job.rows.length,
      created: count('created'),
      failed: count('failed'),
      skipped: count('skipped'),
      remaining: count('pending') + count('in_flight'),
    },
    rows: job.rows.map((row) => ({ ...row })),
  };
}
