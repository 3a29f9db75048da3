-- Attempts of the intake on one item (a mail message, a file of the watched
-- folder), so that an item that keeps failing, or that crashes the process,
-- is set aside after intake.max_attempts instead of blocking intake for
-- good. An attempt is counted before the item is processed: a crash counts.
-- A row is deleted when its item succeeds.
CREATE TABLE intake_attempts (
    item_key   TEXT NOT NULL PRIMARY KEY, -- "imap:<account>/<mailbox>/<uidvalidity>/<uid>", "dossier:<name>:<size>:<mtime>"
    attempts   INTEGER NOT NULL,
    last_error TEXT NOT NULL,              -- "" while an attempt is in progress or crashed
    updated_at TEXT NOT NULL               -- UTC text
);

-- The last time the intake listed the watched folder, per folder: a file
-- seen later cannot have been deposited before it (docs/RULES.md, deposit
-- time of a file).
CREATE TABLE folder_looks (
    dir       TEXT NOT NULL PRIMARY KEY,
    looked_at TEXT NOT NULL               -- UTC text
);
