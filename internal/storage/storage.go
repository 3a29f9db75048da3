// Package storage opens the store the configuration names: a SQLite file
// by default (internal/sqlite), PostgreSQL for a postgres:// URL
// (internal/postgres). It is the one place that knows both, so that the
// stores never import each other and commands never choose between them.
package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// Store is everything pactd needs of its database; internal/sqlite and
// internal/postgres provide all of it. Safe for concurrent use; Close it
// once.
type Store interface {
	reconcile.Store
	reconcile.CampaignStore
	mail.Store
	ingest.Ledger
	schedule.Runs
	schedule.Leader
	archive.Store
	// JobRuns lists the newest runs of job ("" for every job), newest first.
	JobRuns(ctx context.Context, job string, limit int) ([]reconcile.JobRun, error)
	// QuarantineContent returns the bytes set aside with a quarantine entry.
	QuarantineContent(ctx context.Context, id int64) ([]byte, error)
	// Ping checks that the database answers, on the read pool (a writer
	// of another process holding SQLite's lock does not block it).
	Ping(ctx context.Context) error
	// WebSecret, RevokeSession and SessionRevoked keep the status site's
	// session key and logouts (internal/web.SessionStore).
	WebSecret(ctx context.Context, name string, fresh []byte) ([]byte, error)
	RevokeSession(ctx context.Context, id string, expires time.Time) error
	SessionRevoked(ctx context.Context, id string) (bool, error)
	// DB is the write pool, for packages that add their own tables.
	DB() *sql.DB
	Close() error
}

// Open opens the database cfg names: a PostgreSQL URL, or a SQLite file
// path, created with its directories when missing. Migrations are applied
// on open.
func Open(ctx context.Context, cfg *config.Config) (Store, error) {
	if cfg.IsPostgres() {
		return openPostgres(ctx, cfg.Database)
	}
	st, err := sqlite.Open(ctx, cfg.Database)
	if err != nil {
		return nil, fmt.Errorf("ouvrir la base %s : %w", cfg.Database, err)
	}
	return st, nil
}
