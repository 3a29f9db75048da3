package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTemplatesGenerate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pactd.db")
	if code, _, stderr := runWithDB(t, db, "register", "import", sampleRegister); code != exitOK {
		t.Fatalf("import sample: exit %d: %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "modeles")

	code, stdout, stderr := runWithDB(t, db, "templates", "generate", "--year", "2025", "--siren", "220100010", "--out", out)
	path := filepath.Join(out, "CLS_2025_220100010_ain.xlsx")
	wantOut := path + "\n1 classeur écrit dans " + out + " (registre version 1, modèle CLS-RAE/1).\n"
	if code != exitOK || stdout != wantOut || stderr != "[1/1] CLS_2025_220100010_ain.xlsx\n" {
		t.Fatalf("generate one: exit %d\nstdout %q\nstderr %q\nwant stdout %q", code, stdout, stderr, wantOut)
	}
	if info, err := os.Stat(path); err != nil || info.Size() < 10000 {
		t.Errorf("%s: %v", path, err)
	}

	code, stdout, stderr = runWithDB(t, db, "templates", "generate", "--year", "2025", "--out", out)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	n := len(lines) - 1
	if code != exitOK || n < 100 || !strings.HasPrefix(lines[n], fmt.Sprintf("%d classeurs écrits dans ", n)) {
		t.Fatalf("generate all: exit %d\nstdout tail %q\nstderr %q", code, lines[len(lines)-1], stderr)
	}
	progress := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(progress) != n || progress[0] != fmt.Sprintf("[1/%d] CLS_2025_200023414_metropole-rouen-normandie.xlsx", n) ||
		!strings.HasPrefix(progress[n-1], fmt.Sprintf("[%d/%d] CLS_2025_", n, n)) {
		t.Errorf("progress: first %q last %q, %d lines, want %d", progress[0], progress[len(progress)-1], len(progress), n)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != n {
		t.Errorf("%s holds %d files, want %d", out, len(entries), n)
	}
}

func TestTemplatesGenerateErrors(t *testing.T) {
	empty := emptyDB(t, "empty.db")
	out := t.TempDir()
	code, _, stderr := runWithDB(t, empty, "templates", "generate", "--year", "2025", "--out", out)
	if code != exitUsage || !strings.Contains(stderr, "aucun registre des engagements n'a été importé : lancez d'abord pactd register import FICHIER") {
		t.Errorf("without register: exit %d, stderr %q", code, stderr)
	}

	db := filepath.Join(t.TempDir(), "pactd.db")
	if code, _, stderr := runWithDB(t, db, "register", "import", sampleRegister); code != exitOK {
		t.Fatalf("import sample: exit %d: %s", code, stderr)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"templates"}, "sous-commande attendue"},
		{[]string{"templates", "generate", "--out", out}, "--year et --out sont obligatoires"},
		{[]string{"templates", "generate", "--year", "2025"}, "--year et --out sont obligatoires"},
		{[]string{"templates", "generate", "--year", "2023", "--out", out}, "l'année 2023 est hors de la période des contrats"},
		{[]string{"templates", "generate", "--year", "2025", "--siren", "220100011", "--out", out}, "SIREN « 220100011 » invalide"},
		{[]string{"templates", "generate", "--year", "2025", "--siren", "130025265", "--out", out}, "le SIREN 130025265 n'est pas dans le registre"},
	}
	for _, tt := range tests {
		code, _, stderr := runWithDB(t, db, tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("pactd %q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("failed commands wrote %d files", len(entries))
	}
}
