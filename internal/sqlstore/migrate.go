package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"time"
)

// migrationName is what a migration file must be called: three digits, an
// underscore, lower-case words, ".sql". The first digit reserves a range to
// one part of pactd (see internal/sqlite's package doc).
var migrationName = regexp.MustCompile(`^[0-9]{3}_[a-z0-9_]+\.sql$`)

// Migrate applies the *.sql files at the root of fsys that db has not
// applied yet, in lexical order, each once and in its own transaction,
// recording each in schema_migrations(name, applied_at). It refuses a file
// named otherwise than NNN_words.sql, and a database that has applied a
// migration fsys does not have (a newer pactd wrote it).
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, d Dialect) error {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	known := make(map[string]bool, len(names))
	for _, n := range names {
		if !migrationName.MatchString(n) {
			return fmt.Errorf("migration file %q is not named NNN_words.sql", n)
		}
		known[n] = true
	}
	s := &Store{write: db, read: db, d: d}
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		if d.MigrationLock != "" {
			if _, err := tx.ExecContext(ctx, d.MigrationLock); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := appliedMigrations(ctx, db)
	if err != nil {
		return err
	}
	for _, n := range applied {
		if !known[n] {
			return fmt.Errorf("database has migration %s that this pactd does not know: it was written by a newer version", n)
		}
	}
	for _, n := range names {
		body, err := fs.ReadFile(fsys, n)
		if err != nil {
			return fmt.Errorf("read migration %s: %w", n, err)
		}
		if err := s.applyMigration(ctx, n, string(body)); err != nil {
			return fmt.Errorf("apply migration %s: %w", n, err)
		}
	}
	return nil
}

func appliedMigrations(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list applied migrations: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list applied migrations: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// applyMigration runs one file unless recorded, checking inside the
// transaction (after the dialect's lock) so concurrent Opens apply it once.
func (s *Store) applyMigration(ctx context.Context, name, body string) error {
	return s.InTx(ctx, func(tx *sql.Tx) error {
		if s.d.MigrationLock != "" {
			if _, err := tx.ExecContext(ctx, s.d.MigrationLock); err != nil {
				return err
			}
		}
		var n int
		if err := s.queryRow(ctx, tx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, body); err != nil {
			return err
		}
		_, err := s.exec(ctx, tx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
			name, FormatTime(time.Now()))
		return err
	})
}
