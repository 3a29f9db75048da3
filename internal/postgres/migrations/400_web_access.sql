-- The status site's logins (internal/web, internal/auth). web_secrets keeps
-- the key that signs session cookies when no key file is configured, made
-- once by the first replica and read by the others (base64, never logged).
-- web_revoked_sessions lists the sessions logged out before their expiry;
-- a row is useless, and deleted, once its session has expired.
CREATE TABLE web_secrets (
    name       TEXT NOT NULL PRIMARY KEY, -- session_key
    secret     TEXT NOT NULL,             -- base64
    created_at TEXT NOT NULL
);
CREATE TABLE web_revoked_sessions (
    session_id TEXT NOT NULL PRIMARY KEY,
    expires_at TEXT NOT NULL -- UTC text; the session is refused anyway after it
);
CREATE INDEX web_revoked_sessions_expires ON web_revoked_sessions (expires_at);
