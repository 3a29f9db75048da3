package daemon

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/mail"
)

// outboxAlerter tells the administrators, by mail through the outbox,
// about an item of the intake set aside after its attempts
// (ingest.Alerter). One alert per item: the outbox key is the item's.
type outboxAlerter struct {
	outbox *mail.Outbox
	from   string
	to     []string
	now    func() time.Time
}

// newAlerter returns the alerter of cfg's administrators, or nil when mail
// is off or nobody can be written to (the log still says everything).
func newAlerter(cfg *config.Config, ob *mail.Outbox, now func() time.Time) *outboxAlerter {
	to := alertRecipients(cfg)
	if ob == nil || len(to) == 0 {
		return nil
	}
	return &outboxAlerter{outbox: ob, from: cfg.SMTP.From, to: to, now: now}
}

// alertRecipients are the administrators' addresses (web.administrators,
// whole addresses only: an "@domain" entry names nobody to write to), or
// else the recipients of the weekly report.
func alertRecipients(cfg *config.Config) []string {
	var to []string
	for _, a := range cfg.Web.Administrators {
		if a = strings.TrimSpace(a); strings.Contains(a, "@") && !strings.HasPrefix(a, "@") {
			to = append(to, a)
		}
	}
	if len(to) == 0 {
		to = append(to, cfg.Report.To...)
	}
	return to
}

// Alert implements ingest.Alerter.
func (a *outboxAlerter) Alert(ctx context.Context, key, subject, text string) error {
	_, _, err := a.outbox.EnqueueDraft(ctx, "alert", mail.Draft{From: a.from, To: a.to, Subject: subject,
		Date: a.now(), Key: key, AutoSubmitted: "auto-generated", Text: text})
	if err != nil {
		return fmt.Errorf("enqueue alert %s: %w", key, err)
	}
	return nil
}
