package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pactd/pactd/internal/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// BusyTimeout is how long a connection waits for another process's write
// lock (pactd ingest beside a running daemon) before failing with
// SQLITE_BUSY. Writers of one process never wait on it: they queue on the
// single write connection.
const BusyTimeout = 30 * time.Second

// readConns is the size of the read pool: enough for the status page,
// the metrics and the intake workers' lookups on a small machine.
const readConns = 4

// core is sqlstore.Store under an unexported name, so that embedding it
// promotes the reconcile.Store methods without exporting a field.
type core = sqlstore.Store

// Store is pactd's SQLite database: reconcile.Store (methods promoted from
// internal/sqlstore) plus the tables other packages add through DB. Safe for
// concurrent use; Close it once.
type Store struct {
	*core
	path  string
	write *sql.DB // one connection, BEGIN IMMEDIATE: every write of the process queues here
	read  *sql.DB // readConns connections, query_only

	mu      sync.Mutex
	leaders map[string]bool
}

// Open opens the SQLite database at path, creating its parent directories
// and the file when missing, and applies the embedded migrations that it
// has not applied yet. The database is in WAL mode with synchronous=FULL
// (see the package doc) and foreign keys on.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("open SQLite database: no path given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("create directory of SQLite database %s: %w", path, err)
	}
	write, err := sql.Open("sqlite", dsn(abs, false))
	if err != nil {
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	if err := checkMode(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	if err := sqlstore.Migrate(ctx, write, sub, sqlstore.SQLite); err != nil {
		write.Close()
		return nil, fmt.Errorf("migrate SQLite database %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	read.SetMaxOpenConns(readConns)
	read.SetMaxIdleConns(readConns)
	return &Store{
		core:    sqlstore.New(write, read, sqlstore.SQLite),
		path:    abs,
		write:   write,
		read:    read,
		leaders: make(map[string]bool),
	}, nil
}

// dsn returns the modernc.org/sqlite data source name for the file at the
// absolute path abs, as a file: URI so that any character may appear in it.
func dsn(abs string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(FULL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}
	return u.String()
}

// checkMode verifies that the pragmas took: a file on a file system
// without shared memory support cannot be in WAL mode.
func checkMode(ctx context.Context, db *sql.DB) error {
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("read journal mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, not WAL", mode)
	}
	return nil
}

// Close closes both pools. In-flight calls must have returned.
func (s *Store) Close() error {
	rerr := s.read.Close()
	werr := s.write.Close()
	if werr != nil {
		return fmt.Errorf("close SQLite database %s: %w", s.path, werr)
	}
	if rerr != nil {
		return fmt.Errorf("close SQLite database %s: %w", s.path, rerr)
	}
	return nil
}

// DB returns the write pool, for the tables other packages keep in this
// database (outbox, IMAP ledger, schedule runs). It has ONE connection:
// never hold a transaction or an open *sql.Rows of it while calling a Store
// method or DB again, or the call waits for itself. Use InTx for
// transactions.
func (s *Store) DB() *sql.DB { return s.write }

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// TryLeader takes the leadership called name for this process: a SQLite
// database belongs to one pactd process, so it succeeds unless name is
// already held through this Store and not released (then ok is false).
// release gives it back; calling it more than once is harmless. It matches
// internal/postgres's TryLeader, so the daemon treats both alike.
func (s *Store) TryLeader(ctx context.Context, name string) (release func(), ok bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("take leadership %q: %w", name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.leaders[name] {
		return nil, false, nil
	}
	s.leaders[name] = true
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.leaders, name)
			s.mu.Unlock()
		})
	}, true, nil
}
