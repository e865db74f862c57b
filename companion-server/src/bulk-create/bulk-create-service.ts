import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { ConnectionService } from '../connections/connection-service';
import { CREATE_COLUMNS, type CreateJob, type CreatePlan } from '../contract/bulk-create';
import type { AdAccountView } from '../contract/connections';
import type { JobPace } from '../contract/job-pace';
import { badRequest, conflict, explainTikTokFailure, forbidden, notFound } from '../errors';
import { JobHistory } from '../jobs/job-history';
import { csvLine } from '../lib/csv-writer';
import { newId } from '../lib/ids';
import { zonedDateTime } from '../lib/time-zone';
import type { MarketingApiClient } from '../marketing-api/client';
import { newCreateRequestId } from '../marketing-api/entity-requests';
import { isDeletedEntity } from '../marketing-api/schemas';
import type { AuditLog } from '../storage/audit-log';
import type { Staff } from '../storage/state-schema';
import { CreateJobRunner } from './create-job';
import {
  type CreateJobSummary,
  CreateJobSummarySchema,
  countCreateRows,
  summarizeCreateJob,
} from './create-job-summary';
import {
  type CreateJobState,
  CreateJournal,
  type CreateStep,
  readCreateJob,
} from './create-journal';
import { checkSpreadsheet, type ExistingEntities, type SheetRow } from './create-planner';
import type { Cells, CreateSpec } from './create-rows';
import { readSpreadsheet } from './read-spreadsheet';

/**
 * Bulk create: a spreadsheet (or a duplication, written as the same rows) is checked and
 * previewed, then created as a journaled job. Plans are kept in memory for 15 minutes;
 * jobs are journaled in `DATA_DIR/bulk-create/jobs/` and resumed after a restart; finished
 * ones are summarized in `DATA_DIR/bulk-create/job-index.json`, which is what a start reads.
 */

const PLAN_TTL_MS = 15 * 60_000;
type Actor = Pick<Staff, 'id' | 'email' | 'role'>;

export interface BulkCreateServiceDeps {
  dataDir: string;
  /** The orders settings' tracking template, read at each plan (added to new ads' landing pages). */
  trackingTemplate: () => string;
  connections: ConnectionService;
  marketingApi: MarketingApiClient;
  audit: AuditLog;
  log: FastifyBaseLogger;
  now: () => Date;
  /** Rows in flight at once per job (default 10; the shared limiter paces the calls). */
  concurrency?: number;
}

export class BulkCreateService {
  readonly #deps: BulkCreateServiceDeps;
  readonly #dir: string;
  readonly #plans = new Map<string, { plan: CreatePlan; specs: CreateSpec[] }>();
  /** Jobs not finished yet (running, or to resume); finished ones are in the history's index. */
  readonly #jobs = new Map<string, CreateJobState>();
  readonly #history: JobHistory<CreateJobState, CreateJobSummary>;
  readonly #running = new Map<string, { runner: CreateJobRunner; done: Promise<void> }>();
  /** Set at shutdown: jobs stop between rows, and none starts. */
  #shuttingDown = false;

  private constructor(
    deps: BulkCreateServiceDeps,
    history: JobHistory<CreateJobState, CreateJobSummary>,
    jobs: CreateJobState[],
  ) {
    this.#deps = deps;
    this.#dir = jobsDir(deps.dataDir);
    this.#history = history;
    for (const job of jobs) this.#jobs.set(job.header.jobId, job);
  }

  /** Finished jobs come from the index; only the journals it does not name are read. */
  static async open(deps: BulkCreateServiceDeps): Promise<BulkCreateService> {
    const { history, unfinished } = await JobHistory.open<CreateJobState, CreateJobSummary>({
      kind: 'bulk-create',
      journalsDir: jobsDir(deps.dataDir),
      indexFile: join(deps.dataDir, 'bulk-create', 'job-index.json'),
      summarySchema: CreateJobSummarySchema,
      idOf: (summary) => summary.header.jobId,
      createdAtOf: (summary) => summary.header.createdAt,
      finishedAtOf: (summary) => summary.finishedAt,
      readJob: readCreateJob,
      summarize: summarizeCreateJob,
      log: deps.log,
    });
    return new BulkCreateService(deps, history, unfinished);
  }

  /** The template: the columns, and one example of each row type. */
  template(): string {
    const example = (cells: Partial<Record<(typeof CREATE_COLUMNS)[number], string>>) =>
      csvLine(CREATE_COLUMNS.map((column) => cells[column] ?? ''));
    return [
      `\ufeff${csvLine([...CREATE_COLUMNS])}`,
      example({
        type: 'campaign',
        ref: 'c1',
        name: 'Winter sale',
        status: 'DISABLE',
        objective_type: 'TRAFFIC',
        budget_mode: 'BUDGET_MODE_DAY',
        budget: '100',
      }),
      example({
        type: 'adgroup',
        ref: 'g1',
        parent: 'c1',
        name: 'Winter sale | Broad',
        status: 'DISABLE',
        budget_mode: 'BUDGET_MODE_DAY',
        budget: '50',
        billing_event: 'CPC',
        optimization_goal: 'CLICK',
        bid_type: 'BID_TYPE_NO_BID',
        schedule_start: '',
        location_ids: '6252001',
      }),
      example({
        type: 'ad',
        parent: 'g1',
        name: 'Winter sale | Video 1',
        status: 'DISABLE',
        ad_format: 'SINGLE_VIDEO',
        ad_text: 'Warm up for less',
        video_id: 'v10033g50000example',
        identity_id: '7012345678901234567',
        call_to_action: 'SHOP_NOW',
        landing_page_url: 'https://bayme.store/winter',
      }),
    ].join('');
  }

  async planFromCsv(actor: Actor, advertiserId: string, csv: string): Promise<CreatePlan> {
    const account = this.#deps.connections.adAccount(advertiserId);
    const { rows, errors } = readSpreadsheet(csv);
    if (errors.length > 0) return this.#savePlan(actor, account, 'csv', errors, [], []);
    return this.#planRows(actor, account, 'csv', rows);
  }

  async planDuplicate(
    actor: Actor,
    advertiserId: string,
    request: {
      level: 'campaign' | 'adgroup';
      entityIds: string[];
      nameSuffix: string;
      budget: number | null;
      status: 'ENABLE' | 'DISABLE';
    },
  ): Promise<CreatePlan> {
    const account = this.#deps.connections.adAccount(advertiserId);
    const api = this.#deps.marketingApi;
    const now = this.#deps.now().getTime();
    const cells: Cells[] = [];
    try {
      await this.#deps.connections.withAdvertiserToken(advertiserId, async (token) => {
        const ids = [...new Set(request.entityIds)];
        const campaigns =
          request.level === 'campaign'
            ? await api.campaigns.list(token, { advertiserId, campaignIds: ids })
            : [];
        const adGroups = await api.adGroups.list(
          token,
          request.level === 'campaign'
            ? { advertiserId, campaignIds: campaigns.map((c) => c.campaign_id) }
            : { advertiserId, adgroupIds: ids },
        );
        const missing = ids.filter((id) =>
          request.level === 'campaign'
            ? !campaigns.some((c) => c.campaign_id === id)
            : !adGroups.some((g) => g.adgroup_id === id),
        );
        if (missing.length > 0)
          throw notFound(`Not found (or deleted) in this ad account: ${missing.join(', ')}.`);
        for (const campaign of campaigns) {
          cells.push({
            type: 'campaign',
            ref: `c${campaign.campaign_id}`,
            name: `${campaign.campaign_name}${request.nameSuffix}`,
            status: request.status,
            objective_type: campaign.objective_type,
            budget_mode: campaign.budget_mode,
            budget:
              campaign.budget_mode === 'BUDGET_MODE_INFINITE'
                ? ''
                : String(request.budget ?? campaign.budget),
          });
        }
        for (const adGroup of adGroups) {
          const end = adGroup.schedule_end_time
            ? Date.parse(`${adGroup.schedule_end_time.replace(' ', 'T')}Z`)
            : null;
          const keepEnd =
            end !== null && adGroup.schedule_type === 'SCHEDULE_START_END' && end > now;
          cells.push({
            type: 'adgroup',
            ref: `g${adGroup.adgroup_id}`,
            parent: request.level === 'campaign' ? `c${adGroup.campaign_id}` : adGroup.campaign_id,
            name: `${adGroup.adgroup_name}${request.nameSuffix}`,
            status: request.status,
            budget_mode: adGroup.budget_mode,
            budget: String(
              request.level === 'adgroup' && request.budget !== null
                ? request.budget
                : adGroup.budget,
            ),
            billing_event: adGroup.billing_event,
            optimization_goal: adGroup.optimization_goal,
            bid_type: adGroup.bid_type,
            bid:
              adGroup.bid_type === 'BID_TYPE_CUSTOM'
                ? String(
                    adGroup.billing_event === 'OCPM'
                      ? adGroup.conversion_bid_price
                      : adGroup.bid_price,
                  )
                : '',
            schedule_end:
              keepEnd && end !== null ? zonedDateTime(end, account.timezone).slice(0, 16) : '',
            location_ids: (adGroup.location_ids ?? []).join(';'),
          });
        }
        // Their ads too (live ones), with the same creative, under the copies of their ad groups.
        const ads =
          adGroups.length > 0
            ? await api.ads.list(token, {
                advertiserId,
                adgroupIds: adGroups.map((g) => g.adgroup_id),
              })
            : [];
        for (const ad of ads) {
          cells.push({
            type: 'ad',
            parent: `g${ad.adgroup_id}`,
            name: `${ad.ad_name}${request.nameSuffix}`,
            status: request.status,
            ad_format: ad.ad_format ?? '',
            ad_text: ad.ad_text ?? '',
            video_id: ad.video_id ?? '',
            image_ids: (ad.image_ids ?? []).join(';'),
            identity_id: ad.identity_id ?? '',
            call_to_action: ad.call_to_action ?? '',
            landing_page_url: ad.landing_page_url ?? '',
          });
        }
      });
    } catch (error) {
      throw explainTikTokFailure(error, advertiserId, 'the entities to duplicate');
    }
    return this.#planRows(
      actor,
      account,
      'duplicate',
      cells.map((rowCells, index) => ({ row: index + 1, cells: rowCells })),
    );
  }

  async #planRows(
    actor: Actor,
    account: AdAccountView,
    source: CreatePlan['source'],
    sheet: SheetRow[],
  ): Promise<CreatePlan> {
    const existing = await this.#existing(
      account.advertiserId,
      sheet.map((row) => row.cells),
    );
    const checked = checkSpreadsheet(
      sheet,
      {
        currency: account.currency,
        timezone: account.timezone,
        now: this.#deps.now().getTime(),
        trackingTemplate: this.#deps.trackingTemplate(),
      },
      existing,
    );
    return this.#savePlan(actor, account, source, checked.fileErrors, checked.rows, checked.specs);
  }

  /** Live campaign names, and the existing parents the rows name by id. */
  async #existing(advertiserId: string, cells: Cells[]): Promise<ExistingEntities> {
    const ids = (type: string) =>
      [
        ...new Set(
          cells
            .filter((c) => (c.type ?? '').trim().toLowerCase() === type)
            .map((c) => (c.parent ?? '').trim()),
        ),
      ].filter((id) => /^\d{15,20}$/.test(id));
    const api = this.#deps.marketingApi;
    try {
      return await this.#deps.connections.withAdvertiserToken(advertiserId, async (token) => {
        const campaigns = await api.campaigns.list(token, { advertiserId, includeDeleted: true });
        const groupIds = ids('ad');
        const adGroups =
          groupIds.length > 0
            ? await api.adGroups.list(token, {
                advertiserId,
                adgroupIds: groupIds,
                includeDeleted: true,
              })
            : [];
        const live = campaigns.filter((c) => !isDeletedEntity(c));
        return {
          campaignBudgetModes: new Map(live.map((c) => [c.campaign_id, c.budget_mode])),
          campaignIds: new Set(live.map((c) => c.campaign_id)),
          campaignNames: new Set(live.map((c) => c.campaign_name)),
          adGroupIds: new Set(adGroups.filter((g) => !isDeletedEntity(g)).map((g) => g.adgroup_id)),
          deletedIds: new Set([
            ...campaigns.filter(isDeletedEntity).map((c) => c.campaign_id),
            ...adGroups.filter(isDeletedEntity).map((g) => g.adgroup_id),
          ]),
        };
      });
    } catch (error) {
      throw explainTikTokFailure(error, advertiserId, 'the existing campaigns and ad groups');
    }
  }

  #savePlan(
    actor: Actor,
    account: AdAccountView,
    source: CreatePlan['source'],
    fileErrors: CreatePlan['fileErrors'],
    rows: CreatePlan['rows'],
    specs: CreateSpec[],
  ): CreatePlan {
    const now = this.#deps.now();
    const count = (type: string) => rows.filter((r) => r.type === type).length;
    const plan: CreatePlan = {
      planId: newId('plan'),
      advertiserId: account.advertiserId,
      currency: account.currency,
      timezone: account.timezone,
      source,
      createdBy: actor.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PLAN_TTL_MS).toISOString(),
      fileErrors,
      rows,
      canApply: fileErrors.length === 0 && rows.length > 0 && rows.every((r) => r.verdict === 'ok'),
      counts: { campaigns: count('campaign'), adgroups: count('adgroup'), ads: count('ad') },
      jobId: null,
    };
    this.#plans.set(plan.planId, { plan, specs });
    return plan;
  }

  getPlan(planId: string): CreatePlan {
    const entry = this.#plans.get(planId);
    if (!entry)
      throw notFound(`There is no bulk-create plan ${planId} (previews are kept 15 minutes).`);
    return entry.plan;
  }

  async apply(actor: Actor, planId: string): Promise<CreateJob> {
    const entry = this.#plans.get(planId);
    if (!entry)
      throw notFound(`There is no bulk-create plan ${planId} (previews are kept 15 minutes).`);
    const { plan, specs } = entry;
    if (plan.createdBy !== actor.id && actor.role !== 'admin') {
      throw forbidden('Only the person who made this preview (or an admin) can apply it.');
    }
    if (plan.jobId)
      throw conflict(`This preview was already applied (job ${plan.jobId}).`, 'plan_applied');
    if (Date.parse(plan.expiresAt) <= this.#deps.now().getTime()) {
      throw conflict('This preview has expired: upload the file again.', 'plan_expired');
    }
    if (!plan.canApply)
      throw badRequest('This file has errors: nothing is created until every error is fixed.');
    const jobId = newId('job');
    plan.jobId = jobId;
    const steps: CreateStep[] = specs.map((spec) => ({
      row: spec.row,
      type: spec.type,
      name: spec.name,
      ref: spec.ref,
      parentRef: spec.parent && 'ref' in spec.parent ? spec.parent.ref : null,
      parentId: spec.parent && 'id' in spec.parent ? spec.parent.id : null,
      requestId: spec.type === 'ad' ? null : newCreateRequestId(),
      fields: spec.type === 'ad' ? spec.creative : spec.fields,
    }));
    const { journal, job } = await CreateJournal.create(
      this.#dir,
      {
        jobId,
        planId,
        advertiserId: plan.advertiserId,
        createdBy: actor.id,
        createdByEmail: actor.email,
        createdAt: this.#deps.now().toISOString(),
      },
      steps,
    );
    this.#jobs.set(jobId, job);
    this.#start(job, journal);
    return this.#view(job);
  }

  #start(job: CreateJobState, journal: CreateJournal): void {
    const runner = new CreateJobRunner(
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
        this.#deps.log.error({ err: error, jobId: id }, 'bulk-create job failed'),
      )
      .finally(() => this.#running.delete(id));
    this.#running.set(id, { runner, done });
  }

  /**
   * A job that ended goes into the index and leaves memory: its rows are read from its journal
   * when asked for. If the index cannot be written, it stays in memory (and the next start
   * indexes it from its journal). A job paused for a shutdown has not ended: it stays.
   */
  async #archive(job: CreateJobState): Promise<void> {
    if (await this.#history.archive(job)) this.#jobs.delete(job.header.jobId);
  }

  /** Jobs a previous process left running: their in-flight rows are checked, then they go on. */
  async resumeInterrupted(): Promise<void> {
    for (const job of this.#jobs.values()) {
      if (job.status !== 'running' || this.#running.has(job.header.jobId)) continue;
      const journal = await CreateJournal.reopen(this.#dir, job.header.jobId);
      await journal.append({ t: 'resumed', at: this.#deps.now().toISOString() });
      this.#start(job, journal);
    }
  }

  async getJob(jobId: string): Promise<CreateJob> {
    const running = this.#jobs.get(jobId);
    if (running) return this.#view(running);
    const summary = this.#history.get(jobId);
    if (!summary) throw notFound(`There is no bulk-create job ${jobId}.`);
    const finished = await this.#history.read(jobId);
    if (!finished) throw notFound(`The journal of bulk-create job ${jobId} is gone.`);
    // How it ended is the index's word; the rows are the journal's.
    const { status, finishedAt, statusMessage } = summary;
    return this.#view({ ...finished, status, finishedAt, statusMessage });
  }

  /**
   * Delete the journals of jobs that finished before `cutoff`, with their index entries
   * (retention). Jobs not finished are never pruned. Returns how many were deleted.
   */
  pruneFinishedJobs(cutoff: Date): Promise<number> {
    return this.#history.prune(cutoff);
  }

  /** A job as the contract shows it; while it runs, with its pace and what holds it. */
  #view(job: CreateJobState): CreateJob {
    const running = this.#running.get(job.header.jobId);
    const live: { statusMessage: string | null; pace: JobPace | null } =
      job.status === 'running' && running
        ? running.runner.progress.view()
        : { statusMessage: job.statusMessage, pace: null };
    return {
      jobId: job.header.jobId,
      planId: job.header.planId,
      advertiserId: job.header.advertiserId,
      status: job.status,
      statusMessage: live.statusMessage,
      pace: live.pace,
      createdAt: job.header.createdAt,
      finishedAt: job.finishedAt,
      counts: countCreateRows(job),
      rows: job.rows.map((row) => ({ ...row })),
    };
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

function jobsDir(dataDir: string): string {
  return join(dataDir, 'bulk-create', 'jobs');
}
