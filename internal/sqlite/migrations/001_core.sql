-- Core tables of reconcile.Store (internal/sqlstore runs the queries).
-- Times are UTC text, fixed width with nanoseconds: 2026-03-01T09:30:00.000000000Z.

-- One row per imported version of the commitments register.
CREATE TABLE registers (
    version     INTEGER PRIMARY KEY AUTOINCREMENT,
    imported_at TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    contracts   INTEGER NOT NULL, -- how many, for people reading the table
    body        TEXT    NOT NULL  -- the register as JSON
);

-- Verbatim bytes by SHA-256, shared by submissions and quarantine.
CREATE TABLE blobs (
    sha256  TEXT PRIMARY KEY,
    content BLOB NOT NULL
);

-- One row per distinct received file.
CREATE TABLE submissions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    file_name        TEXT    NOT NULL,
    sha256           TEXT    NOT NULL UNIQUE REFERENCES blobs (sha256),
    size             INTEGER NOT NULL,
    siren            TEXT    NOT NULL, -- '' when unreadable
    year             INTEGER NOT NULL, -- 0 when unreadable
    template         TEXT    NOT NULL,
    origin           TEXT    NOT NULL, -- reconcile.Origin as JSON, of the first reception
    origin_kind      TEXT    NOT NULL,
    sender           TEXT    NOT NULL,
    received_at      TEXT    NOT NULL,
    register_version INTEGER NOT NULL,
    verdict          TEXT    NOT NULL, -- accepted, rejected
    findings         TEXT    NOT NULL, -- JSON, values with their kinds
    report           TEXT              -- JSON, NULL when the file could not be read
);
CREATE INDEX submissions_siren_year ON submissions (siren, year, received_at);
CREATE INDEX submissions_received ON submissions (received_at);

-- One row per reception: the same bytes received twice make two receipts.
CREATE TABLE receipts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    number        TEXT UNIQUE, -- AR-<year>-<id>, set in the inserting transaction
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    received_at   TEXT    NOT NULL,
    origin        TEXT    NOT NULL,
    origin_kind   TEXT    NOT NULL,
    origin_key    TEXT UNIQUE, -- NULL when the reception has no idempotency key
    duplicate     BOOLEAN NOT NULL
);
CREATE INDEX receipts_submission ON receipts (submission_id, received_at);
CREATE INDEX receipts_received ON receipts (received_at);

-- Files and messages set aside for a person.
CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    origin      TEXT NOT NULL,
    origin_kind TEXT NOT NULL,
    origin_key  TEXT UNIQUE,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL, -- '' when unknown
    blob        TEXT REFERENCES blobs (sha256), -- NULL when recorded without bytes
    siren       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    findings    TEXT NOT NULL
);
CREATE INDEX quarantine_received ON quarantine (received_at);
