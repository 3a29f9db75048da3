package daemon

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/metrics"
	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/internal/storage"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// Daemon is every part of pactd run, built from the configuration: the
// store, the intake sources (mailboxes, watched folder), the outbox, the
// schedules and the HTTP site. New builds it; Run runs it once.
type Daemon struct {
	cfg     *config.Config
	log     zerolog.Logger
	store   storage.Store
	metrics *metrics.Metrics
	outbox  *mail.Outbox // nil without smtp.url
	sources []*ingest.IMAPSource
	folder  *ingest.FolderWatcher
	// scheduler runs jobs on one replica (its leadership).
	scheduler *schedule.Scheduler
	jobs      []schedule.Job
	web       *web.Server
	// health answers /healthz on metrics_addr; folderHealth is the
	// watched folder's part of it.
	health       *web.Checker
	folderHealth *folderPart
	started      time.Time
	// now is the clock of the jobs' decisions and dates (time.Now).
	now func() time.Time
}

// New opens the store cfg names and builds every part; nothing runs yet.
// Errors are French sentences naming the key at fault. When New succeeds,
// Run (or Close, when not running it) closes the store.
func New(ctx context.Context, cfg *config.Config, log zerolog.Logger) (*Daemon, error) {
	st, err := storage.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	d := &Daemon{cfg: cfg, log: log, store: st, now: time.Now, started: time.Now()}
	if err := d.build(); err != nil {
		st.Close()
		return nil, err
	}
	if d.web.Auth, err = webAuth(ctx, cfg, st, st.WebSecret); err != nil {
		st.Close()
		return nil, err
	}
	if d.web.Auth == nil {
		log.Info().Str("http_addr", cfg.HTTPAddr).Msg("status site without login: it answers loopback only")
	} else {
		log.Info().Bool("oidc", cfg.OIDCEnabled()).Bool("local_admin", cfg.LocalAdminEnabled()).
			Str("public_url", cfg.Web.PublicURL).Msg("status site logins")
	}
	if n, err := d.importLegacyReports(ctx); err != nil {
		log.Warn().Err(err).Msg("weekly reports of the former folder not imported")
	} else if n > 0 {
		log.Info().Int("files", n).Str("dir", cfg.LegacyReportDir()).Msg("weekly reports of the former folder imported into the database")
	}
	return d, nil
}

// Close closes the store of a daemon that New built and Run never ran.
func (d *Daemon) Close() error { return d.store.Close() }

// build makes the parts on an open store.
func (d *Daemon) build() error {
	cfg, log := d.cfg, d.log
	d.metrics = metrics.New("", d.stats)
	var ack ingest.Acknowledger // stays nil (no replies) without mail
	if cfg.SMTP.URL != "" {
		sender, err := mail.NewSMTP(cfg.SMTP.URL, nil)
		if err != nil {
			return fmt.Errorf("%s : adresse du serveur d'envoi invalide", cfg.KeyName("smtp.url"))
		}
		d.outbox = mail.NewOutbox(d.store, sender, daemonLogger(log, "outbox"))
		d.outbox.Delay = cfg.Health.OutboxDelay.Duration
		d.outbox.KeepAttachments = cfg.KeepAttachments()
		d.outbox.Senders = mail.DaemonSenders
		d.outbox.ClaimFor = cfg.Outbox.Claim.Duration
		acker := mail.NewAcknowledger(d.outbox, d.store, cfg.SMTP.From, daemonLogger(log, "ack"))
		acker.Service = reports.Service{Name: cfg.Service.Name, Contact: cfg.ServiceContact(), Signature: cfg.Service.Signature}
		ack = acker
	}
	limits := cfg.Limits()
	pipeline := &ingest.Pipeline{Store: d.store, Limits: limits, Tolerances: cfg.Tolerances(), Ack: ack,
		Log: daemonLogger(log, "pipeline")}
	proc := &countingProcessor{next: pipeline, metrics: d.metrics}
	attempts := &ingest.Attempts{Max: cfg.Intake.MaxAttempts, Observe: d.metrics.Processed, Log: daemonLogger(log, "intake")}
	if as, ok := d.store.(ingest.AttemptStore); ok {
		attempts.Store = as
	}
	if al := newAlerter(cfg, d.outbox, d.now); al != nil {
		attempts.Alert = al
	}
	// With PostgreSQL, replicas may share the mailboxes and the folder: a
	// lease per mailbox, a claim per file. SQLite belongs to one process:
	// nothing to share.
	claims, shared := d.store.(ingest.FolderClaims)
	shared = shared && cfg.IsPostgres()

	for i, a := range cfg.IMAP {
		// intake.max_file_mb bounds mail too: the attachment and the
		// message are sized from it, and refusals name it.
		src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: a.URL, Processed: a.Processed, Quarantine: a.Quarantine,
			Poll: a.Poll.Duration, Auth: cfg.SenderAuth(), MaxFileSize: limits.MaxFileSize,
			Workers: cfg.Intake.Workers, Attempts: attempts, Retry: cfg.Intake.Retry.Duration,
			LeaseDuration: cfg.Watch.ClaimLease.Duration},
			d.store, proc, ack, daemonLogger(log, "imap"))
		if err != nil {
			return fmt.Errorf("compte IMAP n° %d : adresse invalide", i+1)
		}
		if shared {
			src.ShareWith(claims)
		}
		d.metrics.AddIMAP(strconv.Itoa(i+1), func() metrics.IMAPCounts {
			s := src.Stats()
			auth := make(map[string]int64, len(s.AuthFailures))
			for check, n := range s.AuthFailures {
				auth[string(check)] = n
			}
			return metrics.IMAPCounts{Fetched: s.Fetched, Processed: s.Processed, Quarantined: s.Quarantined, Errors: s.Errors,
				AuthFailures: auth}
		})
		d.sources = append(d.sources, src)
	}
	fc := ingest.FolderConfig{Dir: cfg.Watch.Dir, Settle: cfg.Watch.Settle.Duration, MaxFileSize: limits.MaxFileSize,
		Workers: cfg.Intake.Workers, ClaimLease: cfg.Watch.ClaimLease.Duration, Attempts: attempts, Quarantine: d.store,
		Polling: cfg.Watch.Polling, Poll: cfg.Watch.Poll.Duration, Retry: cfg.Intake.Retry.Duration}
	if shared {
		fc.Claims = claims
	}
	if looks, ok := d.store.(ingest.FolderLooks); ok {
		fc.Looks = looks
	}
	folder, err := ingest.NewFolderWatcher(fc, proc, daemonLogger(log, "folder"))
	if err != nil {
		return fmt.Errorf("%s : le dossier surveillé %s est inutilisable (%s)", cfg.KeyName("watch.dir"), cfg.Watch.Dir, config.FileReason(err))
	}
	d.folder = folder
	d.folderHealth = newFolderPart(cfg.Watch.Dir, folder)

	d.scheduler = &schedule.Scheduler{Runs: d.store, Leader: d.store, Log: daemonLogger(log, "schedule"),
		Observe: d.metrics.ScheduleRun}
	if cfg.Report.Schedule != "" {
		s, _ := schedule.Parse(cfg.Report.Schedule) // validated by config.Load
		d.jobs = append(d.jobs, schedule.Job{Name: jobWeekly, Schedule: s, Run: d.weeklyReport})
	}
	if cfg.Reminders.Schedule != "" && d.outbox != nil {
		s, _ := schedule.Parse(cfg.Reminders.Schedule)
		d.jobs = append(d.jobs, schedule.Job{Name: jobReminders, Schedule: s, Run: d.reminders})
	}

	d.web = &web.Server{
		Source:            d.store,
		Runs:              func(ctx context.Context, n int) ([]reconcile.JobRun, error) { return d.store.JobRuns(ctx, "", n) },
		Archive:           d.store,
		Acknowledgment:    web.StoreAcknowledgment(d.store, cfg.FromAddress()),
		Quarantine:        d.store.QuarantineEntries,
		QuarantineContent: d.store.QuarantineContent,
		Door:              d.webDoor(proc, limits),
		Log:               daemonLogger(log, "http"),
	}
	if d.outbox != nil {
		d.web.Outbox = d.outboxState
		d.web.Mail = web.NewOutboxAdmin(d.store, d.outbox, nil)
	}
	d.health = &web.Checker{Parts: d.healthParts(), Started: d.started}
	d.wireSite() // statussite: overview data, health, downloads (internal/daemon/site.go)
	return nil
}

// countingProcessor counts every file the pipeline takes, by origin and
// result, for the metrics.
type countingProcessor struct {
	next    ingest.Processor
	metrics *metrics.Metrics
}

// Process implements ingest.Processor.
func (p *countingProcessor) Process(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
	out, err := p.next.Process(ctx, in)
	result := "error"
	switch {
	case err != nil:
	case out.Quarantined:
		result = "quarantined"
	case out.Submission != nil:
		result = string(out.Submission.Verdict)
	}
	p.metrics.Processed(in.Origin.Kind, result)
	return out, err
}
