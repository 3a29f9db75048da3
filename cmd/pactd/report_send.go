package main

import (
	"context"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// sendWeekly mails the weekly report written at paths to report.to now,
// through the outbox like the scheduled report, and waits until the SMTP
// server accepted it. Its outbox key is its own, so a report sent by hand
// never stands in for the scheduled one of the same week.
// Call checkSendConfig first, before any work.
func sendWeekly(ctx context.Context, cfg *Config, st reconcile.Store, paths []string, wk *reports.Weekly, now time.Time) error {
	ds, ok := st.(daemonStore)
	if !ok {
		return fmt.Errorf("%s : cette base ne tient pas de file d'envoi", cfg.keyName("database"))
	}
	sender, err := mail.NewSMTP(cfg.SMTP.URL, nil)
	if err != nil {
		return usagef("%s : adresse du serveur d'envoi invalide", cfg.keyName("smtp.url"))
	}
	d := &daemon{cfg: cfg, log: zerolog.Nop(), store: ds, now: func() time.Time { return now }}
	d.outbox = mail.NewOutbox(ds, sender, zerolog.Nop())
	week := fmt.Sprintf("semaine %d de %d", wk.Week.Number, wk.Week.Year)
	if err := d.mailWeekly(ctx, paths, week, "weekly-manual:"+now.UTC().Format(time.RFC3339Nano), now); err != nil {
		return failure{fmt.Sprintf("envoyer le rapport : %v", err)}
	}
	return nil
}

// checkSendConfig refuses --send, naming the key, when the configuration
// has no SMTP server or no recipient for the report.
func checkSendConfig(cfg *Config) error {
	if cfg.SMTP.URL == "" {
		return usagef("%s : indiquez le serveur d'envoi pour envoyer le rapport (--send)", cfg.keyName("smtp.url"))
	}
	if len(cfg.Report.To) == 0 {
		return usagef("%s : indiquez les destinataires du rapport pour l'envoyer (--send)", cfg.keyName("report.to"))
	}
	return nil
}
