import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { staffActor } from '../audit/actors';
import type { ConnectionService } from '../connections/connection-service';
import type { Level } from '../contract/ads-manager';
import type {
  BulkOperation,
  EditedField,
  FieldValue,
  Guardrails,
  Job,
  Plan,
  PlanPurpose,
  PlanRow,
} from '../contract/bulk-edits';
import type { JobPace } from '../contract/job-pace';
import { operationBoundsProblem } from '../contract/operation-bounds';
import { badRequest, conflict, explainTikTokFailure, forbidden, notFound } from '../errors';
import { JobHistory } from '../jobs/job-history';
import { newId } from '../lib/ids';
import { zonedDate, zonedParts } from '../lib/time-zone';
import type { MarketingApiClient } from '../marketing-api/client';
import type { AuditLog } from '../storage/audit-log';
import type { Staff, State } from '../storage/state-schema';
import type { StateStore } from '../storage/state-store';
import { type AdGroupAds, adUpdateNotice, isAdUpdateField } from './ad-update-planner';
import { adReviewState, type EntitySnapshot, readSnapshots, readSpend } from './entity-snapshots';
import {
  foldRecord,
  JobJournal,
  type JobRowSeed,
  type JobState,
  markInterruptedRows,
  readJob,
} from './job-journal';
import { JobRunner } from './job-runner';
import { countRows, type JobSummary, JobSummarySchema, summarizeJob } from './job-summary';
import { blockDuplicateCampaignNames } from './name-planner';
import { PlanStore } from './plan-store';
import { fieldFor, type PlanContext, planRow, type RowTarget } from './planner';
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
  /** Jobs not finished yet (running, or to resume); finished ones are in the history's index. */
  readonly #jobs = new Map<string, JobState>();
  readonly #history: JobHistory<JobState, JobSummary>;
  readonly #running = new Map<string, { runner: JobRunner; done: Promise<void> }>();
  /** Set at shutdown: jobs stop between rows, and none starts. */
  #shuttingDown = false;
  /** Plans being applied right now: a plan is applied once, even by two clicks at once. */
  readonly #applying = new Set<string>();

  private constructor(
    deps: BulkEditServiceDeps,
    plans: PlanStore,
    history: JobHistory<JobState, JobSummary>,
    jobs: JobState[],
  ) {
    this.#deps = deps;
    this.#plans = plans;
    this.#history = history;
    this.#jobsDir = jobsDir(deps.dataDir);
    for (const job of jobs) this.#jobs.set(job.header.jobId, job);
  }

  /** Finished jobs come from the index; only the journals it does not name are read. */
  static async open(deps: BulkEditServiceDeps): Promise<BulkEditService> {
    const plans = await PlanStore.open(join(deps.dataDir, 'bulk-edits', 'plans'), deps.now());
    const { history, unfinished } = await JobHistory.open<JobState, JobSummary>({
      kind: 'bulk-edit',
      journalsDir: jobsDir(deps.dataDir),
      indexFile: join(deps.dataDir, 'bulk-edits', 'job-index.json'),
      summarySchema: JobSummarySchema,
      idOf: (summary) => summary.header.jobId,
      createdAtOf: (summary) => summary.header.createdAt,
      finishedAtOf: (summary) => summary.finishedAt,
      readJob,
      summarize: summarizeJob,
      log: deps.log,
    });
    return new BulkEditService(deps, plans, history, unfinished);
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
    return this.#planOperation(actor, advertiserId, request, { kind: 'edit' });
  }

  /**
   * A scheduled change's firing (schedules/scheduled-change-runner.ts): its operation planned
   * as a buyer's edit would be at that moment (TikTok's rules, the currency, spend so far,
   * Bayme's guardrails and cool-down), under the schedule's purpose so that its job is
   * audited as the scheduled change's.
   */
  async planForSchedule(
    actor: Actor,
    input: {
      advertiserId: string;
      level: Level;
      entityIds: string[];
      operation: BulkOperation;
      purpose: Extract<PlanPurpose, { kind: 'schedule' }>;
    },
  ): Promise<Plan> {
    return this.#planOperation(actor, input.advertiserId, input, input.purpose);
  }

  async #planOperation(
    actor: Actor,
    advertiserId: string,
    request: { level: Level; entityIds: string[]; operation: BulkOperation },
    purpose: PlanPurpose,
  ): Promise<Plan> {
    const { currency } = this.#deps.connections.adAccount(advertiserId);
    const problem = operationBoundsProblem(request.operation, currency);
    if (problem) {
      throw badRequest(`Invalid body: ${problem.field}: ${problem.message}`, 'invalid_request');
    }
    const ids = [...new Set(request.entityIds)];
    const target: RowTarget = { kind: 'operation', operation: request.operation };
    return this.#makePlan(actor, {
      advertiserId,
      level: request.level,
      operation: request.operation,
      purpose,
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

  /**
   * `purpose` is an undo's own, or a scheduled change's put-back (its revert time came), which
   * is audited as the scheduled change's like its firing was.
   */
  async planUndo(
    actor: Actor,
    jobId: string,
    purpose: Extract<PlanPurpose, { kind: 'undo' | 'schedule' }> = { kind: 'undo', jobId },
  ): Promise<Plan> {
    const job = await this.#job(jobId);
    if (job.status === 'running')
      throw conflict('The job is still running: wait for it to finish.');
    const done = job.rows.filter((row) => row.state === 'done');
    if (done.length === 0) throw badRequest('This job changed nothing: there is nothing to undo.');
    return this.#makePlan(actor, {
      advertiserId: job.header.advertiserId,
      level: job.header.level,
      operation: null,
      purpose,
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
    const job = await this.#job(jobId);
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

  /**
   * A plan of fixed values for an automated rule's matches (rules/rule-runner.ts): the rule
   * worked out each entity's new value (a pause, a budget within its floor and ceiling); the
   * planner checks it like any bulk edit (TikTok's rules, the currency, spend so far, Bayme's
   * guardrails and cool-down). A value that moved since the rule read it is not applied.
   */
  async planForRule(
    actor: Actor,
    input: {
      advertiserId: string;
      level: Level;
      purpose: Extract<PlanPurpose, { kind: 'rule' }>;
      targets: ReadonlyMap<
        string,
        { field: EditedField; value: FieldValue; before: FieldValue | null }
      >;
    },
  ): Promise<Plan> {
    return this.#makePlan(actor, {
      advertiserId: input.advertiserId,
      level: input.level,
      operation: null,
      purpose: input.purpose,
      targets: new Map(
        [...input.targets].map(([id, target]) => [
          id,
          {
            kind: 'fixed',
            field: target.field,
            value: target.value,
            expectedBefore: target.before,
          } satisfies RowTarget,
        ]),
      ),
      applyGuardrails: true,
    });
  }

  /**
   * The job that applied a plan, if one did: the plan records its job only after the job's
   * journal exists, so after a crash between the two the job is found by its header.
   */
  jobIdForPlan(planId: string): string | null {
    const recorded = this.#plans.get(planId)?.jobId;
    if (recorded) return recorded;
    for (const job of this.#jobs.values()) {
      if (job.header.planId === planId) return job.header.jobId;
    }
    for (const summary of this.#history.all()) {
      if (summary.header.planId === planId) return summary.header.jobId;
    }
    return null;
  }

  /**
   * Stop a running job between rows for good, with the reason its rows not sent are skipped
   * ("The rule was switched off during this run."). False when it is not running here.
   */
  cancelJob(jobId: string, reason: string): boolean {
    const running = this.#running.get(jobId);
    if (!running) return false;
    running.runner.cancel(reason);
    return true;
  }

  /** Resolves when the job is no longer running in this process (at once if it is not). */
  async jobSettled(jobId: string): Promise<void> {
    await this.#running.get(jobId)?.done;
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
    // Budgets and bids are bounded by the parent campaign's (budget optimization, its budget).
    const amounts = [...targets.values()].some((t) =>
      ['budget', 'bid_price', 'conversion_bid_price'].includes(fieldFor(t, null)),
    );
    const campaignNames =
      level === 'campaign' &&
      [...targets.values()].some((t) =>
        t.kind === 'fixed' ? t.field === 'name' : t.operation.kind === 'name',
      );
    const budgets = [...targets.values()].some((t) =>
      t.kind === 'fixed' ? t.field === 'budget' : t.operation.kind === 'budget',
    );
    const adUpdates =
      level === 'ad' && [...targets.values()].some((t) => isAdUpdateField(fieldFor(t, null)));
    const now = this.#deps.now();

    let snapshots: Map<string, EntitySnapshot>;
    const spendToday = new Map<string, number>();
    const spendLifetime = new Map<string, number>();
    /** Live campaigns of the account by name, for TikTok's rule that names be unique. */
    const namesInAccount = new Map<string, string[]>();
    /** For ad edits: every live ad of their ad groups (ad/update/ sends the whole group). */
    const adGroupAds = new Map<string, { live: number; inReview: string[] }>();
    /** For a dayparting copy: the grid of the ad group copied from. */
    const daypartingSources = new Map<string, string>();
    const copyFrom =
      input.operation?.kind === 'dayparting' && input.operation.change.type === 'copy'
        ? input.operation.change.fromAdgroupId
        : null;
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
        if (adUpdates) {
          const adgroupIds = [
            ...new Set(
              [...read.values()].flatMap((s) => (s.ad && !s.deleted ? [s.ad.adgroupId] : [])),
            ),
          ];
          if (adgroupIds.length > 0) {
            for (const ad of await api.ads.list(token, { advertiserId, adgroupIds })) {
              const group = adGroupAds.get(ad.adgroup_id) ?? { live: 0, inReview: [] };
              group.live += 1;
              if (adReviewState(ad.secondary_status) === 'in_review') group.inReview.push(ad.ad_id);
              adGroupAds.set(ad.adgroup_id, group);
            }
          }
        }
        if (copyFrom) {
          // Read with the rows when it is one of them; else on its own (one call).
          const source =
            read.get(copyFrom) ??
            (await readSnapshots(api, token, advertiserId, 'adgroup', [copyFrom], {
              withParents: false,
            }).then((found) => found.get(copyFrom)));
          if (source?.dayparting) daypartingSources.set(copyFrom, source.dayparting);
        }
        if (campaignNames) {
          for (const campaign of await api.campaigns.list(token, { advertiserId })) {
            const holders = namesInAccount.get(campaign.campaign_name) ?? [];
            holders.push(campaign.campaign_id);
            namesInAccount.set(campaign.campaign_name, holders);
          }
        }
        return read;
      });
    } catch (error) {
      throw explainTikTokFailure(
        error,
        advertiserId,
        'the current names, budgets, statuses and bids',
      );
    }

    const guardrails = this.guardrails();
    const { hour, minute } = zonedParts(now.getTime(), account.timezone);
    // Built once per plan, and only if the cool-down asks.
    const lastChanges =
      input.applyGuardrails && guardrails.cooldownMinutes > 0
        ? await this.#lastChanges(advertiserId, now.getTime() - guardrails.cooldownMinutes * 60_000)
        : null;
    const context: PlanContext = {
      level,
      currency: account.currency,
      guardrails,
      applyGuardrails: input.applyGuardrails,
      spendToday,
      spendLifetime,
      lastChangedAt: (entityId, field) => lastChanges?.get(`${entityId}|${field}`) ?? null,
      now: now.getTime(),
      inBudgetLock: inBudgetLockWindow(hour, minute),
      today: zonedDate(now.getTime(), account.timezone),
      timezone: account.timezone,
      adGroupAds: adGroupAds satisfies ReadonlyMap<string, AdGroupAds>,
      daypartingSources,
    };
    // An ad group's ads go to TikTok in one ad/update/ call, and the job sends its rows 100 at a
    // time: rows of one ad group kept together (in the order the groups first appear) are sent
    // in one call, not split across two.
    const ordered = adUpdates
      ? groupedBy(ids, (id) => snapshots.get(id)?.ad?.adgroupId ?? null)
      : ids;
    const planned = ordered.map((id) =>
      planRow(id, snapshots.get(id) ?? null, targets.get(id) as RowTarget, context),
    );
    const rows = campaignNames ? blockDuplicateCampaignNames(planned, namesInAccount) : planned;
    const adNotice = adUpdates
      ? adUpdateNotice(rows, (id) => snapshots.get(id)?.ad?.adgroupId ?? null, adGroupAds)
      : null;
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
      ...(adNotice ? { notices: [adNotice] } : {}),
      summary: summarize(rows),
    });
  }

  /**
   * When the toolkit last changed each entity's field (`id|field`) since `sinceMs`, for the
   * cool-down: only the journals of finished jobs that changed something since then are read.
   */
  async #lastChanges(advertiserId: string, sinceMs: number): Promise<Map<string, number>> {
    const jobs = [...this.#jobs.values()].filter((job) => job.header.advertiserId === advertiserId);
    for (const summary of this.#history.all()) {
      if (summary.header.advertiserId !== advertiserId || summary.counts.done === 0) continue;
      if (Date.parse(summary.finishedAt) < sinceMs) continue;
      const job = await this.#history.read(summary.header.jobId);
      if (job) jobs.push(job);
    }
    const last = new Map<string, number>();
    for (const job of jobs) {
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
      return this.#view(job);
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
    if (this.#shuttingDown) runner.stopForShutdown();
    const id = job.header.jobId;
    const done = runner
      .run()
      .then(() => this.#archive(job))
      .catch((error: unknown) =>
        this.#deps.log.error({ err: error, jobId: id }, 'bulk-edit job failed'),
      )
      .finally(() => this.#running.delete(id));
    this.#running.set(id, { runner, done });
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

  /**
   * A job that ended goes into the index and leaves memory: its rows are read from its journal
   * when asked for. If the index cannot be written, it stays in memory (and the next start
   * indexes it from its journal). A job paused for a shutdown has not ended: it stays.
   */
  async #archive(job: JobState): Promise<void> {
    if (await this.#history.archive(job)) this.#jobs.delete(job.header.jobId);
  }

  async getJob(jobId: string): Promise<Job> {
    return this.#view(await this.#job(jobId));
  }

  /** A job as the contract shows it; while it runs, with its pace and what holds it. */
  #view(job: JobState): Job {
    return {
      ...toJobView({ ...job, ...this.#live(job), counts: countRows(job) }),
      rows: job.rows.map((row) => ({ ...row })),
    };
  }

  /** The status message and pace of a job running in this process (none once it ended). */
  #live(job: JobState): { statusMessage: string | null; pace: JobPace | null } {
    const running = this.#running.get(job.header.jobId);
    if (job.status !== 'running' || !running)
      return { statusMessage: job.statusMessage, pace: null };
    return running.runner.progress.view();
  }

  listJobs(query: { advertiserId?: string | undefined; limit: number }): Array<Omit<Job, 'rows'>> {
    const summaries: JobOutline[] = [
      ...[...this.#jobs.values()].map((job) => ({
        ...job,
        ...this.#live(job),
        counts: countRows(job),
      })),
      ...this.#history.all(),
    ];
    return summaries
      .filter((job) => !query.advertiserId || job.header.advertiserId === query.advertiserId)
      .sort((a, b) => b.header.createdAt.localeCompare(a.header.createdAt))
      .slice(0, query.limit)
      .map(toJobView);
  }

  async #job(jobId: string): Promise<JobState> {
    const job = this.#jobs.get(jobId);
    if (job) return job;
    if (!this.#history.get(jobId)) throw notFound(`There is no bulk-edit job ${jobId}.`);
    const read = await this.#history.read(jobId);
    if (!read) throw notFound(`The journal of bulk-edit job ${jobId} is gone.`);
    return read;
  }

  /**
   * Delete the journals of jobs that finished before `cutoff`, with their index entries
   * (retention). Jobs not finished are never pruned. Returns how many were deleted.
   */
  pruneFinishedJobs(cutoff: Date): Promise<number> {
    return this.#history.prune(cutoff);
  }

  /**
   * At shutdown: running jobs stop between rows (the calls they sent finish and are
   * journaled, their journals stay open-ended for the next start to resume) and none starts.
   */
  stopForShutdown(): void {
    this.#shuttingDown = true;
    for (const { runner } of this.#running.values()) runner.stopForShutdown();
  }

  /** Wait for running jobs (tests, and a graceful shutdown). */
  async settled(): Promise<void> {
    while (this.#running.size > 0) {
      await Promise.all([...this.#running.values()].map((running) => running.done));
    }
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

/** The ids with those of one group together, groups in order of first appearance. */
function groupedBy(ids: readonly string[], groupOf: (id: string) => string | null): string[] {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const key = groupOf(id) ?? `id:${id}`;
    groups.set(key, [...(groups.get(key) ?? []), id]);
  }
  return [...groups.values()].flat();
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

function jobsDir(dataDir: string): string {
  return join(dataDir, 'bulk-edits', 'jobs');
}

/** What a job looks like without its rows: a job in memory, or a finished job's summary. */
type JobOutline = Pick<JobSummary, 'header' | 'resumedAt' | 'statusMessage' | 'counts'> & {
  status: Job['status'];
  finishedAt: string | null;
  pace?: JobPace | null;
};

function toJobView(job: JobOutline): Omit<Job, 'rows'> {
  return {
    ...job.header,
    finishedAt: job.finishedAt,
    status: job.status,
    resumedAt: job.resumedAt,
    statusMessage: job.statusMessage,
    pace: job.pace ?? null,
    counts: job.counts,
    canUndo: job.status !== 'running' && job.counts.done > 0,
  };
}
