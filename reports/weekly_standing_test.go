package reports_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// A rejected territory reads "hors délai" only when its file came after
// the deadline, and not at all before the deadline, whatever Missing says.
func TestStandingOfRejectedTerritories(t *testing.T) {
	deadline := time.Date(2026, 3, 31, 0, 0, 0, 0, reconcile.Paris)
	before, after := deadline.AddDate(0, 0, -5), deadline.AddDate(0, 0, 2)
	for _, tc := range []struct {
		name     string
		now      time.Time
		received time.Time
		missing  bool
		want     string
	}{
		{"sent in time, deadline passed", deadline.AddDate(0, 0, 6), before, true, "Rejeté, délai dépassé"},
		{"sent after the deadline", deadline.AddDate(0, 0, 6), after, true, "Rejeté, hors délai"},
		{"deadline to come", before.AddDate(0, 0, 1), before, false, "Rejeté"},
		{"deadline to come, stale Missing", before.AddDate(0, 0, 1), before, true, "Rejeté"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := smallWeek()
			in.Now = tc.now
			st := &in.Statuses[1] // Aisne: only rejected files
			st.Latest.ReceivedAt = tc.received
			st.Missing, st.Late = tc.missing, tc.missing
			wk := reports.BuildWeekly(in)
			for _, r := range wk.Territories {
				if r.Territory.SIREN == st.Territory.SIREN {
					if got := r.Standing.Label(); got != tc.want {
						t.Errorf("standing = %q, want %q", got, tc.want)
					}
					return
				}
			}
			t.Fatal("no row for the Aisne")
		})
	}
}

// A territory whose only file was quarantined is not said to have sent
// nothing, in the report read back from its PDF.
func TestMissingReportSaysQuarantined(t *testing.T) {
	in := smallWeek()
	allier := in.Statuses[2]
	allier.Deadline = time.Date(2026, 3, 31, 0, 0, 0, 0, reconcile.Paris)
	in.StatusFindings = reconcile.MissingReports([]reconcile.ReportingStatus{allier})
	if len(in.StatusFindings) != 1 || !strings.Contains(in.StatusFindings[0].Message, "aucun dépôt n'a été reçu") {
		t.Fatalf("MissingReports = %+v", in.StatusFindings)
	}
	in.Quarantine = []reconcile.QuarantineEntry{{ID: 1, ReceivedAt: in.Now.AddDate(0, 0, -1), FileName: "allier.xlsx",
		SIREN: allier.Territory.SIREN, Reason: "Le fichier n'est pas un classeur Excel lisible.",
		Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "cls@allier.example"}}}
	wk := reports.BuildWeekly(in)
	raw := squeeze(readPDF(t, renderWeekly(t, wk)).Raw)
	if want := squeeze("est passée (fichier mis en quarantaine, à examiner dans la partie 5 du rapport)"); !strings.Contains(raw, want) {
		t.Errorf("the report does not say the Allier's file was quarantined:\n%s", raw)
	}
	if want := squeeze("« Rejeté, délai dépassé » (fichiers reçus à temps mais rejetés, date limite passée)"); !strings.Contains(raw, want) {
		t.Error("the legend does not explain « Rejeté, délai dépassé »")
	}
	if strings.Contains(raw, squeeze("aucun dépôt n'a été reçu")) {
		t.Error("the report says the Allier sent nothing")
	}

	// Without quarantine, the message is left as it is.
	in.Quarantine = nil
	if got := reports.BuildWeekly(in).Territories[0].Findings[0].Message; got != in.StatusFindings[0].Message {
		t.Errorf("message = %q, want %q", got, in.StatusFindings[0].Message)
	}
}
