package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	upper := "Postgres" + strings.TrimPrefix(base, "postgres")
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
