package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/daemon"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// writeReports writes the acknowledgment (and annotated workbook) of every
// sample, then the weekly report and its annex.
func (d *demo) writeReports(ctx context.Context) error {
	dir := filepath.Join(d.out, "accuses")
	cfg := config.Default()
	svc := reports.Service{Name: cfg.Service.Name, Contact: demoReplyAddress, Signature: cfg.Service.Signature}
	for _, o := range d.outcomes {
		ack := reports.NewAcknowledgment(o.out.Receipt, o.out.Submission, d.reg)
		if o.out.Quarantined {
			ack = reports.NewSetAsideNotice(o.out.Receipt, o.out.Submission, o.out.Reason, d.reg)
		}
		ack.Fictitious, ack.Service, ack.ReplyAddress = true, svc, demoReplyAddress
		paths, err := writeAcknowledgment(dir, ack, o.out.Submission.Content)
		if err != nil {
			return err
		}
		d.acks = append(d.acks, paths...)
	}
	if err := d.sendReminders(ctx); err != nil {
		return err
	}
	// The Monday reports of the season record their weeks, so that the
	// one written says what changed and draws the season's trend.
	threshold := config.Default().Rules.UnderExecution / 100
	for at := demoReportTime.AddDate(0, 0, -28); at.Before(demoReportTime); at = at.AddDate(0, 0, 7) {
		if _, err := daemon.BuildWeekly(ctx, d.st, demoYear, at, threshold); err != nil {
			return err
		}
	}
	wk, err := daemon.BuildWeekly(ctx, d.st, demoYear, demoReportTime, threshold)
	if err != nil {
		return err
	}
	d.tally, d.late = wk.Tally, wk.Late
	files, err := daemon.RenderWeekly(wk)
	if err != nil {
		return err
	}
	d.weekly, err = daemon.WriteWeekly(filepath.Join(d.out, "rapports"), files)
	return err
}

// demoReplyAddress is the address the demo's documents give for sending
// workbooks and for questions.
const demoReplyAddress = "depot-cls@demo.invalid"

// sendReminders runs the daemon's reminders of the demo season on the days
// they fall (15 and 3 days before the deadline, the day after, at 9:00):
// they are queued in the demo's outbox (nothing is sent), as the daemon
// would, so the weekly report lists them. The daemon runs the job every
// day; on the other days it finds each reminder already queued.
func (d *demo) sendReminders(ctx context.Context) error {
	cfg := config.Default()
	from := "Pacte des solidarités <" + demoReplyAddress + ">"
	ob := mail.NewOutbox(d.st, nil, zerolog.Nop())
	subs, err := d.st.Submissions(ctx, reconcile.SubmissionFilter{Year: demoYear})
	if err != nil {
		return fmt.Errorf("lire les dépôts de la démonstration : %w", err)
	}
	deadline := d.reg.Deadline(demoYear)
	var offsets []int
	for _, n := range cfg.Reminders.DaysBefore {
		offsets = append(offsets, -n)
	}
	offsets = append(offsets, cfg.Reminders.DaysAfter...)
	sort.Ints(offsets)
	for _, o := range offsets {
		day := deadline.AddDate(0, 0, o)
		at := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, reconcile.Paris)
		if at.After(demoReportTime) {
			continue
		}
		ob.Now = func() time.Time { return at }
		statuses := reconcile.Statuses(d.reg, receivedBy(subs, at), nil, demoYear, at)
		for _, r := range schedule.DueReminders(statuses, at, cfg.Reminders.DaysBefore, cfg.Reminders.DaysAfter) {
			to := r.Status.Territory.Contacts()
			if len(to) == 0 {
				continue
			}
			if _, _, err := ob.EnqueueDraft(ctx, "reminder", daemon.ReminderDraft(r, from, demoReplyAddress, to, at)); err != nil {
				return fmt.Errorf("mettre la relance %s dans la file : %w", r.Key(), err)
			}
		}
	}
	return nil
}

// receivedBy returns the submissions received at or before t.
func receivedBy(subs []reconcile.Submission, t time.Time) []reconcile.Submission {
	var out []reconcile.Submission
	for _, s := range subs {
		if !s.ReceivedAt.After(t) {
			out = append(out, s)
		}
	}
	return out
}

// printSummary prints what the demo did and where its files are, in French.
func (d *demo) printSummary(took time.Duration) {
	w := d.env.stdout
	actions := 0
	for _, c := range d.reg.Contracts {
		actions += len(c.Actions)
	}
	fmt.Fprintln(w, "pactd demo — données fictives à des fins de démonstration")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Registre importé : version %d, %d territoires, %d actions.\n", d.reg.Version, len(d.reg.Contracts), actions)
	fmt.Fprintf(w, "Classeurs %d pré-remplis : %d, dans %s.\n", demoYear, len(d.templates), filepath.Join(d.out, "modeles"))
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Dépôts traités : %d\n", len(d.outcomes))
	byCode := map[reconcile.Code]int{}
	for _, o := range d.outcomes {
		sub := o.out.Submission
		verdict := sub.Verdict.Label()
		switch {
		case o.out.Quarantined:
			verdict = "quarantaine"
		case o.out.Receipt.Duplicate:
			verdict += " (doublon)"
		}
		fmt.Fprintf(w, "  %-48s %-20s %-15s %s\n", o.file, verdict, o.out.Receipt.Number, severityCounts(sub.Findings))
		for _, f := range sub.Findings {
			byCode[f.Code]++
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Constats par code :")
	codes := make([]reconcile.Code, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if codes[i].Severity() != codes[j].Severity() {
			return codes[i].Severity().Rank() < codes[j].Severity().Rank()
		}
		return codes[i] < codes[j]
	})
	for _, c := range codes {
		fmt.Fprintf(w, "  %-30s %-9s %d\n", c, c.Severity(), byCode[c])
	}
	fmt.Fprintln(w)
	t := d.tally
	fmt.Fprintf(w, "Situation au %s des %d territoires attendus pour %d (chacun dans une seule ligne) :\n", reports.FormatDate(demoReportTime), t.Expected, demoYear)
	for _, s := range reconcile.States {
		fmt.Fprintf(w, "  %-40s %d\n", reconcile.Capitalize(reports.StateLegend(s, true)), t.Count(s))
	}
	fmt.Fprintf(w, "  %-40s %d\n", "Total", t.Expected)
	// Lateness cuts across the states above: said apart so that nobody adds it.
	fmt.Fprintf(w, "Parmi eux, en retard (acceptés hors délai ou sans rapport accepté) : %d.\n", d.late)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Rapport hebdomadaire du %s :\n", reports.FormatDate(demoReportTime))
	for _, p := range d.weekly {
		fmt.Fprintf(w, "  %s\n", p)
	}
	fmt.Fprintf(w, "Accusés de réception (PDF) et classeurs annotés (-annote.xlsx), %d fichiers :\n", len(d.acks))
	for _, p := range d.acks {
		fmt.Fprintf(w, "  %s\n", p)
	}
	fmt.Fprintf(w, "\nTerminé en %.1f s.\n", took.Seconds())
}

// severityCounts says "2 bloquants, 1 alerte" or "aucun constat".
func severityCounts(fs []reconcile.Finding) string {
	n := map[reconcile.Severity]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	var parts []string
	for _, s := range []struct {
		sev       reconcile.Severity
		one, many string
	}{{reconcile.Bloquant, "bloquant", "bloquants"}, {reconcile.Alerte, "alerte", "alertes"}, {reconcile.Info, "info", "infos"}} {
		switch n[s.sev] {
		case 0:
		case 1:
			parts = append(parts, "1 "+s.one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n[s.sev], s.many))
		}
	}
	if len(parts) == 0 {
		return "aucun constat"
	}
	return strings.Join(parts, ", ")
}
