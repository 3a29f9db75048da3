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

// Listen opens the HTTP listener of cfg.HTTPAddr, after refusing an
// address beyond loopback when no login is configured. Call it before New: a
// port already taken is the commonest mistake, and it should stop the
// start with a French sentence naming the key, before any other work.
func Listen(cfg *config.Config) (net.Listener, error) {
	if err := cfg.CheckExposure(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("%s : impossible d'écouter sur %s (%s)", cfg.KeyName("http_addr"), cfg.HTTPAddr, listenReason(err))
	}
	return ln, nil
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

// Run serves HTTP on ln and starts every part, then waits for ctx (SIGINT
// or SIGTERM) and stops in order (SPEC §9): no new work (intake and
// schedules stop), in-flight work finishes or is cancelled after
// shutdown_timeout, then the outbox and HTTP stop, then the store closes.
// It returns nil once stopped; call it once.
func (d *Daemon) Run(ctx context.Context, ln net.Listener) error {
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
		if err := web.Serve(httpCtx, srv, ln, 5*time.Second); err != nil {
			log.Error().Err(err).Msg("http server")
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
			// The folder watcher processes on the context it watches with:
			// a file being processed at SIGTERM is cut short, and retried
			// at the next start (it stays in the folder).
			if err := d.folder.Run(ctx); err != nil {
				log.Error().Err(err).Str("dir", d.cfg.Watch.Dir).Msg("watched folder stopped")
			}
		})
	}
	if len(d.jobs) > 0 {
		workWG.Go(func() { d.scheduler.Run(ctx, work, d.jobs...) })
	}
	log.Info().Str("http_addr", ln.Addr().String()).Str("database", logging.RedactURL(d.cfg.Database)).
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
