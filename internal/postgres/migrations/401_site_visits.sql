-- Who has opened the status site (internal/web): one row per territory and
-- address of a person with the role territoire, updated as that person
-- uses the site (at most every few minutes, and at each new login). The
-- campaign shows per territory its latest visit. session is a digest of the
-- latest session's ID (never the ID itself), to count logins. Times are UTC
-- text like the core tables.
CREATE TABLE site_visits (
    siren      TEXT    NOT NULL,
    email      TEXT    NOT NULL, -- lower case
    name       TEXT    NOT NULL,
    first_seen TEXT    NOT NULL,
    last_seen  TEXT    NOT NULL,
    sessions   INTEGER NOT NULL, -- logins seen
    session    TEXT    NOT NULL,
    PRIMARY KEY (siren, email)
);
