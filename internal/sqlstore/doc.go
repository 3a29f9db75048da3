// Package sqlstore implements reconcile.Store once, on database/sql, for the
// SQL dialects pactd supports: internal/sqlite and internal/postgres wrap it
// with their own Open, connection pools and migrations, so both stores run
// the same queries and pass the same contract suite (internal/storetest).
//
// Queries are written with "?" placeholders and rebound for the dialect.
// They stay within what SQLite (3.35+) and PostgreSQL share: INSERT ...
// ON CONFLICT DO NOTHING, RETURNING, partial-free UNIQUE constraints (NULL
// for "no key"). Times are stored as fixed-width UTC text (FormatTime), which
// keeps nanoseconds, sorts and compares as text in both engines, and reads
// well in sqlite3 and psql.
//
// Tables (see each store's migrations/001_core.sql):
//
//	registers     one row per imported register version, the register as JSON
//	blobs         verbatim bytes by SHA-256, shared by submissions and quarantine
//	submissions   one row per distinct file (UNIQUE sha256), findings and report as JSON
//	receipts      one row per reception, UNIQUE origin_key (NULL when empty)
//	quarantine    files and messages set aside, UNIQUE origin_key (NULL when empty)
//
// Other parts of pactd keep their tables here too, in files of their own
// (outbox.go, imap.go, schedule.go, snapshot.go), with a migration file in
// both stores: 0xx core, 1xx mail, 2xx daemon, 7xx reporting (see
// internal/sqlite).
package sqlstore
