import type { FastifyBaseLogger } from 'fastify';
import type { BulkEditService } from '../bulk-edits/bulk-edit-service';
import type { Job, Plan, PlanRow } from '../contract/bulk-edits';
import type { Firing, FiringCounts, ScheduledChange } from '../contract/scheduled-changes';
import { runPool } from '../jobs/worker-pool';
import { newId } from '../lib/ids';
import { withCallBudget } from '../marketing-api/call-budget';
import type { Staff } from '../storage/state-schema';
import { type DueFiring, dueFiring, MAX_LATE_MS } from './change-times';
import type { FiringLog } from './firing-log';

/**
 * Fires scheduled changes and puts their values back. A firing is the change's operation
 * planned by the bulk-edit planner (TikTok's rules, Bayme's guardrails) and applied as a
 * bulk-edit job (journaled, audited "by scheduled change …", undoable), as the change's
 * creator; its put-back is the bulk-edit undo of that job, audited the same way. Rows beyond
 * the guardrail are not applied: a firing happens at a set time and does not wait for an
 * admin's approval (its message says so), as a buyer's own plan applied without approval.
 *
 * What survives a restart: the firing is recorded before it is planned, its plan's id before
 * the plan is applied, its job's id once the job exists (firing-log.ts); a plan is applied
 * once (the bulk-edit service finds a plan's job even if the plan never recorded it), and the
 * job resumes by itself. resume() waits for jobs that were sent, plans again what was never
 * sent, and the slot's unique row keeps a firing from happening twice. Put-backs alike.
 */

export interface ScheduledChangeRunnerDeps {
  bulkEdits: BulkEditService;
  firings: FiringLog;
  /** The changes as stored now. */
  changes: () => readonly ScheduledChange[];
  change: (changeId: string) => ScheduledChange | null;
  /** Whether an admin switched rules and scheduled changes off. */
  paused: () => boolean;
  /** A staff member, to act as (a change acts as its creator, if still active). */
  staff: (staffId: string) => Staff | null;
  /** An ad account's time zone; null while it is not connected (its changes wait). */
  timeZoneOf: (advertiserId: string) => string | null;
  /** Changes fired at once in a tick: their jobs share the limiter's `jobs` class anyway. */
  concurrency?: number;
  log: FastifyBaseLogger;
  now: () => Date;
}

type Actor = Pick<Staff, 'id' | 'email' | 'role'>;

const applies = (row: PlanRow) => row.verdict === 'ok' || row.verdict === 'adjusted';

export class ScheduledChangeRunner {
  readonly #deps: ScheduledChangeRunnerDeps;

  constructor(deps: ScheduledChangeRunnerDeps) {
    this.#deps = deps;
  }

  /**
   * One pass, from the rule scheduler's tick (rule-scheduler.ts), which does not call it
   * while an admin has everything switched off: put-backs whose time came, then firings.
   * Resolves when their jobs have finished. Never throws: each firing records its failure.
   */
  async tick(now: Date): Promise<void> {
    for (const firing of this.#deps.firings.revertsDue(now.toISOString())) {
      if (this.#deps.paused()) return;
      await this.#revert(firing);
    }
    const due = this.#due(now.getTime());
    await runPool(due, this.#deps.concurrency ?? 3, async ({ change, firing }) => {
      // Edited, switched off or deleted since the tick began, or everything switched off: the
      // stored change decides at the next tick.
      const current = this.#deps.change(change.id);
      if (this.#deps.paused() || !current?.enabled || current.version !== change.version) return;
      await this.#fire(current, firing);
    });
  }

  /**
   * Firings and put-backs a previous process left running: jobs that were sent are waited
   * for; a firing that sent nothing is made now (planned again) unless its change was deleted,
   * switched off or edited since, everything is switched off, or it is too late; a put-back
   * that sent nothing waits for the next tick again (values are never left changed).
   */
  async resume(): Promise<void> {
    for (const firing of this.#deps.firings.unfinished()) {
      try {
        if (firing.status === 'running') await this.#resumeFiring(firing);
        else await this.#resumeRevert(firing);
      } catch (error) {
        this.#deps.log.error(
          { err: error, firingId: firing.firingId },
          'resuming a scheduled change failed',
        );
      }
    }
  }

  #due(now: number): Array<{ change: ScheduledChange; firing: DueFiring }> {
    const due: Array<{ change: ScheduledChange; firing: DueFiring }> = [];
    for (const change of this.#deps.changes()) {
      if (!change.enabled) continue;
      const zone = this.#deps.timeZoneOf(change.advertiserId);
      if (!zone) continue;
      const firing = dueFiring(change, zone, this.#deps.firings.lastSlot(change.id), now);
      if (firing) due.push({ change, firing });
    }
    return due.sort((a, b) => a.firing.slot.at - b.firing.slot.at);
  }

  async #fire(change: ScheduledChange, due: DueFiring): Promise<void> {
    const startedAt = this.#deps.now().toISOString();
    const firing: Firing = {
      firingId: newId('fire'),
      changeId: change.id,
      changeName: change.name,
      changeVersion: change.version,
      advertiserId: change.advertiserId,
      slot: due.slot.key,
      trigger: due.trigger,
      actedBy: change.createdBy,
      startedAt,
      finishedAt: due.missed ? startedAt : null,
      status: due.missed ? 'missed' : 'running',
      planId: null,
      jobId: null,
      counts: null,
      message: due.missed,
      revertAt: due.revertAt === null ? null : new Date(due.revertAt).toISOString(),
      revertStatus: null,
      revertPlanId: null,
      revertJobId: null,
      revertedAt: null,
      revertMessage: null,
    };
    // Recorded before anything else: a slot already recorded is never fired again.
    if (!this.#deps.firings.start(firing)) return;
    if (due.missed) {
      this.#deps.log.warn({ changeId: change.id, slot: due.slot.key }, due.missed);
      return;
    }
    await this.#carryOut(change, firing);
  }

  /** Plan, record the plan, apply, record the job, wait for it, close the firing. */
  async #carryOut(change: ScheduledChange, firing: Firing): Promise<void> {
    const { bulkEdits, firings } = this.#deps;
    try {
      const actor = this.#actor(change.createdBy, change.createdByEmail);
      const plan = await withCallBudget({ callClass: 'jobs', staffId: change.createdBy }, () =>
        bulkEdits.planForSchedule(actor, {
          advertiserId: change.advertiserId,
          level: change.level,
          entityIds: change.entityIds,
          operation: change.operation,
          purpose: {
            kind: 'schedule',
            changeId: change.id,
            changeName: change.name,
            firingId: firing.firingId,
            revertOf: null,
          },
        }),
      );
      // The plan reaches the log before anything is sent to TikTok.
      const planned = firings.update(firing.firingId, { planId: plan.planId });
      if (!plan.rows.some(applies)) {
        this.#close(planned, plan, null);
        return;
      }
      const job = await bulkEdits.apply(actor, plan.planId);
      await this.#settle(firings.update(firing.firingId, { jobId: job.jobId }));
    } catch (error) {
      this.#deps.log.error({ err: error, firingId: firing.firingId }, 'scheduled change failed');
      firings.update(firing.firingId, {
        status: 'failed',
        finishedAt: this.#deps.now().toISOString(),
        message: `Not done: ${messageOf(error)}`,
      });
    }
  }

  /** Wait for the firing's job and close the firing; a job paused for a shutdown resumes later. */
  async #settle(firing: Firing): Promise<void> {
    const { bulkEdits } = this.#deps;
    if (!firing.jobId || !firing.planId) return;
    await bulkEdits.jobSettled(firing.jobId);
    const job = await bulkEdits.getJob(firing.jobId);
    if (job.status === 'running') return;
    this.#close(firing, bulkEdits.getPlan(firing.planId), job);
  }

  #close(firing: Firing, plan: Plan, job: Job | null): void {
    const counts = countsOf(plan, job);
    const changed = counts.changed > 0;
    const stopped = job?.status === 'stopped';
    const message = [
      firingSummary(plan, job, counts),
      stopped ? `TikTok stopped the job: ${job.statusMessage ?? 'no reason given.'}` : null,
    ]
      .filter(Boolean)
      .join(' ');
    this.#deps.firings.update(firing.firingId, {
      status: stopped ? 'failed' : 'done',
      finishedAt: this.#deps.now().toISOString(),
      counts,
      message,
      // Only what was changed is put back.
      revertAt: changed ? firing.revertAt : null,
      revertStatus: changed && firing.revertAt ? 'waiting' : null,
    });
  }

  /** Put back what the firing changed, through the bulk-edit undo of its job. */
  async #revert(waiting: Firing): Promise<void> {
    const { bulkEdits, firings } = this.#deps;
    const firing = firings.update(waiting.firingId, { revertStatus: 'running' });
    const jobId = firing.jobId;
    try {
      if (!jobId) throw new Error('The firing has no job to put back.');
      const actor = this.#actor(firing.actedBy, null);
      const plan = await withCallBudget({ callClass: 'jobs', staffId: firing.actedBy }, () =>
        bulkEdits.planUndo(actor, jobId, {
          kind: 'schedule',
          changeId: firing.changeId,
          changeName: firing.changeName,
          firingId: firing.firingId,
          revertOf: jobId,
        }),
      );
      const planned = firings.update(firing.firingId, { revertPlanId: plan.planId });
      if (!plan.rows.some(applies)) {
        this.#closeRevert(planned, plan, null);
        return;
      }
      const job = await bulkEdits.apply(actor, plan.planId);
      await this.#settleRevert(firings.update(firing.firingId, { revertJobId: job.jobId }));
    } catch (error) {
      this.#deps.log.error({ err: error, firingId: firing.firingId }, 'put-back failed');
      firings.update(firing.firingId, {
        revertStatus: 'failed',
        revertMessage: `Not put back: ${messageOf(error)}${jobId ? ` Undo job ${jobId} in the bulk-edit jobs to put the values back by hand.` : ''}`,
      });
    }
  }

  async #settleRevert(firing: Firing): Promise<void> {
    const { bulkEdits } = this.#deps;
    if (!firing.revertJobId || !firing.revertPlanId) return;
    await bulkEdits.jobSettled(firing.revertJobId);
    const job = await bulkEdits.getJob(firing.revertJobId);
    if (job.status === 'running') return;
    this.#closeRevert(firing, bulkEdits.getPlan(firing.revertPlanId), job);
  }

  #closeRevert(firing: Firing, plan: Plan, job: Job | null): void {
    const counts = countsOf(plan, job);
    const stopped = job?.status === 'stopped';
    const leftAlone = plan.rows.filter((row) => row.verdict === 'blocked');
    const message = [
      `Put back ${counts.changed} of ${plan.rows.length}.`,
      leftAlone.length > 0
        ? `${leftAlone.length} left as they are: ${leftAlone[0]?.reason ?? 'the planner refused it.'}`
        : null,
      counts.failed > 0 ? `${counts.failed} not put back by TikTok: ${firstFailure(job)}` : null,
      stopped ? `TikTok stopped the job: ${job.statusMessage ?? 'no reason given.'}` : null,
    ]
      .filter(Boolean)
      .join(' ');
    this.#deps.firings.update(firing.firingId, {
      revertStatus: stopped ? 'failed' : 'done',
      revertedAt: this.#deps.now().toISOString(),
      revertMessage: message,
    });
  }

  async #resumeFiring(firing: Firing): Promise<void> {
    const { bulkEdits, firings } = this.#deps;
    const jobId = firing.jobId ?? (firing.planId ? bulkEdits.jobIdForPlan(firing.planId) : null);
    if (jobId) {
      await this.#settle(firings.update(firing.firingId, { jobId }));
      return;
    }
    // Nothing was sent: planning again is safe, if the change still wants it now.
    const change = this.#deps.change(firing.changeId);
    const late = this.#deps.now().getTime() - Date.parse(firing.startedAt) > MAX_LATE_MS;
    const reason = !change
      ? 'the change was deleted'
      : !change.enabled
        ? 'the change was switched off'
        : change.version !== firing.changeVersion
          ? 'the change was edited'
          : this.#deps.paused()
            ? 'an admin switched scheduled changes off'
            : late
              ? `more than ${MAX_LATE_MS / 3_600_000} h went by`
              : null;
    if (!change || reason) {
      firings.update(firing.firingId, {
        status: 'failed',
        finishedAt: this.#deps.now().toISOString(),
        message: `Not done: the server restarted before anything was sent, and since then ${reason}.`,
      });
      return;
    }
    await this.#carryOut(change, firing);
  }

  async #resumeRevert(firing: Firing): Promise<void> {
    const { bulkEdits, firings } = this.#deps;
    const jobId =
      firing.revertJobId ??
      (firing.revertPlanId ? bulkEdits.jobIdForPlan(firing.revertPlanId) : null);
    if (jobId) {
      await this.#settleRevert(firings.update(firing.firingId, { revertJobId: jobId }));
      return;
    }
    firings.update(firing.firingId, { revertStatus: 'waiting', revertPlanId: null });
  }

  /** A change acts as its creator, who must still be an active buyer or admin. */
  #actor(staffId: string, email: string | null): Actor {
    const staff = this.#deps.staff(staffId);
    if (staff?.status !== 'active' || staff.role === 'viewer') {
      throw new Error(
        `a scheduled change acts as the person who created it (${email ?? staff?.email ?? staffId}), who is no longer an active buyer or admin.`,
      );
    }
    return staff;
  }
}

function countsOf(plan: Plan, job: Job | null): FiringCounts {
  return {
    changed: job?.counts.done ?? 0,
    unchanged: plan.summary.unchanged,
    needsApproval: plan.summary.needsApproval,
    blocked: plan.summary.blocked,
    failed: job ? job.counts.failed + job.counts.conflict + job.counts.unknown : 0,
  };
}

/** "Changed 2 of 3. 1 already at the new value." and what was not done, with the first reason. */
function firingSummary(plan: Plan, job: Job | null, counts: FiringCounts): string {
  const blocked = plan.rows.find((row) => row.verdict === 'blocked');
  return [
    `Changed ${counts.changed} of ${plan.rows.length}.`,
    counts.unchanged > 0 ? `${counts.unchanged} already at the new value.` : null,
    counts.needsApproval > 0
      ? `${counts.needsApproval} beyond the guardrail (±${plan.guardrails.maxChangePercent}%), not changed: a scheduled change does not wait for an admin’s approval; an admin may raise the guardrail, or schedule smaller steps.`
      : null,
    counts.blocked > 0
      ? `${counts.blocked} refused by the planner: ${blocked?.reason ?? 'see the plan.'}`
      : null,
    counts.failed > 0 ? `${counts.failed} not changed by TikTok: ${firstFailure(job)}` : null,
  ]
    .filter(Boolean)
    .join(' ');
}

function firstFailure(job: Job | null): string {
  const row = job?.rows.find((r) => ['failed', 'conflict', 'unknown'].includes(r.state));
  return row?.message ?? 'see the job.';
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
