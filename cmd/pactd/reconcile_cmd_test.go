package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// rcWorkbook generates the workbook of siren for year, fills ENF-01 with
// the State's and the territory's spending in euros, and parses it back.
func rcWorkbook(t *testing.T, reg *reconcile.Register, siren string, year int, state, territory float64) ([]byte, *reconcile.Report) {
	t.Helper()
	var buf bytes.Buffer
	if err := templates.Generate(&buf, reg, siren, year); err != nil {
		t.Fatalf("generate %s %d: %v", siren, year, err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(templates.SheetActions)
	if err != nil {
		t.Fatal(err)
	}
	row := 0
	for i, r := range rows {
		if len(r) > 0 && r[0] == "ENF-01" {
			row = i + 1
		}
	}
	if row == 0 {
		t.Fatalf("no ENF-01 row in the generated workbook")
	}
	for cell, v := range map[string]any{"G": state, "H": territory, "I": 0, "J": reconcile.StatusRealisee} {
		if err := f.SetCellValue(templates.SheetActions, fmt.Sprintf("%s%d", cell, row), v); err != nil {
			t.Fatal(err)
		}
	}
	ident := map[string]any{templates.LabelReferent: "Claire Martin", templates.LabelEmail: "claire.martin@example.test",
		templates.LabelPhone: "04 74 00 00 00", templates.LabelTransmissionDate: fmt.Sprintf("01/03/%d", year+1)}
	for i, label := range templates.IdentificationLabels {
		if v, ok := ident[label]; ok {
			cell := fmt.Sprintf("B%d", templates.GeneratedIdentificationRow+i)
			if err := f.SetCellValue(templates.SheetIdentification, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	out, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	data := out.Bytes()
	rep := templates.Parse(data, templates.FileName(reg.Contract(siren).Territory, year), reg, templates.DefaultLimits())
	if rep.SIREN != siren || rep.Year != year {
		t.Fatalf("parsed %q %d, want %s %d: %v", rep.SIREN, rep.Year, siren, year, rep.Findings)
	}
	return data, rep
}

func TestReconcileRecomputesAgainstTheLatestRegister(t *testing.T) {
	reg := rcRegister() // ENF-01 plans 100 000 € from the State and from the territory
	path, st := rcStore(t, reg)
	at := time.Date(2026, time.March, 2, 10, 0, 0, 0, reconcile.Paris)

	// 2024: clean, accepted. 2025: the territory spent 90 000 € for the
	// State's 100 000 €, yet stored as accepted (say, under an older
	// register): recomputing rejects it.
	data24, rep24 := rcWorkbook(t, reg, "220100010", 2024, 100_000, 100_000)
	rcRecord(t, st, reconcile.Submission{FileName: rep24.File, SIREN: "220100010", Year: 2024, Template: rep24.Template,
		ReceivedAt: at.AddDate(-1, 0, 0), RegisterVersion: reg.Version, Verdict: reconcile.Accepted,
		Findings: rep24.Findings, Report: rep24}, string(data24))
	data25, rep25 := rcWorkbook(t, reg, "220100010", 2025, 100_000, 90_000)
	rcRecord(t, st, reconcile.Submission{FileName: rep25.File, SIREN: "220100010", Year: 2025, Template: rep25.Template,
		ReceivedAt: at, RegisterVersion: reg.Version, Verdict: reconcile.Accepted, Findings: rep25.Findings, Report: rep25},
		string(data25))

	code, out, errOut := rcRun(t, path, "reconcile", "--json")
	if code != exitRejected {
		t.Fatalf("pactd reconcile --json: exit %d, want 1; stderr %s", code, errOut)
	}
	var got struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decode %s: %v", out, err)
	}
	var codes []string
	for _, f := range got.Findings {
		codes = append(codes, fmt.Sprint(f["code"]))
		if f["code"] != string(reconcile.CofinancementInsuffisant) {
			continue
		}
		if f["siren"] != "220100010" || f["year"] != float64(2025) || f["severity"] != "bloquant" ||
			f["expected"] != float64(100000) || f["actual"] != float64(90000) {
			t.Errorf("finding %v", f)
		}
		if cells, _ := f["cells"].([]any); len(cells) != 2 || cells[0] != "Actions!G5" {
			t.Errorf("cells = %v, want Actions!G5 and Actions!H5", f["cells"])
		}
	}
	// One shortfall is counted once: the action's finding explains the
	// axis's.
	if want := []string{"COFINANCEMENT_INSUFFISANT"}; strings.Join(codes, ",") != strings.Join(want, ",") {
		t.Errorf("codes = %v, want %v (per action only)", codes, want)
	}

	code, out, errOut = rcRun(t, path, "reconcile", "--siren", "220100010", "--year", "2025")
	if code != exitRejected {
		t.Fatalf("pactd reconcile: exit %d, want 1; stderr %s", code, errOut)
	}
	for _, want := range []string{
		"Constats recalculés avec le registre des engagements version 1.",
		"Département de l'Ain (SIREN 220100010), 2025 : dépôt retenu n° 2, CLS_2025_220100010_ain.xlsx reçu le 02/03/2026 à 10:00.",
		"Verdict recalculé : rejeté (il était accepté, contre le registre version 1).",
		"[bloquant] COFINANCEMENT_INSUFFISANT : Pour l'action ENF-01, la collectivité a dépensé 90\u00a0000,00\u00a0€",
		"1 dépôt recalculé : 0 accepté, 1 rejeté ; 1 constat (1 bloquant, 0 alerte, 0 info).",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = rcRun(t, path, "reconcile", "--year", "2024")
	if code != exitOK || !strings.Contains(out, "Verdict recalculé : accepté.") || !strings.Contains(out, "Aucun constat.") {
		t.Errorf("2024: exit %d, output:\n%s%s", code, out, errOut)
	}
	code, out, _ = rcRun(t, path, "reconcile", "--siren", "200046977")
	if code != exitOK || !strings.Contains(out, "Rien à recalculer : aucun dépôt enregistré pour le SIREN 200046977.") {
		t.Errorf("Lyon: exit %d, output:\n%s", code, out)
	}
	code, out, _ = rcRun(t, path, "reconcile", "--siren", "200046977", "--json")
	if code != exitOK || strings.TrimSpace(out) != `{"findings":[]}` {
		t.Errorf("Lyon --json: exit %d, output %q", code, out)
	}
}

// The multi-year rule reads the counted reports of the other years from
// the store: 2024 over its ceiling (accepted under an older register) makes
// the cumulated spending of 2025 cross two ceilings.
func TestReconcileUsesTheCountedReportsOfOtherYears(t *testing.T) {
	reg := rcRegister() // ceiling 100 000 € a year
	path, st := rcStore(t, reg)
	at := time.Date(2026, time.March, 2, 10, 0, 0, 0, reconcile.Paris)
	data24, rep24 := rcWorkbook(t, reg, "220100010", 2024, 150_000, 150_000)
	rcRecord(t, st, reconcile.Submission{FileName: rep24.File, SIREN: "220100010", Year: 2024, Template: rep24.Template,
		ReceivedAt: at.AddDate(-1, 0, 0), Verdict: reconcile.Accepted, Report: rep24}, string(data24))
	data25, rep25 := rcWorkbook(t, reg, "220100010", 2025, 60_000, 60_000)
	rcRecord(t, st, reconcile.Submission{FileName: rep25.File, SIREN: "220100010", Year: 2025, Template: rep25.Template,
		ReceivedAt: at, Verdict: reconcile.Accepted, Report: rep25}, string(data25))

	code, out, errOut := rcRun(t, path, "reconcile", "--year", "2025")
	if code != exitRejected || !strings.Contains(out, "CUMUL_PLURIANNUEL : De 2024 à 2025, l'État a dépensé au total 210\u00a0000,00\u00a0€") {
		t.Errorf("exit %d, want 1 and CUMUL_PLURIANNUEL; output:\n%s%s", code, out, errOut)
	}
}

// When no submission of a year was accepted, the newest one is
// recomputed, and the output says so in a French sentence.
func TestReconcileNamesTheNewestSubmissionWhenNoneWasAccepted(t *testing.T) {
	reg := rcRegister()
	path, st := rcStore(t, reg)
	at := time.Date(2026, time.March, 2, 10, 0, 0, 0, reconcile.Paris)
	for i, territory := range []float64{50_000, 60_000} {
		data, rep := rcWorkbook(t, reg, "220100010", 2025, 100_000, territory)
		rcRecord(t, st, reconcile.Submission{FileName: rep.File, SIREN: "220100010", Year: 2025, Template: rep.Template,
			ReceivedAt: at.AddDate(0, 0, i), RegisterVersion: reg.Version, Verdict: reconcile.Rejected, Report: rep},
			string(data))
	}
	code, out, errOut := rcRun(t, path, "reconcile", "--year", "2025")
	if code != exitRejected {
		t.Fatalf("exit %d, want 1; stderr %s", code, errOut)
	}
	want := "Département de l'Ain (SIREN 220100010), 2025 : dépôt n° 2 (le plus récent ; aucun n'a été accepté), " +
		"CLS_2025_220100010_ain.xlsx reçu le 03/03/2026 à 10:00."
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if strings.Contains(out, "aucun n'ayant été accepté n°") {
		t.Errorf("output keeps the broken sentence:\n%s", out)
	}
}

func TestReconcileRefusesBadUsage(t *testing.T) {
	path, _ := rcStore(t, rcRegister())
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"reconcile", "--siren", "123"}, "n'est pas un numéro SIREN valide"},
		{[]string{"reconcile", "--year", "2019"}, "hors de la période"},
		{[]string{"reconcile", "extra"}, "argument inattendu"},
	} {
		code, _, errOut := rcRun(t, path, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}
