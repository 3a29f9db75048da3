-- The campaign record (pactd templates send): each pre-filled workbook
-- mailed to a territory, the delivery notifications that came back about
-- it, and the submissions received in its thread. Delivery times come from
-- the outbox row of outbox_key. Times are UTC text like the core tables;
-- address lists are JSON.
CREATE TABLE campaign_sends (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    year             INTEGER NOT NULL,
    siren            TEXT    NOT NULL,
    register_version BIGINT  NOT NULL,
    fingerprint      TEXT    NOT NULL,
    file_name        TEXT    NOT NULL,
    recipients       TEXT    NOT NULL,        -- JSON list
    message_id       TEXT    NOT NULL,        -- without angle brackets
    outbox_key       TEXT    NOT NULL UNIQUE, -- campaign:<year>:<siren>:<fingerprint>[:renvoi:<n>]
    reason           TEXT    NOT NULL,        -- envoi, renvoi, modification
    note             TEXT    NOT NULL DEFAULT '',
    created_at       TEXT    NOT NULL
);
CREATE INDEX campaign_sends_year ON campaign_sends (year, siren);
CREATE INDEX campaign_sends_message ON campaign_sends (message_id);

CREATE TABLE campaign_bounces (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    send_id     BIGINT  NOT NULL REFERENCES campaign_sends (id),
    recipient   TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    diagnostic  TEXT    NOT NULL DEFAULT '',
    received_at TEXT    NOT NULL,
    origin_key  TEXT    NOT NULL,
    UNIQUE (origin_key, recipient)
);
CREATE INDEX campaign_bounces_send ON campaign_bounces (send_id);

CREATE TABLE campaign_replies (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    send_id     BIGINT  NOT NULL REFERENCES campaign_sends (id),
    receipt     TEXT    NOT NULL,
    sender      TEXT    NOT NULL,
    received_at TEXT    NOT NULL,
    origin_key  TEXT    NOT NULL UNIQUE
);
CREATE INDEX campaign_replies_send ON campaign_replies (send_id);
