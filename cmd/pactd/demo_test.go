package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
	if _, err := os.Stat(filepath.Join(out, "rapports", "rapport-hebdomadaire-2026-04-06.xlsx")); err != nil {
		t.Errorf("annex: %v", err)
	}
}
