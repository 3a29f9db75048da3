package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

const igSamples = "../../samples/soumissions"

// igStore creates a SQLite database holding the sample register and
// returns its path and the open store.
func igStore(t *testing.T, withRegister bool) (string, *sqlite.Store) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pactd.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open SQLite store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if !withRegister {
		return path, st
	}
	data, err := os.ReadFile("../../samples/registre.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := templates.ReadRegister(data, "registre.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveRegister(ctx, reg); err != nil {
		t.Fatalf("save register: %v", err)
	}
	return path, st
}

func igRun(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), append([]string{"ingest"}, args...), &cmdEnv{stdout: &stdout, stderr: &stderr,
		getenv: envMap(map[string]string{"PACTD_DATABASE": db})})
	return code, stdout.String(), stderr.String()
}

func igSample(name string) string { return filepath.Join(igSamples, name) }

// igDecode reads the JSON objects printed one per file, both as maps (to
// check keys and nulls) and as raw text (to check number formats).
func igDecode(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var m map[string]any
		if err := dec.Decode(&m); err == io.EOF {
			return objs
		} else if err != nil {
			t.Fatalf("decode %q: %v", out, err)
		}
		objs = append(objs, m)
	}
}

// pactd ingest --dry-run --json prints SPEC §6's object per file, stores
// nothing, and exits 1 when a file is rejected.
func TestIngestDryRunJSON(t *testing.T) {
	db, st := igStore(t, true)
	files := []string{"CLS_2025_220100010_ain.xlsx", "CLS_2025_220400014_alpes-de-haute-provence.xlsx", "CLS_2025_221000052_aube.xls"}
	var args []string
	for _, f := range files {
		args = append(args, igSample(f))
	}
	code, out, errOut := igRun(t, db, append([]string{"--dry-run", "--json"}, args...)...)
	if code != exitRejected {
		t.Fatalf("exit %d, want %d; stderr %s", code, exitRejected, errOut)
	}
	objs := igDecode(t, out)
	if len(objs) != 3 {
		t.Fatalf("got %d objects, want 3:\n%s", len(objs), out)
	}
	for i, o := range objs {
		for _, k := range []string{"file", "sha256", "template", "siren", "year", "status", "actions", "indicators", "findings"} {
			if _, ok := o[k]; !ok {
				t.Errorf("%s: no key %q", files[i], k)
			}
		}
		data, _ := os.ReadFile(igSample(files[i]))
		sum := sha256.Sum256(data)
		if o["file"] != files[i] || o["sha256"] != hex.EncodeToString(sum[:]) {
			t.Errorf("file, sha256 = %v %v", o["file"], o["sha256"])
		}
	}
	ain, div0, xls := objs[0], objs[1], objs[2]
	if ain["status"] != "accepted" || ain["siren"] != "220100010" || ain["year"] != 2025.0 || ain["template"] != "CLS-RAE/1" {
		t.Errorf("ain = %v %v %v %v", ain["status"], ain["siren"], ain["year"], ain["template"])
	}
	acts := ain["actions"].([]any)
	first := acts[0].(map[string]any)
	for _, k := range []string{"code", "axis", "state_planned", "territory_planned", "state_spent", "territory_spent", "other_spent", "status", "cells"} {
		if _, ok := first[k]; !ok {
			t.Errorf("action: no key %q", k)
		}
	}
	if first["code"] != "ENF-01" || first["axis"] != "ENFANCE" || first["cells"].(map[string]any)["state_spent"] != "Actions!G5" {
		t.Errorf("first action = %v", first)
	}
	ind := ain["indicators"].([]any)[0].(map[string]any)
	if ind["action"] != "ENF-01" || ind["cell"] != "Indicateurs!G5" || ind["actual"] == nil {
		t.Errorf("first indicator = %v", ind)
	}
	if div0["status"] != "rejected" {
		t.Errorf("#DIV/0! file status = %v", div0["status"])
	}
	var f map[string]any
	for _, x := range div0["findings"].([]any) {
		if m := x.(map[string]any); m["code"] == "ERREUR_FORMULE" {
			f = m
		}
	}
	if f == nil {
		t.Fatalf("no ERREUR_FORMULE in %v", div0["findings"])
	}
	for k, want := range map[string]any{"severity": "bloquant", "axis": "ENFANCE", "action": "ENF-02", "indicator": nil,
		"expected": nil, "actual": "#DIV/0!"} {
		if f[k] != want {
			t.Errorf("finding %s = %v, want %v", k, f[k], want)
		}
	}
	if cells := f["cells"].([]any); len(cells) != 1 || cells[0] != "Actions!G6" || !strings.Contains(f["message"].(string), "#DIV/0!") {
		t.Errorf("finding cells, message = %v %v", f["cells"], f["message"])
	}
	if xls["status"] != "rejected" || xls["siren"] != nil || len(xls["actions"].([]any)) != 0 {
		t.Errorf("xls = %v", xls)
	}
	// Amounts are numbers of euros with at most two decimals, or null.
	amount := regexp.MustCompile(`"(state_planned|territory_planned|state_spent|territory_spent|other_spent)":(null|-?[0-9]+(\.[0-9]{1,2})?)[,}]`)
	all := regexp.MustCompile(`"(state_planned|territory_planned|state_spent|territory_spent|other_spent)":[^"]`)
	if n, m := len(all.FindAllString(out, -1)), len(amount.FindAllString(out, -1)); n == 0 || n != m {
		t.Errorf("%d amounts, %d well formed", n, m)
	}
	subs, err := st.Submissions(context.Background(), reconcile.SubmissionFilter{})
	if err != nil || len(subs) != 0 {
		t.Errorf("dry run stored %d submissions (%v)", len(subs), err)
	}
}

// --from checks the sender against the territory's authorised addresses.
func TestIngestFrom(t *testing.T) {
	db, _ := igStore(t, true)
	ain := igSample("CLS_2025_220100010_ain.xlsx")
	code, out, _ := igRun(t, db, "--dry-run", "--json", "--from", "Pirate <pirate@exemple.com>", ain)
	if code != exitRejected {
		t.Fatalf("exit %d with an unauthorised sender", code)
	}
	o := igDecode(t, out)[0]
	found := false
	for _, x := range o["findings"].([]any) {
		m := x.(map[string]any)
		if m["code"] == "EXPEDITEUR_NON_AUTORISE" {
			found = strings.Contains(m["message"].(string), "pirate@exemple.com") && m["severity"] == "bloquant"
		}
	}
	if !found || o["status"] != "rejected" || o["quarantined"] != true {
		t.Errorf("no quarantine with EXPEDITEUR_NON_AUTORISE naming the address: %s", out)
	}
	if code, out, errOut := igRun(t, db, "--dry-run", "--from", "cls@ain.fr", ain); code != exitOK {
		t.Errorf("authorised sender: exit %d\n%s%s", code, out, errOut)
	}
}

// Without --json, a French summary per file.
func TestIngestSummary(t *testing.T) {
	db, _ := igStore(t, true)
	code, out, _ := igRun(t, db, "--dry-run", igSample("CLS_2025_220900013_ariege.xlsx"), igSample("CLS_2025_220100010_ain.xlsx"))
	if code != exitRejected {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{
		"CLS_2025_220900013_ariege.xlsx : rejetée (2 bloquants",
		"[bloquant] MONTANT_NEGATIF Actions!I5 : La cellule Actions!I5",
		"CLS_2025_220100010_ain.xlsx : acceptée",
		"SIREN 220100010, année 2025, modèle CLS-RAE/1 : 28 actions, 58 indicateurs.",
		"Essai : rien n'a été enregistré ni envoyé.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

// Without --dry-run the file is stored and gets a receipt.
func TestIngestStores(t *testing.T) {
	db, st := igStore(t, true)
	code, out, errOut := igRun(t, db, "--json", igSample("CLS_2025_220100010_ain.xlsx"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if o := igDecode(t, out)[0]; !strings.HasPrefix(o["receipt"].(string), "AR-") {
		t.Errorf("receipt = %v", o["receipt"])
	}
	subs, err := st.Submissions(context.Background(), reconcile.SubmissionFilter{SIREN: "220100010"})
	if err != nil || len(subs) != 1 || subs[0].Verdict != reconcile.Accepted {
		t.Errorf("stored %v (%v)", subs, err)
	}

	// The same bytes again: a second receipt, said to be a duplicate.
	code, out, _ = igRun(t, db, "--json", igSample("CLS_2025_220100010_ain.xlsx"))
	if o := igDecode(t, out)[0]; code != exitOK || o["duplicate"] != true {
		t.Errorf("second ingest: exit %d, %s", code, out)
	}
	code, out, _ = igRun(t, db, igSample("CLS_2025_220100010_ain.xlsx"))
	if code != exitOK || !strings.Contains(out, "Déjà reçu : ce fichier est identique à un dépôt enregistré") {
		t.Errorf("third ingest summary: exit %d\n%s", code, out)
	}
	subs, _ = st.Submissions(context.Background(), reconcile.SubmissionFilter{SIREN: "220100010"})
	if len(subs) != 1 {
		t.Errorf("%d submissions after three receptions of the same bytes, want 1", len(subs))
	}
}

// An unreadable file has no template, SIREN or year: JSON says null.
func TestIngestUnreadableJSONNulls(t *testing.T) {
	db, _ := igStore(t, true)
	code, out, _ := igRun(t, db, "--dry-run", "--json", igSample("CLS_2025_221000052_aube.xls"))
	o := igDecode(t, out)[0]
	if code != exitRejected || o["siren"] != nil || o["year"] != nil || o["template"] != nil || o["quarantined"] != true {
		t.Errorf("exit %d, %s", code, out)
	}
	if r, _ := o["reason"].(string); strings.Contains(r, " : Le ") {
		t.Errorf("reason glues two sentences: %q", r)
	}
}

// Bad usage and a missing register exit 2 with one sentence.
func TestIngestUsage(t *testing.T) {
	empty, _ := igStore(t, false)
	db, _ := igStore(t, true)
	for _, tc := range []struct {
		db   string
		args []string
		want string
	}{
		{db, nil, "indiquez au moins un fichier"},
		{db, []string{"--dry-run", "absent.xlsx"}, "absent.xlsx est introuvable"},
		{db, []string{"--bizarre", "x.xlsx"}, "option inconnue"},
		{empty, []string{"--dry-run", igSample("CLS_2025_220100010_ain.xlsx")}, "pactd register import"},
	} {
		code, _, errOut := igRun(t, tc.db, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("ingest %v: exit %d, stderr %q, want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}
