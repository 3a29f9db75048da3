package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/daemon"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// runReport runs "pactd report weekly [--out DOSSIER] [--year A] [--send]":
// it builds the weekly report from the store as it stands now, keeps the
// PDF and its XLSX annex in the database (the status site lists them,
// whichever replica answers), writes them to DOSSIER when --out is given
// and prints their paths. With --send it also mails them to report.to.
func runReport(ctx context.Context, env *cmdEnv, args []string) error {
	if len(args) == 0 || args[0] != "weekly" {
		return usagef("sous-commande attendue : pactd report weekly [--out DOSSIER] [--year A]")
	}
	fs, cfgPath := newFlags("report weekly")
	out := fs.String("out", "", "dossier où écrire aussi le rapport")
	year := fs.Int("year", 0, "exercice du rapport (par défaut, l'année précédente)")
	send := fs.Bool("send", false, "envoyer le rapport aux destinataires")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s » : pactd report weekly [--out DOSSIER] [--year A]", pos[0])
	}
	now := time.Now()
	if *year == 0 {
		*year = daemon.DefaultReportYear(now)
	}
	if *year < reconcile.FirstYear || *year > reconcile.LastYear {
		return usagef("l'exercice %d est hors de la période des contrats (%d à %d)", *year, reconcile.FirstYear, reconcile.LastYear)
	}
	cfg, st, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if *send {
		if err := checkSendConfig(cfg); err != nil {
			return err
		}
	}
	wk, err := daemon.BuildWeekly(ctx, st, *year, now, cfg.Rules.UnderExecution/100)
	if err != nil {
		return err
	}
	files, err := daemon.RenderWeekly(wk)
	if err != nil {
		return err
	}
	if err := daemon.SaveWeekly(ctx, st, files); err != nil {
		return err
	}
	var paths []string
	if *out != "" {
		if paths, err = daemon.WriteWeekly(*out, files); err != nil {
			return err
		}
	}
	h := wk.Headline
	fmt.Fprintf(env.stdout, "Rapport hebdomadaire de l'exercice %d (semaine %d) : %d rapports attendus, %d acceptés, %d manquants.\n",
		wk.Year, wk.Week.Number, h.Expected, h.Accepted, h.Missing)
	fmt.Fprintf(env.stdout, "Enregistré dans la base, sur la page d'état : %s, %s.\n", files[0].Name, files[1].Name)
	for _, p := range paths {
		fmt.Fprintln(env.stdout, p)
	}
	if !*send {
		return nil
	}
	if err := sendWeekly(ctx, cfg, st, files, wk, now); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Rapport envoyé à %s.\n", strings.Join(cfg.Report.To, ", "))
	return nil
}

// writeAcknowledgment writes to dir the acknowledgment PDF of one
// reception and, when findings name cells of the received workbook
// content, the annotated workbook; it returns the paths written. A
// workbook that cannot be annotated (unreadable) gets the PDF alone.
func writeAcknowledgment(dir string, ack *reports.Acknowledgment, content []byte) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("créer le dossier %s : %w", dir, err)
	}
	annotated, err := reports.Annotate(content, ack.Findings)
	ack.Annotated = err == nil
	var buf bytes.Buffer
	if err := reports.AcknowledgmentPDF(&buf, ack); err != nil {
		return nil, fmt.Errorf("produire l'accusé de réception %s : %w", ack.Number, err)
	}
	p := filepath.Join(dir, reports.AcknowledgmentFileName(ack))
	if err := daemon.WriteFileAtomic(p, buf.Bytes()); err != nil {
		return nil, err
	}
	paths := []string{p}
	if ack.Annotated {
		p := filepath.Join(dir, reports.AnnotatedFileName(ack.FileName))
		if err := daemon.WriteFileAtomic(p, annotated); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
