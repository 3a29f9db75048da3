package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/postgres"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/storage"
)

// TestOpenPostgresWhateverTheCase checks that PACTD_DATABASE=Postgres://…
// opens PostgreSQL, and never a SQLite file whose path holds the password.
func TestOpenPostgresWhateverTheCase(t *testing.T) {
	base := os.Getenv("PACTD_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("PACTD_TEST_POSTGRES_URL is empty: run `export PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)` (as root) or scripts/test.sh")
	}
	t.Chdir(t.TempDir())
	upper := "Postgres" + strings.TrimPrefix(freshSchema(t, base), "postgres")
	cfg, err := config.Load("", func(k string) string { return map[string]string{"PACTD_DATABASE": upper}[k] })
	if err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open %s: %v", strings.SplitN(upper, "@", 2)[1], err)
	}
	defer st.Close()
	if _, ok := st.(*postgres.Store); !ok {
		t.Errorf("opened %T, want *postgres.Store", st)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("a file was created: %v", entries)
	}
}

// TestOpenSQLite checks the default: a SQLite file, created.
func TestOpenSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "pactd.db")
	cfg, err := config.Load("", func(k string) string { return map[string]string{"PACTD_DATABASE": path}[k] })
	if err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok := st.(*sqlite.Store); !ok {
		t.Errorf("opened %T, want *sqlite.Store", st)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("no SQLite file: %v", err)
	}
}

// freshSchema creates an empty schema for t on the server at base and
// returns base with that schema as its search_path, so that the test's
// migrations never meet those other tests or branches left in the shared
// database; the schema is dropped when t ends.
func freshSchema(t *testing.T, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("pactd_storage_test_%d", os.Getpid())
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+name+` CASCADE; CREATE SCHEMA `+name); err != nil {
		t.Fatalf("create schema %s: %v", name, err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), `DROP SCHEMA IF EXISTS `+name+` CASCADE`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
