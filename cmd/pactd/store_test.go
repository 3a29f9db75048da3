package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/sqlite"
)

// emptyDB creates a SQLite database with no register and returns its path.
func emptyDB(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadOnlyCommandsDoNotCreateDatabase: a command that only reads
// refuses a database that does not exist, says what to do, and leaves no
// file behind; register import creates it.
func TestReadOnlyCommandsDoNotCreateDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sous-dossier", "pactd.db")
	for _, args := range [][]string{
		{"status"},
		{"reconcile"},
		{"report", "weekly", "--out", dir},
		{"templates", "generate", "--year", "2025", "--out", dir},
		{"ingest", "--dry-run", filepath.Join("..", "..", "samples", "soumissions", "CLS_2025_220100010_ain.xlsx")},
	} {
		code, _, stderr := rcRun(t, path, args...)
		if code != exitUsage || !strings.Contains(stderr, "n'existe pas : importez d'abord un registre avec pactd register import FICHIER") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
		if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
			t.Fatalf("%v created %s", args, filepath.Dir(path))
		}
	}
	if code, _, stderr := rcRun(t, path, "register", "import", filepath.Join("..", "..", "samples", "registre.xlsx")); code != exitOK {
		t.Fatalf("register import into a new database: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("register import did not create the database: %v", err)
	}
}
