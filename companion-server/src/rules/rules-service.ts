import { staffActor } from '../audit/actors';
import type { ConnectionService } from '../connections/connection-service';
import type { RouteQuery, RouteResponse } from '../contract/route';
import type {
  Evaluation,
  Rule,
  RuleInput,
  RuleRun,
  RulesSettings,
  RuleView,
  searchEvaluations,
} from '../contract/rules';
import { badRequest, conflict, forbidden, notFound } from '../errors';
import { newId } from '../lib/ids';
import { withCallBudget } from '../marketing-api/call-budget';
import type { AuditLog } from '../storage/audit-log';
import type { Staff, State } from '../storage/state-schema';
import type { StateStore } from '../storage/state-store';
import type { CycleData } from './cycle-data';
import { judgeRule } from './rule-evaluator';
import type { RuleRunLog } from './rule-run-log';
import type { RuleRunner } from './rule-runner';
import { nextSlot } from './rule-schedule';
import { ruleProblems } from './rule-scope';
import { decodeRunLogCursor, encodeRunLogCursor } from './run-log-cursor';

/**
 * Rules as people see them: create, edit, switch on and off, preview, run now, read runs and
 * the log, and the admins' switch for all rules. Every change is audited. The scheduler
 * (rule-scheduler.ts) runs them; the runner (rule-runner.ts) acts.
 *
 * Who may do what: viewers read; buyers create rules and edit or delete any rule (Bayme's
 * buyers share the ad accounts they run); only admins switch every rule off. A rule acts as
 * the person who created it, whatever later edits it.
 */

type Actor = Pick<Staff, 'id' | 'email' | 'role'>;

export interface RulesServiceDeps {
  store: StateStore<State>;
  audit: AuditLog;
  connections: ConnectionService;
  runLog: RuleRunLog;
  runner: RuleRunner;
  /** A fresh cycle's reads (one per preview, per manual run, per scheduler tick). */
  newCycle: () => CycleData;
  /** Each connected ad account's time zone, read once per call (services.ts). */
  timeZones: () => ReadonlyMap<string, string>;
  now: () => Date;
}

export class RulesService {
  readonly #deps: RulesServiceDeps;
  /** Rules running right now (a manual run and a scheduled one never overlap). */
  readonly #running = new Set<string>();

  constructor(deps: RulesServiceDeps) {
    this.#deps = deps;
  }

  rules(): Rule[] {
    return this.#deps.store.read().rules;
  }

  rule(ruleId: string): Rule | null {
    return this.rules().find((rule) => rule.id === ruleId) ?? null;
  }

  settings(): RulesSettings {
    return this.#deps.store.read().rulesSettings;
  }

  list(
    reader: Actor,
    query: { advertiserId?: string | undefined },
  ): { rules: RuleView[]; settings: RulesSettings } {
    const rules = this.rules().filter(
      (rule) => !query.advertiserId || rule.scope.advertiserIds.includes(query.advertiserId),
    );
    // One read of the accounts for the whole list, not one per rule.
    const zones = this.#deps.timeZones();
    return {
      rules: rules.map((rule) => this.#view(rule, reader, zones)),
      settings: this.settings(),
    };
  }

  get(reader: Actor, ruleId: string): RuleView {
    return this.#view(this.#require(ruleId), reader);
  }

  async create(actor: Actor, input: RuleInput): Promise<RuleView> {
    this.#check(input);
    const now = this.#deps.now().toISOString();
    const rule: Rule = {
      ...input,
      id: newId('rule'),
      version: 1,
      createdBy: actor.id,
      createdByEmail: actor.email,
      createdAt: now,
      updatedBy: actor.id,
      updatedAt: now,
    };
    await this.#deps.store.update((state) => {
      state.rules.push(rule);
    });
    await this.#audit(actor, 'rule.create', rule, `Rule “${rule.name}” created.`);
    return this.#view(rule);
  }

  async update(actor: Actor, ruleId: string, input: RuleInput): Promise<RuleView> {
    this.#check(input);
    const updated = await this.#deps.store.update((state) => {
      const index = state.rules.findIndex((rule) => rule.id === ruleId);
      const current = state.rules[index];
      if (!current) throw notFound(`There is no rule ${ruleId}.`);
      const next: Rule = {
        ...current,
        ...input,
        version: current.version + 1,
        updatedBy: actor.id,
        updatedAt: this.#deps.now().toISOString(),
      };
      state.rules[index] = next;
      return { before: current, after: next };
    });
    // A run of the old version stops at its next entity (rule-runner.ts).
    this.#deps.runner.rulesChanged();
    await this.#audit(
      actor,
      'rule.update',
      updated.after,
      `Rule “${updated.after.name}” changed (version ${updated.after.version}).`,
      { before: updated.before, after: updated.after },
    );
    return this.#view(updated.after);
  }

  async remove(actor: Actor, ruleId: string): Promise<void> {
    const removed = await this.#deps.store.update((state) => {
      const rule = state.rules.find((r) => r.id === ruleId);
      if (!rule) throw notFound(`There is no rule ${ruleId}.`);
      state.rules = state.rules.filter((r) => r.id !== ruleId);
      return rule;
    });
    this.#deps.runner.rulesChanged();
    await this.#audit(actor, 'rule.delete', removed, `Rule “${removed.name}” deleted.`);
  }

  async setPaused(actor: Actor, paused: boolean): Promise<RulesSettings> {
    if (actor.role !== 'admin') throw forbidden('Only an admin can switch every rule on or off.');
    const settings: RulesSettings = paused
      ? { paused: true, pausedBy: actor.email, pausedAt: this.#deps.now().toISOString() }
      : { paused: false, pausedBy: null, pausedAt: null };
    await this.#deps.store.update((state) => {
      state.rulesSettings = settings;
    });
    if (paused) this.#deps.runner.rulesChanged();
    await this.#deps.audit.append({
      actor: staffActor(actor),
      action: paused ? 'rules.pause_all' : 'rules.resume_all',
      outcome: 'success',
      message: paused ? 'Every automated rule switched off.' : 'Automated rules switched back on.',
    });
    return settings;
  }

  /** What the rule would do now, entity by entity: reads TikTok, writes nothing. */
  async preview(actor: Actor, input: RuleInput) {
    this.#check(input);
    const now = this.#deps.now();
    const judged = await withCallBudget({ callClass: 'interactive', staffId: actor.id }, () =>
      judgeRule(input, this.#deps.newCycle(), now.getTime()),
    );
    return {
      evaluatedAt: now.toISOString(),
      evaluations: judged.judgements.map((j) => ({
        ruleVersion: 0,
        advertiserId: j.advertiserId,
        level: j.level,
        entityId: j.entity.id,
        entityName: j.entity.name,
        evaluatedAt: now.toISOString(),
        values: j.values,
        conditions: j.conditions,
        matched: j.matched,
        ...previewOutcome(j.verdict),
        planId: null,
        jobId: null,
      })),
      problems: judged.problems,
      truncated: judged.truncated,
    };
  }

  /** Run a saved rule now, outside its schedule: it acts like a scheduled run. */
  async runNow(actor: Actor, ruleId: string): Promise<RuleRun> {
    const rule = this.#require(ruleId);
    if (this.settings().paused) {
      throw conflict(
        'An admin has switched every rule off: nothing runs until it is switched on.',
        'rules_paused',
      );
    }
    if (!rule.enabled) throw conflict('Switch the rule on before running it.', 'rule_disabled');
    const run = await this.runExclusive(rule, this.#deps.newCycle(), {
      slot: `manual:${actor.id}`,
      trigger: 'manual',
    });
    if (!run)
      throw conflict(
        'This rule is running right now: wait for that run to finish.',
        'rule_running',
      );
    return run;
  }

  /** Runs a rule unless it is already running (then null). */
  runExclusive(
    rule: Rule,
    data: CycleData,
    run: { slot: string; trigger: RuleRun['trigger'] },
  ): Promise<RuleRun | null> {
    return this.exclusive(rule.id, () => this.#deps.runner.run(rule, data, run));
  }

  /** Work on a rule's runs while no other does (a run, a resumed run); null when one does. */
  readonly exclusive = async <T>(ruleId: string, work: () => Promise<T>): Promise<T | null> => {
    if (this.#running.has(ruleId)) return null;
    this.#running.add(ruleId);
    try {
      return await work();
    } finally {
      this.#running.delete(ruleId);
    }
  };

  runs(ruleId: string, limit: number): RuleRun[] {
    this.#require(ruleId);
    return this.#deps.runLog.listRuns(ruleId, limit);
  }

  /** A page of the run log, and the cursor of the next (null after the last). */
  search(query: RouteQuery<typeof searchEvaluations>): RouteResponse<typeof searchEvaluations> {
    const { cursor, ...filters } = query;
    const after = cursor === undefined ? undefined : decodeRunLogCursor(cursor);
    if (after === null) {
      throw badRequest(
        'This run log cursor is not one the server gave: load the log again from its first page.',
        'invalid_cursor',
      );
    }
    const { evaluations, next } = this.#deps.runLog.search({
      ...filters,
      ...(after ? { after } : {}),
    });
    return { evaluations, nextCursor: next === null ? null : encodeRunLogCursor(next) };
  }

  /** Undo a run's changes now, through bulk-edit undo of its jobs. */
  async undoRun(actor: Actor, runId: string): Promise<RuleRun> {
    const run = this.#deps.runLog.getRun(runId);
    if (!run) throw notFound(`There is no rule run ${runId}.`);
    if (run.status === 'running') throw conflict('The run is still going: wait for it to finish.');
    if (run.acted === 0) throw badRequest('This run changed nothing: there is nothing to undo.');
    await this.#deps.runner.undo(run, `Run undone by ${actor.email}.`);
    await this.#deps.audit.append({
      actor: staffActor(actor),
      action: 'rule.run.undo',
      outcome: 'success',
      message: `Undid the changes of run ${runId} of rule “${run.ruleName}”.`,
      details: { ruleId: run.ruleId, runId },
    });
    return this.#deps.runLog.getRun(runId) ?? run;
  }

  recentActions(advertiserId: string, hours: number) {
    const since = new Date(this.#deps.now().getTime() - hours * 3_600_000).toISOString();
    return { actions: this.#deps.runLog.recentActions(advertiserId, since) };
  }

  #require(ruleId: string): Rule {
    const rule = this.rule(ruleId);
    if (!rule) throw notFound(`There is no rule ${ruleId}.`);
    return rule;
  }

  /** What zod cannot say (rule-scope.ts ruleProblems), and accounts that are not connected. */
  #check(input: RuleInput): void {
    const problems = ruleProblems(input);
    const accounts = new Map(
      this.#deps.connections.listAdAccounts().map((a) => [a.advertiserId, a]),
    );
    for (const id of input.scope.advertiserIds) {
      if (!accounts.has(id)) {
        problems.push({
          path: 'scope.advertiserIds',
          message: `The ad account ${id} is not connected.`,
        });
      }
    }
    // Schedules, "until midnight" and the days of windows follow one time zone per rule.
    const zones = new Set(
      input.scope.advertiserIds.flatMap((id) => accounts.get(id)?.timezone ?? []),
    );
    if (zones.size > 1) {
      problems.push({
        path: 'scope.advertiserIds',
        message: `These ad accounts are in different time zones (${[...zones].join(', ')}): a rule’s schedule, days and midnight follow one zone, so make one rule per zone.`,
      });
    }
    if (problems.length > 0) {
      throw badRequest(
        `Invalid rule: ${problems.map((p) => `${p.path}: ${p.message}`).join(' ')}`,
        'invalid_rule',
      );
    }
  }

  /** Viewers see a rule's own webhook by its origin only (contract/rules.ts RuleNotify). */
  #view(
    stored: Rule,
    reader?: Actor,
    zones: ReadonlyMap<string, string> = this.#deps.timeZones(),
  ): RuleView {
    const { webhookUrl } = stored.notify;
    const rule =
      webhookUrl && reader?.role === 'viewer'
        ? { ...stored, notify: { ...stored.notify, webhookUrl: `${new URL(webhookUrl).origin}/` } }
        : stored;
    // A rule's days and times follow its first ad account's time zone.
    const zone = zones.get(rule.scope.advertiserIds[0] as string);
    const next =
      rule.enabled && zone ? nextSlot(rule.schedule, zone, this.#deps.now().getTime()) : null;
    return {
      ...rule,
      lastRun: this.#deps.runLog.lastRun(rule.id),
      nextRunAt: next ? new Date(next.at).toISOString() : null,
    };
  }

  async #audit(
    actor: Actor,
    action: string,
    rule: Rule,
    message: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.#deps.audit.append({
      actor: staffActor(actor),
      action,
      outcome: 'success',
      message,
      details: { ruleId: rule.id, ...details },
    });
  }
}

function previewOutcome(
  verdict: import('./rule-evaluator').Verdict,
): Pick<Evaluation, 'outcome' | 'reason' | 'change'> {
  switch (verdict.kind) {
    case 'no_match':
    case 'no_data':
    case 'not_enough_data':
      return { outcome: verdict.kind, reason: verdict.reason, change: null };
    case 'skip':
      return { outcome: verdict.outcome, reason: verdict.reason, change: null };
    case 'notify':
      return { outcome: 'would_act', reason: 'Would notify.', change: null };
    case 'change':
      return {
        outcome: 'would_act',
        reason:
          'Conditions met: would change it (before the cool-down, the cap and the planner’s checks).',
        change: { field: verdict.field, before: verdict.before, after: verdict.after },
      };
  }
}
