import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { staffActor } from '../audit/actors';
import type { ConnectionService } from '../connections/connection-service';
import type { Level } from '../contract/ads-manager';
import type {
  BulkOperation,
  Guardrails,
  Job,
  Plan,
  PlanPurpose,
  PlanRow,
} from '../contract/bulk-edits';
import { badRequest, conflict, explainTikTokFailure, forbidden, notFound } from '../errors';
import { newId } from '../lib/ids';
import { zonedDate, zonedParts } from '../lib/time-zone';
import type { MarketingApiClient } from '../marketing-api/client';
import type { AuditLog } from '../storage/audit-log';
import type { Staff, State } from '../storage/state-schema';
import type { StateStore } from '../storage/state-store';
import { type EntitySnapshot, readSnapshots, readSpend } from './entity-snapshots';
import {
  foldRecord,
  JobJournal,
  type JobRowSeed,
  type JobState,
  loadJobs,
  markInterruptedRows,
} from './job-journal';
import { JobRunner } from './job-runner';
import { PlanStore } from './plan-store';
import { type PlanContext, planRow, type RowTarget } from './planner';
import { inBudgetLockWindow, isLifetimeBudget } from './tiktok-rules';

/**
 * Bulk edits end to end: plan (a dry run against TikTok's current state, rules and Bayme's
 * guardrails), approve, apply as a journaled job, watch, retry and undo. Jobs interrupted by
 * a restart are checked against TikTok and resumed when the server starts again.
 */

export interface BulkEditServiceDeps {
  dataDir: string;
  store: StateStore<State>;
  audit: AuditLog;
  connections: ConnectionService;
  marketingApi: MarketingApiClient;
  log: FastifyBaseLogger;
  now: () => Date;
  /** Calls in flight at once per job (default 10: TikTok's Basic tier is 10 per second). */
  concurrency?: number;
}

/** A preview is applied within this time, or made again. */
export const PLAN_TTL_MS = 15 * 60_000;

type Actor = Pick<Staff, 'id' | 'email' | 'role'>;

export class BulkEditService {
  readonly #deps: BulkEditServiceDeps;
  readonly #plans: PlanStore;
  readonly #jobsDir: string;
  readonly #jobs = new Map<string, JobState>();
  readonly #running = new Map<string, Promise<void>>();
  /** Plans being applied right now: a plan is applied once, even by two clicks at once. */
  readonly #applying = new Set<string>();

  private constructor(deps: BulkEditServiceDeps, plans: PlanStore, jobs: JobState[]) {
    this.#deps = deps;
    this.#plans = plans;
    this.#jobsDir = join(deps.dataDir, 'bulk-edits', 'jobs');
    for (const job of jobs) this.#jobs.set(job.header.jobId, job);
  }

  static async open(deps: BulkEditServiceDeps): Promise<BulkEditService> {
    const plans = await PlanStore.open(join(deps.dataDir, 'bulk-edits', 'plans'), deps.now());
    const { jobs, skippedLines } = await loadJobs(join(deps.dataDir, 'bulk-edits', 'jobs'));
    if (skippedLines > 0) {
      deps.log.warn({ skippedLines }, 'bulk-edit journals had unreadable lines (skipped)');
    }
    return new BulkEditService(deps, plans, jobs);
  }

  // Guardrails -----------------------------------------------------------------------------

  guardrails(): Guardrails {
    return this.#deps.store.read().guardrails;
  }

  async setGuardrails(actor: Actor, patch: Partial<Guardrails>): Promise<Guardrails> {
    const before = this.guardrails();
    const after = await this.#deps.store.update((state) => {
      state.guardrails = { ...state.guardrails, ...patch };
      return state.guardrails;
    });
    await this.#deps.audit.append({
      actor: staffActor(actor),
      action: 'guardrails.update',
      outcome: 'success',
      changes: Object.keys(patch).map((field) => ({
        entityId: 'guardrails',
        field,
        before: before[field as keyof Guardrails],
        after: after[field as keyof Guardrails],
      })),
      message: 'Bulk-edit guardrails changed.',
    });
    return after;
  }

  // Plans ----------------------------------------------------------------------------------

  async plan(
    actor: Actor,
    advertiserId: string,
    request: { level: Level; entityIds: string[]; operation: BulkOperation },
  ): Promise<Plan> {
    const ids = [...new Set(request.entityIds)];
    const target: RowTarget = { kind: 'operation', operation: request.operation };
    return this.#makePlan(actor, {
      advertiserId,
      level: request.level,
      operation: request.operation,
      purpose: { kind: 'edit' },
      targets: new Map(ids.map((id) => [id, target])),
      applyGuardrails: true,
    });
  }

  getPlan(planId: string): Plan {
    const plan = this.#plans.get(planId);
    if (!plan) throw notFound(`There is no bulk-edit plan ${planId}.`);
    return plan;
  }

  async approve(actor: Actor, planId: string): Promise<Plan> {
    const plan = this.getPlan(planId);
    this.#assertApplicable(plan);
    if (plan.summary.needsApproval === 0) {
      throw badRequest('This plan has no change beyond the guardrail: nothing to approve.');
    }
    const approved = await this.#plans.save({ ...plan, approvedBy: actor.id });
    await this.#deps.audit.append({
      actor: staffActor(actor),
      action: 'bulk_edit.approve',
      outcome: 'success',
      advertiserId: plan.advertiserId,
      entityIds: plan.rows.filter((r) => r.verdict === 'needs_approval').map((r) => r.entityId),
      message: `Approved ${plan.summary.needsApproval} change(s) beyond the guardrail (±${plan.guardrails.maxChangePercent}%).`,
      details: { planId },
    });
    return approved;
  }

  async planUndo(actor: Actor, jobId: string): Promise<Plan> {
    const job = this.#job(jobId);
    if (job.status === 'running')
      throw conflict('The job is still running: wait for it to finish.');
    const done = job.rows.filter((row) => row.state === 'done');
    if (done.length === 0) throw badRequest('This job changed nothing: there is nothing to undo.');
    return this.#makePlan(actor, {
      advertiserId: job.header.advertiserId,
      level: job.header.level,
      operation: null,
      purpose: { kind: 'undo', jobId },
      targets: new Map(
        done.map((row) => [
          row.entityId,
          {
            kind: 'fixed',
            field: row.field,
            value: row.before ?? 0,
            expectedBefore: row.after,
          } satisfies RowTarget,
        ]),
      ),
      // Undo puts back values that were in force moments ago: Bayme's limits on new changes
      // (largest step, cool-down) do not stand in its way. TikTok's rules still apply.
      applyGuardrails: false,
    });
  }

  async planRetry(actor: Actor, jobId: string): Promise<Plan> {
    const job = this.#job(jobId);
    if (job.status === 'running')
      throw conflict('The job is still running: wait for it to finish.');
    const retry = job.rows.filter((row) => ['failed', 'unknown', 'pending'].includes(row.state));
    if (retry.length === 0)
      throw badRequest('No row of this job failed: there is nothing to retry.');
    return this.#makePlan(actor, {
      advertiserId: job.header.advertiserId,
      level: job.header.level,
      operation: job.header.operation,
      purpose: { kind: 'retry', jobId },
      targets: new Map(
        retry.map((row) => [
          row.entityId,
          {
            kind: 'fixed',
            field: row.field,
            value: row.after ?? 0,
            expectedBefore: row.before,
          } satisfies RowTarget,
        ]),
      ),
      applyGuardrails: true,
    });
  }

  async #makePlan(
    actor: Actor,
    input: {
      advertiserId: string;
      level: Level;
      operation: BulkOperation | null;
      purpose: PlanPurpose;
      targets: Map<string, RowTarget>;
      applyGuardrails: boolean;
    },
  ): Promise<Plan> {
    const { advertiserId, level, targets } = input;
    const account = this.#deps.connections.adAccount(advertiserId);
    const ids = [...targets.keys()];
    const amounts = [...targets.values()].some((t) =>
      t.kind === 'fixed' ? t.field !== 'operation_status' : t.operation.kind !== 'status',
    );
    const budgets = [...targets.values()].some((t) =>
      t.kind === 'fixed' ? t.field === 'budget' : t.operation.kind === 'budget',
    );
    const now = this.#deps.now();

    let snapshots: Map<string, EntitySnapshot>;
    const spendToday = new Map<string, number>();
    const spendLifetime = new Map<string, number>();
    try {
      snapshots = await this.#deps.connections.withAdvertiserToken(advertiserId, async (token) => {
        const api = this.#deps.marketingApi;
        const read = await readSnapshots(api, token, advertiserId, level, ids, {
          withParents: amounts,
        });
        if (budgets && level !== 'ad') {
          const editable = [...read.values()].filter((s) => s.budget !== null && !s.deleted);
          const daily = editable.filter((s) => !isLifetimeBudget(s.budgetMode)).map((s) => s.id);
          const lifetime = editable.filter((s) => isLifetimeBudget(s.budgetMode)).map((s) => s.id);
          const today = zonedDate(now.getTime(), account.timezone);
          if (daily.length > 0) {
            const spend = await readSpend(api, token, advertiserId, level, daily, {
              startDate: today,
              endDate: today,
            });
            for (const [id, value] of spend) spendToday.set(id, value);
          }
          if (lifetime.length > 0) {
            const spend = await readSpend(api, token, advertiserId, level, lifetime, 'lifetime');
            for (const [id, value] of spend) spendLifetime.set(id, value);
          }
        }
        return read;
      });
    } catch (error) {
      throw explainTikTokFailure(error, advertiserId, 'the current budgets, statuses and bids');
    }

    const guardrails = this.guardrails();
    const { hour, minute } = zonedParts(now.getTime(), account.timezone);
    // Built once per plan, and only if the cool-down asks: every job's rows are walked once.
    let lastChanges: Map<string, number> | null = null;
    const context: PlanContext = {
      level,
      currency: account.currency,
      guardrails,
      applyGuardrails: input.applyGuardrails,
      spendToday,
      spendLifetime,
      lastChangedAt: (entityId, field) => {
        lastChanges ??= this.#lastChanges(advertiserId);
        return lastChanges.get(`${entityId}|${field}`) ?? null;
      },
      now: now.getTime(),
      inBudgetLock: inBudgetLockWindow(hour, minute),
    };
    const rows = ids.map((id) =>
      planRow(id, snapshots.get(id) ?? null, targets.get(id) as RowTarget, context),
    );
    return this.#plans.save({
      planId: newId('plan'),
      advertiserId,
      level,
      operation: input.operation,
      purpose: input.purpose,
      currency: account.currency,
      timezone: account.timezone,
      createdBy: actor.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PLAN_TTL_MS).toISOString(),
      guardrails,
      approvedBy: null,
      jobId: null,
      rows,
      summary: summarize(rows),
    });
  }

  /** When the toolkit last changed each entity's field (`id|field`), for the cool-down. */
  #lastChanges(advertiserId: string): Map<string, number> {
    const last = new Map<string, number>();
    for (const job of this.#jobs.values()) {
      if (job.header.advertiserId !== advertiserId) continue;
      for (const row of job.rows) {
        if (row.state !== 'done' || !row.finishedAt) continue;
        const key = `${row.entityId}|${row.field}`;
        const at = Date.parse(row.finishedAt);
        if (at > (last.get(key) ?? Number.NEGATIVE_INFINITY)) last.set(key, at);
      }
    }
    return last;
  }

  #assertApplicable(plan: Plan): void {
    if (plan.jobId)
      throw conflict(`This plan was already applied (job ${plan.jobId}).`, 'plan_applied');
    if (Date.parse(plan.expiresAt) <= this.#deps.now().getTime()) {
      throw conflict(
        'This preview has expired (previews are valid 15 minutes): preview again to see the current values.',
        'plan_expired',
      );
    }
  }

  // Jobs -----------------------------------------------------------------------------------

  async apply(actor: Actor, planId: string): Promise<Job> {
    const plan = this.getPlan(planId);
    if (plan.createdBy !== actor.id && actor.role !== 'admin') {
      throw forbidden('Only the person who made this preview (or an admin) can apply it.');
    }
    if (this.#applying.has(planId))
      throw conflict('This plan is already being applied.', 'plan_applied');
    this.#applying.add(planId);
    try {
      this.#assertApplicable(plan);
      const approved = plan.approvedBy !== null;
      const seeds: JobRowSeed[] = plan.rows.map((row) => seedFor(row, approved));
      if (!seeds.some((row) => row.state === 'pending')) {
        throw badRequest(
          'No row of this plan can be applied (all are blocked, unchanged or awaiting approval).',
        );
      }
      const jobId = newId('job');
      const first = {
        t: 'job' as const,
        header: {
          jobId,
          planId,
          advertiserId: plan.advertiserId,
          level: plan.level,
          operation: plan.operation,
          purpose: plan.purpose,
          currency: plan.currency,
          createdBy: actor.id,
          createdByEmail: actor.email,
          createdAt: this.#deps.now().toISOString(),
        },
        rows: seeds,
      };
      const journal = await JobJournal.create(this.#jobsDir, first);
      await this.#plans.save({ ...plan, jobId });
      const job = foldRecord(null, first);
      this.#jobs.set(jobId, job);
      this.#start(job, journal);
      return this.getJob(jobId);
    } finally {
      this.#applying.delete(planId);
    }
  }

  #start(job: JobState, journal: JobJournal): void {
    const runner = new JobRunner(
      {
        marketingApi: this.#deps.marketingApi,
        connections: this.#deps.connections,
        audit: this.#deps.audit,
        log: this.#deps.log,
        now: this.#deps.now,
        concurrency: this.#deps.concurrency ?? 10,
      },
      job,
      journal,
    );
    const id = job.header.jobId;
    const running = runner
      .run()
      .catch((error: unknown) =>
        this.#deps.log.error({ err: error, jobId: id }, 'bulk-edit job failed'),
      )
      .finally(() => this.#running.delete(id));
    this.#running.set(id, running);
  }

  /**
   * Jobs the last process did not finish go on; their runner first asks TikTok what the rows
   * that were in flight became (applied: done; untouched: sent again; otherwise a conflict).
   */
  async resumeInterrupted(): Promise<void> {
    for (const job of this.#jobs.values()) {
      if (job.status !== 'running' || this.#running.has(job.header.jobId)) continue;
      const journal = await JobJournal.reopen(this.#jobsDir, job.header.jobId);
      const at = this.#deps.now().toISOString();
      const interrupted = markInterruptedRows(job);
      this.#deps.log.warn(
        { jobId: job.header.jobId, inFlight: interrupted.length },
        'resuming a bulk-edit job interrupted by a restart',
      );
      await journal.append({ t: 'resumed', at });
      job.resumedAt = at;
      this.#start(job, journal);
    }
  }

  getJob(jobId: string): Job {
    return toJob(this.#job(jobId));
  }

  listJobs(query: { advertiserId?: string | undefined; limit: number }): Array<Omit<Job, 'rows'>> {
    return [...this.#jobs.values()]
      .filter((job) => !query.advertiserId || job.header.advertiserId === query.advertiserId)
      .sort((a, b) => b.header.createdAt.localeCompare(a.header.createdAt))
      .slice(0, query.limit)
      .map((job) => {
        const { rows: _rows, ...rest } = toJob(job);
        return rest;
      });
  }

  #job(jobId: string): JobState {
    const job = this.#jobs.get(jobId);
    if (!job) throw notFound(`There is no bulk-edit job ${jobId}.`);
    return job;
  }

  /** Wait for running jobs (tests, and a graceful shutdown). */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }
}

function seedFor(row: PlanRow, approved: boolean): JobRowSeed {
  const applies =
    row.verdict === 'ok' ||
    row.verdict === 'adjusted' ||
    (row.verdict === 'needs_approval' && approved);
  const skipMessage =
    row.verdict === 'needs_approval'
      ? 'Not applied: beyond the guardrail and not approved by an admin.'
      : row.verdict === 'unchanged'
        ? (row.reason ?? 'Already at this value.')
        : `Not applied: ${row.reason ?? 'blocked in the preview.'}`;
  return {
    entityId: row.entityId,
    name: row.name,
    field: row.field,
    budgetMode: row.budgetMode,
    before: row.before,
    after: row.after,
    state: applies ? 'pending' : 'skipped',
    message: applies ? null : skipMessage,
  };
}

function summarize(rows: PlanRow[]): Plan['summary'] {
  const count = (verdict: PlanRow['verdict']) => rows.filter((r) => r.verdict === verdict).length;
  return {
    ok: count('ok'),
    adjusted: count('adjusted'),
    unchanged: count('unchanged'),
    needsApproval: count('needs_approval'),
    blocked: count('blocked'),
  };
}

function toJob(job: JobState): Job {
  const count = (state: string) => job.rows.filter((row) => row.state === state).length;
  const done = count('done');
  return {
    ...job.header,
    finishedAt: job.finishedAt,
    status: job.status,
    resumedAt: job.resumedAt,
    statusMessage: job.statusMessage,
    counts: {
      total: job.rows.length,
      done,
      failed: count('failed'),
      conflict: count('conflict'),
      skipped: count('skipped'),
      unknown: count('unknown'),
      remaining: count('pending') + count('in_flight'),
    },
    canUndo: job.status !== 'running' && done > 0,
    rows: job.rows.map((row) => ({ ...row })),
  };
}
