package daemon

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/logging"
	"github.com/pactd/pactd/internal/web"
)

// Listeners are the daemon's two listeners: the status site (http_addr)
// and the operations listener of /healthz and /metrics (metrics_addr).
type Listeners struct {
	HTTP, Ops net.Listener
}

// Close closes both listeners (for a daemon that will not run).
func (l Listeners) Close() {
	for _, ln := range []net.Listener{l.HTTP, l.Ops} {
		if ln != nil {
			ln.Close()
		}
	}
}

// Listen opens the listeners of http_addr and metrics_addr, after refusing
// a status site beyond loopback when no login is configured. Call it
// before New: a port already taken is the commonest mistake, and it should
// stop the start with a French sentence naming the key, before any other
// work.
func Listen(cfg *config.Config) (Listeners, error) {
	if err := cfg.CheckExposure(); err != nil {
		return Listeners{}, err
	}
	var ls Listeners
	for _, l := range []struct {
		key, addr string
		ln        *net.Listener
	}{{"http_addr", cfg.HTTPAddr, &ls.HTTP}, {"metrics_addr", cfg.MetricsAddr, &ls.Ops}} {
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			ls.Close()
			return Listeners{}, fmt.Errorf("%s : impossible d'écouter sur %s (%s)", cfg.KeyName(l.key), l.addr, listenReason(err))
		}
		*l.ln = ln
	}
	return ls, nil
}

// listenReason says in French why listening failed.
func listenReason(err error) string {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return "l'adresse est déjà utilisée par un autre programme"
	case errors.Is(err, syscall.EACCES):
		return "permission refusée : choisissez un port au-dessus de 1024"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return "cette adresse n'appartient pas à la machine"
	}
	return "erreur réseau"
}

// Run serves the status site and the operations listener on ls and starts
// every part, then waits for ctx (SIGINT or SIGTERM) and stops in order
// (SPEC §9): no new work (intake and schedules stop), in-flight work
// finishes or is cancelled after shutdown_timeout, then the outbox, then
// the status site and /healthz, then the store closes. It returns nil once
// stopped; call it once.
func (d *Daemon) Run(ctx context.Context, ls Listeners) error {
	log := d.log
	started := time.Now()
	// Contexts, from the first stopped to the last: ctx stops intake and
	// schedules; work cuts short messages and runs still going after the
	// timeout; mail
	// and http stop after in-flight work, so its acknowledgments leave and
	// /healthz answers until the end.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	mailCtx, stopMail := context.WithCancel(context.WithoutCancel(ctx))
	defer stopMail()
	httpCtx, stopHTTP := context.WithCancel(context.WithoutCancel(ctx))
	defer stopHTTP()

	var httpWG, mailWG, workWG sync.WaitGroup
	srv := web.NewHTTPServer(d.cfg.HTTPAddr, d.web.Handler(), log)
	httpWG.Go(func() {
		if err := web.Serve(httpCtx, srv, ls.HTTP, 5*time.Second); err != nil {
			log.Error().Err(err).Msg("http server")
		}
	})
	ops := web.NewHTTPServer(d.cfg.MetricsAddr, web.OpsHandler(d.health, d.metrics.Handler()), log)
	httpWG.Go(func() {
		if err := web.Serve(httpCtx, ops, ls.Ops, 5*time.Second); err != nil {
			log.Error().Err(err).Msg("operations listener (/healthz, /metrics)")
		}
	})
	if d.outbox != nil {
		mailWG.Go(func() {
			if err := d.outbox.Run(mailCtx); err != nil {
				log.Error().Err(err).Msg("outbox")
			}
		})
	}
	for _, src := range d.sources {
		workWG.Go(func() {
			// ctx stops fetching; the message in hand finishes on work,
			// cancelled only after shutdown_timeout. A refused login is
			// retried with a long back-off and reported by /healthz.
			if err := src.RunGraceful(ctx, work); err != nil {
				// Plain IMAP to a remote host: retrying cannot fix it.
				log.Error().Err(err).Str("imap_account", src.Account()).Msg("intake mailbox stopped: fix the configuration and restart")
			}
		})
	}
	if d.folder != nil {
		workWG.Go(func() {
			// ctx stops taking files; the files in the workers' hands
			// finish on work, cancelled after shutdown_timeout (a file
			// cut short stays in the folder for the next start).
			if err := d.folder.RunGraceful(ctx, work); err != nil {
				d.folderHealth.stopped.Store(true)
				log.Error().Err(err).Str("dir", d.cfg.Watch.Dir).Msg("watched folder stopped")
			}
		})
	}
	if len(d.jobs) > 0 {
		workWG.Go(func() { d.scheduler.Run(ctx, work, d.jobs...) })
	}
	log.Info().Str("http_addr", ls.HTTP.Addr().String()).Str("metrics_addr", ls.Ops.Addr().String()).
		Str("database", logging.RedactURL(d.cfg.Database)).
		Int("mailboxes", len(d.sources)).Str("watch_dir", d.cfg.Watch.Dir).Bool("mail", d.outbox != nil).
		Int("jobs", len(d.jobs)).Dur("startup", time.Since(started)).Msg("pactd started")

	<-ctx.Done()
	stopping := time.Now()
	timeout := d.cfg.ShutdownTimeout.Duration
	log.Info().Dur("timeout", timeout).Msg("stopping: no new work, waiting for work in progress")
	if !waitFor(&workWG, timeout) {
		log.Warn().Msg("work still in progress after the timeout: cancelling it")
		cancelWork()
		if !waitFor(&workWG, 10*time.Second) {
			log.Error().Msg("work did not stop after cancellation; closing anyway")
		}
	}
	stopMail()
	mailWG.Wait()
	stopHTTP()
	httpWG.Wait()
	if err := d.store.Close(); err != nil {
		log.Error().Err(err).Msg("close database")
	}
	log.Info().Dur("took", time.Since(stopping)).Msg("pactd stopped")
	return nil
}

// waitFor waits for wg at most d; it reports whether wg finished.
func waitFor(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// daemonLogger is the logger of a part of the daemon.
func daemonLogger(log zerolog.Logger, component string) zerolog.Logger {
	return log.With().Str("component", component).Logger()
}
