package reports_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
	"github.com/xuri/excelize/v2"
)

func renderAnnex(t testing.TB, wk *reports.Weekly) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.WeeklyAnnex(&buf, wk); err != nil {
		t.Fatalf("WeeklyAnnex: %v", err)
	}
	return buf.Bytes()
}

// hostileWeek is a week whose territory texts look like formulas.
func hostileWeek(t testing.TB) (*reports.Weekly, []string) {
	t.Helper()
	fx := newFixture(t, 12, 4)
	hostile := []string{"=1+1", "+33 1 23 45 67 89", "-2+3", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\";\"clic\")", "\t=1+2"}
	for i, s := range hostile[:4] {
		fx.Register.Contracts[i].Territory.Name = s
	}
	sub := &fx.Subs[1]
	sub.FileName = hostile[4] + ".xlsx"
	sub.Findings = append(sub.Findings, reconcile.Finding{Code: reconcile.ValeurNonNumerique, Severity: reconcile.Bloquant,
		Cells: []string{"Actions!G7"}, Actual: reconcile.TextValue(hostile[1]), Message: hostile[4]})
	n := len(fx.Quarantine)
	fx.Quarantine[n-2].Reason = hostile[5]
	fx.Quarantine[n-1].FileName = "pièce\x00jointe\x1b 😀.xlsx"
	return reports.BuildWeekly(fx.input()), hostile
}

func TestWeeklyAnnexExcelize(t *testing.T) {
	fx := newFixture(t, 121, 20)
	wk := reports.BuildWeekly(fx.input())
	f, err := excelize.OpenReader(bytes.NewReader(renderAnnex(t, wk)), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("open annex: %v", err)
	}
	defer f.Close()
	want := []string{reports.AnnexSummary, reports.AnnexAxes, reports.AnnexRegions, reports.AnnexTerritories,
		reports.AnnexFindings, reports.AnnexQuarantine, reports.AnnexActions, reports.AnnexTrend}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	for _, sh := range want {
		panes, err := f.GetPanes(sh)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v %v", sh, panes, err)
		}
	}
	// Every sheet filters, prints within its area, its header on every
	// page, its width on one page.
	names := map[string]map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if names[dn.Name] == nil {
			names[dn.Name] = map[string]string{}
		}
		names[dn.Name][dn.Scope] = dn.RefersTo
	}
	for _, sh := range want {
		if names["_xlnm._FilterDatabase"][sh] == "" {
			t.Errorf("%s: no autofilter", sh)
		}
		if area := names["_xlnm.Print_Area"][sh]; !strings.Contains(area, "!$A$1:$") {
			t.Errorf("%s: print area %q", sh, area)
		}
		if titles := names["_xlnm.Print_Titles"][sh]; !strings.HasSuffix(titles, "!$1:$1") {
			t.Errorf("%s: print titles %q", sh, titles)
		}
		layout, err := f.GetPageLayout(sh)
		if err != nil || layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
			t.Errorf("%s: page layout %+v %v, want fitted to one page wide", sh, layout, err)
		}
		props, _ := f.GetSheetProps(sh)
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: fit to page is off", sh)
		}
	}

	// Typed cells: the national State spending is a number in euros with a
	// euro format, the report's date a date.
	cell := func(sheet, ref string) (string, excelize.CellType, string) {
		v, _ := f.GetCellValue(sheet, ref)
		typ, _ := f.GetCellType(sheet, ref)
		id, _ := f.GetCellStyle(sheet, ref)
		st, _ := f.GetStyle(id)
		format := ""
		if st != nil && st.CustomNumFmt != nil {
			format = *st.CustomNumFmt
		}
		return v, typ, format
	}
	rows, _ := f.GetRows(reports.AnnexSummary)
	find := func(label string) string {
		for i, r := range rows {
			if len(r) > 0 && r[0] == label {
				ref, _ := excelize.CoordinatesToCellName(2, i+1)
				return ref
			}
		}
		t.Fatalf("no row %q in %s", label, reports.AnnexSummary)
		return ""
	}
	v, typ, format := cell(reports.AnnexSummary, find("État réalisé (rapports acceptés)"))
	if got, err := reconcile.AmountFromEuros(mustFloat(t, v)); err != nil || got != wk.Reported.StateSpent ||
		typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || !strings.Contains(format, "€") {
		t.Errorf("State spent = %q type %v format %q, want %v as a number in euros", v, typ, format, wk.Reported.StateSpent)
	}
	for label, want := range map[string]int{"Territoires attendus": wk.Tally.Expected, "Acceptés dans les délais": wk.Tally.Accepted,
		"Acceptés hors délai": wk.Tally.AcceptedLate, "Rejetés, à corriger": wk.Tally.Rejected,
		"Mis de côté (quarantaine)": wk.Tally.SetAside, "Rien reçu": wk.Tally.NotReceived} {
		if v, _, _ := cell(reports.AnnexSummary, find(label)); v != strconv.Itoa(want) {
			t.Errorf("%s = %q, want %d", label, v, want)
		}
	}
	if v, _, format := cell(reports.AnnexSummary, find("Situation au")); format != "dd/mm/yyyy hh:mm" || !strings.HasPrefix(v, "46351.33") {
		t.Errorf("report date = %q format %q, want the serial of 25/11/2026 08:00", v, format)
	}
	if v, _, format := cell(reports.AnnexSummary, find("Taux d'exécution")); format != "0.0%" ||
		v != strconv.FormatFloat(wk.Reported.Rate().Fraction(), 'f', -1, 64) {
		t.Errorf("rate %q format %q, want %v as the PDF's truncated rate", v, format, wk.Reported.Rate().Fraction())
	}

	// One row per territory, per finding, per action.
	count := func(sheet string) int {
		r, _ := f.GetRows(sheet)
		return len(r) - 1
	}
	actions := 0
	for _, r := range wk.Territories {
		actions += len(r.Actions)
	}
	for _, tc := range []struct {
		sheet string
		want  int
	}{{reports.AnnexTerritories, 121}, {reports.AnnexFindings, len(fx.AllFindings) + len(wk.Missing)}, {reports.AnnexActions, actions},
		{reports.AnnexQuarantine, len(wk.SetAside)}, {reports.AnnexAxes, 4}, {reports.AnnexRegions, len(wk.Regions)},
		{reports.AnnexTrend, len(wk.Trend)}} {
		if got := count(tc.sheet); got != tc.want {
			t.Errorf("%s has %d rows, want %d", tc.sheet, got, tc.want)
		}
	}
	first, _ := f.GetCellValue(reports.AnnexTerritories, "B2")
	if first != wk.Territories[0].Territory.Name {
		t.Errorf("first territory %q, want the first to act on, %q", first, wk.Territories[0].Territory.Name)
	}
	// The summary draws three native charts.
	charts := 0
	for name := range zipParts(t, renderAnnex(t, wk)) {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts++
		}
	}
	if charts != 3 {
		t.Errorf("%d charts, want 3 (partition, money per axis, season)", charts)
	}
}

func TestWeeklyAnnexReproducible(t *testing.T) {
	fx := newFixture(t, 30, 10)
	a := renderAnnex(t, reports.BuildWeekly(fx.input()))
	b := renderAnnex(t, reports.BuildWeekly(fx.input()))
	if !bytes.Equal(a, b) {
		t.Fatalf("two renders of the same data differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestWeeklyAnnexValuesNeverFormulas(t *testing.T) {
	wk, hostile := hostileWeek(t)
	data := renderAnnex(t, wk)

	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, _ := zf.Open()
		x, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(x, []byte("<f>")) || bytes.Contains(x, []byte("<f ")) {
			t.Errorf("%s holds a formula", zf.Name)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := map[string]bool{}
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if fm, _ := f.GetCellFormula(sh, ref); fm != "" {
					t.Errorf("%s!%s is a formula: %q", sh, ref, fm)
				}
				found[v] = true
			}
		}
	}
	for _, h := range hostile {
		if !found[h] {
			t.Errorf("text %q is not in the annex as written", h)
		}
	}

	// openpyxl and LibreOffice read them as text too.
	p := writeTemp(t, "annexe.xlsx", data)
	py := tool(t, "python3", "python3-openpyxl")
	out := run(t, py, "-c", `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
bad, texts = [], []
for ws in wb:
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f": bad.append(ws.title + "!" + c.coordinate)
            if isinstance(c.value, str): texts.append(c.value)
print(json.dumps({"formulas": bad, "texts": texts}))`, p)
	var got struct {
		Formulas []string
		Texts    []string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("openpyxl output %q: %v", out, err)
	}
	if len(got.Formulas) > 0 {
		t.Errorf("openpyxl reads formulas in %v", got.Formulas)
	}
	texts := strings.Join(got.Texts, "\n")
	for _, h := range hostile {
		if !strings.Contains(texts, h) {
			t.Errorf("openpyxl does not read %q as text", h)
		}
	}

}

func mustFloat(t testing.TB, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number: %v", s, err)
	}
	return f
}
