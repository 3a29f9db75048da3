package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/pactd/pactd/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// maxConns bounds the pool: the daemon's intake workers, the status page,
// the schedules and one leadership connection per held name.
const maxConns = 10

// core is sqlstore.Store under an unexported name, so that embedding it
// promotes the reconcile.Store methods without exporting a field.
type core = sqlstore.Store

// Store is pactd's PostgreSQL database: reconcile.Store (methods promoted
// from internal/sqlstore) and TryLeader. Safe for concurrent use, by several
// processes too; Close it once.
type Store struct {
	*core
	db *sql.DB
}

// Open connects to the PostgreSQL database at url
// (postgres://user:password@host:5432/db?sslmode=...) and applies the
// embedded migrations it has not applied yet. Errors never contain the
// password.
func Open(ctx context.Context, url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL database: %w", err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open PostgreSQL database: %w", err)
	}
	if err := sqlstore.Migrate(ctx, db, sub, sqlstore.Postgres); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate PostgreSQL database: %w", err)
	}
	return &Store{core: sqlstore.New(db, db, sqlstore.Postgres), db: db}, nil
}

// Close closes the pool. In-flight calls must have returned and held
// leaderships been released (Close waits for their connections).
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close PostgreSQL database: %w", err)
	}
	return nil
}

// DB returns the pool, for the tables other packages keep in this database.
func (s *Store) DB() *sql.DB { return s.db }
