package ingest_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/postgres"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// TestIMAPLeaseOneReader: two replicas on one database read one mailbox:
// while a replica that died holds the mailbox's lease, both wait; once it
// expires one of them takes the mailbox within the lease and a third, the
// other stays standby, and every message is processed once.
func TestIMAPLeaseOneReader(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "pactd.db")
		testLease(t, func() leaseStore {
			st, err := sqlite.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		})
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("PACTD_TEST_POSTGRES_URL")
		if base == "" {
			t.Skip("PACTD_TEST_POSTGRES_URL is empty: run `export PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)`")
		}
		u := pgSchema(t, base)
		testLease(t, func() leaseStore {
			st, err := postgres.Open(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		})
	})
}

// leaseStore is what both stores offer the intake.
type leaseStore interface {
	ingest.IntakeStore
	ingest.FolderClaims
	RecordSubmission(ctx context.Context, sub *reconcile.Submission) (reconcile.Receipt, error)
}

// pgSchema creates an empty schema of its own for t on the test server and
// returns the URL that uses it; the schema is dropped when t ends.
func pgSchema(t *testing.T, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("pactd_ingest_lease_%d", os.Getpid())
	if _, err := admin.Exec(`DROP SCHEMA IF EXISTS ` + name + ` CASCADE; CREATE SCHEMA ` + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(`DROP SCHEMA ` + name + ` CASCADE`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

func testLease(t *testing.T, open func() leaseStore) {
	m := startMemServer(t, fullCaps)
	ctx := context.Background()
	const lease = 900 * time.Millisecond
	var srcs [2]*ingest.IMAPSource
	var recs [2]*recorder
	var first leaseStore
	for i := range srcs {
		st := open()
		if first == nil {
			first = st
		}
		recs[i] = &recorder{store: st}
		var err error
		srcs[i], err = ingest.NewIMAPSource(ingest.IMAPConfig{URL: m.url(), Poll: 100 * time.Millisecond, NoIdle: true,
			Auth: ingest.SenderAuth{Disabled: true}, Lease: st, LeaseDuration: lease}, st, recs[i], nil, zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
	}
	defer ingest.SetLoopbackCheck(func(string) bool { return true })()
	died := time.Now()
	if ok, err := first.ClaimFile(ctx, srcs[0].LeaseKey(), "replica-morte", died, lease); err != nil || !ok {
		t.Fatalf("lease of the dead replica: %v %v", ok, err)
	}
	c := m.client(t)
	for i := range 5 {
		appendRaw(t, c, "INBOX", message(t, "ain@example.test", "rapport "+string(rune('a'+i)),
			map[string][]byte{"r" + string(rune('a'+i)) + ".xlsx": {byte(i)}}))
	}
	var stops [2]func()
	for i, s := range srcs {
		stops[i] = runSource(t, s)
	}
	waitFor(t, 2*time.Second, "both replicas standby", func() bool { return srcs[0].Standby() && srcs[1].Standby() })
	waitFor(t, 5*time.Second, "one replica holding the lease", func() bool { return srcs[0].Standby() != srcs[1].Standby() })
	if took := time.Since(died); took < lease || took > lease+lease/3+500*time.Millisecond {
		t.Errorf("mailbox taken over %v after the holder died, want between %v and %v", took, lease, lease+lease/3)
	}
	waitFor(t, 5*time.Second, "every message processed", func() bool { return count(t, c, "Traités") == 5 })
	reader, standby := 0, 1
	if srcs[0].Standby() {
		reader, standby = 1, 0
	}
	if n := len(recs[standby].Calls()); n != 0 {
		t.Errorf("the standby replica processed %d workbooks", n)
	}
	if n := len(recs[reader].Calls()); n != 5 {
		t.Errorf("the reader processed %d workbooks, want 5", n)
	}
	// Still one reader after several renewals.
	time.Sleep(2 * lease)
	if srcs[0].Standby() == srcs[1].Standby() {
		t.Errorf("standby = %v and %v after renewals, want exactly one reader", srcs[0].Standby(), srcs[1].Standby())
	}
	// The reader stops: it releases the lease, and the other replica takes
	// the mailbox at its next try, without waiting for the lease to expire.
	stopped := time.Now()
	stops[reader]()
	waitFor(t, 5*time.Second, "the other replica reading", func() bool { return !srcs[standby].Standby() })
	if took := time.Since(stopped); took > lease/3+300*time.Millisecond {
		t.Errorf("mailbox taken %v after the reader stopped, want within a third of the lease (%v)", took, lease/3)
	}
}
