package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/reportcheck"
)

// TestDemo runs `pactd demo` as a person would from a fresh clone and
// checks what it prints and writes: every sample processed with its
// verdict, the templates, the weekly report readable as text, and an
// acknowledgment per sample.
func TestDemo(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo-out")
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"demo", "--out", out},
		&cmdEnv{stdout: &stdout, stderr: &stderr, getenv: envMap(nil)})
	if code != exitOK {
		t.Fatalf("pactd demo: exit %d, stderr %s", code, stderr.String())
	}
	summary := stdout.String()
	for _, want := range []string{
		"Registre importé : version 1, 121 territoires",
		"Classeurs 2025 pré-remplis : 121",
		"Dépôts traités : 16",
		"CLS_2025_220100010_ain.xlsx", "acceptée",
		"CLS_2025_243300316_bordeaux-metropole.xlsx", "rejetée",
		"CLS_2025_221000052_aube.xls", "quarantaine",
		"COFINANCEMENT_INSUFFISANT", "ERREUR_FORMULE", "NOMBRE_EN_TEXTE", "TRANSMISSION_TARDIVE",
		"Rapport hebdomadaire du 6 avril 2026",
		filepath.Join(out, "accuses", "accuse-reception-AR-2026-000014.pdf"),
		filepath.Join(out, "accuses", "CLS_2025_243300316_bordeaux-metropole-annote.xlsx"),
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	templates, err := filepath.Glob(filepath.Join(out, "modeles", "CLS_2025_*.xlsx"))
	if err != nil || len(templates) != 121 {
		t.Fatalf("%d templates written, want 121 (%v)", len(templates), err)
	}
	acks, err := filepath.Glob(filepath.Join(out, "accuses", "*.pdf"))
	if err != nil || len(acks) != 16 {
		t.Fatalf("%d acknowledgment PDFs, want 16 (%v)", len(acks), err)
	}
	pdf := filepath.Join(out, "rapports", "rapport-hebdomadaire-2026-04-06.pdf")
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s (install poppler-utils with scripts/test.sh): %v", pdf, err)
	}
	// The week's report lists the files quarantined that week.
	for _, want := range []string{"Bordeaux Métropole", "COFINANCEMENT_INSUFFISANT", "€", "CLS_2025_221000052_aube.xls"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("weekly report lacks %q", want)
		}
	}
	annex, err := os.ReadFile(filepath.Join(out, "rapports", "rapport-hebdomadaire-2026-04-06.xlsx"))
	if err != nil {
		t.Fatalf("annex: %v", err)
	}
	report, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	// The PDF and the annex say the same numbers, read as their readers
	// read them; the territories whose files were set aside (the Aube and
	// the Aude, unreadable) are not missing.
	reportcheck.Agree(t, report, annex)
	flat := strings.Join(strings.Fields(string(text)), " ")
	for _, want := range []string{"7 + 2 + 3 + 2 + 107 = 121 territoires attendus pour 2025",
		"Aube (10) (d'après le nom du", "Aude (11) (d'après le nom du",
		"Nouvellement mis de côté (2) : Aube (10), Aude (11).", "Semaine 14 — du 30 mars au 5 avril 2026"} {
		if !strings.Contains(flat, want) {
			t.Errorf("weekly report lacks %q", want)
		}
	}
	for _, summary := range []string{"Fichiers mis de côté (quarantaine)       2", "Manquants : rien reçu                    107"} {
		if !strings.Contains(stdout.String(), summary) {
			t.Errorf("summary lacks %q:\n%s", summary, stdout.String())
		}
	}

	// A second run writes the same bytes, document by document.
	again := filepath.Join(t.TempDir(), "demo-out")
	if code := Main(context.Background(), []string{"demo", "--out", again},
		&cmdEnv{stdout: io.Discard, stderr: &stderr, getenv: envMap(nil)}); code != exitOK {
		t.Fatalf("second pactd demo: exit %d, stderr %s", code, stderr.String())
	}
	for _, dir := range []string{"rapports", "accuses"} {
		files, _ := filepath.Glob(filepath.Join(out, dir, "*"))
		if len(files) == 0 {
			t.Fatalf("no file in %s", dir)
		}
		for _, f := range files {
			a, _ := os.ReadFile(f)
			b, err := os.ReadFile(filepath.Join(again, dir, filepath.Base(f)))
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("%s/%s differs from one run to the next (%v)", dir, filepath.Base(f), err)
			}
		}
	}
}
