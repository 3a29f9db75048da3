-- The outbox of internal/mail: every outgoing message, written before it is
-- sent. Times are UTC text like the core tables; address lists are JSON.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    key           TEXT    NOT NULL UNIQUE, -- idempotency key ("ack:" + origin key, ...)
    kind          TEXT    NOT NULL,        -- ack, reply, weekly, ...
    sender        TEXT    NOT NULL,        -- envelope sender
    recipients    TEXT    NOT NULL,        -- JSON list still to deliver
    delivered     TEXT    NOT NULL,        -- JSON list accepted by the server
    refused       TEXT    NOT NULL,        -- JSON list "address: reason" refused for good
    message_id    TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    raw           BLOB    NOT NULL,        -- the RFC 5322 message
    state         TEXT    NOT NULL,        -- pending, sent, failed
    attempts      INTEGER NOT NULL,
    next_attempt  TEXT    NOT NULL,
    claimed_until TEXT    NOT NULL DEFAULT '', -- a worker is sending it until then
    last_error    TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    sent_at       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (state, next_attempt);
CREATE INDEX outbox_created ON outbox (created_at);
