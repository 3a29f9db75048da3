package daemon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/storage"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// DefaultReportYear is the exercice whose reports are being collected at
// now: the previous year, since reports are due in the spring after it.
func DefaultReportYear(now time.Time) int {
	y := now.In(reconcile.Paris).Year() - 1
	return min(max(y, reconcile.FirstYear), reconcile.LastYear)
}

// LatestRegister returns the newest register version, or an error
// telling the admin to import one.
func LatestRegister(ctx context.Context, st reconcile.Store) (*reconcile.Register, error) {
	reg, err := st.LatestRegister(ctx)
	if errors.Is(err, reconcile.ErrNotFound) {
		return nil, fmt.Errorf("aucun registre des engagements n'a été importé : lancez d'abord pactd register import FICHIER")
	}
	if err != nil {
		return nil, fmt.Errorf("lire le registre des engagements : %w", err)
	}
	return reg, nil
}

// BuildWeekly reads from the store what the weekly report of year needs
// at now (the latest register, the submissions and receipts, the
// quarantine of the past seven days) and builds it. threshold is the
// under-execution rate as a fraction.
func BuildWeekly(ctx context.Context, st reconcile.Store, year int, now time.Time, threshold float64) (*reports.Weekly, error) {
	reg, err := LatestRegister(ctx, st)
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

// RenderWeekly renders the PDF and the XLSX annex of wk as archive files
// named after the report's day ("rapport-hebdomadaire-2026-11-30.pdf"),
// the PDF first.
func RenderWeekly(wk *reports.Weekly) ([]archive.File, error) {
	base := "rapport-hebdomadaire-" + wk.Now.In(reconcile.Paris).Format(time.DateOnly)
	var files []archive.File
	for _, f := range []struct {
		ext, contentType string
		render           func(io.Writer, *reports.Weekly) error
	}{{".pdf", archive.PDF, reports.WeeklyPDF}, {".xlsx", archive.XLSX, reports.WeeklyAnnex}} {
		var buf bytes.Buffer
		if err := f.render(&buf, wk); err != nil {
			return nil, fmt.Errorf("produire le rapport %s : %w", f.ext, err)
		}
		files = append(files, archive.File{Name: base + f.ext, Kind: archive.WeeklyReport, ContentType: f.contentType,
			Content: buf.Bytes(), Size: int64(buf.Len()), CreatedAt: wk.Now})
	}
	return files, nil
}

// SaveWeekly keeps the rendered weekly report in the store, where the
// status site of every replica finds it. A report built again the same day
// replaces the earlier one.
func SaveWeekly(ctx context.Context, st archive.Store, files []archive.File) error {
	if err := st.SaveFiles(ctx, files...); err != nil {
		return fmt.Errorf("enregistrer le rapport dans la base : %w", err)
	}
	return nil
}

// WriteWeekly writes the rendered files to dir and returns their paths.
// Each file appears whole or not at all.
func WriteWeekly(dir string, files []archive.File) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("créer le dossier %s : %w", dir, err)
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		if err := WriteFileAtomic(p, f.Content); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// WriteFileAtomic writes data to a temporary file beside path, then
// renames it, so readers never see half a file.
func WriteFileAtomic(path string, data []byte) error {
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

// SendWeekly mails the rendered weekly report (RenderWeekly) to report.to
// now, through the outbox like the scheduled report, and waits until the
// SMTP server accepted it. Its outbox key is its own, so a report sent by
// hand never stands in for the scheduled one of the same week. The caller
// checks first that cfg names the report's recipients.
func SendWeekly(ctx context.Context, cfg *config.Config, st storage.Store, sender mail.Sender, files []archive.File, wk *reports.Weekly, now time.Time) error {
	d := &Daemon{cfg: cfg, log: zerolog.Nop(), store: st, now: func() time.Time { return now }}
	d.outbox = mail.NewOutbox(st, sender, zerolog.Nop())
	week := fmt.Sprintf("semaine %d de %d", wk.Week.Number, wk.Week.Year)
	return d.mailWeekly(ctx, files, week, "weekly-manual:"+now.UTC().Format(time.RFC3339Nano), now)
}
