-- Runs of the daemon's scheduled jobs (internal/schedule), one row per run.
-- Times are UTC text like the core tables.
CREATE TABLE schedule_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    job         TEXT    NOT NULL, -- weekly_report, reminders
    scheduled   TEXT    NOT NULL, -- the activation the run is for
    catch_up    BOOLEAN NOT NULL, -- run at start for an activation missed while down
    started_at  TEXT    NOT NULL,
    finished_at TEXT,             -- NULL while running
    outcome     TEXT    NOT NULL, -- running, success, failure, interrupted, skipped
    error       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX schedule_runs_job ON schedule_runs (job, scheduled);
CREATE INDEX schedule_runs_started ON schedule_runs (started_at);
