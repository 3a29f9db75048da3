// Package schedule runs pactd's periodic jobs (the weekly report, the
// reminders) at the activations of cron expressions in Europe/Paris,
// records every run in the database, and catches up once, at start, an
// activation missed while the daemon was down.
package schedule

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/logging"
	"github.com/pactd/pactd/reconcile"
)

// Runs records the runs of scheduled jobs. internal/sqlite.Store
// implements it.
type Runs interface {
	// LastSettled returns the activation of the newest run of job whose
	// outcome Counts, or the zero time when there is none.
	LastSettled(ctx context.Context, job string) (time.Time, error)
	// StartRun records r and sets r.ID.
	StartRun(ctx context.Context, r *reconcile.JobRun) error
	// FinishRun records r.Finished, r.Outcome and r.Error of run r.ID.
	FinishRun(ctx context.Context, r reconcile.JobRun) error
	// InterruptRuns marks the runs of job still recorded as running (a
	// crash left them) as interrupted at t, and says how many there were.
	InterruptRuns(ctx context.Context, job string, t time.Time) (int, error)
}

// Job is a named task run at the activations of its schedule.
type Job struct {
	// Name identifies the job in the database, logs and metrics:
	// "weekly_report", "reminders".
	Name string
	// Schedule gives the activations; see Parse.
	Schedule cron.Schedule
	// Run does the job for the activation scheduled. Its ctx is cancelled
	// only when the daemon gives up waiting for in-flight work at
	// shutdown. An error makes the run a failure; the message is recorded,
	// so it must name what failed without secrets.
	Run func(ctx context.Context, scheduled time.Time) error
}

// Leader lets one of several replicas sharing a database run each job
// (internal/postgres implements it with an advisory lock; internal/sqlite
// within one process). ok is false when another holder has the leadership
// called name; release gives it back.
type Leader interface {
	TryLeader(ctx context.Context, name string) (release func(), ok bool, err error)
}

// Scheduler runs jobs. Runs is required; the other fields are optional.
type Scheduler struct {
	Runs Runs
	// Leader, when set, is taken for each job around its catch-up and
	// each of its runs: a replica that does not get it skips the run,
	// and one that gets it after another replica ran the activation finds
	// it recorded and skips it too.
	Leader Leader
	Clock  Clock // nil: Real
	Log    zerolog.Logger
	// Observe, when set, is called with the record of every run once it
	// has ended (for metrics).
	Observe func(reconcile.JobRun)
	// MaxWait caps one wait for the next activation, so that a change of
	// the wall clock (NTP, suspend) delays a run by at most this much.
	// Zero means one minute.
	MaxWait time.Duration
}

// interruptedMessage is recorded for runs cut short by a stop.
const interruptedMessage = "le service s'est arrêté pendant l'exécution"

// Run runs the jobs until ctx is done. For each job it first catches up the
// newest activation missed since the job's last recorded run (once, however
// many were missed), then runs the job at each activation; a run that lasts
// past activations skips them. A job never recorded before starts with a
// "skipped" record of its previous activation, so that later outages are
// recognised without running anything at the first start.
//
// When ctx is done no run starts. Runs in progress go on under work, which
// the caller cancels to cut them short (they are then recorded as
// interrupted and caught up at the next start). Run returns once no run is
// in progress.
func (s *Scheduler) Run(ctx, work context.Context, jobs ...Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.loop(ctx, work, j)
		}()
	}
	wg.Wait()
}

// loop catches up, then runs j at each activation until ctx is done.
func (s *Scheduler) loop(ctx, work context.Context, j Job) {
	log := s.Log.With().Str("job", j.Name).Logger()
	s.lead(ctx, j, log, func() {
		if err := s.catchUp(ctx, work, j, log); err != nil {
			log.Error().Err(err).Msg("schedule: cannot read the job's history; no catch-up")
		}
	})
	for {
		next := j.Schedule.Next(s.clock().Now())
		if next.IsZero() {
			log.Warn().Msg("schedule: no further activation")
			return
		}
		log.Debug().Time("next", next).Msg("schedule: waiting")
		if !s.sleepUntil(ctx, next) {
			return
		}
		s.lead(work, j, log, func() {
			last, err := s.Runs.LastSettled(work, j.Name)
			if err == nil && !last.Before(next) {
				log.Info().Time("scheduled", next).Msg("schedule: activation already run by another replica")
				return
			}
			s.runOnce(work, j, next, false, log)
		})
	}
}

// lead runs fn while holding the job's leadership, or right away without
// a Leader; it skips fn when another replica holds it.
func (s *Scheduler) lead(ctx context.Context, j Job, log zerolog.Logger, fn func()) {
	if s.Leader == nil {
		fn()
		return
	}
	release, ok, err := s.Leader.TryLeader(ctx, "schedule:"+j.Name)
	switch {
	case err != nil:
		log.Error().Err(err).Msg("schedule: cannot take the job's leadership; skipping")
		return
	case !ok:
		log.Info().Msg("schedule: another replica runs this job; skipping")
		return
	}
	defer release()
	fn()
}

// sleepUntil waits until the clock reaches t, or ctx is done (false).
func (s *Scheduler) sleepUntil(ctx context.Context, t time.Time) bool {
	maxWait := s.MaxWait
	if maxWait <= 0 {
		maxWait = time.Minute
	}
	for {
		d := t.Sub(s.clock().Now())
		if d <= 0 {
			return ctx.Err() == nil
		}
		c, stop := s.clock().NewTimer(min(d, maxWait))
		select {
		case <-ctx.Done():
			stop()
			return false
		case <-c:
		}
	}
}

// catchUp settles what happened while the daemon was down: runs a crash
// left "running" become interrupted, and the newest missed activation runs
// once.
func (s *Scheduler) catchUp(ctx, work context.Context, j Job, log zerolog.Logger) error {
	now := s.clock().Now()
	n, err := s.Runs.InterruptRuns(ctx, j.Name, now)
	if err != nil {
		return err
	}
	if n > 0 {
		log.Warn().Int("runs", n).Msg("schedule: runs left unfinished by a previous stop marked interrupted")
	}
	last, err := s.Runs.LastSettled(ctx, j.Name)
	if err != nil {
		return err
	}
	if last.IsZero() {
		// First time this job is scheduled: nothing was missed. Record
		// the previous activation (or now) as skipped, so that an outage
		// before the first run is recognised at the next start.
		prev := Prev(j.Schedule, time.Time{}, now)
		if prev.IsZero() {
			prev = now
		}
		r := reconcile.JobRun{Job: j.Name, Scheduled: prev, Started: now, Finished: now, Outcome: reconcile.RunSkipped}
		if err := s.Runs.StartRun(ctx, &r); err != nil {
			return err
		}
		log.Info().Time("scheduled", prev).Msg("schedule: job scheduled for the first time; nothing to catch up")
		return nil
	}
	prev := Prev(j.Schedule, last, now)
	if prev.IsZero() || !prev.After(last) || ctx.Err() != nil {
		return nil
	}
	missed := 0
	for t := j.Schedule.Next(last); !t.IsZero() && !t.After(now); t = j.Schedule.Next(t) {
		missed++
	}
	log.Warn().Time("last_run", last).Time("scheduled", prev).Int("missed", missed).
		Msg("schedule: activations missed while stopped; catching up once")
	s.runOnce(work, j, prev, true, log)
	return nil
}

// runOnce runs j for the activation scheduled and records the run.
func (s *Scheduler) runOnce(work context.Context, j Job, scheduled time.Time, catchUp bool, log zerolog.Logger) {
	r := reconcile.JobRun{Job: j.Name, Scheduled: scheduled, CatchUp: catchUp, Started: s.clock().Now(), Outcome: reconcile.RunRunning}
	log = log.With().Time("scheduled", scheduled).Bool("catch_up", catchUp).Logger()
	if err := s.Runs.StartRun(work, &r); err != nil {
		// Without a record, a restart could not tell the run happened:
		// running it anyway could send the weekly report twice.
		r.Outcome, r.Error, r.Finished = reconcile.RunFailure, "enregistrement du début impossible : "+logging.RedactText(err.Error()), s.clock().Now()
		log.Error().Err(err).Msg("schedule: cannot record the run; not running it")
		s.observe(r)
		return
	}
	log.Info().Int64("run", r.ID).Msg("schedule: run started")
	err := safeRun(work, j, scheduled)
	r.Finished = s.clock().Now()
	switch {
	case err == nil:
		r.Outcome = reconcile.RunSuccess
	case work.Err() != nil:
		r.Outcome, r.Error = reconcile.RunInterrupted, interruptedMessage
	default:
		r.Outcome, r.Error = reconcile.RunFailure, logging.RedactText(err.Error())
	}
	// Record the end even when work is cancelled: that is when it matters.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(work), 10*time.Second)
	defer cancel()
	if ferr := s.Runs.FinishRun(rctx, r); ferr != nil {
		log.Error().Err(ferr).Int64("run", r.ID).Msg("schedule: cannot record the end of the run")
	}
	ev := log.Info()
	if r.Outcome != reconcile.RunSuccess {
		ev = log.Error().Str("error", r.Error)
	}
	ev.Int64("run", r.ID).Str("outcome", string(r.Outcome)).Dur("duration", r.Finished.Sub(r.Started)).
		Msg("schedule: run finished")
	s.observe(r)
}

// safeRun runs the job, turning a panic into an error.
func safeRun(ctx context.Context, j Job, scheduled time.Time) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %s panicked: %v", j.Name, p)
		}
	}()
	return j.Run(ctx, scheduled)
}

func (s *Scheduler) observe(r reconcile.JobRun) {
	if s.Observe != nil {
		s.Observe(r)
	}
}

func (s *Scheduler) clock() Clock {
	if s.Clock == nil {
		return Real
	}
	return s.Clock
}
