// Package daemon is "pactd run": it builds every part of the daemon from a
// config.Config (the store, the intake mailboxes and watched folder, the
// outbox, the scheduled jobs, the HTTP site and metrics), runs them, and
// stops them in order (SPEC §9). It also holds what the scheduled jobs
// share with one-shot commands: building, writing and mailing the weekly
// report.
//
// cmd/pactd parses the flags and calls Listen, New and Run:
//
//	ln, err := daemon.Listen(cfg)
//	d, err := daemon.New(ctx, cfg, log)
//	err = d.Run(ctx, ln) // until ctx is cancelled
package daemon
