package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pactd/pactd/internal/lru"
	"github.com/pactd/pactd/reconcile"
)

// Dialect is what differs between the SQL engines behind a Store.
type Dialect struct {
	// Name is "sqlite" or "postgres", for error messages.
	Name string
	// Numbered is true when placeholders are $1, $2... (PostgreSQL) rather
	// than "?" (SQLite).
	Numbered bool
	// MigrationLock, when not empty, is run at the start of every migration
	// transaction to serialise concurrent Opens (several replicas).
	MigrationLock string
	// NoSyncBefore and NoSyncAfter are run on the connection around a
	// transaction of InTxNoSync, NoSyncInTx at its start (see InTxNoSync).
	NoSyncBefore, NoSyncAfter, NoSyncInTx string
}

// SQLite and Postgres are the two dialects pactd uses.
var (
	// SQLite's synchronous setting holds for a connection and is not
	// changed inside a transaction: set around it, back to FULL (as
	// internal/sqlite opens every connection) after it.
	SQLite = Dialect{Name: "sqlite",
		NoSyncBefore: "PRAGMA synchronous = NORMAL", NoSyncAfter: "PRAGMA synchronous = FULL"}
	Postgres = Dialect{Name: "postgres", Numbered: true,
		// 0x7061637464 is "pactd" in ASCII: a fixed key for schema changes.
		MigrationLock: "SELECT pg_advisory_xact_lock(482670244964)",
		NoSyncInTx:    "SET LOCAL synchronous_commit = off"}
)

// Store implements reconcile.Store on two database/sql pools: Write for
// every transaction that writes, Read for queries. They may be the same
// pool (PostgreSQL); SQLite uses a one-connection Write pool so that writers
// queue in Go instead of failing with SQLITE_BUSY.
type Store struct {
	write, read *sql.DB
	d           Dialect
	regs        registerCache
	reports     *lru.Cache[int64, *reconcile.Report] // see reportCacheSize
}

// New returns a Store on the given pools; it does not own them (the caller
// closes them). The schema must already be migrated.
func New(write, read *sql.DB, d Dialect) *Store {
	return &Store{write: write, read: read, d: d, reports: lru.New[int64, *reconcile.Report](reportCacheSize)}
}

// Rebind rewrites "?" placeholders for the dialect. Queries of this package
// never contain "?" inside string literals.
func (d Dialect) Rebind(query string) string {
	if !d.Numbered || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// InTx runs fn in a transaction on the write pool: committed when fn
// returns nil, rolled back otherwise (and when fn panics). fn must use tx
// only: on SQLite the write pool has one connection, so calling another
// Store method from fn would wait for itself.
func (s *Store) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.runTx(ctx, s.write, "", fn)
}

// txBeginner is what *sql.DB and *sql.Conn share.
type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// runTx begins a transaction on b, runs the statement first in it when not
// empty, then fn; it commits when both succeed and rolls back otherwise
// (and when fn panics).
func (s *Store) runTx(ctx context.Context, b txBeginner, first string, fn func(tx *sql.Tx) error) (err error) {
	tx, err := b.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin %s transaction: %w", s.d.Name, err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if first != "" {
		if _, err = tx.ExecContext(ctx, first); err != nil {
			return fmt.Errorf("begin %s transaction: %w", s.d.Name, err)
		}
	}
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit %s transaction: %w", s.d.Name, err)
	}
	return nil
}

// queryer is what *sql.DB and *sql.Tx share.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) exec(ctx context.Context, q queryer, query string, args ...any) (sql.Result, error) {
	return q.ExecContext(ctx, s.d.Rebind(query), args...)
}

func (s *Store) query(ctx context.Context, q queryer, query string, args ...any) (*sql.Rows, error) {
	return q.QueryContext(ctx, s.d.Rebind(query), args...)
}

func (s *Store) queryRow(ctx context.Context, q queryer, query string, args ...any) *sql.Row {
	return q.QueryRowContext(ctx, s.d.Rebind(query), args...)
}

// nullString stores "" as NULL, for UNIQUE columns where empty means none.
func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// isNoRows reports whether err is sql.ErrNoRows.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
