package main

import (
	"context"
	"fmt"
	"time"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/daemon"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/storage"
	"github.com/pactd/pactd/reports"
)

// sendWeekly mails the rendered weekly report to report.to now
// (daemon.SendWeekly); a refusal or a server that does not accept it in
// time is a failed check (exit 1). Call checkSendConfig first, before any
// work.
func sendWeekly(ctx context.Context, cfg *config.Config, st storage.Store, files []archive.File, wk *reports.Weekly, now time.Time) error {
	sender, err := mail.NewSMTP(cfg.SMTP.URL, nil)
	if err != nil {
		return usagef("%s : adresse du serveur d'envoi invalide", cfg.KeyName("smtp.url"))
	}
	if err := daemon.SendWeekly(ctx, cfg, st, sender, files, wk, now); err != nil {
		return failure{fmt.Sprintf("envoyer le rapport : %v", err)}
	}
	return nil
}

// checkSendConfig refuses --send, naming the key, when the configuration
// has no SMTP server or no recipient for the report.
func checkSendConfig(cfg *config.Config) error {
	if cfg.SMTP.URL == "" {
		return usagef("%s : indiquez le serveur d'envoi pour envoyer le rapport (--send)", cfg.KeyName("smtp.url"))
	}
	if len(cfg.Report.To) == 0 {
		return usagef("%s : indiquez les destinataires du rapport pour l'envoyer (--send)", cfg.KeyName("report.to"))
	}
	return nil
}
