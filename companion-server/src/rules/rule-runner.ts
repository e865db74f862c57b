import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { BulkEditService } from '../bulk-edits/bulk-edit-service';
import type { EditedField, FieldValue, Job, Plan, PlanRow } from '../contract/bulk-edits';
import type { Evaluation, EvaluationOutcome, Rule, RuleRun } from '../contract/rules';
import { newId } from '../lib/ids';
import { withCallBudget } from '../marketing-api/call-budget';
import type { CallBudget } from '../marketing-api/rate-limiter';
import type { Staff } from '../storage/state-schema';
import type { CycleData } from './cycle-data';
import { undoAt } from './rule-actions';
import { type Judgement, judgeRule } from './rule-evaluator';
import type { RuleRunLog } from './rule-run-log';
import type { WebhookNotifier } from './webhook-notifier';

/**
 * One run of one rule: judge every entity in scope (rule-evaluator.ts), hold back what the
 * rule's cool-down and cap say, plan the rest through the bulk-edit planner (TikTok's rules,
 * Bayme's guardrails), apply it as a bulk-edit job (journaled, audited "by rule …", undoable),
 * and log every entity's values, conditions and outcome.
 *
 * What survives a restart: the run and every entity's decision are written to the run log
 * before anything is sent, each action row carrying its plan's id; a plan is applied once
 * (the bulk-edit service finds a plan's job even if the plan never recorded it), and its job
 * resumes by itself. So a restart at any point neither repeats an action nor loses one
 * (resume(), below).
 *
 * An edit, a switch-off, a deletion or an admin's pause takes effect at the next entity:
 * before deciding each action, before sending each plan, and, once a plan's job is sent,
 * between its rows (rulesChanged() cancels the job: rows sent finish, the rest is not sent
 * and is logged with the reason).
 */

export interface RuleRunnerDeps {
  bulkEdits: BulkEditService;
  runLog: RuleRunLog;
  notifier: WebhookNotifier;
  /** The rule as stored now (null when deleted), to see edits made while a run is under way. */
  currentRule: (ruleId: string) => Rule | null;
  /** Whether an admin switched every rule off. */
  paused: () => boolean;
  /** The staff member a rule acts as (its creator), if still active. */
  staff: (staffId: string) => Staff | null;
  /** An ad account's time zone (its days and midnight). */
  timeZoneOf: (advertiserId: string) => string;
  /**
   * Resolves when a run may go on: after people's requests being served (the server's
   * PeopleWaiting), or on the next turn of the event loop (the default).
   */
  stepAside?: () => Promise<void>;
  log: FastifyBaseLogger;
  now: () => Date;
}

type Trigger = RuleRun['trigger'];
/** Runs work while no other run of the rule does (rules-service.ts), or skips it (null). */
export type Exclusive = <T>(ruleId: string, work: () => Promise<T>) => Promise<T | null>;
type Actor = Pick<Staff, 'id' | 'email' | 'role'>;

const HOUR_MS = 3_600_000;

/** A run under way in this process: its rule as it runs, its jobs, and why they were stopped. */
interface ActiveRun {
  rule: Rule;
  jobIds: Set<string>;
  /** Set when a change of the rule stopped the run's jobs. */
  stoppedBecause: string | null;
}

/**
 * A rule's calls: the jobs class, for its creator, leaving two slots of every second free so
 * that whoever opens a view during a cycle is not held behind it (a cycle has a minute and
 * needs a few seconds).
 */
export function ruleBudget(rule: Pick<Rule, 'createdBy'>): CallBudget {
  return { callClass: 'jobs', staffId: rule.createdBy, leaveFree: RULE_SLOTS_LEFT_FREE };
}

const RULE_SLOTS_LEFT_FREE = 2;
/** Log entries written in one transaction, between two turns of the event loop (100 take a few ms). */
const RECORDED_PER_TURN = 100;
/**
 * A cool-down that ends less than this after now counts as over: runs start some seconds into
 * their slot, so "48 h" measured between two 09:00 runs can come out at 47 h 59 min and would
 * otherwise slip a whole slot (a daily rule to every third day).
 */
const COOLDOWN_SLACK_MS = 5 * 60_000;

/** Plan verdicts as run-log outcomes: what became of an action the rule decided on. */
function outcomeOfPlanRow(row: PlanRow): { outcome: EvaluationOutcome; reason: string } {
  switch (row.verdict) {
    case 'ok':
    case 'adjusted':
      return { outcome: 'pending', reason: row.reason ?? 'Sent to TikTok.' };
    case 'unchanged':
      return { outcome: 'already', reason: row.reason ?? 'Already at this value.' };
    case 'needs_approval':
      return {
        outcome: 'needs_approval',
        reason: row.reason ?? 'Beyond the guardrail: waits for an admin’s approval.',
      };
    case 'blocked':
      return { outcome: 'blocked', reason: row.reason ?? 'The planner refused this change.' };
  }
}

const FIELD_WORDS: Record<string, string> = {
  operation_status: 'Status',
  budget: 'Budget',
  bid_price: 'Bid',
  conversion_bid_price: 'Bid',
};

/**
 * What a done entry says: the change, when it is undone, and the planner's note when it had
 * one (a value rounded to the currency). The values and each condition are beside it.
 */
function doneReason(rule: Rule, e: Evaluation): string {
  const change = e.change
    ? `${FIELD_WORDS[e.change.field] ?? e.change.field} ${e.change.before ?? '—'} → ${e.change.after ?? '—'}`
    : 'Changed';
  const until = !rule.until
    ? ''
    : rule.until.kind === 'midnight'
      ? ', until midnight in the account’s time zone'
      : `, for ${rule.until.hours} h`;
  // The planner's own note (e.g. rounded to the currency), not the runner's placeholders.
  const note = ['Sent to TikTok.', 'Conditions met.'].includes(e.reason) ? '' : ` ${e.reason}`;
  return `Done: ${change}${until}.${note}`;
}

export class RuleRunner {
  readonly #deps: RuleRunnerDeps;
  /** Runs under way, by run id: a change of their rule stops their jobs (rulesChanged). */
  readonly #active = new Map<string, ActiveRun>();

  constructor(deps: RuleRunnerDeps) {
    this.#deps = deps;
  }

  /** Run a rule now against the cycle's data; resolves when its jobs have finished. */
  async run(
    rule: Rule,
    data: CycleData,
    run: { slot: string; trigger: Trigger },
  ): Promise<RuleRun> {
    const { runLog, now } = this.#deps;
    const started: RuleRun = {
      runId: newId('run'),
      ruleId: rule.id,
      ruleName: rule.name,
      ruleVersion: rule.version,
      slot: run.slot,
      trigger: run.trigger,
      startedAt: now().toISOString(),
      finishedAt: null,
      status: 'running',
      message: null,
      evaluated: 0,
      matched: 0,
      acted: 0,
      needsApproval: 0,
      jobIds: [],
      undoAt: null,
      undoneAt: null,
    };
    runLog.startRun(started);
    this.#active.set(started.runId, { rule, jobIds: new Set(), stoppedBecause: null });
    // Rules of a cycle run one after another from cached figures: each starts on a new turn of
    // the event loop, once people's requests are served, so that a cycle never holds them up.
    await this.#turn();
    try {
      const actor = this.#actor(rule);
      const judged = await withCallBudget(ruleBudget(rule), () =>
        judgeRule(rule, data, now().getTime()),
      );
      if (judged.judgements.length === 0 && judged.problems.length > 0) {
        return this.#fail(rule, started, judged.problems.map((p) => p.message).join(' '));
      }
      const evaluations = this.#decide(rule, started, judged.judgements);
      const jobIds = await this.#act(rule, started, actor, evaluations);
      runLog.updateRun(started.runId, { jobIds });
      return await this.#finish(rule, started.runId, jobIds, judged.problems, evaluations);
    } catch (error) {
      this.#deps.log.error({ err: error, ruleId: rule.id }, 'rule run failed');
      return this.#fail(rule, started, error instanceof Error ? error.message : String(error));
    } finally {
      this.#active.delete(started.runId);
    }
  }

  /**
   * A rule was edited, switched off or deleted, or an admin paused every rule: the jobs of
   * the runs it concerns stop between rows. Called by the rules service after each change.
   */
  rulesChanged(): void {
    for (const active of this.#active.values()) this.#stopIfChanged(active);
  }

  #stopIfChanged(active: ActiveRun): void {
    const reason = active.stoppedBecause ?? this.#changedReason(active.rule);
    if (reason === null) return;
    active.stoppedBecause = reason;
    for (const jobId of active.jobIds) this.#deps.bulkEdits.cancelJob(jobId, reason);
  }

  /**
   * Runs a previous process left running: decisions that were never sent are sent now (their
   * plan is applied once: the bulk-edit service knows whether it already was), jobs that were
   * sent are waited for, and a run that died before deciding anything is closed as failed
   * (the caller runs the rule again). Returns the ids of rules to run again.
   */
  async resume(exclusive: Exclusive): Promise<string[]> {
    const again: string[] = [];
    for (const run of this.#deps.runLog.unfinishedRuns()) {
      // Held like a run: a "Run now" right after the restart must not decide the same items
      // again before this run's job has sent them.
      await exclusive(run.ruleId, () => this.#resumeRun(run, again));
    }
    return again;
  }

  async #resumeRun(run: RuleRun, again: string[]): Promise<void> {
    const rule = this.#deps.currentRule(run.ruleId);
    const evaluations = this.#deps.runLog.evaluationsOf(run.runId);
    if (evaluations.length === 0 || !rule) {
      this.#deps.runLog.updateRun(run.runId, {
        status: 'failed',
        finishedAt: this.#deps.now().toISOString(),
        message: rule
          ? 'Interrupted by a server restart before it decided anything: run again.'
          : 'Interrupted by a server restart, and the rule was deleted since: its bulk-edit jobs finish on their own (see the bulk-edit history).',
      });
      if (rule) again.push(rule.id);
      return;
    }
    // Watched like a run of the version that decided it: a later edit stops its jobs too.
    const active: ActiveRun = {
      rule: { ...rule, version: run.ruleVersion },
      jobIds: new Set(),
      stoppedBecause: null,
    };
    this.#active.set(run.runId, active);
    try {
      const jobIds = new Set(run.jobIds);
      const plans = new Set(
        evaluations.filter((e) => e.outcome === 'pending' && e.planId).map((e) => e.planId),
      );
      for (const planId of plans) {
        if (!planId) continue;
        const jobId =
          this.#deps.bulkEdits.jobIdForPlan(planId) ??
          (await this.#applyOrExpire(rule, run.runId, planId));
        if (jobId) jobIds.add(jobId);
      }
      this.#deps.runLog.updateRun(run.runId, { jobIds: [...jobIds] });
      for (const jobId of jobIds) active.jobIds.add(jobId);
      this.#stopIfChanged(active);
      // Read again: a plan that could no longer be applied was logged as failed meanwhile.
      const logged = this.#deps.runLog.evaluationsOf(run.runId);
      await this.#finish(rule, run.runId, [...jobIds], [], logged);
    } catch (error) {
      this.#deps.log.error({ err: error, runId: run.runId }, 'resuming a rule run failed');
      this.#fail(rule, run, error instanceof Error ? error.message : String(error));
    } finally {
      this.#active.delete(run.runId);
    }
  }

  /** Put back what a run with an "until" changed, through bulk-edit undo of its jobs. */
  async undo(run: RuleRun, reason: string): Promise<void> {
    const rule = this.#deps.currentRule(run.ruleId);
    const actor = rule ? this.#actor(rule) : null;
    if (!actor) {
      this.#deps.runLog.markUndone(run.runId, this.#deps.now().toISOString());
      return;
    }
    for (const jobId of run.jobIds) {
      const job = await this.#deps.bulkEdits.getJob(jobId);
      if (!job.canUndo) continue;
      const plan = await this.#deps.bulkEdits.planUndo(actor, jobId);
      if (plan.rows.some((row) => row.verdict === 'ok' || row.verdict === 'adjusted')) {
        const undo = await this.#deps.bulkEdits.apply(actor, plan.planId);
        await this.#deps.bulkEdits.jobSettled(undo.jobId);
      }
    }
    this.#deps.runLog.markUndone(run.runId, this.#deps.now().toISOString());
    this.#deps.log.info({ runId: run.runId, ruleId: run.ruleId }, reason);
  }

  /** Cool-down, cap and a changed rule, per entity, before anything is planned. */
  #decide(rule: Rule, run: RuleRun, judgements: readonly Judgement[]): Evaluation[] {
    const now = this.#deps.now();
    const acting = judgements.filter((j) => j.verdict.kind === 'change').map((j) => j.entity.id);
    const lastActed = this.#deps.runLog.lastActedAtMany(rule.id, acting);
    const coolUntil = (id: string) => {
      const at = lastActed.get(id);
      return at ? Date.parse(at) + rule.cooldownHours * HOUR_MS : null;
    };
    let actions = 0;
    let changed: string | null = null;
    return judgements.map((j) => {
      const base = {
        runId: run.runId,
        ruleId: rule.id,
        ruleVersion: rule.version,
        advertiserId: j.advertiserId,
        level: j.level,
        entityId: j.entity.id,
        entityName: j.entity.name,
        evaluatedAt: now.toISOString(),
        values: j.values,
        conditions: j.conditions,
        matched: j.matched,
        planId: null,
        jobId: null,
      };
      const { verdict } = j;
      switch (verdict.kind) {
        case 'no_match':
        case 'no_data':
        case 'not_enough_data':
          return { ...base, outcome: verdict.kind, reason: verdict.reason, change: null };
        case 'skip':
          return { ...base, outcome: verdict.outcome, reason: verdict.reason, change: null };
        case 'notify':
          return { ...base, outcome: 'notified', reason: verdict.reason, change: null };
        default: {
          // An edit, a switch-off or an admin's pause takes effect at the next entity. Asked
          // only where it matters: each look reads (clones) the whole stored state.
          changed ??= this.#changedReason(rule);
          // A change: held back by a changed rule, the cool-down or the cap, or planned.
          const change = { field: verdict.field, before: verdict.before, after: verdict.after };
          if (changed) return { ...base, outcome: 'rule_changed', reason: changed, change };
          const until = coolUntil(j.entity.id);
          if (until !== null && until > now.getTime() + COOLDOWN_SLACK_MS) {
            return {
              ...base,
              outcome: 'cooldown',
              reason: `This rule acted on it at ${lastActed.get(j.entity.id)}; its cool-down of ${rule.cooldownHours} h lasts until ${new Date(until).toISOString()}.`,
              change,
            };
          }
          if (actions >= rule.maxActionsPerRun) {
            return {
              ...base,
              outcome: 'cap_reached',
              reason: `This run already took ${rule.maxActionsPerRun} action(s), the rule’s most per run: the next run may act.`,
              change,
            };
          }
          actions += 1;
          return { ...base, outcome: 'pending', reason: verdict.reason, change };
        }
      }
    });
  }

  #turn(): Promise<void> {
    return this.#deps.stepAside ? this.#deps.stepAside() : nextTurn();
  }

  async #record(evaluations: readonly Evaluation[]): Promise<void> {
    for (let start = 0; start < evaluations.length; start += RECORDED_PER_TURN) {
      if (start > 0) await this.#turn();
      this.#deps.runLog.recordEvaluations(evaluations.slice(start, start + RECORDED_PER_TURN));
    }
  }

  /** A plan's decisions, logged as pending, that are not sent because the rule changed. */
  async #notSent(evaluations: Evaluation[], planId: string, reason: string): Promise<void> {
    const held = evaluations.filter((e) => e.planId === planId && e.outcome === 'pending');
    for (const e of held) {
      e.outcome = 'rule_changed';
      e.reason = reason;
    }
    await this.#record(held);
  }

  #changedReason(rule: Rule): string | null {
    if (this.#deps.paused()) return 'An admin paused every rule during this run.';
    const current = this.#deps.currentRule(rule.id);
    if (!current) return 'The rule was deleted during this run.';
    if (!current.enabled) return 'The rule was switched off during this run.';
    if (current.version !== rule.version) {
      return `The rule was edited during this run (now version ${current.version}): the next run uses the new version.`;
    }
    return null;
  }

  /**
   * Plan each account's actions, log every decision (with its plan), then apply. Actions
   * beyond the guardrail are planned apart, for an admin to approve and apply.
   */
  async #act(rule: Rule, run: RuleRun, actor: Actor, evaluations: Evaluation[]): Promise<string[]> {
    const byAccount = new Map<string, Evaluation[]>();
    for (const e of evaluations) {
      if (e.outcome !== 'pending') continue;
      byAccount.set(e.advertiserId, [...(byAccount.get(e.advertiserId) ?? []), e]);
    }
    const plans: Plan[] = [];
    for (const [advertiserId, pending] of byAccount) {
      const plan = await this.#plan(rule, run.runId, actor, advertiserId, pending);
      const rows = new Map(plan.rows.map((row) => [row.entityId, row]));
      const approvals: Evaluation[] = [];
      for (const e of pending) {
        const row = rows.get(e.entityId);
        const { outcome, reason } = row
          ? outcomeOfPlanRow(row)
          : { outcome: 'blocked' as const, reason: 'Left out of the plan.' };
        e.outcome = outcome;
        e.reason = reason;
        e.planId = plan.planId;
        if (row) e.change = { field: row.field, before: row.before, after: row.after };
        if (outcome === 'needs_approval') approvals.push(e);
      }
      plans.push(plan);
      if (approvals.length > 0) {
        // Its own plan, so that the admin's approval applies exactly these rows.
        const forApproval = await this.#plan(rule, run.runId, actor, advertiserId, approvals);
        for (const e of approvals) {
          e.planId = forApproval.planId;
          e.reason = `${e.reason} Plan ${forApproval.planId} waits for an admin (valid until ${forApproval.expiresAt}).`;
        }
      }
    }
    // The decisions reach the log before anything is sent to TikTok: in slices, each in its
    // own transaction and turn of the event loop (a run may judge 5,000 items).
    await this.#record(evaluations);
    const jobIds: string[] = [];
    const active = this.#active.get(run.runId);
    for (const plan of plans) {
      if (!plan.rows.some((row) => row.verdict === 'ok' || row.verdict === 'adjusted')) continue;
      const changed = active?.stoppedBecause ?? this.#changedReason(rule);
      if (changed) {
        await this.#notSent(evaluations, plan.planId, changed);
        continue;
      }
      const job = await this.#deps.bulkEdits.apply(actor, plan.planId);
      jobIds.push(job.jobId);
      // A change made while the plan was being applied stops the job at once.
      if (active) {
        active.jobIds.add(job.jobId);
        this.#stopIfChanged(active);
      }
    }
    const approvals = evaluations.filter((e) => e.outcome === 'needs_approval');
    if (approvals.length > 0 && rule.notify.onApprovalNeeded) {
      this.#deps.notifier.notify({
        url: rule.notify.webhookUrl,
        event: 'approval_needed',
        ruleId: rule.id,
        ruleName: rule.name,
        text: `Rule “${rule.name}” wants to change ${approvals.length} item(s) beyond the guardrail: an admin must approve plan ${approvals[0]?.planId}.`,
        details: { runId: run.runId, entityIds: approvals.map((e) => e.entityId) },
      });
    }
    return jobIds;
  }

  #plan(
    rule: Rule,
    runId: string,
    actor: Actor,
    advertiserId: string,
    evaluations: readonly Evaluation[],
  ): Promise<Plan> {
    const targets = new Map<
      string,
      { field: EditedField; value: FieldValue; before: FieldValue | null }
    >();
    for (const e of evaluations) {
      if (!e.change || e.change.after === null) continue;
      targets.set(e.entityId, {
        field: e.change.field as EditedField,
        value: e.change.after,
        before: e.change.before,
      });
    }
    return withCallBudget(ruleBudget(rule), () =>
      this.#deps.bulkEdits.planForRule(actor, {
        advertiserId,
        level: rule.scope.level,
        purpose: { kind: 'rule', ruleId: rule.id, ruleName: rule.name, runId },
        targets,
      }),
    );
  }

  /** A plan decided before a restart and never applied: applied now if still valid. */
  async #applyOrExpire(rule: Rule, runId: string, planId: string): Promise<string | null> {
    const actor = this.#actor(rule);
    try {
      const job = await this.#deps.bulkEdits.apply(actor, planId);
      return job.jobId;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const evaluations = this.#deps.runLog
        .evaluationsOf(runId)
        .filter((e) => e.planId === planId && e.outcome === 'pending')
        .map((e) => ({
          ...e,
          outcome: 'failed' as const,
          reason: `Not sent: the server restarted before sending it, and then: ${message} The next run decides again.`,
        }));
      this.#deps.runLog.recordEvaluations(evaluations);
      return null;
    }
  }

  /**
   * Wait for the run's jobs, write each action's result, close the run, notify. `evaluations`
   * are the run's log entries as written (kept by the run, or read back once by a resumed
   * run): reading a thousand entries back here held the event loop for about 35 ms, in the
   * middle of a cycle, while people's views waited (bench:rules).
   */
  async #finish(
    rule: Rule,
    runId: string,
    jobIds: readonly string[],
    problems: ReadonlyArray<{ advertiserId: string; message: string }>,
    evaluations: readonly Evaluation[],
  ): Promise<RuleRun> {
    const { bulkEdits, runLog, now } = this.#deps;
    const jobs: Job[] = [];
    for (const jobId of jobIds) {
      await bulkEdits.jobSettled(jobId);
      jobs.push(await bulkEdits.getJob(jobId));
    }
    const stoppedBecause = this.#active.get(runId)?.stoppedBecause ?? null;
    const rowsByPlan = new Map(
      jobs.map((job) => [job.planId, new Map(job.rows.map((row) => [row.entityId, row]))]),
    );
    const updated: Evaluation[] = [];
    for (const e of evaluations) {
      if (e.outcome !== 'pending' || !e.planId) continue;
      const job = jobs.find((j) => j.planId === e.planId);
      const row = rowsByPlan.get(e.planId)?.get(e.entityId);
      if (!job || !row) continue;
      if (row.state === 'skipped') {
        // A decision sent in a job is skipped there only when a change of the rule stopped
        // the job before its row went out (rows skipped from the plan were never pending).
        updated.push({
          ...e,
          jobId: job.jobId,
          outcome: 'rule_changed',
          reason: stoppedBecause ?? row.message ?? 'The rule changed during this run.',
        });
        continue;
      }
      const done = row.state === 'done';
      updated.push({
        ...e,
        jobId: job.jobId,
        // A conflict is the job's own check (the value moved since the plan, e.g. another
        // rule paused it first): refused before sending, not a TikTok failure.
        outcome: done
          ? 'done'
          : row.state === 'pending'
            ? 'pending'
            : row.state === 'conflict'
              ? 'blocked'
              : 'failed',
        reason: done
          ? doneReason(rule, e)
          : (row.message ?? (row.state === 'pending' ? 'Not sent yet.' : 'TikTok refused it.')),
      });
    }
    await this.#record(updated);
    // The log as it now stands, without reading it back: the results replace their entries.
    const results = new Map(updated.map((e) => [e.entityId, e]));
    const final = evaluations.map((e) => results.get(e.entityId) ?? e);
    const acted = final.filter((e) => e.outcome === 'done').length;
    const stillPending = final.some((e) => e.outcome === 'pending');
    const until =
      rule.until && acted > 0 ? undoAt(rule.until, this.#timeZone(rule), now().getTime()) : null;
    // Decisions a change of the rule kept from TikTok (while deciding, or while sending).
    const held = final.filter((e) => e.outcome === 'rule_changed');
    const messages = [
      problems.length > 0
        ? `Some ad accounts could not be read: ${problems.map((p) => `${p.advertiserId}: ${p.message}`).join(' ')}`
        : null,
      held.length > 0
        ? `Stopped during the run: ${held[0]?.reason} ${held.length} change(s) not sent.`
        : null,
    ].filter((m) => m !== null);
    const message = messages.length > 0 ? messages.join(' ') : null;
    const unreadable = problems.length > 0;
    runLog.updateRun(runId, {
      status: stillPending ? 'running' : 'done',
      finishedAt: stillPending ? null : now().toISOString(),
      message,
      evaluated: final.length,
      matched: final.filter((e) => e.matched).length,
      acted,
      needsApproval: final.filter((e) => e.outcome === 'needs_approval').length,
      undoAt: until === null ? null : new Date(until).toISOString(),
    });
    const failed = final.filter((e) => e.outcome === 'failed');
    if (acted > 0 && rule.notify.onAction) {
      const done = final.filter((e) => e.outcome === 'done');
      this.#deps.notifier.notify({
        url: rule.notify.webhookUrl,
        event: 'action',
        ruleId: rule.id,
        ruleName: rule.name,
        text: `Rule “${rule.name}” changed ${acted} item(s): ${done
          .slice(0, 10)
          .map(
            (e) =>
              `${e.entityName ?? e.entityId} (${e.change?.field} ${e.change?.before} → ${e.change?.after})`,
          )
          .join(', ')}${acted > 10 ? ', …' : ''}.`,
        details: { runId, jobIds, entityIds: done.map((e) => e.entityId) },
      });
    }
    if ((failed.length > 0 || unreadable) && rule.notify.onFailure) {
      this.#deps.notifier.notify({
        url: rule.notify.webhookUrl,
        event: 'failure',
        ruleId: rule.id,
        ruleName: rule.name,
        text: `Rule “${rule.name}”: ${failed.length} change(s) failed.${message ? ` ${message}` : ''}`,
        details: { runId, entityIds: failed.map((e) => e.entityId) },
      });
    }
    const run = runLog.getRun(runId);
    if (!run) throw new Error(`The run ${runId} is missing from the run log.`);
    return run;
  }

  #fail(rule: Rule, run: RuleRun, message: string): RuleRun {
    const failed: Partial<RuleRun> = {
      status: 'failed',
      finishedAt: this.#deps.now().toISOString(),
      message,
    };
    this.#deps.runLog.updateRun(run.runId, failed);
    if (rule.notify.onFailure) {
      this.#deps.notifier.notify({
        url: rule.notify.webhookUrl,
        event: 'failure',
        ruleId: rule.id,
        ruleName: rule.name,
        text: `Rule “${rule.name}” failed: ${message}`,
        details: { runId: run.runId },
      });
    }
    return { ...run, ...failed };
  }

  /** The rule acts as its creator, who must still be an active buyer or admin. */
  #actor(rule: Rule): Actor {
    const staff = this.#deps.staff(rule.createdBy);
    if (staff?.status !== 'active' || staff.role === 'viewer') {
      throw new Error(
        `The rule acts as the person who created it (${rule.createdByEmail}), who is no longer an active buyer or admin: an admin must take the rule over.`,
      );
    }
    return staff;
  }

  /** A rule's days and times follow its first ad account's time zone. */
  #timeZone(rule: Rule): string {
    return this.#deps.timeZoneOf(rule.scope.advertiserIds[0] as string);
  }
}
