import type { SqlRoom } from '../storage/sql-database';

/**
 * The tables of the scheduled changes' room in the server's SQL database: their firings
 * (firing-log.ts). The definitions themselves are in state.json, like rules. A new table or
 * column is a new migration at the end, never an edit of a shipped one.
 *
 * Times are UTC ISO strings as `Date.toISOString()` writes them, so comparing the text
 * compares the instants. STRICT tables refuse a value of the wrong type instead of
 * converting it (a TikTok id stays text).
 */

const FIRINGS = `
  CREATE TABLE scheduled_change_firings (
    id INTEGER PRIMARY KEY,
    firing_id TEXT NOT NULL UNIQUE,
    change_id TEXT NOT NULL,
    change_name TEXT NOT NULL,
    change_version INTEGER NOT NULL,
    advertiser_id TEXT NOT NULL,
    slot TEXT NOT NULL,
    firing_trigger TEXT NOT NULL,
    acted_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    plan_id TEXT,
    job_id TEXT,
    counts TEXT,
    message TEXT,
    revert_at TEXT,
    revert_status TEXT,
    revert_plan_id TEXT,
    revert_job_id TEXT,
    reverted_at TEXT,
    revert_message TEXT,
    -- A change fires once per slot, whatever happens to the process: the second insert fails.
    UNIQUE (change_id, slot)
  ) STRICT;
  CREATE INDEX scheduled_change_firings_by_change ON scheduled_change_firings (change_id, id);
  CREATE INDEX scheduled_change_firings_unfinished ON scheduled_change_firings (id)
    WHERE status = 'running' OR revert_status = 'running';
  CREATE INDEX scheduled_change_firings_to_revert ON scheduled_change_firings (revert_at)
    WHERE revert_status = 'waiting';
`;

export const SCHEDULES_ROOM: SqlRoom = {
  room: 'schedules',
  migrations: [{ version: 1, name: 'scheduled change firings', sql: FIRINGS }],
};
