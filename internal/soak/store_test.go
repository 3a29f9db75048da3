package soak_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the soak's own look at PostgreSQL

	"github.com/pactd/pactd/internal/postgres"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// freshSchema returns the URL of a new schema on the test server
// (PACTD_TEST_POSTGRES_URL), dropped when tb ends; it skips tb when the
// variable is empty.
func freshSchema(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("PACTD_TEST_POSTGRES_URL")
	if base == "" {
		tb.Skip("PACTD_TEST_POSTGRES_URL is empty: the soak's two replicas need PostgreSQL; run " +
			"`export PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)` (scripts/test.sh and scripts/soak.sh do)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("pactd_soak_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.Exec(`CREATE SCHEMA ` + name); err != nil {
		tb.Fatalf("create schema %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + name + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// saveRegister opens database (migrating it) and records reg.
func saveRegister(tb testing.TB, database string, reg *reconcile.Register) {
	tb.Helper()
	ctx := context.Background()
	var st interface {
		SaveRegister(context.Context, *reconcile.Register) (int64, error)
		Close() error
	}
	var err error
	if strings.HasPrefix(database, "postgres") {
		st, err = postgres.Open(ctx, database)
	} else {
		st, err = sqlite.Open(ctx, database)
	}
	if err != nil {
		tb.Fatalf("open %s: %v", database, err)
	}
	defer st.Close()
	if _, err := st.SaveRegister(ctx, reg); err != nil {
		tb.Fatalf("save the register: %v", err)
	}
}

// openDB opens the database the replicas use, for the soak's own queries:
// a SQLite file (read only) or a PostgreSQL URL.
func openDB(tb testing.TB, database string) *sql.DB {
	tb.Helper()
	driver, dsn := "pgx", database
	if !strings.HasPrefix(database, "postgres") {
		driver, dsn = "sqlite", "file:"+database+"?mode=ro&_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// countOf runs a COUNT query.
func countOf(tb testing.TB, db *sql.DB, query string, args ...any) int {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var n int
	if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// receipt is one receipt of the database with its submission's file.
type receipt struct {
	number, kind, file string
}

// receipts returns every receipt with the file name of its submission.
func receipts(db *sql.DB) ([]receipt, error) {
	rows, err := db.Query(`SELECT COALESCE(r.number, ''), r.origin_kind, s.file_name
		FROM receipts r JOIN submissions s ON s.id = r.submission_id ORDER BY r.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []receipt
	for rows.Next() {
		var r receipt
		if err := rows.Scan(&r.number, &r.kind, &r.file); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// quarantined is one quarantine entry.
type quarantined struct {
	file, origin, reason string
}

func quarantine(tb testing.TB, db *sql.DB) []quarantined {
	tb.Helper()
	rows, err := db.Query(`SELECT file_name, origin, reason FROM quarantine ORDER BY id`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []quarantined
	for rows.Next() {
		var q quarantined
		if err := rows.Scan(&q.file, &q.origin, &q.reason); err != nil {
			tb.Fatal(err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
