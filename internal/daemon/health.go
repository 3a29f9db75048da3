package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/health"
	"github.com/pactd/pactd/internal/logging"
	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/reconcile"
)

// healthParts returns the parts /healthz reports, in order: the database,
// each mailbox, the watched folder, the outbox (with mail), the schedules.
// A source that implements health.Part itself reports its own state; the
// others are read from what they expose.
func (d *Daemon) healthParts() []health.Part {
	parts := []health.Part{&databasePart{store: d.store, log: d.log, t: health.NewTracker(health.Database, "base de données")}}
	for i, src := range d.sources {
		var p health.Part = &mailboxPart{n: i + 1, src: src, silence: d.cfg.Health.MailboxSilence.Duration, started: d.started}
		if own, ok := any(src).(health.Part); ok {
			p = own
		}
		parts = append(parts, p)
	}
	if d.folder != nil {
		var p health.Part = d.folderHealth
		if own, ok := any(d.folder).(health.Part); ok {
			p = own
		}
		parts = append(parts, p)
	}
	if d.outbox != nil {
		parts = append(parts, d.outbox)
	}
	return append(parts, &schedulesPart{store: d.store, jobs: d.jobs, started: d.started})
}

// databasePart pings the read pool: a one-shot command holding SQLite's
// write lock does not make the database look down.
type databasePart struct {
	store interface{ Ping(context.Context) error }
	log   zerolog.Logger
	t     *health.Tracker
}

func (p *databasePart) State(ctx context.Context) health.State {
	if err := p.store.Ping(ctx); err != nil {
		p.log.Warn().Str("error", logging.RedactText(err.Error())).Msg("health: database ping failed")
		p.t.Failed(time.Now(), "La base de données ne répond pas.")
	} else {
		p.t.Succeeded(time.Now())
	}
	return p.t.State(ctx)
}

// mailboxPart reads an intake mailbox's health from its source. It names
// the mailbox by its number in the configuration, never by its account.
type mailboxPart struct {
	n       int
	src     *ingest.IMAPSource
	silence time.Duration
	started time.Time
}

func (p *mailboxPart) State(context.Context) health.State {
	name := fmt.Sprintf("boîte aux lettres n° %d", p.n)
	s := health.State{Kind: health.Mailbox, Name: name, OK: true, LastSuccess: p.src.LastContact()}
	since := s.LastSuccess
	if since.IsZero() {
		since = p.started
	}
	switch silent := time.Since(since); {
	case p.src.Standby():
		// Another replica holds the mailbox's lease and reports it.
		s.Mode = health.ModeStandby
	case p.src.Health().AuthRefused:
		s.OK, s.Problem = false, "La "+name+" refuse la connexion : le serveur a rejeté l'identifiant ou le mot de passe. "+
			"Corrigez le mot de passe dans la configuration ; pactd réessaie régulièrement."
	case silent > orDefault(p.silence, 15*time.Minute):
		s.OK, s.Problem = false, "La "+name+" n'a pas répondu depuis "+health.Duration(silent)+"."
	}
	return s
}

// folderPart checks that the watched folder can be listed, reports a
// watcher that stopped, and says how the folder is read (notifications or
// polling). Its last success is the watcher's last listing.
type folderPart struct {
	dir     string
	w       *ingest.FolderWatcher // nil in tests of the listing alone
	t       *health.Tracker
	stopped atomic.Bool
}

func newFolderPart(dir string, w *ingest.FolderWatcher) *folderPart {
	return &folderPart{dir: dir, w: w, t: health.NewTracker(health.Folder, "dossier surveillé")}
}

func (p *folderPart) State(ctx context.Context) health.State {
	if p.stopped.Load() {
		s := p.t.State(ctx)
		s.OK, s.Problem = false, "Le dossier surveillé n'est plus lu : sa surveillance s'est arrêtée (voyez le journal), redémarrez pactd."
		return s
	}
	f, err := os.Open(p.dir)
	if err == nil {
		_, err = f.Readdirnames(1)
		f.Close()
		if errors.Is(err, io.EOF) {
			err = nil
		}
	}
	now := time.Now()
	switch {
	case err != nil:
		p.t.Failed(now, "Le dossier surveillé ne peut pas être lu ("+config.FileReason(err)+").")
	case p.w == nil:
		p.t.Succeeded(now)
	case p.w.LookError() != "":
		p.t.Failed(now, "Le dossier surveillé ne peut pas être lu par pactd : voyez le journal.")
	case !p.w.LastLook().IsZero():
		p.t.Succeeded(p.w.LastLook())
	}
	s := p.t.State(ctx)
	if p.w != nil {
		s.Mode = health.ModeNotify
		if p.w.Polling() {
			s.Mode = health.ModePolling
		}
	}
	return s
}

// schedulesPart reads the runs of the scheduled jobs: unhealthy when a job
// has not succeeded for two of its activations (counting from the start
// when it never did), so that one failed run, which the next one may
// repair, is shown on the status page without a false alarm.
type schedulesPart struct {
	store interface {
		JobRuns(ctx context.Context, job string, limit int) ([]reconcile.JobRun, error)
	}
	jobs    []schedule.Job
	started time.Time
	now     func() time.Time // time.Now when nil
}

// jobLabels name the jobs in French.
var jobLabels = map[string]string{jobWeekly: "rapport hebdomadaire", jobReminders: "relances"}

func (p *schedulesPart) State(ctx context.Context) health.State {
	s := health.State{Kind: health.Schedules, Name: "tâches planifiées", OK: true}
	now := time.Now()
	if p.now != nil {
		now = p.now()
	}
	for _, j := range p.jobs {
		runs, err := p.store.JobRuns(ctx, j.Name, 100)
		if err != nil {
			s.OK, s.Problem = false, "L'historique des tâches planifiées est illisible : la base de données ne répond pas."
			return s
		}
		var last time.Time
		for _, r := range runs { // newest first
			if r.Outcome == reconcile.RunSuccess {
				last = r.Finished
				break
			}
		}
		if last.After(s.LastSuccess) {
			s.LastSuccess = last
		}
		from := last
		if from.IsZero() {
			from = p.started
		}
		// Two activations since, and time for the second to finish.
		if due := j.Schedule.Next(j.Schedule.Next(from)); now.After(due.Add(30*time.Minute)) && s.OK {
			since := "depuis le démarrage"
			if !last.IsZero() {
				since = "depuis le " + last.In(reconcile.Paris).Format("02/01/2006 à 15:04")
			}
			s.OK, s.Problem = false, "La tâche « "+jobLabel(j.Name)+" » n'a pas réussi "+since+
				" : voyez la page d'état pour la raison de ses échecs."
		}
	}
	return s
}

func jobLabel(name string) string {
	if l, ok := jobLabels[name]; ok {
		return l
	}
	return name
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
