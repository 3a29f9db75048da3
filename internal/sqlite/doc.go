// Package sqlite is pactd's default store: one SQLite file, pure Go
// (modernc.org/sqlite, driver "sqlite"), implementing reconcile.Store with
// the queries of internal/sqlstore, which internal/postgres shares.
//
// # Durability and concurrency
//
// The file is in WAL mode with synchronous=FULL: every commit is on disk
// (the WAL is fsynced) before the commit returns. NORMAL would be safe
// against a killed process but could lose the last commits on a power cut
// or a kernel crash, and pactd acts on a commit right away: it moves the
// mail to Traités and sends the acknowledgment. Losing a receipt after that
// would lose a territory's report. FULL costs one fsync per commit, which
// pactd's volumes (a few hundred commits a day at peak) do not notice.
// foreign_keys is on and busy_timeout is BusyTimeout.
//
// SQLite has one writer. Open makes two pools: a write pool of ONE
// connection whose transactions begin IMMEDIATE, so every writer of the
// process queues on it in Go and none ever gets SQLITE_BUSY (a deferred
// transaction that reads then writes can get SQLITE_BUSY_SNAPSHOT without
// waiting), and a read pool of a few query_only connections, which WAL lets
// read while a write is in progress. Another process (pactd ingest beside
// the daemon) waits up to BusyTimeout for the file's write lock.
//
// # Migrations
//
// migrations/*.sql are embedded and applied at Open in lexical order, each
// once, each in its own transaction, recorded in schema_migrations(name,
// applied_at). A file is named NNN_words.sql and its first digit says who
// owns it, so engineers add files without colliding:
//
//	0xx_*.sql  core: registers, blobs, submissions, receipts, quarantine (this package)
//	1xx_*.sql  mail: outbox, IMAP ledger (files outbox*.go, imap*.go here)
//	2xx_*.sql  daemon: schedule runs (files schedule*.go here)
//	7xx_*.sql  reporting: weekly snapshots (file snapshot.go in internal/sqlstore)
//
// Never edit a migration once committed: add the next number. Open refuses
// a database that applied a migration this binary lacks (a newer pactd).
//
// # Adding tables
//
// Tables that both stores need (outbox, IMAP ledger, schedule runs) have
// their queries in internal/sqlstore (files outbox.go, imap.go, schedule.go,
// owned by their engineers) and the same-numbered migration file in this
// package's and internal/postgres's migrations/. Such code may use:
//
//	s.InTx(ctx, func(tx *sql.Tx) error)   a write transaction (BEGIN IMMEDIATE here), committed when fn returns nil
//	s.RecordSubmissionTx(ctx, tx, sub)    RecordSubmission inside that transaction
//	s.QuarantineTx(ctx, tx, q)            Quarantine inside that transaction
//	s.exec, s.query, s.queryRow           "?" queries rebound for the dialect, on a pool or a tx
//	s.write, s.read                       the pools (here: write has one connection; read is query_only)
//	FormatTime, ParseTime, clean          times as sortable UTC text with nanoseconds; text storable in both engines
//
// so that, for instance, a submission, its receipt and its acknowledgment in
// the outbox commit together. Inside fn use tx only: on SQLite a call to a
// Store method or to the write pool from fn waits for the one write
// connection, which fn holds, forever. DB returns the write pool for
// packages outside.
//
// # Leadership
//
// The daemon runs its schedules on one replica. Both stores implement
//
//	type Leader interface {
//		// TryLeader takes the leadership called name if no one holds it:
//		// ok is false when another holder has it. release gives it back.
//		TryLeader(ctx context.Context, name string) (release func(), ok bool, err error)
//	}
//
// which the daemon declares where it uses it. A SQLite file belongs to one
// process, so this TryLeader succeeds unless the same name is held through
// the same Store; internal/postgres uses a PostgreSQL advisory lock held on a
// dedicated connection.
package sqlite
