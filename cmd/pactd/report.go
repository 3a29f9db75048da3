package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// runReport runs "pactd report weekly [--out DOSSIER] [--year A]": it
// builds the weekly report from the store as it stands now and writes the
// PDF and its XLSX annex to DOSSIER (./rapports by default), then prints
// their paths. With --send it also mails them to report.to.
func runReport(ctx context.Context, env *cmdEnv, args []string) error {
	if len(args) == 0 || args[0] != "weekly" {
		return usagef("sous-commande attendue : pactd report weekly [--out DOSSIER] [--year A]")
	}
	fs, cfgPath := newFlags("report weekly")
	out := fs.String("out", "./rapports", "dossier où écrire le rapport")
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
		*year = defaultReportYear(now)
	}
	if *year < reconcile.FirstYear || *year > reconcile.LastYear {
		return usagef("l'exercice %d est hors de la période des contrats (%d à %d)", *year, reconcile.FirstYear, reconcile.LastYear)
	}
	cfg, st, closeStore, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer closeStore()
	if *send {
		if err := checkSendConfig(cfg); err != nil {
			return err
		}
	}
	wk, err := buildWeekly(ctx, st, *year, now, cfg.Rules.UnderExecution/100)
	if err != nil {
		return err
	}
	paths, err := writeWeekly(*out, wk)
	if err != nil {
		return err
	}
	h := wk.Headline
	fmt.Fprintf(env.stdout, "Rapport hebdomadaire de l'exercice %d (semaine %d) : %d rapports attendus, %d acceptés, %d manquants.\n",
		wk.Year, wk.Week.Number, h.Expected, h.Accepted, h.Missing)
	for _, p := range paths {
		fmt.Fprintln(env.stdout, p)
	}
	if !*send {
		return nil
	}
	if err := sendWeekly(ctx, cfg, st, paths, wk, now); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Rapport envoyé à %s.\n", strings.Join(cfg.Report.To, ", "))
	return nil
}

// defaultReportYear is the exercice whose reports are being collected at
// now: the previous year, since reports are due in the spring after it.
func defaultReportYear(now time.Time) int {
	y := now.In(reconcile.Paris).Year() - 1
	return min(max(y, reconcile.FirstYear), reconcile.LastYear)
}

// buildWeekly reads from the store what the weekly report of year needs
// at now (the latest register, the submissions and receipts, the
// quarantine of the past seven days) and builds it. threshold is the
// under-execution rate as a fraction.
func buildWeekly(ctx context.Context, st reconcile.Store, year int, now time.Time, threshold float64) (*reports.Weekly, error) {
	reg, err := latestRegisterFor(ctx, st)
	if err != nil {
		return nil, err
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{Year: year})
	if err != nil {
		return nil, fmt.Errorf("lire les dépôts enregistrés : %w", err)
	}
	receipts, err := st.Receipts(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("lire les réceptions enregistrées : %w", err)
	}
	since := now.AddDate(0, 0, -7)
	quarantine, err := st.QuarantineEntries(ctx, since)
	if err != nil {
		return nil, fmt.Errorf("lire la quarantaine : %w", err)
	}
	statuses := reconcile.Statuses(reg, subs, receipts, year, now)
	return reports.BuildWeekly(reports.WeeklyInput{
		Register: reg, Statuses: statuses, StatusFindings: reconcile.MissingReports(statuses),
		Quarantine: quarantine, Year: year, Now: now, Since: since,
		Fictitious: reports.SampleRegister(reg), UnderExecution: threshold,
	}), nil
}

// writeWeekly writes the PDF and the XLSX annex of wk to dir, named after
// the report's day ("rapport-hebdomadaire-2026-11-30.pdf"), and returns
// their paths. Each file appears whole or not at all.
func writeWeekly(dir string, wk *reports.Weekly) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("créer le dossier %s : %w", dir, err)
	}
	base := filepath.Join(dir, "rapport-hebdomadaire-"+wk.Now.In(reconcile.Paris).Format(time.DateOnly))
	var paths []string
	for _, f := range []struct {
		ext    string
		render func(io.Writer, *reports.Weekly) error
	}{{".pdf", reports.WeeklyPDF}, {".xlsx", reports.WeeklyAnnex}} {
		var buf bytes.Buffer
		if err := f.render(&buf, wk); err != nil {
			return nil, fmt.Errorf("produire le rapport %s : %w", f.ext, err)
		}
		if err := writeFileAtomic(base+f.ext, buf.Bytes()); err != nil {
			return nil, err
		}
		paths = append(paths, base+f.ext)
	}
	return paths, nil
}

// writeFileAtomic writes data to a temporary file beside path, then
// renames it, so readers never see half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("écrire %s : %w", path, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("écrire %s : %w", path, werr)
	}
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
	if err := writeFileAtomic(p, buf.Bytes()); err != nil {
		return nil, err
	}
	paths := []string{p}
	if ack.Annotated {
		p := filepath.Join(dir, reports.AnnotatedFileName(ack.FileName))
		if err := writeFileAtomic(p, annotated); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
