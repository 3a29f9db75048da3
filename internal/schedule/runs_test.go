package schedule_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/postgres"
	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/reconcile"
)

// store is what the daemon gives the scheduler: runs and leadership.
type store interface {
	schedule.Runs
	schedule.Leader
	JobRuns(ctx context.Context, job string, limit int) ([]reconcile.JobRun, error)
}

// postgresStores opens two stores (two replicas) on a fresh schema of the
// test server.
func postgresStores(t *testing.T) (store, store) {
	t.Helper()
	base := os.Getenv("PACTD_TEST_POSTGRES_URL")
	if base == "" {
		t.Fatal("PACTD_TEST_POSTGRES_URL is empty: run `export PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)` (as root) or scripts/test.sh")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("pactd_schedule_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			a.Close()
		}
	})
	u := base + "&search_path=" + schema
	var out [2]store
	for i := range out {
		st, err := postgres.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		out[i] = st
	}
	return out[0], out[1]
}

// TestRunsStores checks what the scheduler relies on in both stores.
func TestRunsStores(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		st := openStore(t)
		t.Cleanup(func() { st.Close() })
		testRuns(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		a, b := postgresStores(t)
		testRuns(t, a)
		testLeadership(t, a, b)
	})
}

func testRuns(t *testing.T, st store) {
	ctx := context.Background()
	job := "weekly_report"
	first := paris(2026, 3, 2, 8, 0)
	if last, err := st.LastSettled(ctx, job); err != nil || !last.IsZero() {
		t.Fatalf("empty: got %v, %v", last, err)
	}
	r := reconcile.JobRun{Job: job, Scheduled: first, CatchUp: true, Started: first.Add(time.Second), Outcome: reconcile.RunRunning}
	if err := st.StartRun(ctx, &r); err != nil || r.ID == 0 {
		t.Fatalf("start: id %d, %v", r.ID, err)
	}
	if last, _ := st.LastSettled(ctx, job); !last.IsZero() {
		t.Errorf("a running run settles its activation: got %v", last)
	}
	r.Finished, r.Outcome, r.Error = first.Add(time.Minute), reconcile.RunFailure, "le serveur SMTP a refusé le message"
	if err := st.FinishRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	if last, _ := st.LastSettled(ctx, job); !last.Equal(first) {
		t.Errorf("after a failure: got %v, want %v", last, first)
	}
	second := reconcile.JobRun{Job: job, Scheduled: first.AddDate(0, 0, 7), Started: first.AddDate(0, 0, 7), Outcome: reconcile.RunRunning}
	if err := st.StartRun(ctx, &second); err != nil {
		t.Fatal(err)
	}
	other := reconcile.JobRun{Job: "reminders", Scheduled: first, Started: first, Outcome: reconcile.RunRunning}
	if err := st.StartRun(ctx, &other); err != nil {
		t.Fatal(err)
	}
	if n, err := st.InterruptRuns(ctx, job, first.AddDate(0, 0, 8)); err != nil || n != 1 {
		t.Errorf("interrupt: got %d, %v, want 1 (the other job's run untouched)", n, err)
	}
	if last, _ := st.LastSettled(ctx, job); !last.Equal(first) {
		t.Errorf("an interrupted run settles its activation: got %v", last)
	}
	runs, err := st.JobRuns(ctx, job, 0)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs: got %d, %v", len(runs), err)
	}
	got := runs[1]
	if got.ID != r.ID || !got.Scheduled.Equal(first) || !got.CatchUp || !got.Started.Equal(r.Started) ||
		!got.Finished.Equal(r.Finished) || got.Outcome != reconcile.RunFailure || got.Error != r.Error {
		t.Errorf("round trip: got %+v, want %+v", got, r)
	}
	if runs[0].Outcome != reconcile.RunInterrupted || runs[0].Error == "" || runs[0].Finished.IsZero() {
		t.Errorf("interrupted run: got %+v", runs[0])
	}
	if all, _ := st.JobRuns(ctx, "", 1); len(all) != 1 || all[0].Job != job {
		t.Errorf("newest of all jobs: got %+v", all)
	}
	missing := reconcile.JobRun{ID: 99999, Job: job, Outcome: reconcile.RunSuccess}
	if err := st.FinishRun(ctx, missing); err == nil {
		t.Error("finishing an unknown run: got no error")
	}
}

// testLeadership checks that two replicas never hold a job's leadership
// together.
func testLeadership(t *testing.T, a, b store) {
	ctx := context.Background()
	release, ok, err := a.TryLeader(ctx, "schedule:weekly_report")
	if err != nil || !ok {
		t.Fatalf("first replica: ok %v, %v", ok, err)
	}
	if _, ok, err := b.TryLeader(ctx, "schedule:weekly_report"); err != nil || ok {
		t.Errorf("second replica while the first leads: ok %v, %v", ok, err)
	}
	rel2, ok, err := b.TryLeader(ctx, "schedule:reminders")
	if err != nil || !ok {
		t.Errorf("another job's leadership: ok %v, %v", ok, err)
	} else {
		rel2()
	}
	release()
	rel3, ok, err := b.TryLeader(ctx, "schedule:weekly_report")
	if err != nil || !ok {
		t.Errorf("second replica after release: ok %v, %v", ok, err)
	} else {
		rel3()
	}
}
