package reports_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

// The "Action" column names an axis-level finding's axis in words, so that
// it is not read as an action code, and a finding about neither a dash.
func TestFindingsTableActionColumn(t *testing.T) {
	ack := rejectedAck()
	under := finding(reconcile.SousExecution, "Sur l'axe Enfance, le taux d'exécution est faible.", "Actions!G5")
	under.Axis = reconcile.AxisEnfance
	under.Expected = reconcile.Value{Kind: reconcile.KindNumber, Number: 80}
	under.Actual = reconcile.Value{Kind: reconcile.KindNumber, Number: 74.3}
	ack.Findings = append(ack.Findings, under)
	layout := readPDF(t, renderAck(t, ack)).Layout
	rows := map[string]string{}
	for _, line := range strings.Split(layout, "\n") {
		for _, label := range []string{"Sous-exécution", "Erreur de formule", "Cofinancement insuffisant"} {
			if strings.Contains(line, label) {
				rows[label] = line
			}
		}
	}
	for label, want := range map[string]string{"Sous-exécution": "Axe Enfance", "Erreur de formule": "—",
		"Cofinancement insuffisant": "ENF-01"} {
		m := regexp.MustCompile(label + `\s+(\S+(?: \S+)*)\s{2,}`).FindStringSubmatch(rows[label])
		if m == nil || m[1] != want { // the words after the label: the Action column
			t.Errorf("%s row %q: action column %q, want %q", label, rows[label], m, want)
		}
	}
}
