import { type Firing, FiringSchema } from '../contract/scheduled-changes';
import type { SqlDatabase, SqlValue } from '../storage/sql-database';

/**
 * The firings of scheduled changes in the server's SQL database (room "schedules", table in
 * schedule-migrations.ts): one row per firing, written as it starts (before anything is
 * planned), again with its plan's id before the plan is applied, with its job's id once the
 * job exists, and when it ends; the same for its put-back. That order is what makes a restart
 * at any point neither repeat a change nor lose one (scheduled-change-runner.ts resume).
 *
 * Methods are synchronous (better-sqlite3 is). Rows read back are parsed with the contract's
 * schema: a corrupt row fails with an error naming its firing instead of reaching a screen
 * half-read. A change has a few firings a day at most, so the table is kept whole.
 */

/** What a firing may change after it started; its identity (ids, change, slot, start) never does. */
const PATCHABLE = [
  'finishedAt',
  'status',
  'planId',
  'jobId',
  'counts',
  'message',
  'revertAt',
  'revertStatus',
  'revertPlanId',
  'revertJobId',
  'revertedAt',
  'revertMessage',
] as const satisfies readonly (keyof Firing)[];
export type FiringPatch = Partial<Pick<Firing, (typeof PATCHABLE)[number]>>;

/** A row on disk that does not parse. */
export class FiringLogCorruptError extends Error {
  constructor(firingId: unknown, detail: string) {
    super(
      `The scheduled changes' firing log has a corrupt row (firing ${String(firingId)}): ${detail}. Delete that row or restore the database from a backup.`,
    );
    this.name = 'FiringLogCorruptError';
  }
}

const COLUMNS = `firing_id, change_id, change_name, change_version, advertiser_id, slot,
  firing_trigger, acted_by, started_at, finished_at, status, plan_id, job_id, counts, message,
  revert_at, revert_status, revert_plan_id, revert_job_id, reverted_at, revert_message`;

/** A slot already recorded for the change leaves the table as it was (see start()). */
const INSERT = `INSERT INTO scheduled_change_firings (${COLUMNS}) VALUES (@firing_id,
  @change_id, @change_name, @change_version, @advertiser_id, @slot, @firing_trigger, @acted_by,
  @started_at, @finished_at, @status, @plan_id, @job_id, @counts, @message, @revert_at,
  @revert_status, @revert_plan_id, @revert_job_id, @reverted_at, @revert_message)
  ON CONFLICT (change_id, slot) DO NOTHING`;

const UPDATE = `UPDATE scheduled_change_firings SET finished_at = @finished_at,
  status = @status, plan_id = @plan_id, job_id = @job_id, counts = @counts, message = @message,
  revert_at = @revert_at, revert_status = @revert_status, revert_plan_id = @revert_plan_id,
  revert_job_id = @revert_job_id, reverted_at = @reverted_at, revert_message = @revert_message
  WHERE firing_id = @firing_id`;

export class FiringLog {
  readonly #db: SqlDatabase;

  /** `db` must have been opened with SCHEDULES_ROOM (schedule-migrations.ts). */
  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  /**
   * Records a firing as it starts. False when the change already has a firing for that slot
   * (it fired, failed or was missed): the caller must then do nothing.
   */
  start(firing: Firing): boolean {
    const checked = FiringSchema.parse(firing);
    return this.#db.prepare(INSERT).run(params(checked)).changes === 1;
  }

  /** Changes what a firing has done so far; returns the firing as stored. */
  update(firingId: string, patch: FiringPatch): Firing {
    return this.#db.transaction(() => {
      const current = this.get(firingId);
      if (current === null) throw new Error(`The firing log has no firing ${firingId}.`);
      // Only the patchable fields, and only those given: a whole firing passed as a patch must
      // not move the update to another firing.
      const changes = PATCHABLE.filter((key) => patch[key] !== undefined).map((key) => [
        key,
        patch[key],
      ]);
      const updated = FiringSchema.parse({ ...current, ...Object.fromEntries(changes) });
      this.#db.prepare(UPDATE).run(params(updated));
      return updated;
    });
  }

  get(firingId: string): Firing | null {
    const row = this.#db
      .prepare(`SELECT ${COLUMNS} FROM scheduled_change_firings WHERE firing_id = ?`)
      .get([firingId]);
    return row === undefined ? null : fromRow(row);
  }

  /** Newest first. */
  list(changeId: string, limit: number): Firing[] {
    return this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM scheduled_change_firings WHERE change_id = ?
         ORDER BY id DESC LIMIT ?`,
      )
      .all([changeId, limit])
      .map(fromRow);
  }

  last(changeId: string): Firing | null {
    return this.list(changeId, 1)[0] ?? null;
  }

  /** The slot of the change's newest firing: how far its schedule got (rule-schedule.ts dueSlot). */
  lastSlot(changeId: string): string | null {
    return this.last(changeId)?.slot ?? null;
  }

  /** Firings or put-backs a previous process left running. Oldest first. */
  unfinished(): Firing[] {
    return this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM scheduled_change_firings
         WHERE status = 'running' OR revert_status = 'running' ORDER BY id`,
      )
      .all()
      .map(fromRow);
  }

  /** Put-backs whose time has come, earliest first. */
  revertsDue(nowIso: string): Firing[] {
    return this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM scheduled_change_firings
         WHERE revert_status = 'waiting' AND revert_at <= ? ORDER BY revert_at, id`,
      )
      .all([utc(nowIso, 'now')])
      .map(fromRow);
  }

  /** The change's put-backs still to come, earliest first. */
  waitingReverts(changeId: string): Firing[] {
    return this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM scheduled_change_firings
         WHERE change_id = ? AND revert_status = 'waiting' ORDER BY revert_at, id`,
      )
      .all([changeId])
      .map(fromRow);
  }
}

function params(firing: Firing): Record<string, SqlValue> {
  return {
    firing_id: firing.firingId,
    change_id: firing.changeId,
    change_name: firing.changeName,
    change_version: firing.changeVersion,
    advertiser_id: firing.advertiserId,
    slot: firing.slot,
    firing_trigger: firing.trigger,
    acted_by: firing.actedBy,
    started_at: utc(firing.startedAt, 'startedAt'),
    finished_at: utcOrNull(firing.finishedAt, 'finishedAt'),
    status: firing.status,
    plan_id: firing.planId,
    job_id: firing.jobId,
    counts: firing.counts === null ? null : JSON.stringify(firing.counts),
    message: firing.message,
    revert_at: utcOrNull(firing.revertAt, 'revertAt'),
    revert_status: firing.revertStatus,
    revert_plan_id: firing.revertPlanId,
    revert_job_id: firing.revertJobId,
    reverted_at: utcOrNull(firing.revertedAt, 'revertedAt'),
    revert_message: firing.revertMessage,
  };
}

function fromRow(raw: unknown): Firing {
  if (typeof raw !== 'object' || raw === null) {
    throw new FiringLogCorruptError('?', 'the database returned something other than a row');
  }
  const row = raw as Record<string, unknown>;
  let counts: unknown = null;
  if (row.counts !== null) {
    try {
      counts = JSON.parse(String(row.counts)) as unknown;
    } catch {
      throw new FiringLogCorruptError(row.firing_id, 'counts is not valid JSON');
    }
  }
  const result = FiringSchema.safeParse({
    firingId: row.firing_id,
    changeId: row.change_id,
    changeName: row.change_name,
    changeVersion: row.change_version,
    advertiserId: row.advertiser_id,
    slot: row.slot,
    trigger: row.firing_trigger,
    actedBy: row.acted_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    planId: row.plan_id,
    jobId: row.job_id,
    counts,
    message: row.message,
    revertAt: row.revert_at,
    revertStatus: row.revert_status,
    revertPlanId: row.revert_plan_id,
    revertJobId: row.revert_job_id,
    revertedAt: row.reverted_at,
    revertMessage: row.revert_message,
  });
  if (result.success) return result.data;
  const detail = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`)
    .join('; ');
  throw new FiringLogCorruptError(row.firing_id, detail);
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
