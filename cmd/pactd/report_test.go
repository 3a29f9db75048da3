package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

func TestReportWeeklyWritesPDFAndAnnex(t *testing.T) {
	reg := rcRegister()
	path, st := rcStore(t, reg)
	spent := reconcile.Ptr(reconcile.Amount(9_000_000))
	accepted := reconcile.Submission{FileName: "CLS_2025_220100010_ain.xlsx", SIREN: "220100010", Year: 2025,
		Verdict: reconcile.Accepted, ReceivedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, reconcile.Paris),
		Report: &reconcile.Report{Actions: []reconcile.ReportedAction{{Code: "ENF-01", Axis: reconcile.AxisEnfance,
			StateSpent: spent, TerritorySpent: spent}}}}
	rejected := reconcile.Submission{FileName: "CLS_2025_200046977_lyon.xlsx", SIREN: "200046977", Year: 2025,
		Verdict: reconcile.Rejected, ReceivedAt: time.Date(2026, 3, 3, 10, 0, 0, 0, reconcile.Paris),
		Findings: []reconcile.Finding{{Code: reconcile.MontantNegatif, Severity: reconcile.Bloquant, SIREN: "200046977",
			Cells: []string{"Actions!G7"}, Message: "Le montant de la cellule est négatif."}}}
	rcRecord(t, st, accepted, "ain v1")
	rcRecord(t, st, rejected, "lyon v1")

	out := filepath.Join(t.TempDir(), "sortie")
	code, stdout, stderr := rcRun(t, path, "report", "weekly", "--out", out, "--year", "2025")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	day := time.Now().In(reconcile.Paris).Format(time.DateOnly)
	pdfPath := filepath.Join(out, "rapport-hebdomadaire-"+day+".pdf")
	xlsxPath := filepath.Join(out, "rapport-hebdomadaire-"+day+".xlsx")
	for _, want := range []string{"Rapport hebdomadaire de l'exercice 2025", "3 rapports attendus, 1 acceptés", pdfPath, xlsxPath} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	pdf, err := os.ReadFile(pdfPath)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-1.")) {
		t.Fatalf("read PDF: %v, %q", err, pdf[:min(len(pdf), 8)])
	}
	f, err := excelize.OpenFile(xlsxPath)
	if err != nil {
		t.Fatalf("open annex: %v", err)
	}
	defer f.Close()
	rows, _ := f.GetRows(reports.AnnexTerritories)
	if len(rows) != 4 {
		t.Fatalf("annex lists %d territories, want 3", len(rows)-1)
	}
	findings, _ := f.GetRows(reports.AnnexFindings)
	text := ""
	for _, r := range findings {
		text += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(text, "MONTANT_NEGATIF") || !strings.Contains(text, "RAPPORT_MANQUANT") {
		t.Errorf("findings sheet lacks the rejected file's finding or the missing reports:\n%s", text)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		t.Errorf("the output folder holds %d files, want 2 (no temporary file left)", len(entries))
	}
	// The same files are in the database, for the status site of every
	// replica.
	stored, err := st.File(context.Background(), "rapport-hebdomadaire-"+day+".pdf")
	if err != nil || !bytes.Equal(stored.Content, pdf) || stored.Kind != archive.WeeklyReport {
		t.Errorf("stored PDF: %v, same bytes %v", err, stored != nil && bytes.Equal(stored.Content, pdf))
	}
	if list, _ := st.Files(context.Background(), archive.WeeklyReport); len(list) != 2 {
		t.Errorf("%d weekly files stored, want 2", len(list))
	}
}

// TestReportWeeklyWithoutOut checks that without --out the report is only
// stored in the database: no folder appears.
func TestReportWeeklyWithoutOut(t *testing.T) {
	path, st := rcStore(t, rcRegister())
	t.Chdir(t.TempDir())
	code, stdout, stderr := rcRun(t, path, "report", "weekly", "--year", "2025")
	if code != exitOK || !strings.Contains(stdout, "Enregistré dans la base, sur la page d'état : rapport-hebdomadaire-") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("files written without --out: %v", entries)
	}
	if list, _ := st.Files(context.Background(), archive.WeeklyReport); len(list) != 2 {
		t.Errorf("%d weekly files stored, want 2", len(list))
	}
}

func TestReportWeeklyUsage(t *testing.T) {
	path, _ := rcStore(t, rcRegister())
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report"}, "sous-commande attendue : pactd report weekly"},
		{[]string{"report", "monthly"}, "sous-commande attendue"},
		{[]string{"report", "weekly", "--send"}, "smtp.url : indiquez le serveur d'envoi pour envoyer le rapport (--send)"},
		{[]string{"report", "weekly", "--year", "2031"}, "l'exercice 2031 est hors de la période des contrats"},
		{[]string{"report", "weekly", "extra"}, "argument inattendu « extra »"},
	} {
		code, _, stderr := rcRun(t, path, tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestReportWeeklyWithoutRegister(t *testing.T) {
	path := emptyDB(t, "vide.db")
	code, _, stderr := rcRun(t, path, "report", "weekly", "--out", t.TempDir())
	if code != exitUsage || !strings.Contains(stderr, "aucun registre des engagements n'a été importé") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestWriteAcknowledgment(t *testing.T) {
	book, err := os.ReadFile("../../reports/testdata/classeur-excelize.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cell := reconcile.NewFinding(reconcile.MontantNegatif, "Le montant est négatif.")
	cell.Cells = []string{"Actions!G7"}
	ack := &reports.Acknowledgment{Number: "AR-2026-000001", FileName: "CLS_2025_220100010_ain.xlsx",
		Verdict: reconcile.Rejected, Findings: []reconcile.Finding{cell}, ReceivedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, reconcile.Paris)}
	paths, err := writeAcknowledgment(dir, ack, book)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "accuse-reception-AR-2026-000001.pdf"), filepath.Join(dir, "CLS_2025_220100010_ain-annote.xlsx")}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") || !ack.Annotated {
		t.Fatalf("paths = %q (annotated %v), want %q", paths, ack.Annotated, want)
	}
	// An unreadable file gets its acknowledgment alone.
	ack = &reports.Acknowledgment{Number: "AR-2026-000002", FileName: "scan.pdf", Verdict: reconcile.Rejected,
		Findings: []reconcile.Finding{cell}}
	paths, err = writeAcknowledgment(dir, ack, []byte("%PDF-1.4"))
	if err != nil || len(paths) != 1 || ack.Annotated {
		t.Fatalf("unreadable file: paths %q, annotated %v, err %v", paths, ack.Annotated, err)
	}
}
