package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/storetest"
	"github.com/pactd/pactd/reconcile"
)

var (
	_ reconcile.Store  = (*sqlite.Store)(nil)
	_ storetest.Leader = (*sqlite.Store)(nil)
)

// open opens a store on a new file in t's temporary directory.
func open(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) reconcile.Store { return open(t) })
}

// TestShared runs the two-handle contract on one file, as two processes
// (the daemon and pactd register import) open it.
func TestShared(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (reconcile.Store, reconcile.Store) {
		path := filepath.Join(t.TempDir(), "pactd.db")
		var out [2]reconcile.Store
		for i := range out {
			s, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			out[i] = s
		}
		return out[0], out[1]
	})
}

func TestOpenCreatesDirectories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data dir", "sous?dossier#1", "pactd.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file: %v", err)
	}
}

func TestOpenRefusesADirectory(t *testing.T) {
	_, err := sqlite.Open(context.Background(), t.TempDir())
	if err == nil {
		t.Fatal("Open on a directory: no error")
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pactd.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	sub := storetest.Sample(1, "220100010", 2025, 3, 5000)
	rc, err := s.RecordSubmission(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveRegister(ctx, &reconcile.Register{Source: "registre.xlsx"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = sqlite.Open(ctx, path) // migrations already applied: a no-op
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Receipts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != rc {
		t.Errorf("receipts after reopen = %+v, want [%+v]", got, rc)
	}
	content, err := s.SubmissionContent(ctx, rc.SubmissionID)
	if err != nil || string(content) != string(sub.Content) {
		t.Errorf("content after reopen: %d bytes, err %v", len(content), err)
	}
	if reg, err := s.LatestRegister(ctx); err != nil || reg.Source != "registre.xlsx" {
		t.Errorf("register after reopen = %+v, %v", reg, err)
	}
	var migrations int
	if err := s.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&migrations); err != nil {
		t.Fatal(err)
	}
	if migrations == 0 {
		t.Errorf("schema_migrations is empty")
	}
}

func TestPragmas(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	tests := []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"foreign_keys", "1"},
		{"busy_timeout", "30000"},
	}
	for _, tt := range tests {
		var got string
		if err := s.DB().QueryRowContext(ctx, "PRAGMA "+tt.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("PRAGMA %s = %s, want %s", tt.pragma, got, tt.want)
		}
	}
}

func TestRefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pactd.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ('099_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := sqlite.Open(ctx, path); err == nil {
		t.Fatal("Open of a database migrated by a newer pactd: no error")
	}
}

func TestInTxRollsBack(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.RecordSubmissionTx(ctx, tx, storetest.Sample(1, "220100010", 2025, 1, 100)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v, want boom", err)
	}
	subs, err := s.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 0 {
		t.Errorf("%d submissions after a rolled back transaction, want 0", len(subs))
	}
}

// TestInTxNoSync: a transaction without sync runs with synchronous=NORMAL
// and commits; the connection is back to FULL after it, committed or
// rolled back, so that every other write stays synchronous.
func TestInTxNoSync(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	synchronous := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) int {
		t.Helper()
		var n int
		if err := q.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	boom := errors.New("boom")
	for _, fail := range []bool{false, true} {
		err := s.InTxNoSync(ctx, func(tx *sql.Tx) error {
			if got := synchronous(tx); got != 1 {
				t.Errorf("synchronous in the transaction = %d, want 1 (NORMAL)", got)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO folder_looks (dir, looked_at) VALUES ('/depot', 'x')
				ON CONFLICT (dir) DO UPDATE SET looked_at = looked_at || 'x'`); err != nil {
				return err
			}
			if fail {
				return boom
			}
			return nil
		})
		if fail != errors.Is(err, boom) || (!fail && err != nil) {
			t.Fatalf("InTxNoSync (failing: %v) = %v", fail, err)
		}
		if got := synchronous(s.DB()); got != 2 {
			t.Errorf("synchronous after the transaction (failing: %v) = %d, want 2 (FULL)", fail, got)
		}
	}
	var at string
	if err := s.DB().QueryRowContext(ctx, `SELECT looked_at FROM folder_looks WHERE dir = '/depot'`).Scan(&at); err != nil || at != "x" {
		t.Errorf("after one committed and one rolled back transaction: %q (%v), want the first only", at, err)
	}
}
