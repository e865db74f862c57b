import type { CreateJobRow } from '../contract/bulk-create';
import type { JobProgress } from '../jobs/job-progress';
import { type JobDeps, JobRun } from '../jobs/job-run';
import { isJobStopped } from '../jobs/job-stop';
import { runPool } from '../jobs/worker-pool';
import type { AdCreateOutcome } from '../marketing-api/ads';
import { isMarketingApiError } from '../marketing-api/errors';
import { API_LIMITS, chunk } from '../marketing-api/limits';
import {
  type CreateJobState,
  type CreateJournal,
  type CreateJournalRecord,
  type CreateStep,
  foldCreateRecord,
} from './create-journal';

/**
 * Runs a bulk-create job: campaigns, then ad groups, then ads, each level once its parents
 * exist; inside a level `concurrency` rows go at once (the shared rate limiter paces them).
 * Campaigns and ad groups carry a `request_id` chosen before the first attempt and kept in
 * the journal, so any repeat (a retry, a resume after a crash) returns the entity TikTok
 * already made. ad/create has no such key: ads are sent 20 per call, one ad group's calls
 * in turn, and when a call's outcome is unknown, the ad group's ads are read back by name
 * before anything is sent again. Every step is journaled (fsynced) before the job moves on.
 *
 * Throttling (40100 and kin) is not a row's fault: when a read or a write is still throttled
 * after the transport's retries, the job waits (growing back-off, up to minutes) and sends it
 * again, so only errors that won't go away fail rows. After a fatal error (the authorization
 * is gone), or when the server shuts down, the pool takes no more rows and the calls already
 * sent are journaled before the journal closes; at shutdown no end is written, so the next
 * start resumes the job exactly where it stopped.
 */

interface StepOutcome {
  state: 'created' | 'failed' | 'skipped';
  entityId: string | null;
  message: string | null;
  requestId: string | null;
}

export class CreateJobRunner {
  readonly #deps: JobDeps;
  readonly #job: CreateJobState;
  readonly #jobRun: JobRun<CreateJournalRecord>;

  constructor(deps: JobDeps, job: CreateJobState, journal: CreateJournal) {
    this.#deps = deps;
    this.#job = job;
    this.#jobRun = new JobRun({
      kind: 'bulk-create',
      deps,
      header: job.header,
      journal,
      fold: (record) => foldCreateRecord(job, record),
    });
  }

  /** Its pace and what holds it, for the job's view while it runs. */
  get progress(): JobProgress {
    return this.#jobRun.progress;
  }

  /**
   * Stop between rows for a shutdown: calls already sent finish and are journaled, and the
   * journal is closed without an end, so that the next start resumes the job.
   */
  stopForShutdown(): void {
    this.#jobRun.stop.shutDown();
  }

  run(): Promise<void> {
    return this.#jobRun.run({
      work: (token) => this.#work(token),
      rowsLeft: () => this.#rowsLeft(),
      stopMessage,
      end: (status, message) =>
        this.#jobRun.record({ t: 'end', at: this.#jobRun.at(), status, message }),
    });
  }

  async #work(token: string): Promise<void> {
    await this.#settleInFlight(token);
    for (const level of ['campaign', 'adgroup'] as const) {
      if (this.#jobRun.stop.stopped) break;
      await runPool(
        this.#pending(level),
        this.#deps.concurrency,
        (step) => this.#createOne(token, step),
        this.#jobRun.stop.signal,
      );
    }
    if (!this.#jobRun.stop.stopped) await this.#createAds(token);
  }

  /** Whether rows are still to create or to check (a job stopped for a shutdown resumes them). */
  #rowsLeft(): boolean {
    return this.#job.rows.some((row) => row.state === 'pending' || row.state === 'in_flight');
  }

  /** Pending steps of a level. */
  #pending(type: CreateStep['type']): CreateStep[] {
    return this.#job.steps.filter(
      (step) => step.type === type && this.#rowOf(step).state === 'pending',
    );
  }

  #rowOf(step: CreateStep): CreateJobRow {
    return this.#job.rows.find((row) => row.row === step.row) as CreateJobRow;
  }

  /** The parent's TikTok id, or null (with the row skipped) when the parent was not created. */
  async #parentId(step: CreateStep): Promise<string | null> {
    if (step.parentId) return step.parentId;
    const parent = this.#job.steps.find((s) => s.ref === step.parentRef && s.type !== step.type);
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
    const api = this.#deps.marketingApi;
    const { advertiserId } = this.#job.header;
    const parentId = step.type === 'adgroup' ? await this.#parentId(step) : null;
    if (step.type === 'adgroup' && !parentId) return;
    await this.#jobRun.record({ t: 'sent', rows: [step.row] });
    try {
      const key = step.requestId ?? undefined;
      // The request_id makes a repeat (after throttling, or a resume) return the same entity.
      const created = await this.#jobRun.waitingOutThrottle(async () => {
        if (step.type === 'campaign') {
          const { campaign, requestId } = await api.campaigns.create(token, {
            advertiserId,
            name: String(step.fields.campaign_name),
            objectiveType: String(step.fields.objective_type),
            budgetMode: step.fields.budget_mode as 'BUDGET_MODE_DAY',
            ...(typeof step.fields.budget === 'number' ? { budget: step.fields.budget } : {}),
            operationStatus: step.fields.operation_status === 'ENABLE' ? 'ENABLE' : 'DISABLE',
            ...(key ? { idempotencyKey: key } : {}),
          });
          return { entityId: campaign.campaign_id, requestId };
        }
        const { adGroup, requestId } = await api.adGroups.create(token, {
          advertiserId,
          campaignId: parentId as string,
          fields: step.fields,
          ...(key ? { idempotencyKey: key } : {}),
        });
        return { entityId: adGroup.adgroup_id, requestId };
      });
      await this.#finish(step, {
        state: 'created',
        entityId: created.entityId,
        message: null,
        requestId: created.requestId,
      });
    } catch (error) {
      if (isJobStopped(error)) return this.#notSent([step]);
      if (!isMarketingApiError(error)) throw error;
      if (error.category === 'reauthorize') this.#jobRun.stop.fail(error);
      await this.#finish(step, {
        state: 'failed',
        entityId: null,
        message: `TikTok refused: ${error.message}`,
        requestId: error.requestId,
      });
    }
  }

  /** Ads grouped by ad group: ad groups in parallel, each one's calls in turn. */
  async #createAds(token: string): Promise<void> {
    const byAdGroup = new Map<string, CreateStep[]>();
    for (const step of this.#pending('ad')) {
      const parentId = await this.#parentId(step);
      if (!parentId) continue;
      byAdGroup.set(parentId, [...(byAdGroup.get(parentId) ?? []), step]);
    }
    await runPool(
      [...byAdGroup],
      this.#deps.concurrency,
      async ([adgroupId, steps]) => {
        for (const batch of chunk(steps, API_LIMITS.creativesPerCreate)) {
          if (this.#jobRun.stop.stopped) return;
          await this.#sendAds(token, adgroupId, batch, true);
        }
      },
      this.#jobRun.stop.signal,
    );
  }

  async #sendAds(token: string, adgroupId: string, batch: CreateStep[], mayRetry: boolean) {
    const { advertiserId } = this.#job.header;
    await this.#jobRun.record({ t: 'sent', rows: batch.map((s) => s.row) });
    let outcome: AdCreateOutcome | undefined;
    const creatives = batch.map((step) => step.fields);
    try {
      // ad/create reports its error as an outcome: a throttled one is thrown to be waited out
      // (refused before TikTok did anything, so sending it again creates nothing twice).
      outcome = await this.#jobRun.waitingOutThrottle(async () => {
        const [sent] = await this.#deps.marketingApi.ads.create(token, {
          advertiserId,
          adgroupId,
          creatives,
        });
        if (sent && !sent.ok && sent.error.isThrottle) throw sent.error;
        return sent;
      });
    } catch (error) {
      if (isJobStopped(error)) return this.#notSent(batch);
      if (!isMarketingApiError(error)) throw error;
      outcome = { ok: false, creatives, error };
    }
    if (!outcome) throw new Error('An ad/create call returned no outcome.');
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
    if (error.category === 'reauthorize') this.#jobRun.stop.fail(error);
    if (
      error.rejectedBeforeProcessing ||
      error.category === 'invalid_request' ||
      this.#jobRun.stop.fatalError
    ) {
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
    const existing = await this.#jobRun.waitingOutThrottle(() =>
      this.#deps.marketingApi.ads.list(token, {
        advertiserId: this.#job.header.advertiserId,
        adgroupIds: [adgroupId],
      }),
    );
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
    const inFlight = this.#job.steps.filter((step) => this.#rowOf(step).state === 'in_flight');
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

  /** Rows whose call the job stopped before TikTok did anything: pending again. */
  async #notSent(steps: CreateStep[]): Promise<void> {
    for (const step of steps) {
      await this.#jobRun.record({
        t: 'row',
        at: this.#jobRun.at(),
        row: step.row,
        state: 'pending',
        entityId: null,
        message: null,
        requestId: null,
      });
    }
  }

  async #finish(step: CreateStep, outcome: StepOutcome): Promise<void> {
    const { header } = this.#job;
    await this.#deps.audit.append({
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
    await this.#jobRun.record({ t: 'row', at: this.#jobRun.at(), row: step.row, ...outcome });
    this.progress.rowsFinished();
  }
}

function stopMessage(error: unknown): string {
  if (isMarketingApiError(error) && error.category === 'reauthorize') {
    return `TikTok no longer accepts this ad account's authorization (${error.message}). Re-authorize it; the rows not created are listed.`;
  }
  return `Stopped: ${error instanceof Error ? error.message : String(error)}`;
}
