package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// Names of the scheduled jobs, in the database, logs and metrics.
const (
	jobWeekly    = "weekly_report"
	jobReminders = "reminders"
)

// deliveryWait is how long a scheduled job waits for the SMTP server to
// accept what it queued before it counts as failed (the outbox keeps
// retrying afterwards).
const deliveryWait = 2 * time.Minute

// weeklyReport is the weekly job: build the report as the store stands,
// keep it in the store (and a copy in report.dir when set), mail it to
// report.to, and succeed only once the SMTP server accepted the mail. The
// outbox key names the week of the activation, so a run caught up or
// repeated sends nothing twice.
func (d *Daemon) weeklyReport(ctx context.Context, scheduled time.Time) error {
	now := d.now()
	wk, err := BuildWeekly(ctx, d.store, DefaultReportYear(scheduled), now, d.cfg.Rules.UnderExecution/100)
	if err != nil {
		return err
	}
	files, err := RenderWeekly(wk)
	if err != nil {
		return err
	}
	if err := SaveWeekly(ctx, d.store, files); err != nil {
		return err
	}
	names := []string{files[0].Name, files[1].Name}
	d.log.Info().Str("job", jobWeekly).Int("year", wk.Year).Strs("files", names).Msg("weekly report stored")
	if d.cfg.Report.Dir != "" {
		if _, err := WriteWeekly(d.cfg.Report.Dir, files); err != nil {
			return err
		}
	}
	if len(d.cfg.Report.To) == 0 || d.outbox == nil {
		return nil
	}
	week := reports.ReportWeek(scheduled) // the week the report is about, as its PDF says
	return d.mailWeekly(ctx, files, fmt.Sprintf("semaine %d de %d", week.Number, week.Year), "", now)
}

// mailWeekly queues the rendered weekly report (the PDF, then the annex)
// for report.to and waits until the SMTP server accepted it. key is the
// outbox key; empty means the week's, so the scheduled report of a week is
// sent once however often its run is repeated.
func (d *Daemon) mailWeekly(ctx context.Context, files []archive.File, week, key string, now time.Time) error {
	m, created, err := d.outbox.EnqueueWeekly(ctx, mail.WeeklyReport{
		From: d.cfg.SMTP.From, To: d.cfg.Report.To, Week: week, Key: key,
		Date: now, PDFName: files[0].Name, PDF: files[0].Content, XLSXName: files[1].Name, XLSX: files[1].Content,
	})
	if err != nil {
		return fmt.Errorf("mettre le rapport dans la file d'envoi : %w", err)
	}
	d.log.Info().Str("job", jobWeekly).Str("key", m.Key).Bool("new", created).Int("recipients", len(m.To)).
		Msg("weekly report queued")
	return d.awaitDelivery(ctx, []string{m.Key})
}

// reminders is the daily job: every territory whose report of a year is
// not accepted gets the reminder due today (schedule.DueReminders), once.
func (d *Daemon) reminders(ctx context.Context, scheduled time.Time) error {
	reg, err := d.store.LatestRegister(ctx)
	if errors.Is(err, reconcile.ErrNotFound) {
		d.log.Info().Str("job", jobReminders).Msg("no register imported: nobody to remind")
		return nil
	}
	if err != nil {
		return fmt.Errorf("lire le registre des engagements : %w", err)
	}
	subs, err := d.store.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil {
		return fmt.Errorf("lire les dépôts : %w", err)
	}
	receipts, err := d.store.Receipts(ctx, 0)
	if err != nil {
		return fmt.Errorf("lire les réceptions : %w", err)
	}
	now := d.now()
	var statuses []reconcile.ReportingStatus
	for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
		statuses = append(statuses, reconcile.Statuses(reg, subs, receipts, y, now)...)
	}
	due := schedule.DueReminders(statuses, now, d.cfg.Reminders.DaysBefore, d.cfg.Reminders.DaysAfter)
	due, notSent, err := d.remindable(ctx, due)
	if err != nil {
		return err
	}
	var keys []string
	queued, skipped := 0, 0
	for _, r := range due {
		to := reminderRecipients(r.Status.Territory)
		if len(to) == 0 {
			skipped++
			d.log.Warn().Str("job", jobReminders).Str("siren", r.Status.Territory.SIREN).Int("year", r.Status.Year).
				Msg("no address to remind: the register lists no recipient or sender address")
			continue
		}
		m, created, err := d.outbox.EnqueueDraft(ctx, "reminder", ReminderDraft(r, d.cfg.SMTP.From, d.cfg.FromAddress(), to, now))
		if err != nil {
			return fmt.Errorf("mettre la relance %s dans la file d'envoi : %w", r.Key(), err)
		}
		keys = append(keys, m.Key)
		if created {
			queued++
		}
	}
	d.log.Info().Str("job", jobReminders).Int("due", len(due)).Int("queued", queued).Int("without_address", skipped).Int("workbook_never_sent", notSent).
		Msg("reminders decided")
	return d.awaitDelivery(ctx, keys)
}

// awaitDelivery makes the outbox try now and waits until the SMTP server
// accepted every message of keys, for at most deliveryWait. It fails when
// a message was refused for good or is still waiting; the error is French,
// for the status page.
func (d *Daemon) awaitDelivery(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	deadline := time.Now().Add(deliveryWait) // real time: the SMTP server's
	for {
		if _, err := d.outbox.Flush(ctx); err != nil && ctx.Err() == nil {
			d.log.Warn().Err(err).Msg("outbox pass for a scheduled job")
		}
		pending := 0
		var refused []string
		for _, k := range keys {
			m, err := d.store.MailByKey(ctx, k)
			if err != nil {
				return fmt.Errorf("lire l'état du courriel %s : %w", k, err)
			}
			switch m.State {
			case mail.Sent:
			case mail.Failed:
				refused = append(refused, k+" ("+m.LastError+")")
			default:
				pending++
			}
		}
		switch {
		case len(refused) > 0:
			return fmt.Errorf("le serveur d'envoi a refusé définitivement %d courriel(s) : %s", len(refused), strings.Join(refused, " ; "))
		case pending == 0:
			return nil
		case time.Now().After(deadline):
			return fmt.Errorf("%d courriel(s) sur %d pas encore acceptés par le serveur d'envoi après %s ; la file d'envoi réessaie d'elle-même", pending, len(keys), deliveryWait)
		}
		t := time.NewTimer(5 * time.Second)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
