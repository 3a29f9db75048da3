-- Weekly snapshots of the reporting partition (reconcile.Snapshot), one per
-- reporting year and ISO week of the report, the last one taken counting:
-- the weekly report compares with the previous one and draws the season's
-- trend from them. Times are UTC text like the core tables; amounts cents.
CREATE TABLE weekly_snapshots (
    year          INTEGER NOT NULL,
    week          TEXT    NOT NULL, -- ISO week of the report in Paris, 2026-W15
    taken_at      TEXT    NOT NULL,
    expected      INTEGER NOT NULL,
    accepted      INTEGER NOT NULL, -- on time
    accepted_late INTEGER NOT NULL,
    rejected      INTEGER NOT NULL,
    set_aside     INTEGER NOT NULL,
    not_received  INTEGER NOT NULL,
    files         INTEGER NOT NULL, -- files received for the year up to taken_at
    spent         BIGINT  NOT NULL, -- State and territories, accepted reports, cents
    states        TEXT    NOT NULL, -- JSON object: SIREN to state
    PRIMARY KEY (year, week)
);
