-- The IMAP intake ledger of ingest: per account and mailbox, the
-- UIDVALIDITY and the floor below which every UID is settled; per message
-- (account, mailbox, UIDVALIDITY, UID), whether what it brought is committed
-- (processed) and whether it was moved out of the mailbox (done).
CREATE TABLE imap_mailboxes (
    account      TEXT    NOT NULL, -- user@host
    mailbox      TEXT    NOT NULL,
    uid_validity BIGINT  NOT NULL,
    floor        BIGINT  NOT NULL, -- every UID <= floor is settled
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (account, mailbox)
);
CREATE TABLE imap_messages (
    account      TEXT    NOT NULL,
    mailbox      TEXT    NOT NULL,
    uid_validity BIGINT  NOT NULL,
    uid          BIGINT  NOT NULL,
    message_id   TEXT    NOT NULL, -- recognises the message after a UIDVALIDITY change
    state        TEXT    NOT NULL, -- processed, done
    dest         TEXT    NOT NULL, -- folder it is moved to
    outcome      TEXT    NOT NULL, -- what happened, for people
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (account, mailbox, uid_validity, uid)
);
CREATE INDEX imap_messages_message_id ON imap_messages (account, mailbox, message_id);
