package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

var (
	sampleRegister = filepath.Join("..", "..", "samples", "registre.xlsx")
	badRegister    = filepath.Join("..", "..", "templates", "testdata", "register", "one_bad_cell.xlsx")
	manyProblems   = filepath.Join("..", "..", "templates", "testdata", "register", "many_problems.xlsx")
)

// runWithDB runs pactd with args against the SQLite database at path.
func runWithDB(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	return rcRun(t, db, args...)
}

func TestRegisterImportSample(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pactd.db")
	for version := 1; version <= 2; version++ {
		code, stdout, stderr := runWithDB(t, db, "register", "import", sampleRegister)
		want := "Registre importé : version " + string(rune('0'+version)) + ", 121 territoires, 2625 actions, 5262 indicateurs.\n"
		if version == 2 {
			// The same file again: nothing a workbook shows has changed.
			want += "Aucun engagement pré-rempli n'a changé depuis la version 1 : les classeurs envoyés restent à jour.\n"
		}
		if code != exitOK || stdout != want || stderr != "" {
			t.Fatalf("import #%d: exit %d, stdout %q, stderr %q; want 0 and %q", version, code, stdout, stderr, want)
		}
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reg, err := st.LatestRegister(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if reg.Version != 2 || reg.Source != "registre.xlsx" || len(reg.SHA256) != 64 || reg.ImportedAt.IsZero() || len(reg.Contracts) != 121 {
		t.Errorf("stored register: version %d source %q sha %q imported %v, %d contracts", reg.Version, reg.Source, reg.SHA256,
			reg.ImportedAt, len(reg.Contracts))
	}
}

func TestRegisterImportRefusesWholeRegister(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pactd.db")
	code, stdout, stderr := runWithDB(t, db, "register", "import", badRegister)
	wantErr := "actions!H7: Montant État prévu illisible « quarante mille » : indiquez un montant en euros, par exemple 12 345,67.\n" +
		"pactd register : registre one_bad_cell.xlsx refusé : 1 problème, rien n'a été importé.\n"
	if code != exitRejected || stdout != "" || stderr != wantErr {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1 and\n%s", code, stdout, stderr, wantErr)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.LatestRegister(context.Background()); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("LatestRegister after a refused import = %v, want ErrNotFound", err)
	}

	code, _, stderr = runWithDB(t, db, "register", "import", manyProblems)
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != exitRejected || len(lines) != 23 || !strings.HasPrefix(lines[0], "territoires!A7: ") ||
		!strings.HasSuffix(lines[22], "refusé : 22 problèmes, rien n'a été importé.") {
		t.Errorf("many problems: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestRegisterUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pactd.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"register"}, "sous-commande attendue"},
		{[]string{"register", "export"}, "sous-commande attendue"},
		{[]string{"register", "import"}, "indiquez un seul fichier"},
		{[]string{"register", "import", "a.xlsx", "b.xlsx"}, "indiquez un seul fichier"},
		{[]string{"register", "import", "absent.xlsx"}, "le fichier absent.xlsx est introuvable"},
		{[]string{"register", "import", "--verbose", sampleRegister}, "option inconnue"},
	}
	for _, tt := range tests {
		code, _, stderr := runWithDB(t, db, tt.args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("pactd %q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}
