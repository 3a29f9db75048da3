package schedule_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

func paris(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, reconcile.Paris)
}

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// sleepUntil advances the synctest bubble's clock to t.
func sleepUntil(t time.Time) { time.Sleep(time.Until(t)) }

// openStore opens a real SQLite database in a temporary directory; call it
// inside the bubble and close the store before the bubble ends.
func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	return st
}

func mustParse(t *testing.T, spec string) schedule.Job {
	t.Helper()
	s, err := schedule.Parse(spec)
	if err != nil {
		t.Fatalf("parse %q: %v", spec, err)
	}
	return schedule.Job{Name: "weekly_report", Schedule: s}
}

// recorder is a job body that remembers when it ran and for which
// activation.
type recorder struct {
	mu        sync.Mutex
	ran       []time.Time // clock at the start of each run
	scheduled []time.Time
	err       error
}

func (r *recorder) run(ctx context.Context, scheduled time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ran = append(r.ran, time.Now())
	r.scheduled = append(r.scheduled, scheduled)
	return r.err
}

func (r *recorder) got() (ran, scheduled []time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Time(nil), r.ran...), append([]time.Time(nil), r.scheduled...)
}

// start runs the scheduler in the background; the returned function stops
// it and waits for it.
func start(s *schedule.Scheduler, jobs ...schedule.Job) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		s.Run(ctx, ctx, jobs...)
		close(done)
	}()
	return func() { cancel(); <-done }
}

func sameTimes(t *testing.T, what string, got, want []time.Time) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			t.Errorf("%s[%d]: got %v, want %v", what, i, got[i].UTC(), want[i].UTC())
		}
	}
}

func TestWeeklyAtEightParisAcrossDST(t *testing.T) {
	tests := []struct {
		name  string
		start time.Time
		want  []time.Time // in UTC: 07:00 in winter, 06:00 in summer
	}{
		// Summer time starts on Sunday 29 March 2026.
		{"march", paris(2026, 3, 20, 12, 0), []time.Time{utc(2026, 3, 23, 7, 0), utc(2026, 3, 30, 6, 0), utc(2026, 4, 6, 6, 0)}},
		// Summer time ends on Sunday 25 October 2026.
		{"october", paris(2026, 10, 16, 12, 0), []time.Time{utc(2026, 10, 19, 6, 0), utc(2026, 10, 26, 7, 0), utc(2026, 11, 2, 7, 0)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sleepUntil(tc.start)
				st := openStore(t)
				defer st.Close()
				rec := &recorder{}
				job := mustParse(t, "0 8 * * 1")
				job.Run = rec.run
				stop := start(&schedule.Scheduler{Runs: st}, job)
				sleepUntil(tc.want[len(tc.want)-1].Add(time.Hour))
				stop()

				ran, scheduled := rec.got()
				sameTimes(t, "ran", ran, tc.want)
				sameTimes(t, "scheduled", scheduled, tc.want)
				for _, r := range ran {
					if h := r.In(reconcile.Paris).Hour(); h != 8 {
						t.Errorf("ran at %v, %d h in Paris, want 8 h", r, h)
					}
				}
			})
		})
	}
}

func TestOutageCaughtUpOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := openStore(t)
		defer st.Close()
		rec := &recorder{}
		job := mustParse(t, "0 8 * * 1")
		job.Run = rec.run
		s := &schedule.Scheduler{Runs: st}

		sleepUntil(paris(2026, 1, 5, 7, 0)) // Monday, before 08:00
		stop := start(s, job)
		sleepUntil(paris(2026, 1, 5, 8, 30))
		stop()

		// Down for three weeks: Mondays 12, 19 and 26 January are missed.
		sleepUntil(paris(2026, 1, 27, 10, 0))
		stop = start(s, job)
		sleepUntil(paris(2026, 2, 2, 9, 0))
		stop()

		// A restart with nothing missed catches nothing up.
		stop = start(s, job)
		sleepUntil(paris(2026, 2, 2, 9, 5))
		stop()

		ran, scheduled := rec.got()
		sameTimes(t, "scheduled", scheduled, []time.Time{paris(2026, 1, 5, 8, 0), paris(2026, 1, 26, 8, 0), paris(2026, 2, 2, 8, 0)})
		sameTimes(t, "ran", ran, []time.Time{paris(2026, 1, 5, 8, 0), paris(2026, 1, 27, 10, 0), paris(2026, 2, 2, 8, 0)})

		runs, err := st.JobRuns(context.Background(), "weekly_report", 0)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			scheduled time.Time
			catchUp   bool
			outcome   reconcile.RunOutcome
		}
		want := []row{ // newest first
			{paris(2026, 2, 2, 8, 0), false, reconcile.RunSuccess},
			{paris(2026, 1, 26, 8, 0), true, reconcile.RunSuccess},
			{paris(2026, 1, 5, 8, 0), false, reconcile.RunSuccess},
			{paris(2025, 12, 29, 8, 0), false, reconcile.RunSkipped}, // first start
		}
		if len(runs) != len(want) {
			t.Fatalf("got %d runs recorded, want %d: %+v", len(runs), len(want), runs)
		}
		for i, w := range want {
			r := runs[i]
			if !r.Scheduled.Equal(w.scheduled) || r.CatchUp != w.catchUp || r.Outcome != w.outcome || r.Finished.IsZero() {
				t.Errorf("run %d: got %v catch-up %v %s finished %v, want %v %v %s", i, r.Scheduled, r.CatchUp, r.Outcome, r.Finished, w.scheduled, w.catchUp, w.outcome)
			}
		}
	})
}

func TestFailedRunRecordedLoggedObserved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := openStore(t)
		defer st.Close()
		sleepUntil(paris(2026, 3, 2, 7, 0))
		rec := &recorder{err: errors.New("send report: dial smtps://pactd:hunter2@smtp.example.fr:465: connection refused")}
		job := mustParse(t, "0 8 * * 1")
		job.Run = rec.run
		var logs bytes.Buffer
		var mu sync.Mutex
		var observed []reconcile.JobRun
		s := &schedule.Scheduler{Runs: st, Log: zerolog.New(&logs), Observe: func(r reconcile.JobRun) {
			mu.Lock()
			observed = append(observed, r)
			mu.Unlock()
		}}
		stop := start(s, job)
		sleepUntil(paris(2026, 3, 2, 8, 1))
		stop()

		wantErr := "send report: dial smtps://pactd:****@smtp.example.fr:465: connection refused"
		runs, err := st.JobRuns(context.Background(), "weekly_report", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].Outcome != reconcile.RunFailure || runs[0].Error != wantErr {
			t.Errorf("recorded %+v, want a failure with %q", runs, wantErr)
		}
		if len(observed) != 1 || observed[0].Outcome != reconcile.RunFailure {
			t.Errorf("observed %+v, want one failure", observed)
		}
		if !strings.Contains(logs.String(), `"level":"error"`) || !strings.Contains(logs.String(), "connection refused") {
			t.Errorf("logs lack the failure:\n%s", logs.String())
		}
		if strings.Contains(logs.String(), "hunter2") {
			t.Errorf("logs show the password:\n%s", logs.String())
		}
	})
}

func TestInterruptedRunCaughtUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := openStore(t)
		defer st.Close()
		sleepUntil(paris(2026, 3, 2, 7, 0))
		started := make(chan struct{})
		job := mustParse(t, "0 8 * * 1")
		job.Run = func(ctx context.Context, _ time.Time) error {
			close(started)
			<-ctx.Done() // a run that does not finish before the drain time
			return ctx.Err()
		}
		stopCtx, stop := context.WithCancel(context.Background())
		work, cancelWork := context.WithCancel(context.Background())
		done := make(chan struct{})
		s := &schedule.Scheduler{Runs: st}
		go func() { s.Run(stopCtx, work, job); close(done) }()
		sleepUntil(paris(2026, 3, 2, 8, 0))
		<-started
		stop()
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("Run returned with a run in progress")
		default:
		}
		time.Sleep(30 * time.Second) // the drain time
		cancelWork()
		<-done

		runs, _ := st.JobRuns(context.Background(), "weekly_report", 1)
		if len(runs) != 1 || runs[0].Outcome != reconcile.RunInterrupted {
			t.Fatalf("recorded %+v, want an interrupted run", runs)
		}

		// At the next start, the interrupted activation runs again.
		rec := &recorder{}
		job.Run = rec.run
		sleepUntil(paris(2026, 3, 2, 9, 0))
		stopAgain := start(s, job)
		synctest.Wait()
		stopAgain()
		_, scheduled := rec.got()
		sameTimes(t, "caught up", scheduled, []time.Time{paris(2026, 3, 2, 8, 0)})
	})
}

func TestCrashLeftoverMarkedInterrupted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := openStore(t)
		defer st.Close()
		ctx := context.Background()
		sleepUntil(paris(2026, 3, 9, 7, 0))
		// A run of last week settled, then a run killed mid-way (kill -9).
		for _, r := range []reconcile.JobRun{
			{Job: "weekly_report", Scheduled: paris(2026, 2, 23, 8, 0), Started: paris(2026, 2, 23, 8, 0), Finished: paris(2026, 2, 23, 8, 1), Outcome: reconcile.RunSuccess},
			{Job: "weekly_report", Scheduled: paris(2026, 3, 2, 8, 0), Started: paris(2026, 3, 2, 8, 0), Outcome: reconcile.RunRunning},
		} {
			if err := st.StartRun(ctx, &r); err != nil {
				t.Fatal(err)
			}
		}
		rec := &recorder{}
		job := mustParse(t, "0 8 * * 1")
		job.Run = rec.run
		stop := start(&schedule.Scheduler{Runs: st}, job)
		synctest.Wait()
		stop()

		_, scheduled := rec.got()
		sameTimes(t, "caught up", scheduled, []time.Time{paris(2026, 3, 2, 8, 0)})
		runs, _ := st.JobRuns(ctx, "weekly_report", 0)
		if len(runs) != 3 || runs[1].Outcome != reconcile.RunInterrupted || runs[1].Finished.IsZero() || runs[0].Outcome != reconcile.RunSuccess || !runs[0].CatchUp {
			t.Errorf("got %+v, want the crashed run interrupted and one catch-up", runs)
		}
	})
}

func TestReplicasRunEachActivationOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := openStore(t)
		defer st.Close()
		sleepUntil(paris(2026, 3, 1, 12, 0))
		rec := &recorder{}
		job := mustParse(t, "0 8 * * 1")
		job.Run = func(ctx context.Context, scheduled time.Time) error {
			time.Sleep(time.Minute)
			return rec.run(ctx, scheduled)
		}
		// Three replicas on one database, as pactd on one PostgreSQL: B
		// wakes while A runs (and finds the leadership taken), C's clock is
		// five minutes late, so it wakes after A finished (and finds the
		// activation recorded).
		stopA := start(&schedule.Scheduler{Runs: st, Leader: st}, job)
		stopB := start(&schedule.Scheduler{Runs: st, Leader: st}, job)
		stopC := start(&schedule.Scheduler{Runs: st, Leader: st, Clock: lateClock{5 * time.Minute}}, job)
		sleepUntil(paris(2026, 3, 9, 12, 0))
		stopA()
		stopB()
		stopC()
		_, scheduled := rec.got()
		sameTimes(t, "scheduled", scheduled, []time.Time{paris(2026, 3, 2, 8, 0), paris(2026, 3, 9, 8, 0)})
		runs, _ := st.JobRuns(context.Background(), "weekly_report", 0)
		if len(runs) != 3 { // two runs and the first start's skipped record
			t.Errorf("got %d runs recorded, want 3: %+v", len(runs), runs)
		}
	})
}

// lateClock is a wall clock running late by d.
type lateClock struct{ d time.Duration }

func (c lateClock) Now() time.Time { return time.Now().Add(-c.d) }

func (c lateClock) NewTimer(d time.Duration) (<-chan time.Time, func() bool) {
	return schedule.Real.NewTimer(d)
}
