import type { JobRow } from '../contract/bulk-edits';
import { describeDayparting } from '../contract/dayparting';
import type { JobProgress } from '../jobs/job-progress';
import { type JobDeps, type JobEndStatus, JobRun } from '../jobs/job-run';
import { isJobStopped } from '../jobs/job-stop';
import { runPool } from '../jobs/worker-pool';
import { type Ad, creativeOf } from '../marketing-api/ads';
import type { BatchOutcome } from '../marketing-api/context';
import { isMarketingApiError, type MarketingApiError } from '../marketing-api/errors';
import { API_LIMITS, chunk } from '../marketing-api/limits';
import { isAdUpdateField } from './ad-update-planner';
import { type EntitySnapshot, fieldValue, readSnapshots } from './entity-snapshots';
import { foldRecord, type JobJournal, type JobState, type JournalRecord } from './job-journal';
import { sameValue } from './planner';
import { isLifetimeBudget } from './tiktok-rules';

/**
 * Applies a job's pending rows at TikTok. Rows go in chunks of 100: each chunk is first
 * re-read (100 ids per call) and a row whose value is no longer what the preview showed is
 * left alone as a conflict; the rest go to the cheapest endpoint that applies at once —
 * status changes and lifetime ad-group budgets 20 per call, daily budgets, bids, names and
 * schedules one entity per call (TikTok's only immediate route for them), and an ad
 * group's ad edits (names, landing pages, ad text) in one ad/update/ call, which takes
 * the group's whole list of ads. Calls run concurrently; the
 * client's shared rate limiter keeps the whole server within TikTok's limits. Every row is
 * journaled before its call and after it, and audited with before → after.
 *
 * Throttling (40100 and kin) is not a row's fault: when a call is still throttled after the
 * transport's retries, the job waits (growing back-off, up to minutes) and sends it again,
 * so only errors that won't go away fail rows. After a fatal error (the authorization is
 * gone), or when the server shuts down, the pool takes no more work and the calls already
 * sent are journaled before the journal closes; at shutdown no end is written, so the next
 * start resumes the job exactly where it stopped. Cancelled (its rule was switched off), it
 * stops the same way and skips the rows it had not sent, saying why.
 */

type Unit =
  | { kind: 'single'; row: JobRow }
  /** Edits of ads of one ad group: one ad/update/ call with the group's whole list. */
  | { kind: 'ad-group'; adgroupId: string; rows: JobRow[] }
  | {
      kind: 'batch';
      endpoint: 'campaign-status' | 'adgroup-status' | 'ad-status' | 'adgroup-lifetime-budget';
      rows: JobRow[];
    };

const CUT_SHORT =
  'The call was cut short: TikTok may or may not have applied this row. Retry checks it first.';
const UNKNOWN_AFTER_RESTART =
  'Sent just before the server stopped, and TikTok could not be asked since. Retry checks it first.';

interface AdGroupStatusAnswer {
  adgroup_ids: string[];
  error_list?: Array<{ adgroup_id: string; error_message: string }>;
}

interface FinishedOutcome {
  entityId: string;
  state: 'done' | 'failed' | 'conflict';
  message: string | null;
  requestId: string | null;
}

/** A row's outcome; pending again when the job stopped before TikTok applied it. */
type RowOutcome =
  | FinishedOutcome
  | { entityId: string; state: 'pending'; message: null; requestId: null };

export class JobRunner {
  readonly #deps: JobDeps;
  readonly #job: JobState;
  readonly #jobRun: JobRun<JournalRecord>;

  constructor(deps: JobDeps, job: JobState, journal: JobJournal) {
    this.#deps = deps;
    this.#job = job;
    this.#jobRun = new JobRun({
      kind: 'bulk-edit',
      deps,
      header: job.header,
      journal,
      fold: (record) => foldRecord(job, record),
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

  /**
   * Stop between rows for good (the rule that asked for the job was switched off or edited):
   * calls already sent finish and are journaled; the rows not sent are skipped with `reason`.
   */
  cancel(reason: string): void {
    this.#jobRun.stop.cancel(reason);
  }

  run(): Promise<void> {
    return this.#jobRun.run({
      work: (token) => this.#work(token),
      rowsLeft: () => this.#rowsLeft(),
      stopMessage,
      end: (status, message) => this.#end(status, message),
    });
  }

  async #work(token: string): Promise<void> {
    await this.#settleUnknown(token);
    const pending = this.#job.rows.filter((row) => row.state === 'pending');
    for (const rows of chunk(pending, API_LIMITS.idsPerFilter)) {
      if (this.#jobRun.stop.stopped) break;
      const { rows: toSend, snapshots } = await this.#leaveConflictsAlone(token, rows);
      await runPool(
        this.#units(toSend, snapshots),
        this.#deps.concurrency,
        (unit) => this.#send(token, unit),
        this.#jobRun.stop.signal,
      );
    }
  }

  /** Whether rows are still to send or to check (a job stopped for a shutdown resumes them). */
  #rowsLeft(): boolean {
    return this.#job.rows.some(
      (row) =>
        row.state === 'pending' ||
        row.state === 'in_flight' ||
        (row.state === 'unknown' && !row.message),
    );
  }

  async #end(status: JobEndStatus, message: string | null): Promise<void> {
    const cancelled = this.#jobRun.stop.cancelReason;
    if (cancelled !== null) {
      for (const row of this.#job.rows.filter((r) => r.state === 'pending')) {
        await this.#jobRun.record({
          t: 'row',
          at: this.#jobRun.at(),
          entityId: row.entityId,
          state: 'skipped',
          message: `Not sent: ${cancelled}`,
          requestId: null,
        });
      }
    }
    const unsettled: Array<[rows: JobRow[], message: string]> = [
      // A call cut short by an unexpected error left its rows in flight: say so exactly.
      [this.#job.rows.filter((r) => r.state === 'in_flight'), CUT_SHORT],
      // Rows in flight when a previous process stopped, which TikTok could not be asked about.
      [this.#job.rows.filter((r) => r.state === 'unknown' && !r.message), UNKNOWN_AFTER_RESTART],
    ];
    for (const [rows, rowMessage] of unsettled) {
      for (const row of rows) {
        await this.#jobRun
          .record({
            t: 'row',
            at: this.#jobRun.at(),
            entityId: row.entityId,
            state: 'unknown',
            message: rowMessage,
            requestId: null,
          })
          .catch(() => undefined);
      }
    }
    await this.#jobRun.record({ t: 'end', at: this.#jobRun.at(), status, message });
  }

  /**
   * Rows that were in flight when a previous process stopped (the job resumes): TikTok is
   * asked what they became. Applied: done. Untouched: pending, sent again. Anything else:
   * a conflict, left alone. If TikTok cannot be asked, they stay unknown and the rest goes on.
   */
  async #settleUnknown(token: string): Promise<void> {
    const unknown = this.#job.rows.filter((row) => row.state === 'unknown');
    if (unknown.length === 0) return;
    const { header } = this.#job;
    let current: Awaited<ReturnType<typeof readSnapshots>>;
    try {
      current = await this.#jobRun.waitingOutThrottle(() =>
        readSnapshots(
          this.#deps.marketingApi,
          token,
          header.advertiserId,
          header.level,
          unknown.map((row) => row.entityId),
          { withParents: false },
        ),
      );
    } catch (error) {
      if (isJobStopped(error)) throw error;
      if (isMarketingApiError(error) && error.category === 'reauthorize') throw error;
      this.#deps.log.warn({ err: error, jobId: header.jobId }, 'could not check in-flight rows');
      for (const row of unknown) {
        await this.#jobRun.record({
          t: 'row',
          at: this.#jobRun.at(),
          entityId: row.entityId,
          state: 'unknown',
          message: UNKNOWN_AFTER_RESTART,
          requestId: null,
        });
      }
      return;
    }
    for (const row of unknown) {
      const snapshot = current.get(row.entityId);
      const value = snapshot ? fieldValue(snapshot, row.field) : null;
      if (sameValue(value, row.before)) {
        await this.#jobRun.record({
          t: 'row',
          at: this.#jobRun.at(),
          entityId: row.entityId,
          state: 'pending',
          message: null,
          requestId: null,
        });
        continue;
      }
      const applied = sameValue(value, row.after);
      await this.#finish(
        row,
        {
          entityId: row.entityId,
          state: applied ? 'done' : 'conflict',
          message: applied
            ? 'Applied just before the server restarted (confirmed at TikTok afterwards).'
            : `Left alone: after the restart TikTok showed ${shown(row.field, value)}, neither the old nor the new value.`,
          requestId: null,
        },
        { resumed: true },
      );
    }
  }

  /** Re-read the rows and mark those changed since the preview; return the others. */
  async #leaveConflictsAlone(
    token: string,
    rows: JobRow[],
  ): Promise<{ rows: JobRow[]; snapshots: Map<string, EntitySnapshot> }> {
    const { header } = this.#job;
    const current = await this.#jobRun.waitingOutThrottle(() =>
      readSnapshots(
        this.#deps.marketingApi,
        token,
        header.advertiserId,
        header.level,
        rows.map((row) => row.entityId),
        { withParents: false },
      ),
    );
    const unchanged: JobRow[] = [];
    for (const row of rows) {
      const snapshot = current.get(row.entityId);
      const now = snapshot ? fieldValue(snapshot, row.field) : null;
      if (snapshot && !snapshot.deleted && sameValue(now, row.before)) {
        unchanged.push(row);
        continue;
      }
      const what = !snapshot
        ? 'no longer found at TikTok'
        : snapshot.deleted
          ? 'deleted since the preview'
          : `changed by someone else since the preview (now ${shown(row.field, now)}, was ${shown(row.field, row.before)})`;
      await this.#finish(row, {
        entityId: row.entityId,
        state: 'conflict',
        message: `Left alone: ${what}.`,
        requestId: null,
      });
    }
    return { rows: unchanged, snapshots: current };
  }

  #units(rows: JobRow[], snapshots: ReadonlyMap<string, EntitySnapshot>): Unit[] {
    const { level } = this.#job.header;
    const units: Unit[] = [];
    const statusRows = rows.filter((row) => row.field === 'operation_status');
    if (statusRows.length > 0) {
      const endpoint =
        level === 'campaign'
          ? 'campaign-status'
          : level === 'adgroup'
            ? 'adgroup-status'
            : 'ad-status';
      // Enable and pause never mix in one call: each batch holds one target status.
      for (const target of ['ENABLE', 'DISABLE']) {
        const same = statusRows.filter((row) => row.after === target);
        for (const batch of chunk(same, API_LIMITS.idsPerBatch)) {
          units.push({ kind: 'batch', endpoint, rows: batch });
        }
      }
    }
    const lifetimeAdGroupBudgets = rows.filter(
      (row) => level === 'adgroup' && row.field === 'budget' && this.#isLifetime(row),
    );
    for (const batch of chunk(lifetimeAdGroupBudgets, API_LIMITS.idsPerBatch)) {
      units.push({ kind: 'batch', endpoint: 'adgroup-lifetime-budget', rows: batch });
    }
    const adEdits = new Map<string, JobRow[]>();
    for (const row of rows) {
      if (level !== 'ad' || !isAdUpdateField(row.field)) continue;
      // Read moments ago by #leaveConflictsAlone, which kept only rows it found.
      const adgroupId = snapshots.get(row.entityId)?.ad?.adgroupId;
      if (!adgroupId) throw new Error(`Ad ${row.entityId} was read without its ad group.`);
      adEdits.set(adgroupId, [...(adEdits.get(adgroupId) ?? []), row]);
    }
    for (const [adgroupId, group] of adEdits)
      units.push({ kind: 'ad-group', adgroupId, rows: group });
    for (const row of rows) {
      if (row.field === 'operation_status' || lifetimeAdGroupBudgets.includes(row)) continue;
      if (level === 'ad' && isAdUpdateField(row.field)) continue;
      units.push({ kind: 'single', row });
    }
    return units;
  }

  #isLifetime(row: JobRow): boolean {
    return isLifetimeBudget(row.budgetMode);
  }

  async #send(token: string, unit: Unit): Promise<void> {
    const rows = unit.kind === 'single' ? [unit.row] : unit.rows;
    await this.#jobRun.record({
      t: 'sent',
      at: this.#jobRun.at(),
      ids: rows.map((row) => row.entityId),
    });
    const outcomes =
      unit.kind === 'single'
        ? [await this.#sendSingle(token, unit.row)]
        : unit.kind === 'ad-group'
          ? await this.#sendAdGroup(token, unit.adgroupId, unit.rows)
          : await this.#sendBatch(token, unit.endpoint, unit.rows);
    for (const outcome of outcomes) {
      const row = rows.find((r) => r.entityId === outcome.entityId);
      if (!row) continue;
      if (outcome.state === 'pending') {
        // Not applied (refused by throttling, or never sent): sent when the job goes on.
        await this.#jobRun.record({ t: 'row', at: this.#jobRun.at(), ...outcome });
      } else await this.#finish(row, outcome);
    }
  }

  async #sendSingle(token: string, row: JobRow): Promise<RowOutcome> {
    const { advertiserId, level } = this.#job.header;
    const api = this.#deps.marketingApi;
    const value = row.after;
    try {
      // Setting an absolute value twice is harmless, so a throttled write is simply sent again.
      const { requestId } = await this.#jobRun.waitingOutThrottle<{ requestId: string }>(() =>
        row.field === 'name'
          ? this.#sendName(token, row)
          : row.field === 'schedule_end_time' ||
              row.field === 'schedule_start_time' ||
              row.field === 'dayparting'
            ? api.adGroups.update(token, {
                advertiserId,
                adgroupId: row.entityId,
                ...(row.field === 'schedule_end_time' ? { scheduleEndTime: String(value) } : {}),
                ...(row.field === 'schedule_start_time'
                  ? { scheduleStartTime: String(value) }
                  : {}),
                ...(row.field === 'dayparting' ? { dayparting: String(value) } : {}),
              })
            : typeof value !== 'number'
              ? Promise.reject(new Error(`Row ${row.entityId} has no amount to set.`))
              : level === 'campaign'
                ? api.campaigns.update(token, {
                    advertiserId,
                    campaignId: row.entityId,
                    budget: value,
                  })
                : api.adGroups.update(token, {
                    advertiserId,
                    adgroupId: row.entityId,
                    ...(row.field === 'budget' ? { budget: value } : {}),
                    ...(row.field === 'bid_price' ? { bidPrice: value } : {}),
                    ...(row.field === 'conversion_bid_price' ? { conversionBidPrice: value } : {}),
                  }),
      );
      return { entityId: row.entityId, state: 'done', message: null, requestId };
    } catch (error) {
      if (isJobStopped(error)) return notSent(row.entityId);
      return this.#failed(row.entityId, error);
    }
  }

  /** A new name, through the level's update route (one entity per call, as TikTok takes it). */
  #sendName(token: string, row: JobRow): Promise<{ requestId: string }> {
    const { advertiserId, level } = this.#job.header;
    const api = this.#deps.marketingApi;
    const name = row.after;
    if (typeof name !== 'string') throw new Error(`Row ${row.entityId} has no name to set.`);
    if (level === 'campaign') {
      return api.campaigns.update(token, { advertiserId, campaignId: row.entityId, name });
    }
    if (level === 'adgroup') {
      return api.adGroups.update(token, { advertiserId, adgroupId: row.entityId, name });
    }
    // Ads are renamed with the rest of their ad group's list (#sendAdGroup).
    throw new Error(`Ad ${row.entityId}: ad names go through ad/update/ with their ad group.`);
  }

  /**
   * The edits of one ad group's ads in one ad/update/ call, which takes the group's whole
   * list (ad-update-planner.ts): every live ad is read right before the call and sent back
   * as read but for the rows' edits, so that a change someone made a moment ago to another
   * ad goes back as it is now. A row whose ad changed since the preview is left alone. Read
   * and call are waited out together when TikTok throttles, so the list sent is never older
   * than one call. If TikTok refuses the call, the rows are split in halves (each sent with a
   * fresh read) until the rows it refuses are found, as with batches.
   */
  async #sendAdGroup(token: string, adgroupId: string, rows: JobRow[]): Promise<RowOutcome[]> {
    const { advertiserId } = this.#job.header;
    const api = this.#deps.marketingApi;
    let attempt: {
      conflicts: FinishedOutcome[];
      edited: JobRow[];
      result: { ok: true; requestId: string } | { ok: false; error: MarketingApiError } | null;
    };
    try {
      attempt = await this.#jobRun.waitingOutThrottle(async () => {
        const ads = await api.ads.listForUpdate(token, { advertiserId, adgroupId });
        const conflicts: FinishedOutcome[] = [];
        const edited: JobRow[] = [];
        const edits = new Map<string, Record<string, unknown>>();
        for (const row of rows) {
          const ad = ads.find((candidate) => candidate.ad_id === row.entityId);
          const now = ad ? adFieldValue(ad, row.field) : null;
          if (!ad || !sameValue(now, row.before)) {
            conflicts.push({
              entityId: row.entityId,
              state: 'conflict',
              message: ad
                ? `Left alone: changed by someone else since the preview (now ${shown(row.field, now)}, was ${shown(row.field, row.before)}).`
                : 'Left alone: no longer in its ad group at TikTok (deleted or moved since the preview).',
              requestId: null,
            });
            continue;
          }
          edited.push(row);
          edits.set(row.entityId, { [AD_FIELD_NAMES[row.field] ?? row.field]: row.after });
        }
        if (edited.length === 0) return { conflicts, edited, result: null };
        if (ads.length > API_LIMITS.creativesPerUpdate) {
          throw new Error(
            `Its ad group now has ${ads.length} ads: ad/update/ takes the whole list, at most ${API_LIMITS.creativesPerUpdate}.`,
          );
        }
        const creatives = ads.map((ad) => ({ ...creativeOf(ad), ...edits.get(ad.ad_id) }));
        try {
          const { requestId } = await api.ads.update(token, { advertiserId, adgroupId, creatives });
          return { conflicts, edited, result: { ok: true as const, requestId } };
        } catch (error) {
          // Throttling is waited out (read and call again); other refusals are the rows' outcome.
          if (!isMarketingApiError(error) || error.isThrottle) throw error;
          return { conflicts, edited, result: { ok: false as const, error } };
        }
      });
    } catch (error) {
      if (isJobStopped(error)) return rows.map((row) => notSent(row.entityId));
      if (isMarketingApiError(error)) return rows.map((row) => this.#failed(row.entityId, error));
      const message = error instanceof Error ? error.message : String(error);
      return rows.map((row) => ({
        entityId: row.entityId,
        state: 'failed' as const,
        message: `Not sent: ${message}`,
        requestId: null,
      }));
    }
    const { conflicts, edited, result } = attempt;
    if (!result) return conflicts;
    if (result.ok) {
      return [
        ...conflicts,
        ...edited.map((row) => ({
          entityId: row.entityId,
          state: 'done' as const,
          message: null,
          requestId: result.requestId,
        })),
      ];
    }
    if (result.error.category === 'invalid_request' && edited.length > 1) {
      const half = Math.ceil(edited.length / 2);
      return [
        ...conflicts,
        ...(await this.#sendAdGroup(token, adgroupId, edited.slice(0, half))),
        ...(await this.#sendAdGroup(token, adgroupId, edited.slice(half))),
      ];
    }
    return [...conflicts, ...edited.map((row) => this.#failed(row.entityId, result.error))];
  }

  /**
   * A batch TikTok refuses as invalid is all-or-nothing (one bad row fails the call), so it
   * is split in halves until the rows TikTok refuses are found: each row gets its own
   * outcome at the cost of a few extra calls, and only when something is wrong.
   */
  async #sendBatch(
    token: string,
    endpoint: Extract<Unit, { kind: 'batch' }>['endpoint'],
    rows: JobRow[],
  ): Promise<RowOutcome[]> {
    const { advertiserId } = this.#job.header;
    const api = this.#deps.marketingApi;
    const ids = rows.map((row) => row.entityId);
    let outcome: BatchOutcome<unknown> | undefined;
    const status = rows[0]?.after === 'ENABLE' ? 'ENABLE' : 'DISABLE';
    const sendOnce = async (): Promise<BatchOutcome<unknown> | undefined> => {
      if (endpoint === 'campaign-status') {
        return (
          await api.campaigns.updateStatus(token, { advertiserId, campaignIds: ids, status })
        )[0];
      }
      if (endpoint === 'ad-status') {
        return (await api.ads.updateStatus(token, { advertiserId, adIds: ids, status }))[0];
      }
      if (endpoint === 'adgroup-status') {
        return (
          await api.adGroups.updateStatus(token, {
            advertiserId,
            adgroupIds: ids,
            status,
            allowPartialSuccess: true,
          })
        )[0];
      }
      const items = rows.map((row) => ({ adgroupId: row.entityId, budget: Number(row.after) }));
      return (
        await api.adGroups.updateBudgets(token, {
          advertiserId,
          change: { kind: 'lifetime', items },
        })
      )[0];
    };
    // Batches report their errors as outcomes: a throttled one is thrown to be waited out.
    // Statuses and lifetime budgets are absolute values, so sending them again is harmless.
    try {
      outcome = await this.#jobRun.waitingOutThrottle(async () => {
        const sent = await sendOnce();
        if (sent && !sent.ok && sent.error.isThrottle) throw sent.error;
        return sent;
      });
    } catch (error) {
      if (isJobStopped(error)) return ids.map(notSent);
      if (!isMarketingApiError(error)) throw error;
      outcome = { ok: false, ids, error };
    }
    if (!outcome) throw new Error('A batch call returned no outcome.');
    // The answer of adgroup/status/update/, already checked against its schema by the client.
    const adGroupStatus =
      outcome.ok && endpoint === 'adgroup-status' ? (outcome.data as AdGroupStatusAnswer) : null;

    if (outcome.ok) {
      const requestId = outcome.requestId;
      if (!adGroupStatus) {
        return ids.map((entityId) => ({ entityId, state: 'done', message: null, requestId }));
      }
      // With partial success TikTok lists what it applied and what it refused, and why.
      const applied = new Set(adGroupStatus.adgroup_ids);
      const refused = new Map(
        (adGroupStatus.error_list ?? []).map((e) => [e.adgroup_id, e.error_message]),
      );
      return ids.map((entityId) =>
        applied.has(entityId)
          ? { entityId, state: 'done', message: null, requestId }
          : {
              entityId,
              state: 'failed',
              message: refused.get(entityId) ?? 'TikTok did not apply this row and gave no reason.',
              requestId,
            },
      );
    }
    if (outcome.error.category === 'invalid_request' && rows.length > 1) {
      const half = Math.ceil(rows.length / 2);
      return [
        ...(await this.#sendBatch(token, endpoint, rows.slice(0, half))),
        ...(await this.#sendBatch(token, endpoint, rows.slice(half))),
      ];
    }
    return ids.map((entityId) => this.#failed(entityId, outcome.error));
  }

  #failed(entityId: string, error: unknown): FinishedOutcome {
    if (!isMarketingApiError(error)) throw error;
    if (error.category === 'reauthorize') this.#jobRun.stop.fail(error);
    return {
      entityId,
      state: 'failed',
      message: `TikTok refused: ${error.message}`,
      requestId: error.requestId,
    };
  }

  /** Audit, then journal: a crash between the two repeats the audit, never loses it. */
  async #finish(
    row: JobRow,
    outcome: FinishedOutcome,
    extraDetails: Record<string, unknown> = {},
  ): Promise<void> {
    const { header } = this.#job;
    const { purpose } = header;
    const action = AUDIT_ACTIONS[row.field];
    await this.#deps.audit.append({
      actor: {
        kind: purpose.kind === 'rule' || purpose.kind === 'schedule' ? purpose.kind : 'staff',
        staffId: header.createdBy,
        email: header.createdByEmail,
      },
      action: `bulk_edit.${action}`,
      outcome:
        outcome.state === 'done'
          ? 'success'
          : outcome.state === 'conflict'
            ? 'rejected'
            : 'failure',
      advertiserId: header.advertiserId,
      entityIds: [row.entityId],
      changes: [{ entityId: row.entityId, field: row.field, before: row.before, after: row.after }],
      tiktokRequestIds: outcome.requestId ? [outcome.requestId] : [],
      message: auditMessage(header, outcome.message),
      details: {
        jobId: header.jobId,
        planId: header.planId,
        purpose: purpose.kind,
        ...(purpose.kind === 'rule' ? { ruleId: purpose.ruleId, runId: purpose.runId } : {}),
        ...(purpose.kind === 'schedule'
          ? { changeId: purpose.changeId, firingId: purpose.firingId, revertOf: purpose.revertOf }
          : {}),
        level: header.level,
        ...extraDetails,
      },
    });
    await this.#jobRun.record({
      t: 'row',
      at: this.#jobRun.at(),
      entityId: outcome.entityId,
      state: outcome.state,
      message: outcome.message,
      requestId: outcome.requestId,
    });
    this.progress.rowsFinished();
  }
}

/** Who acted, in words, for changes a person did not make at that moment; else TikTok's outcome. */
function auditMessage(
  header: Pick<JobState['header'], 'purpose' | 'createdByEmail'>,
  message: string | null,
): string | null {
  const { purpose, createdByEmail } = header;
  const tail = message ? `: ${message}` : '.';
  switch (purpose.kind) {
    case 'rule':
      return `By rule “${purpose.ruleName}”, created by ${createdByEmail}${tail}`;
    case 'schedule':
      return `${purpose.revertOf ? 'Put back by' : 'By'} scheduled change “${purpose.changeName}”, created by ${createdByEmail}${tail}`;
    case 'edit':
    case 'undo':
    case 'retry':
      return message;
  }
}

/** A value in a row's message: a dayparting grid in words, not its 336 characters. */
function shown(field: JobRow['field'], value: unknown): string {
  return field === 'dayparting' && typeof value === 'string'
    ? describeDayparting(value)
    : String(value);
}

/** The audit action of each edited field: `bulk_edit.<action>`. */
const AUDIT_ACTIONS: Record<JobRow['field'], string> = {
  budget: 'budget',
  operation_status: 'status',
  bid_price: 'bid',
  conversion_bid_price: 'bid',
  name: 'name',
  schedule_end_time: 'schedule',
  schedule_start_time: 'schedule',
  dayparting: 'dayparting',
  landing_page_url: 'landing_page',
  ad_text: 'ad_text',
};

/** The name ad/update/ gives each field an ad edit changes. */
const AD_FIELD_NAMES: Partial<Record<JobRow['field'], string>> = {
  name: 'ad_name',
  landing_page_url: 'landing_page_url',
  ad_text: 'ad_text',
};

/** The value of an ad's edited field as ad/get/ gives it. */
function adFieldValue(ad: Ad, field: JobRow['field']): string | null {
  const value = (ad as Record<string, unknown>)[AD_FIELD_NAMES[field] ?? field];
  return typeof value === 'string' ? value : null;
}

/** A row whose call the job stopped before TikTok applied it: pending again. */
function notSent(entityId: string): RowOutcome {
  return { entityId, state: 'pending', message: null, requestId: null };
}

function stopMessage(error: unknown): string {
  if (isMarketingApiError(error) && error.category === 'reauthorize') {
    return `TikTok no longer accepts this ad account's authorization (${error.message}). Re-authorize it, then retry the remaining rows.`;
  }
  if (error instanceof Error) {
    return `Stopped: ${error.message.replace(/\.+$/, '')}. Retry the remaining rows.`;
  }
  return 'Stopped by an unexpected error. Retry the remaining rows.';
}
