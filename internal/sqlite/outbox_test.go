package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pactd/pactd/internal/mailstoretest"
	"github.com/pactd/pactd/internal/sqlite"
)

// TestMailStore runs the outbox and IMAP ledger contract on SQLite.
func TestMailStore(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mailstoretest.Run(t, s)
}
