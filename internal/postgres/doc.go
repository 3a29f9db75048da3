// Package postgres is pactd's store for several replicas: reconcile.Store
// on PostgreSQL through pgx (its database/sql driver), with the queries of
// internal/sqlstore, which internal/sqlite shares, so both pass the same
// contract suite (internal/storetest).
//
// # Migrations
//
// migrations/*.sql are embedded and applied at Open in lexical order, each
// once, each in its own transaction, recorded in schema_migrations(name,
// applied_at), under a transaction-level advisory lock so that replicas
// starting together apply each file once. Names follow internal/sqlite's
// ranges: 0xx core (this package), 1xx mail, 2xx daemon, 7xx reporting.
// Tables are created in the connection's search_path (a URL may set ?search_path=pactd).
//
// # Leadership
//
// TryLeader lets exactly one replica run the schedules. It implements
//
//	type Leader interface {
//		TryLeader(ctx context.Context, name string) (release func(), ok bool, err error)
//	}
//
// with pg_try_advisory_lock on a connection kept out of the pool: the lock
// is held while that connection lives, and PostgreSQL releases it when the
// replica dies or loses its connection. Because a lost connection ends the
// leadership silently, the daemon should take it per scheduled run (take,
// run, release) and record each run (schedule, due time) under a unique key,
// so that a run is neither skipped nor done twice when leadership moves.
// Advisory locks are per database and per session: a pooler in transaction
// mode (PgBouncer) in front of PostgreSQL breaks them; connect directly.
package postgres
