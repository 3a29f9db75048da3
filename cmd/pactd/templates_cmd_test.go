package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/templates"
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
	wantErr := "[1/1] CLS_2025_220100010_ain.xlsx\n" + noAddressHint
	if code != exitOK || stdout != wantOut || stderr != wantErr {
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
	progress := strings.Split(strings.TrimSpace(strings.TrimSuffix(stderr, noAddressHint)), "\n")
	if len(progress) != n || progress[0] != fmt.Sprintf("[1/%d] CLS_2025_200023414_metropole-rouen-normandie.xlsx", n) ||
		!strings.HasPrefix(progress[n-1], fmt.Sprintf("[%d/%d] CLS_2025_", n, n)) {
		t.Errorf("progress: first %q last %q, %d lines, want %d", progress[0], progress[len(progress)-1], len(progress), n)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != n {
		t.Errorf("%s holds %d files, want %d", out, len(entries), n)
	}
}

const noAddressHint = "Aucune adresse de réception n'est configurée (imap.url, smtp.from) : l'onglet Lisez-moi renvoie à " +
	"l'adresse indiquée dans le courrier d'envoi ; pour l'écrire dans les classeurs, utilisez --adresse.\n"

// Lisez-moi names the address to send the workbook to: --adresse, else the
// user of the first IMAP mailbox when it is an e-mail address, else
// smtp.from, else the covering letter.
func TestTemplatesGenerateSendTo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pactd.db")
	if code, _, stderr := runWithDB(t, db, "register", "import", sampleRegister); code != exitOK {
		t.Fatalf("import sample: exit %d: %s", code, stderr)
	}
	const (
		imapMail  = "imaps://remontees-cls%40ain.gouv.fr:secret@imap.example.fr/INBOX"
		imapLogin = "imaps://remontees:secret@imap.example.fr/INBOX"
		from      = "Cellule CLS <pactd@solidarites.gouv.fr>"
	)
	for _, tc := range []struct {
		name  string
		env   map[string]string
		flags []string
		want  string // "" for the covering letter
	}{
		{"imap user", map[string]string{"PACTD_IMAP_URL": imapMail, "PACTD_MAIL_FROM": from}, nil, "remontees-cls@ain.gouv.fr"},
		{"imap login, smtp.from", map[string]string{"PACTD_IMAP_URL": imapLogin, "PACTD_MAIL_FROM": from}, nil, "pactd@solidarites.gouv.fr"},
		{"smtp.from only", map[string]string{"PACTD_MAIL_FROM": from}, nil, "pactd@solidarites.gouv.fr"},
		{"nothing configured", nil, nil, ""},
		{"flag wins", map[string]string{"PACTD_IMAP_URL": imapMail}, []string{"--adresse", "Préfecture <cls@ain.pref.gouv.fr>"}, "cls@ain.pref.gouv.fr"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"PACTD_DATABASE": db}
			for k, v := range tc.env {
				env[k] = v
			}
			out := t.TempDir()
			args := append([]string{"templates", "generate", "--year", "2025", "--siren", "220100010", "--out", out}, tc.flags...)
			var stdout, stderr bytes.Buffer
			code := Main(context.Background(), args, &cmdEnv{stdout: &stdout, stderr: &stderr, getenv: envMap(env)})
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			readme := readmeOf(t, filepath.Join(out, "CLS_2025_220100010_ain.xlsx"))
			wantText, wantLine := "à l'adresse indiquée dans le courrier d'envoi", "modèle CLS-RAE/1)."
			if tc.want != "" {
				wantText, wantLine = "à l'adresse "+tc.want+", au plus tard", "modèle CLS-RAE/1, à renvoyer à "+tc.want+")."
			}
			if !strings.Contains(readme, wantText) {
				t.Errorf("Lisez-moi lacks %q:\n%s", wantText, readme)
			}
			if !strings.HasSuffix(stdout.String(), wantLine+"\n") {
				t.Errorf("stdout %q lacks %q", stdout.String(), wantLine)
			}
			if hint := strings.Contains(stderr.String(), noAddressHint); hint != (tc.want == "") {
				t.Errorf("stderr %q: hint shown = %v", stderr.String(), hint)
			}
		})
	}
	code, _, stderr := runWithDB(t, db, "templates", "generate", "--year", "2025", "--adresse", "cellule cls", "--out", t.TempDir())
	if code != exitUsage || !strings.Contains(stderr, "l'adresse « cellule cls » n'est pas une adresse électronique valide") {
		t.Errorf("bad --adresse: exit %d, stderr %q", code, stderr)
	}
}

// readmeOf returns the text of the Lisez-moi sheet of a workbook, one line
// a row (line breaks and no-break spaces inside a paragraph become spaces).
func readmeOf(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(templates.SheetReadme)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.NewReplacer("\n", " ", "\u00a0", " ").Replace(strings.Join(r, " ")) + "\n")
	}
	return b.String()
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
	file := filepath.Join(t.TempDir(), "modeles.xlsx")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
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
		{[]string{"templates", "generate", "--year", "2025", "--siren", "220100010", "--out", "/dev/null/x"},
			"pactd templates : impossible de créer le dossier /dev/null/x : un élément du chemin n'est pas un dossier.\n"},
		{[]string{"templates", "generate", "--year", "2025", "--siren", "220100010", "--out", file},
			"pactd templates : impossible de créer le dossier " + file + " : un élément du chemin n'est pas un dossier.\n"},
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

// File system errors are told in French; the system's error stays wrapped.
func TestTemplatesFileReason(t *testing.T) {
	for _, tc := range []struct {
		errno syscall.Errno
		want  string
	}{
		{syscall.ENOTDIR, "un élément du chemin n'est pas un dossier"},
		{syscall.ENOENT, "un élément du chemin n'existe pas"},
		{syscall.EROFS, "le système de fichiers est en lecture seule"},
		{syscall.EACCES, "permission refusée"},
		{syscall.ENOSPC, "le disque est plein"},
		{syscall.EEXIST, "un fichier de ce nom existe déjà"},
		{syscall.EIO, "erreur du système de fichiers (open /data/x.xlsx: input/output error)"},
	} {
		err := &os.PathError{Op: "open", Path: "/data/x.xlsx", Err: tc.errno}
		if got := fileReason(err); got != tc.want {
			t.Errorf("fileReason(%v) = %q, want %q", err, got, tc.want)
		}
	}
	err := fileError{"impossible de créer le dossier /x : permission refusée", &os.PathError{Op: "mkdir", Path: "/x", Err: syscall.EACCES}}
	if !errors.Is(err, os.ErrPermission) {
		t.Error("fileError does not wrap the system's error")
	}
}
