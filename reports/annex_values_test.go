package reports_test

import (
	"encoding/json"
	"testing"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// The findings sheet types expected and actual values by their kind, and
// says their unit, as openpyxl (and so a pivot table) reads them.
func TestWeeklyAnnexFindingValuesTyped(t *testing.T) {
	fx := newFixture(t, 12, 4)
	sub := &fx.Subs[1]
	add := func(msg string, code reconcile.Code, expected, actual reconcile.Value) {
		sub.Findings = append(sub.Findings, reconcile.Finding{Code: code, Severity: reconcile.Alerte,
			Expected: expected, Actual: actual, Message: msg})
	}
	add("m-money", reconcile.EngagementModifie, reconcile.MoneyValue(3474436), reconcile.MoneyValue(4474436))
	add("m-rate", reconcile.SousExecution, reconcile.Value{Kind: reconcile.KindNumber, Number: 80},
		reconcile.Value{Kind: reconcile.KindNumber, Number: 74.3})
	add("m-number", reconcile.IndicateurManquant, reconcile.NumberValue(437), reconcile.Value{})
	add("m-date", reconcile.TransmissionTardive, reconcile.TextValue("31/03/2026"), reconcile.TextValue("2 avril 2026 à 9 h 05"))
	add("m-text", reconcile.EngagementModifie, reconcile.TextValue("Tarification sociale des cantines"),
		reconcile.TextValue("12/13/2026"))
	data := renderAnnex(t, reports.BuildWeekly(fx.input()))

	py := tool(t, "python3", "python3-openpyxl")
	out := run(t, py, "-c", `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
head = [c.value for c in ws[1]]
e, a, u, m = (head.index(h) for h in ("Attendu", "Constaté", "Unité", "Message"))
def cell(c):
    return {"type": type(c.value).__name__, "value": str(c.value), "format": c.number_format}
rows = {}
for row in ws.iter_rows(min_row=2):
    if str(row[m].value).startswith("m-"):
        rows[row[m].value] = {"expected": cell(row[e]), "actual": cell(row[a]), "unit": row[u].value}
print(json.dumps(rows))`, writeTemp(t, "annexe.xlsx", data), reports.AnnexFindings)
	type xcell struct{ Type, Value, Format string }
	var got map[string]struct {
		Expected, Actual xcell
		Unit             string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("openpyxl output %q: %v", out, err)
	}
	euro := `#,##0.00\ "€";\-#,##0.00\ "€"`
	for _, tc := range []struct {
		msg              string
		expected, actual xcell
		unit             string
	}{
		{"m-money", xcell{"float", "34744.36", euro}, xcell{"float", "44744.36", euro}, "€"},
		{"m-rate", xcell{"float", "0.8", "0.0%"}, xcell{"float", "0.743", "0.0%"}, "%"},
		{"m-number", xcell{"int", "437", "General"}, xcell{"NoneType", "None", "General"}, "nombre"},
		{"m-date", xcell{"datetime", "2026-03-31 00:00:00", "dd/mm/yyyy"},
			xcell{"datetime", "2026-04-02 09:05:00", "dd/mm/yyyy hh:mm"}, "date"},
		{"m-text", xcell{"str", "Tarification sociale des cantines", "General"}, xcell{"str", "12/13/2026", "General"}, "texte"},
	} {
		g, ok := got[tc.msg]
		if !ok {
			t.Errorf("%s: no row in %s: %s", tc.msg, reports.AnnexFindings, out)
			continue
		}
		if g.Expected != tc.expected || g.Actual != tc.actual || g.Unit != tc.unit {
			t.Errorf("%s: got %+v %+v %q, want %+v %+v %q", tc.msg, g.Expected, g.Actual, g.Unit, tc.expected, tc.actual, tc.unit)
		}
	}
}
