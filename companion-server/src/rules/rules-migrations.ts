import type { SqlRoom } from '../storage/sql-database';

/**
 * The tables of the rules room in the server's SQL database: the run log (rule-run-log.ts)
 * and the webhook deliveries (webhook-notifier.ts). One list, so both stores migrate in one
 * order; a new table or column is a new migration at the end, never an edit of a shipped one.
 *
 * Times are UTC ISO strings as `Date.toISOString()` writes them, so comparing the text
 * compares the instants. JSON columns hold what the contract's schemas describe and are
 * parsed with them on the way out. STRICT tables refuse a value of the wrong type instead of
 * converting it (a TikTok id must stay text, never become a number).
 */

const RUNS_AND_EVALUATIONS = `
  CREATE TABLE rule_runs (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL UNIQUE,
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    slot TEXT NOT NULL,
    run_trigger TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    message TEXT,
    evaluated INTEGER NOT NULL,
    matched INTEGER NOT NULL,
    acted INTEGER NOT NULL,
    needs_approval INTEGER NOT NULL,
    job_ids TEXT NOT NULL,
    undo_at TEXT,
    undone_at TEXT
  ) STRICT;
  CREATE INDEX rule_runs_by_rule ON rule_runs (rule_id, started_at);
  CREATE INDEX rule_runs_by_start ON rule_runs (started_at);
  CREATE INDEX rule_runs_running ON rule_runs (started_at) WHERE status = 'running';
  CREATE INDEX rule_runs_to_undo ON rule_runs (undo_at)
    WHERE status = 'done' AND undo_at IS NOT NULL AND undone_at IS NULL;

  CREATE TABLE rule_evaluations (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES rule_runs (run_id) ON DELETE CASCADE,
    rule_id TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    advertiser_id TEXT NOT NULL,
    level TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_name TEXT,
    evaluated_at TEXT NOT NULL,
    metric_values TEXT NOT NULL,
    conditions TEXT NOT NULL,
    matched INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    change TEXT,
    plan_id TEXT,
    job_id TEXT,
    UNIQUE (run_id, entity_id)
  ) STRICT;
  CREATE INDEX rule_evaluations_by_rule ON rule_evaluations (rule_id, evaluated_at);
  CREATE INDEX rule_evaluations_by_entity ON rule_evaluations (entity_id, evaluated_at);
  CREATE INDEX rule_evaluations_by_advertiser ON rule_evaluations (advertiser_id, evaluated_at);
  CREATE INDEX rule_evaluations_by_outcome ON rule_evaluations (outcome, evaluated_at);
  -- The per-entity cool-down reads only actions taken: a small index however long the log.
  CREATE INDEX rule_evaluations_done ON rule_evaluations (rule_id, entity_id, evaluated_at)
    WHERE outcome = 'done';
  -- The overlays' marks read only actions and approvals of one ad account.
  CREATE INDEX rule_evaluations_acted ON rule_evaluations (advertiser_id, evaluated_at)
    WHERE outcome IN ('done', 'needs_approval');
`;

const WEBHOOK_DELIVERIES = `
  CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    message_text TEXT NOT NULL,
    details TEXT NOT NULL,
    url_origin TEXT,
    url_hash TEXT,
    -- The full URL, kept only while the delivery is pending (to send it after a restart).
    target_url TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    response_status INTEGER,
    created_at TEXT NOT NULL,
    next_attempt_at TEXT,
    delivered_at TEXT
  ) STRICT;
  CREATE INDEX webhook_deliveries_by_rule ON webhook_deliveries (rule_id, id);
  CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';
  CREATE INDEX webhook_deliveries_by_creation ON webhook_deliveries (created_at);
`;

export const RULES_ROOM: SqlRoom = {
  room: 'rules',
  migrations: [
    { version: 1, name: 'rule runs and their evaluations', sql: RUNS_AND_EVALUATIONS },
    { version: 2, name: 'webhook deliveries', sql: WEBHOOK_DELIVERIES },
  ],
};
