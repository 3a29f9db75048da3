-- Files the status site serves (weekly reports and their annexes), kept in
-- the database so that every replica serves the same ones (internal/archive).
CREATE TABLE archive (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL UNIQUE, -- rapport-hebdomadaire-2026-11-30.pdf
    kind         TEXT    NOT NULL,        -- weekly_report
    content_type TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    content      BLOB    NOT NULL,
    created_at   TEXT    NOT NULL         -- UTC text like the core tables
);
CREATE INDEX archive_kind_created ON archive (kind, created_at);
