package daemon

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/internal/health"
	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// TestDatabasePartWhileAnotherHoldsTheLock holds SQLite's write lock from
// another connection (as a one-shot pactd command does) while the store's
// own writer waits for it: /healthz must still find the database up.
func TestDatabasePartWhileAnotherHoldsTheLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pactd.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(1000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")

	// The daemon's writer queues behind the other process's lock...
	writing := make(chan error, 1)
	go func() {
		writing <- st.SaveFiles(ctx, archive.File{Name: "x.pdf", Kind: archive.WeeklyReport, Content: []byte("x"), CreatedAt: time.Now()})
	}()
	time.Sleep(200 * time.Millisecond)
	// ...so pinging the write pool, as /healthz once did, finds it down.
	wctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := st.DB().PingContext(wctx); err == nil {
		t.Fatal("the write pool answered while its connection waits for the lock: the test proves nothing")
	}
	p := &databasePart{store: st, log: zerolog.Nop(), t: health.NewTracker(health.Database, "base de données")}
	hctx, cancel2 := context.WithTimeout(ctx, 3*time.Second)
	defer cancel2()
	if s := p.State(hctx); !s.OK || s.LastSuccess.IsZero() {
		t.Errorf("database part while another process holds the lock: %+v", s)
	}
	conn.ExecContext(ctx, "ROLLBACK")
	if err := <-writing; err != nil {
		t.Errorf("the daemon's write after the lock was released: %v", err)
	}

	st.Close()
	if s := p.State(hctx); s.OK || s.Problem != "La base de données ne répond pas." {
		t.Errorf("database part with the store closed: %+v", s)
	}
}

// TestFolderPart checks the watched folder's part: readable, gone, and a
// watcher that stopped.
func TestFolderPart(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "depot")
	if err := os.Mkdir(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	p := newFolderPart(dir, nil)
	if s := p.State(ctx); !s.OK || s.LastSuccess.IsZero() || s.Kind != health.Folder {
		t.Errorf("readable folder: %+v", s)
	}
	os.Remove(dir)
	if s := p.State(ctx); s.OK || s.Problem != "Le dossier surveillé ne peut pas être lu (il n'existe pas)." || s.LastSuccess.IsZero() {
		t.Errorf("folder gone: %+v", s)
	}
	os.Mkdir(dir, 0o750)
	p.stopped.Store(true)
	if s := p.State(ctx); s.OK || !strings.HasPrefix(s.Problem, "Le dossier surveillé n'est plus lu") {
		t.Errorf("watcher stopped: %+v", s)
	}
}

// TestSchedulesPart checks that one failed run is not an alarm, two
// activations without success are, and a success clears it.
func TestSchedulesPart(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hourly, _ := schedule.Parse("0 * * * *")
	at := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, reconcile.Paris) }
	now := at(12, 10)
	p := &schedulesPart{store: st, jobs: []schedule.Job{{Name: jobWeekly, Schedule: hourly}}, started: at(11, 50),
		now: func() time.Time { return now }}
	if s := p.State(ctx); !s.OK {
		t.Errorf("just started: %+v", s)
	}
	p.started = at(9, 0)
	if s := p.State(ctx); s.OK || !strings.Contains(s.Problem, "n'a pas réussi depuis le démarrage") {
		t.Errorf("started three hours ago, no run: %+v", s)
	}
	run := func(outcome reconcile.RunOutcome, t0 time.Time) {
		r := reconcile.JobRun{Job: jobWeekly, Scheduled: t0, Started: t0, Finished: t0.Add(time.Minute), Outcome: outcome}
		if err := st.StartRun(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	run(reconcile.RunSuccess, at(9, 0))
	run(reconcile.RunFailure, at(10, 0))
	run(reconcile.RunFailure, at(11, 0))
	run(reconcile.RunFailure, at(12, 0))
	if s := p.State(ctx); s.OK || s.Problem != "La tâche « rapport hebdomadaire » n'a pas réussi depuis le 02/03/2026 à 09:01 : voyez la page d'état pour la raison de ses échecs." ||
		!s.LastSuccess.Equal(at(9, 1)) {
		t.Errorf("three failed activations: %+v", s)
	}
	now = at(11, 20) // as seen right after the 11:00 run failed: the 10:00 one only missed
	p.store = runsBefore{st, at(11, 30)}
	if s := p.State(ctx); !s.OK {
		t.Errorf("one or two failures, the second activation not 30 min old: %+v", s)
	}
	now, p.store = at(12, 10), st
	run(reconcile.RunSuccess, at(12, 5))
	if s := p.State(ctx); !s.OK || !s.LastSuccess.Equal(at(12, 6)) {
		t.Errorf("after a success: %+v", s)
	}
}

// runsBefore hides the runs that finished after before, as the store
// stood then.
type runsBefore struct {
	st     *sqlite.Store
	before time.Time
}

func (r runsBefore) JobRuns(ctx context.Context, job string, limit int) ([]reconcile.JobRun, error) {
	runs, err := r.st.JobRuns(ctx, job, limit)
	var out []reconcile.JobRun
	for _, x := range runs {
		if x.Finished.Before(r.before) {
			out = append(out, x)
		}
	}
	return out, err
}
