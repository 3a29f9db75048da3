package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/daemon"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// writeReports writes the acknowledgment (and annotated workbook) of every
// sample, then the weekly report and its annex.
func (d *demo) writeReports(ctx context.Context) error {
	dir := filepath.Join(d.out, "accuses")
	for _, o := range d.outcomes {
		ack := reports.NewAcknowledgment(o.out.Receipt, o.out.Submission, d.reg)
		ack.Fictitious = true
		paths, err := writeAcknowledgment(dir, ack, o.out.Submission.Content)
		if err != nil {
			return err
		}
		d.acks = append(d.acks, paths...)
	}
	wk, err := daemon.BuildWeekly(ctx, d.st, demoYear, demoReportTime, config.Default().Rules.UnderExecution/100)
	if err != nil {
		return err
	}
	files, err := daemon.RenderWeekly(wk)
	if err != nil {
		return err
	}
	d.weekly, err = daemon.WriteWeekly(filepath.Join(d.out, "rapports"), files)
	return err
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
