package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/pactd/pactd/internal/postgres"
	"github.com/pactd/pactd/internal/storetest"
	"github.com/pactd/pactd/reconcile"
)

var (
	_ reconcile.Store  = (*postgres.Store)(nil)
	_ storetest.Leader = (*postgres.Store)(nil)
)

// serverURL returns the test server's URL. Without one it fails the test
// in CI (CI is set) and says how to get one; elsewhere it skips the test
// with that reason (ok is then never false: Skip stops the test).
func serverURL(t testing.TB) (string, bool) {
	t.Helper()
	u := os.Getenv("PACTD_TEST_POSTGRES_URL")
	if u != "" {
		return u, true
	}
	msg := "PACTD_TEST_POSTGRES_URL is empty: run `export PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)` (as root) or scripts/test.sh"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; PostgreSQL tests not run here (CI runs them)")
	return "", false
}

var schemas atomic.Int64

// freshSchema creates an empty schema for t and returns the URL that uses
// it, so that each test starts from an empty store; the schema is dropped
// when t ends.
func freshSchema(t testing.TB, base string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("pactd_test_%d_%d", os.Getpid(), schemas.Add(1))
	if _, err := admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+name+` CASCADE; CREATE SCHEMA `+name); err != nil {
		t.Fatalf("create schema %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+name+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// open opens a store on a fresh schema of the test server.
func open(t testing.TB, base string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), freshSchema(t, base))
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
	base, ok := serverURL(t)
	if !ok {
		return
	}
	storetest.Run(t, func(t *testing.T) reconcile.Store { return open(t, base) })
}

// TestShared runs the two-handle contract on one schema, as two replicas
// open it.
func TestShared(t *testing.T) {
	base, ok := serverURL(t)
	if !ok {
		return
	}
	storetest.RunShared(t, func(t *testing.T) (reconcile.Store, reconcile.Store) {
		u := freshSchema(t, base)
		var out [2]reconcile.Store
		for i := range out {
			s, err := postgres.Open(context.Background(), u)
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

// TestConcurrentOpen starts replicas together on one empty schema: each
// migration is applied once and every Open succeeds.
func TestConcurrentOpen(t *testing.T) {
	base, ok := serverURL(t)
	if !ok {
		return
	}
	u := freshSchema(t, base)
	const replicas = 5
	stores := make([]*postgres.Store, replicas)
	errs := make([]error, replicas)
	var wg sync.WaitGroup
	for i := range stores {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			stores[i], errs[i] = postgres.Open(context.Background(), u)
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	var n int
	if err := stores[0].DB().QueryRow(`SELECT COUNT(*) FROM schema_migrations WHERE name = '001_core.sql'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("001_core.sql recorded %d times, want 1", n)
	}
}

// TestLeaderAcrossReplicas: two replicas on one database, one leader; when
// the leader's process dies (its connections close), the other takes over.
func TestLeaderAcrossReplicas(t *testing.T) {
	base, ok := serverURL(t)
	if !ok {
		return
	}
	ctx := context.Background()
	u := freshSchema(t, base)
	a, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	b, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const name = "schedules-replicas-test"
	releaseA, ok, err := a.TryLeader(ctx, name)
	if err != nil || !ok {
		t.Fatalf("replica a: ok %v err %v, want leader", ok, err)
	}
	if _, ok, err := b.TryLeader(ctx, name); err != nil || ok {
		t.Fatalf("replica b while a leads: ok %v err %v, want not leader", ok, err)
	}
	// a dies without releasing: its connection closes, the server frees
	// the lock.
	if err := killLeader(ctx, b, name); err != nil {
		t.Fatal(err)
	}
	releaseB, ok, err := b.TryLeader(ctx, name)
	if err != nil || !ok {
		t.Fatalf("replica b after a died: ok %v err %v, want leader", ok, err)
	}
	// a's late release, on its dead connection, must not free b's lock.
	releaseA()
	if _, ok, err := a.TryLeader(ctx, name); err != nil || ok {
		t.Fatalf("replica a after b took over: ok %v err %v, want not leader", ok, err)
	}
	releaseB()
	if err := a.Close(); err != nil {
		t.Error(err)
	}
}

// killLeader terminates the session holding the leadership name, as the
// death of the leader's process does, and waits until the server has
// released the lock.
func killLeader(ctx context.Context, s *postgres.Store, name string) error {
	key := uint64(postgres.LeaderKey(name))
	hi, lo := int64(key>>32), int64(key&0xffffffff)
	const holder = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND classid::bigint = $1 AND objid::bigint = $2 AND objsubid = 1`
	var pid int
	if err := s.DB().QueryRowContext(ctx, holder, hi, lo).Scan(&pid); err != nil {
		return fmt.Errorf("find leader session: %w", err)
	}
	if _, err := s.DB().ExecContext(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		return fmt.Errorf("terminate leader session %d: %w", pid, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		err := s.DB().QueryRowContext(ctx, holder, hi, lo).Scan(&pid)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("leader session %d still holds the lock after 10 s", pid)
}

// TestInTxNoSync: a transaction without sync runs with synchronous_commit
// off and commits; the setting is the transaction's own (SET LOCAL): the
// next transaction on the pool commits synchronously again.
func TestInTxNoSync(t *testing.T) {
	base, ok := serverURL(t)
	if !ok {
		return
	}
	s := open(t, base)
	ctx := context.Background()
	show := func(tx *sql.Tx) string {
		t.Helper()
		var v string
		if err := tx.QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	err := s.InTxNoSync(ctx, func(tx *sql.Tx) error {
		if got := show(tx); got != "off" {
			t.Errorf("synchronous_commit in the transaction = %s, want off", got)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO folder_looks (dir, looked_at) VALUES ('/depot', 'x')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // whichever connection of the pool
		if err := s.InTx(ctx, func(tx *sql.Tx) error {
			if got := show(tx); got != "on" {
				t.Errorf("synchronous_commit in a later transaction = %s, want on", got)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	var at string
	if err := s.DB().QueryRowContext(ctx, `SELECT looked_at FROM folder_looks WHERE dir = '/depot'`).Scan(&at); err != nil || at != "x" {
		t.Errorf("after the transaction: %q (%v), want it committed", at, err)
	}
}
