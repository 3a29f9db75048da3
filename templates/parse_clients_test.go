package templates_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// wantAction is what a parsed action row must hold.
type wantAction struct {
	code, ss, ts, os, status string // amounts in euros, "" for nil
	row                      int
}

func checkActions(t *testing.T, rep *reconcile.Report, want []wantAction, cols map[string]string) {
	t.Helper()
	if len(rep.Actions) != len(want) {
		t.Fatalf("got %d actions, want %d", len(rep.Actions), len(want))
	}
	for _, w := range want {
		a := reportedAction(t, rep, w.code)
		for _, c := range []struct {
			field     string
			got       *reconcile.Amount
			wantEuros string
		}{{reconcile.FieldStateSpent, a.StateSpent, w.ss}, {reconcile.FieldTerritorySpent, a.TerritorySpent, w.ts},
			{reconcile.FieldOtherSpent, a.OtherSpent, w.os}} {
			var want *reconcile.Amount
			if c.wantEuros != "" {
				want = euros(c.wantEuros)
			}
			if amountText(c.got) != amountText(want) {
				t.Errorf("%s %s = %s, want %s", w.code, c.field, amountText(c.got), amountText(want))
			}
			if got, want := a.Cells[c.field], "Actions!"+cols[c.field]+itoa(w.row); got != want {
				t.Errorf("%s %s cell = %s, want %s", w.code, c.field, got, want)
			}
		}
		if a.Status != w.status {
			t.Errorf("%s status = %q, want %q", w.code, a.Status, w.status)
		}
		if a.Row != w.row {
			t.Errorf("%s row = %d, want %d", w.code, a.Row, w.row)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func checkIndicators(t *testing.T, rep *reconcile.Report, want map[string]string, cells map[string]string) {
	t.Helper()
	if len(rep.Indicators) != len(want) {
		t.Fatalf("got %d indicators, want %d", len(rep.Indicators), len(want))
	}
	for code, w := range want {
		i := reportedIndicator(t, rep, code)
		if got := numberText(i.Actual); got != w {
			t.Errorf("indicator %s actual = %s, want %s", code, got, w)
		}
		if i.Cell != cells[code] {
			t.Errorf("indicator %s cell = %s, want %s", code, i.Cell, cells[code])
		}
	}
}

var templateCols = map[string]string{reconcile.FieldStateSpent: "G", reconcile.FieldTerritorySpent: "H", reconcile.FieldOtherSpent: "I"}

// A clean workbook saved by LibreOffice and by openpyxl gives every value
// back to the cent, no finding, and (LibreOffice only) the cached totals.
func TestParseClientsClean(t *testing.T) {
	for _, name := range []string{"lo_clean", "openpyxl_clean"} {
		t.Run(name, func(t *testing.T) {
			data := filled(t, name)
			if *updateParse {
				writeFixture(t, name+".xlsx", data)
			}
			reg := parseRegister()
			rep := templates.Parse(data, "CLS_2025_220100010_ain.xlsx", reg, templates.DefaultLimits())
			if len(rep.Findings) != 0 {
				t.Fatalf("want no finding, got:%s", findingList(rep.Findings))
			}
			checkCleanAin(t, rep)
			if got := reportedAction(t, rep, "ACD-01").Comment; got != "Trois maisons France services ouvertes." {
				t.Errorf("comment = %q", got)
			}
			if rep.Comments != "Deux recrutements ont pris du retard." {
				t.Errorf("Commentaires = %q", rep.Comments)
			}
			checkTotals(t, rep, name == "lo_clean")
			// The rules find nothing wrong either: totals agree with the lines.
			for _, f := range reconcile.Check(reconcile.CheckInput{Register: reg, Report: rep}) {
				if f.Code == reconcile.TotalIncoherent {
					t.Errorf("rules: %s %v %s", f.Code, f.Cells, f.Message)
				}
			}
		})
	}
}

// checkTotals checks the cached totals: present and right for a file saved
// by LibreOffice, nil for one saved by openpyxl.
func checkTotals(t *testing.T, rep *reconcile.Report, cached bool) {
	t.Helper()
	want := map[string]string{
		"Actions!E8": "190679.41", "Actions!F8": "191678.91", "Actions!G8": "156179.66", "Actions!H8": "159279.66",
		"Actions!I8": "1234.56", "Synthèse!B5": "120000", "Synthèse!D5": "98000.50", "Synthèse!E6": "45678.91",
		"Synthèse!D7": "12500.25", "Synthèse!B8": "190679.41", "Synthèse!E8": "159279.66",
	}
	got := map[string]reconcile.ReportedTotal{}
	for _, tot := range rep.Totals {
		got[tot.Cell] = tot
	}
	for cell, euro := range want {
		tot, ok := got[cell]
		if !ok {
			t.Errorf("no total at %s", cell)
			continue
		}
		w := euros(euro)
		if !cached {
			w = nil
		}
		if amountText(tot.Value) != amountText(w) {
			t.Errorf("total %s = %s, want %s", cell, amountText(tot.Value), amountText(w))
		}
	}
	if tot := got["Synthèse!F8"]; tot.Field != reconcile.FieldRate || (cached && (tot.Rate == nil || *tot.Rate < 0.82 || *tot.Rate > 0.83)) {
		t.Errorf("total rate Synthèse!F8 = %+v", tot)
	}
	if tot := got["Synthèse!B6"]; tot.Axis != reconcile.AxisAccesDroits || tot.Field != reconcile.FieldStatePlanned {
		t.Errorf("Synthèse!B6 = %+v, want the ACCES_DROITS state_planned total", tot)
	}
}

// What people do to the workbook (rows inserted above and inside the
// table, an extra column, sheets reordered, French text numbers, #DIV/0!,
// a blank, a unit typed after a number) is read back to the cent, with
// each finding on its cell.
func TestParseClientsMessy(t *testing.T) {
	cols := map[string]string{reconcile.FieldStateSpent: "G", reconcile.FieldTerritorySpent: "H", reconcile.FieldOtherSpent: "I"}
	common := []string{
		"NOMBRE_EN_TEXTE@Actions!G10", "NOMBRE_EN_TEXTE@Actions!H7",
		"VALEUR_MANQUANTE@Actions!H10", "VALEUR_NON_NUMERIQUE@Indicateurs!G8",
	}
	for _, tc := range []struct {
		name string
		div0 string // what =1/0 gives: LibreOffice caches #DIV/0!, openpyxl caches nothing
	}{
		{"lo_messy", "ERREUR_FORMULE@Actions!I9"},
		{"openpyxl_messy", "VALEUR_MANQUANTE@Actions!I9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := filled(t, tc.name)
			if *updateParse {
				writeFixture(t, tc.name+".xlsx", data)
			}
			rep := templates.Parse(data, "CLS_2025_220100010_ain.xlsx", parseRegister(), templates.DefaultLimits())
			want := append(slices.Clone(common), tc.div0)
			slices.Sort(want)
			if got := findingKeys(rep.Findings); !slices.Equal(got, want) {
				t.Errorf("findings = %v\nwant %v%s", got, want, findingList(rep.Findings))
			}
			checkActions(t, rep, []wantAction{
				{"ENF-01", "98000.50", "101000", "0", "En cours", 7},
				{"ACD-01", "45678.91", "45678.91", "", "Réalisée", 9},
				{"TRA-01", "12500.25", "", "0", "En cours", 10},
			}, cols)
			if got := reportedAction(t, rep, "ACD-01").Cells[reconcile.FieldStatus]; got != "Actions!K9" {
				t.Errorf("status cell after the inserted column = %s, want Actions!K9", got)
			}
			checkIndicators(t, rep, map[string]string{"ENF-01-I1": "140", "ENF-01-I2": "87,5", "ACD-01-I1": "nil"},
				map[string]string{"ENF-01-I1": "Indicateurs!G6", "ENF-01-I2": "Indicateurs!G7", "ACD-01-I1": "Indicateurs!G8"})
			f := onlyFinding(t, rep, reconcile.ValeurNonNumerique)
			if want := "La cellule Indicateurs!G8 (Réalisé de l'indicateur ACD-01-I1) contient «\u00a0352\u00a0ménages\u00a0», qui n'est pas un nombre : saisissez un nombre dans l'unité de l'indicateur (ménages), par exemple 352."; f.Message != want {
				t.Errorf("message = %q\nwant      %q", f.Message, want)
			}
			if f.SIREN != ainSIREN || f.Year != 2025 || f.Action != "ACD-01" || f.Indicator != "ACD-01-I1" || f.Axis != reconcile.AxisAccesDroits {
				t.Errorf("finding context = %+v", f)
			}
			// The date typed as French text is read as a date.
			wantDate := time.Date(2026, 3, 15, 0, 0, 0, 0, reconcile.Paris)
			if d := rep.Identification.TransmissionDate; d == nil || !d.Equal(wantDate) {
				t.Errorf("transmission date typed as text = %v, want %v", d, wantDate)
			}
			// A total whose column holds a number typed as text is not
			// comparable (SUM skips text) and is left nil.
			for _, tot := range rep.Totals {
				if tot.Field == reconcile.FieldTerritorySpent && tot.Value != nil {
					t.Errorf("total %s = %s, want nil", tot.Cell, tot.Value)
				}
			}
		})
	}
}

// writeFixture stores a client-made workbook in testdata/parse, where the
// fuzz seeds and benchmarks read it.
func writeFixture(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join("testdata", "parse", name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A workbook in the 1904 date system (Excel for Mac used it) gives the
// same transmission date: its serial counts from 1 January 1904.
func TestParseClientsDate1904(t *testing.T) {
	for _, name := range []string{"lo_1904", "openpyxl_1904"} {
		data := filled(t, name)
		if parts := unzipParts(t, data); !regexp.MustCompile(`date1904="(1|true)"`).Match(parts["xl/workbook.xml"]) {
			t.Fatalf("%s is not in the 1904 date system", name)
		}
		rep := templates.Parse(data, name+".xlsx", parseRegister(), templates.DefaultLimits())
		if len(rep.Findings) != 0 {
			t.Errorf("%s findings:%s", name, findingList(rep.Findings))
		}
		want := time.Date(2026, 3, 15, 0, 0, 0, 0, reconcile.Paris)
		if d := rep.Identification.TransmissionDate; d == nil || !d.Equal(want) {
			t.Errorf("%s transmission date = %v, want %v", name, d, want)
		}
	}
}

// checkCleanAin checks a workbook filled with cleanEdits: identity, every
// amount to the cent on its cell, indicators and Identification.
func checkCleanAin(t *testing.T, rep *reconcile.Report) {
	t.Helper()
	if rep.Template != reconcile.TemplateVersion || rep.SIREN != ainSIREN || rep.Year != 2025 {
		t.Errorf("template, SIREN, year = %q %q %d", rep.Template, rep.SIREN, rep.Year)
	}
	checkActions(t, rep, []wantAction{
		{"ENF-01", "98000.50", "101000", "0", "En cours", 5},
		{"ACD-01", "45678.91", "45678.91", "1234.56", "Réalisée", 6},
		{"TRA-01", "12500.25", "12600.75", "0", "En cours", 7},
	}, templateCols)
	checkIndicators(t, rep, map[string]string{"ENF-01-I1": "140", "ENF-01-I2": "87,5", "ACD-01-I1": "352"},
		map[string]string{"ENF-01-I1": "Indicateurs!G5", "ENF-01-I2": "Indicateurs!G6", "ACD-01-I1": "Indicateurs!G7"})
	id := rep.Identification
	wantDate := time.Date(2026, 3, 15, 0, 0, 0, 0, reconcile.Paris)
	if id.TransmissionDate == nil || !id.TransmissionDate.Equal(wantDate) {
		t.Errorf("transmission date = %v, want %v", id.TransmissionDate, wantDate)
	}
	if id.Referent != "Claire Martin, cheffe de projet" || id.Email != "cls.referent@ain.fr" || id.Phone != "04 74 32 32 32" {
		t.Errorf("identification = %+v", id)
	}
	if rep.Comments != "Deux recrutements ont pris du retard." {
		t.Errorf("Commentaires = %q", rep.Comments)
	}
}
