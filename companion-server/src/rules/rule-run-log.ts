import type { z } from 'zod';
import type { RouteQuery, RouteResponse } from '../contract/route';
import {
  type Evaluation,
  EvaluationSchema,
  type RuleRun,
  RuleRunSchema,
  recentRuleActions,
  type searchEvaluations,
} from '../contract/rules';
import type { SqlDatabase, SqlValue } from '../storage/sql-database';
import type { RunLogCursor } from './run-log-cursor';

/**
 * The rules' run log in the server's SQL database (room "rules", tables in
 * rules-migrations.ts): one row per run, and one per entity each run evaluated with the
 * values it read, each condition's result and what it did or why not.
 *
 * Methods are synchronous (better-sqlite3 is): each is one short statement or one
 * transaction. Rows read back are parsed with the contract's schemas, since what is on disk
 * is a boundary: a corrupt row fails with an error naming its run instead of reaching a
 * buyer's screen half-read. Times are stored as UTC ISO strings (see rules-migrations.ts);
 * a time given with another offset is stored as the same instant in UTC.
 */

/** What a run may change after it started; its identity (ids, rule, slot, start) never does. */
const PATCHABLE = [
  'finishedAt',
  'status',
  'message',
  'evaluated',
  'matched',
  'acted',
  'needsApproval',
  'jobIds',
  'undoAt',
] as const satisfies readonly (keyof RuleRun)[];
export type RuleRunPatch = Partial<Pick<RuleRun, (typeof PATCHABLE)[number]>>;

/** The route's filters; pages go on after a decoded cursor (run-log-cursor.ts). */
export type EvaluationSearch = Omit<RouteQuery<typeof searchEvaluations>, 'cursor'> & {
  after?: RunLogCursor;
};
export type RecentRuleAction = RouteResponse<typeof recentRuleActions>['actions'][number];

export interface PruneOptions {
  /** Also delete evaluations where nothing happened (no match, no data) before this time. */
  quietCutoffIso?: string;
  /** Delete at most this many evaluations in this call. */
  maxEvaluations?: number;
}

export interface PruneCounts {
  runs: number;
  evaluations: number;
}

/** A row on disk that does not parse. */
export class RuleLogCorruptError extends Error {
  constructor(runId: unknown, entityId: unknown, detail: string) {
    const entity = entityId === null ? '' : `, entity ${String(entityId)}`;
    super(
      `The rule log has a corrupt row (run ${String(runId)}${entity}): ${detail}. Delete that run's rows or restore the database from a backup.`,
    );
    this.name = 'RuleLogCorruptError';
  }
}

/** What `actedOnly` keeps: the log's entries where something happened or was asked for. */
const ACTED_OUTCOMES = `('done', 'needs_approval', 'failed', 'notified')`;

/** Evaluations where nothing happened or was held back: kept for a shorter time if asked. */
const QUIET_OUTCOMES = `('no_match', 'not_enough_data', 'no_data')`;

const RUN_COLUMNS = `run_id, rule_id, rule_name, rule_version, slot, run_trigger, started_at,
  finished_at, status, message, evaluated, matched, acted, needs_approval, job_ids, undo_at`;

const EVALUATION_COLUMNS = `run_id, rule_id, rule_version, advertiser_id, level, entity_id,
  entity_name, evaluated_at, metric_values, conditions, matched, outcome, reason, change,
  plan_id, job_id`;

const INSERT_RUN = `INSERT INTO rule_runs (${RUN_COLUMNS}) VALUES (@run_id, @rule_id,
  @rule_name, @rule_version, @slot, @run_trigger, @started_at, @finished_at, @status, @message,
  @evaluated, @matched, @acted, @needs_approval, @job_ids, @undo_at)`;

const UPDATE_RUN = `UPDATE rule_runs SET finished_at = @finished_at, status = @status,
  message = @message, evaluated = @evaluated, matched = @matched, acted = @acted,
  needs_approval = @needs_approval, job_ids = @job_ids, undo_at = @undo_at
  WHERE run_id = @run_id`;

/** The same entity recorded again in the same run (a restart) replaces its row. */
const UPSERT_EVALUATION = `INSERT INTO rule_evaluations (${EVALUATION_COLUMNS}) VALUES (@run_id,
  @rule_id, @rule_version, @advertiser_id, @level, @entity_id, @entity_name, @evaluated_at,
  @metric_values, @conditions, @matched, @outcome, @reason, @change, @plan_id, @job_id)
  ON CONFLICT (run_id, entity_id) DO UPDATE SET rule_id = excluded.rule_id,
  rule_version = excluded.rule_version, advertiser_id = excluded.advertiser_id,
  level = excluded.level, entity_name = excluded.entity_name,
  evaluated_at = excluded.evaluated_at, metric_values = excluded.metric_values,
  conditions = excluded.conditions, matched = excluded.matched, outcome = excluded.outcome,
  reason = excluded.reason, change = excluded.change, plan_id = excluded.plan_id,
  job_id = excluded.job_id`;

/**
 * Runs that may go: started before the cutoff and finished, except those whose changes are
 * still to be undone (the undo needs their job ids). Their evaluations go with them.
 */
const PRUNABLE_RUNS = `SELECT run_id FROM rule_runs WHERE started_at < ? AND status <> 'running'
  AND NOT (status = 'done' AND undo_at IS NOT NULL AND undone_at IS NULL)`;

const ITEM_SCHEMA = recentRuleActions.response.shape.actions.element;

export class RuleRunLog {
  readonly #db: SqlDatabase;

  /** `db` must have been opened with RULES_ROOM (rules-migrations.ts). */
  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  /** Records a run as it starts; a run id already in the log is an error. */
  startRun(run: RuleRun): void {
    const checked = RuleRunSchema.parse(run);
    this.#db.prepare(INSERT_RUN).run(runParams(checked));
  }

  /** Changes what a run has done so far; returns the run as stored. */
  updateRun(runId: string, patch: RuleRunPatch): RuleRun {
    return this.#db.transaction(() => {
      const current = this.getRun(runId);
      if (current === null) throw new Error(`The rule log has no run ${runId}.`);
      // Only the patchable fields, and only those given: a whole run passed as a patch must
      // not move the update to another run id.
      const changes = PATCHABLE.filter((key) => patch[key] !== undefined).map((key) => [
        key,
        patch[key],
      ]);
      const updated = RuleRunSchema.parse({ ...current, ...Object.fromEntries(changes) });
      this.#db.prepare(UPDATE_RUN).run(runParams(updated));
      return this.#runOrThrow(runId);
    });
  }

  getRun(runId: string): RuleRun | null {
    const row = this.#db
      .prepare(`SELECT ${RUN_COLUMNS}, undone_at FROM rule_runs WHERE run_id = ?`)
      .get([runId]);
    return row === undefined ? null : runFromRow(row);
  }

  /** Newest first. */
  listRuns(ruleId: string, limit: number): RuleRun[] {
    return this.#db
      .prepare(
        `SELECT ${RUN_COLUMNS}, undone_at FROM rule_runs WHERE rule_id = ?
         ORDER BY started_at DESC, id DESC LIMIT ?`,
      )
      .all([ruleId, limit])
      .map(runFromRow);
  }

  lastRun(ruleId: string): RuleRun | null {
    return this.listRuns(ruleId, 1)[0] ?? null;
  }

  /**
   * The schedule slot of the rule's newest scheduled or catch-up run: the scheduler's mark of
   * how far it got, so slots missed while the server was down run once, not once each.
   */
  lastRunSlot(ruleId: string): string | null {
    const row = this.#db
      .prepare(
        `SELECT run_id, slot FROM rule_runs
         WHERE rule_id = ? AND run_trigger IN ('schedule', 'catch_up')
         ORDER BY started_at DESC, id DESC LIMIT 1`,
      )
      .get([ruleId]);
    if (row === undefined) return null;
    const { run_id: runId, slot } = asRow(row);
    if (typeof slot !== 'string') throw new RuleLogCorruptError(runId, null, 'slot is not text');
    return slot;
  }

  /** Runs still marked running: after a restart, the runs a crash interrupted. Oldest first. */
  unfinishedRuns(): RuleRun[] {
    return this.#db
      .prepare(
        `SELECT ${RUN_COLUMNS}, undone_at FROM rule_runs WHERE status = 'running' ORDER BY started_at, id`,
      )
      .all()
      .map(runFromRow);
  }

  /** All in one transaction: a run's entities are logged together or not at all. */
  recordEvaluations(evaluations: readonly Evaluation[]): void {
    if (evaluations.length === 0) return;
    const upsert = this.#db.prepare(UPSERT_EVALUATION);
    this.#db.transaction(() => {
      for (const evaluation of evaluations) upsert.run(evaluationParams(evaluation));
    });
  }

  /** In the order they were first recorded. */
  evaluationsOf(runId: string): Evaluation[] {
    return this.#db
      .prepare(`SELECT ${EVALUATION_COLUMNS} FROM rule_evaluations WHERE run_id = ? ORDER BY id`)
      .all([runId])
      .map(evaluationFromRow);
  }

  evaluationOf(runId: string, entityId: string): Evaluation | null {
    const row = this.#db
      .prepare(
        `SELECT ${EVALUATION_COLUMNS} FROM rule_evaluations WHERE run_id = ? AND entity_id = ?`,
      )
      .get([runId, entityId]);
    return row === undefined ? null : evaluationFromRow(row);
  }

  /**
   * The run log's search (route searchEvaluations): newest first, by time then row id, so that
   * a page ends at an exact entry and `next` (null after the last page) starts right after it.
   */
  search(query: EvaluationSearch): { evaluations: Evaluation[]; next: RunLogCursor | null } {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const equal = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      params.push(value);
    };
    equal('rule_id', query.ruleId);
    equal('run_id', query.runId);
    equal('entity_id', query.entityId);
    equal('advertiser_id', query.advertiserId);
    equal('outcome', query.outcome);
    if (query.actedOnly === true) where.push(`outcome IN ${ACTED_OUTCOMES}`);
    if (query.after !== undefined) {
      where.push('(evaluated_at < ? OR (evaluated_at = ? AND id < ?))');
      const after = utc(query.after.evaluatedAt, 'cursor');
      params.push(after, after, query.after.id);
    }
    // One more than the page: whether another page follows, without counting.
    params.push(query.limit + 1);
    const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const rows = this.#db
      .prepare(
        // The id breaks ties between entities evaluated in the same millisecond.
        `SELECT id AS row_id, ${EVALUATION_COLUMNS} FROM rule_evaluations ${filter}
         ORDER BY evaluated_at DESC, id DESC LIMIT ?`,
      )
      .all(params);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const next = rows.length > query.limit && last !== undefined ? cursorOfRow(last) : null;
    return { evaluations: page.map(evaluationFromRow), next };
  }

  /** When the rule last acted on the entity (its per-entity cool-down), or null if never. */
  lastActedAt(ruleId: string, entityId: string): string | null {
    return this.lastActedAtMany(ruleId, [entityId]).get(entityId) ?? null;
  }

  /**
   * The same for many entities in one query: the ids go in as one JSON array (json_each),
   * so 5,000 entities need neither 5,000 queries nor 5,000 placeholders (PostgreSQL would
   * take an array: `entity_id = ANY($2)`). Entities the rule never acted on are absent.
   */
  lastActedAtMany(ruleId: string, entityIds: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    if (entityIds.length === 0) return found;
    const rows = this.#db
      .prepare(
        `SELECT entity_id, MAX(evaluated_at) AS at FROM rule_evaluations
         WHERE rule_id = ? AND outcome = 'done'
           AND entity_id IN (SELECT value FROM json_each(?))
         GROUP BY entity_id`,
      )
      .all([ruleId, JSON.stringify(entityIds)]);
    for (const row of rows) {
      const { entity_id: entityId, at } = row as { entity_id?: unknown; at?: unknown };
      if (typeof entityId !== 'string' || typeof at !== 'string') {
        throw new RuleLogCorruptError('?', entityId ?? null, `rule ${ruleId}'s action has no time`);
      }
      found.set(entityId, at);
    }
    return found;
  }

  /**
   * Actions and approvals asked for on an ad account's entities since a time, the newest per
   * entity, with the rule's name as it was at that run: the overlays' marks. Newest first.
   */
  /** Runs whose changes were undone since are left out: the marks say what still holds. */
  recentActions(advertiserId: string, sinceIso: string): RecentRuleAction[] {
    return this.#db
      .prepare(
        `SELECT run_id, entity_id, rule_id, rule_name, evaluated_at, outcome, reason, change
         FROM (
           SELECT e.run_id, e.entity_id, e.rule_id, r.rule_name, e.evaluated_at, e.outcome,
             e.reason, e.change, e.id,
             ROW_NUMBER() OVER (
               PARTITION BY e.entity_id ORDER BY e.evaluated_at DESC, e.id DESC
             ) AS newest
           FROM rule_evaluations e JOIN rule_runs r ON r.run_id = e.run_id
           WHERE e.advertiser_id = ? AND e.outcome IN ('done', 'needs_approval')
             AND e.evaluated_at >= ? AND r.undone_at IS NULL
         )
         WHERE newest = 1
         ORDER BY evaluated_at DESC, id DESC`,
      )
      .all([advertiserId, utc(sinceIso, 'since')])
      .map(recentActionFromRow);
  }

  /** Finished runs whose changes are due to be undone ("until") and have not been. */
  runsToUndo(nowIso: string): RuleRun[] {
    return this.#db
      .prepare(
        `SELECT ${RUN_COLUMNS}, undone_at FROM rule_runs
         WHERE status = 'done' AND undo_at IS NOT NULL AND undone_at IS NULL AND undo_at <= ?
         ORDER BY undo_at, id`,
      )
      .all([utc(nowIso, 'now')])
      .map(runFromRow);
  }

  /**
   * Marks a run's changes as undone; false if they already were (the first time is kept, so
   * a repeated undo after a restart changes nothing).
   */
  markUndone(runId: string, atIso: string): boolean {
    return this.#db.transaction(() => {
      const { changes } = this.#db
        .prepare('UPDATE rule_runs SET undone_at = ? WHERE run_id = ? AND undone_at IS NULL')
        .run([utc(atIso, 'undone at'), runId]);
      if (changes === 0 && this.getRun(runId) === null) {
        throw new Error(`The rule log has no run ${runId}.`);
      }
      return changes === 1;
    });
  }

  /**
   * The retention: deletes runs started before `cutoffIso` with their evaluations, and, with
   * `quietCutoffIso`, the evaluations where nothing happened (no match, not enough data, no
   * data) before that later time, from runs that are kept. A rule every 15 minutes over
   * thousands of entities logs millions of such rows a day (see test/bench/rule-log.ts), and
   * they matter for days, not months.
   *
   * `maxEvaluations` bounds the rows one call deletes, so a large backlog is removed in steps
   * that each hold the event loop briefly: call again until both counts are 0. Without it,
   * everything goes in one transaction.
   */
  prune(cutoffIso: string, options: PruneOptions = {}): PruneCounts {
    const cutoff = utc(cutoffIso, 'cutoff');
    const quietCutoff =
      options.quietCutoffIso === undefined ? null : utc(options.quietCutoffIso, 'quiet cutoff');
    // SQLite reads a negative LIMIT as no limit.
    let budget = options.maxEvaluations ?? -1;
    return this.#db.transaction(() => {
      // Evaluations by their own statements: rows removed by ON DELETE CASCADE would not be
      // counted, nor could they be deleted in steps.
      let evaluations = this.#db
        .prepare(
          `DELETE FROM rule_evaluations WHERE id IN (
             SELECT id FROM rule_evaluations WHERE run_id IN (${PRUNABLE_RUNS}) LIMIT ?)`,
        )
        .run([cutoff, budget]).changes;
      if (budget >= 0) budget -= evaluations;
      if (quietCutoff !== null && budget !== 0) {
        evaluations += this.#db
          .prepare(
            `DELETE FROM rule_evaluations WHERE id IN (
               SELECT id FROM rule_evaluations
               WHERE outcome IN ${QUIET_OUTCOMES} AND evaluated_at < ? LIMIT ?)`,
          )
          .run([quietCutoff, budget]).changes;
      }
      // A run goes with (or, in steps, after) the last of its evaluations, so no evaluation
      // is ever left without its run.
      const runs = this.#db
        .prepare(
          `DELETE FROM rule_runs WHERE run_id IN (${PRUNABLE_RUNS}) AND NOT EXISTS (
             SELECT 1 FROM rule_evaluations e WHERE e.run_id = rule_runs.run_id)`,
        )
        .run([cutoff]).changes;
      return { runs, evaluations };
    });
  }

  #runOrThrow(runId: string): RuleRun {
    const run = this.getRun(runId);
    if (run === null) throw new Error(`The rule log has no run ${runId}.`);
    return run;
  }
}

function runParams(run: RuleRun): Record<string, SqlValue> {
  return {
    run_id: run.runId,
    rule_id: run.ruleId,
    rule_name: run.ruleName,
    rule_version: run.ruleVersion,
    slot: run.slot,
    run_trigger: run.trigger,
    started_at: utc(run.startedAt, 'startedAt'),
    finished_at: utcOrNull(run.finishedAt, 'finishedAt'),
    status: run.status,
    message: run.message,
    evaluated: run.evaluated,
    matched: run.matched,
    acted: run.acted,
    needs_approval: run.needsApproval,
    job_ids: JSON.stringify(run.jobIds),
    undo_at: utcOrNull(run.undoAt, 'undoAt'),
  };
}

/**
 * Not parsed on the way in: the engine builds evaluations from typed values, and parsing
 * 5,000 of them per run would cost more than writing them. They are parsed on the way out.
 */
function evaluationParams(evaluation: Evaluation): Record<string, SqlValue> {
  return {
    run_id: evaluation.runId,
    rule_id: evaluation.ruleId,
    rule_version: evaluation.ruleVersion,
    advertiser_id: evaluation.advertiserId,
    level: evaluation.level,
    entity_id: evaluation.entityId,
    entity_name: evaluation.entityName,
    evaluated_at: utc(evaluation.evaluatedAt, 'evaluatedAt'),
    metric_values: JSON.stringify(evaluation.values),
    conditions: JSON.stringify(evaluation.conditions),
    matched: evaluation.matched ? 1 : 0,
    outcome: evaluation.outcome,
    reason: evaluation.reason,
    change: evaluation.change === null ? null : JSON.stringify(evaluation.change),
    plan_id: evaluation.planId,
    job_id: evaluation.jobId,
  };
}

type Row = Record<string, unknown>;

function asRow(row: unknown): Row {
  if (typeof row !== 'object' || row === null) {
    throw new RuleLogCorruptError('?', null, 'the database returned something other than a row');
  }
  return row as Row;
}

function runFromRow(raw: unknown): RuleRun {
  const row = asRow(raw);
  const json = jsonColumn(row, null);
  return parseRow(RuleRunSchema, row, null, {
    runId: row.run_id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    ruleVersion: row.rule_version,
    slot: row.slot,
    trigger: row.run_trigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    message: row.message,
    evaluated: row.evaluated,
    matched: row.matched,
    acted: row.acted,
    needsApproval: row.needs_approval,
    jobIds: json('job_ids'),
    undoAt: row.undo_at,
    undoneAt: row.undone_at,
  });
}

/** Where a page ending at this row ends. */
function cursorOfRow(raw: unknown): RunLogCursor {
  const row = asRow(raw);
  const { row_id: id, evaluated_at: evaluatedAt } = row;
  if (typeof id !== 'number' || typeof evaluatedAt !== 'string') {
    throw new RuleLogCorruptError(row.run_id, row.entity_id, 'its id or time is missing');
  }
  return { evaluatedAt, id };
}

function evaluationFromRow(raw: unknown): Evaluation {
  const row = asRow(raw);
  const json = jsonColumn(row, row.entity_id);
  return parseRow(EvaluationSchema, row, row.entity_id, {
    runId: row.run_id,
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    advertiserId: row.advertiser_id,
    level: row.level,
    entityId: row.entity_id,
    entityName: row.entity_name,
    evaluatedAt: row.evaluated_at,
    values: json('metric_values'),
    conditions: json('conditions'),
    matched: row.matched === 1 ? true : row.matched === 0 ? false : row.matched,
    outcome: row.outcome,
    reason: row.reason,
    change: row.change === null ? null : json('change'),
    planId: row.plan_id,
    jobId: row.job_id,
  });
}

function recentActionFromRow(raw: unknown): RecentRuleAction {
  const row = asRow(raw);
  const json = jsonColumn(row, row.entity_id);
  return parseRow(ITEM_SCHEMA, row, row.entity_id, {
    entityId: row.entity_id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    at: row.evaluated_at,
    outcome: row.outcome,
    reason: row.reason,
    change: row.change === null ? null : json('change'),
  });
}

function jsonColumn(row: Row, entityId: unknown): (column: string) => unknown {
  return (column) => {
    const text = row[column];
    if (typeof text !== 'string') {
      throw new RuleLogCorruptError(row.run_id, entityId, `${column} is not text`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RuleLogCorruptError(row.run_id, entityId, `${column} is not valid JSON`);
    }
  };
}

function parseRow<T extends z.ZodType>(
  schema: T,
  row: Row,
  entityId: unknown,
  candidate: Record<string, unknown>,
): z.output<T> {
  const result = schema.safeParse(candidate);
  if (result.success) return result.data;
  const detail = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`)
    .join('; ');
  throw new RuleLogCorruptError(row.run_id, entityId, detail);
}

/** The stored form of a time: UTC, so that comparing the text compares the instants. */
function utc(iso: string, what: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`${what} is not a date and time: "${iso}".`);
  return new Date(ms).toISOString();
}

function utcOrNull(iso: string | null, what: string): string | null {
  return iso === null ? null : utc(iso, what);
}
