-- Outbox retention and retries (internal/mail): attachments of sent
-- messages are removed from raw after a while; the record stays.
ALTER TABLE outbox ADD COLUMN purged_at TEXT NOT NULL DEFAULT '';       -- when attachments were removed
ALTER TABLE outbox ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';  -- JSON names of the removed attachments
ALTER TABLE outbox ADD COLUMN retried_at TEXT NOT NULL DEFAULT '';      -- last "pactd outbox retry"
CREATE INDEX outbox_sent ON outbox (state, sent_at);
