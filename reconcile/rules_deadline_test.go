package reconcile_test

import (
	"slices"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

func TestTransmissionTardive(t *testing.T) {
	calendar := testRegister()
	calendar.Deadlines = map[int]time.Time{2025: time.Date(2026, time.April, 15, 0, 0, 0, 0, reconcile.Paris)}
	for _, tc := range []struct {
		name     string
		reg      *reconcile.Register
		received time.Time
		want     bool
	}{
		{"unknown reception time", testRegister(), time.Time{}, false},
		{"last second of 31 March in Paris", testRegister(), paris(2026, time.March, 31, 23, 59, 59), false},
		{"first second of 1 April in Paris", testRegister(), paris(2026, time.April, 1, 0, 0, 0), true},
		{"UTC time still 31 March in Paris", testRegister(), time.Date(2026, time.March, 31, 21, 30, 0, 0, time.UTC), false},
		{"UTC time already 1 April in Paris", testRegister(), time.Date(2026, time.March, 31, 22, 0, 1, 0, time.UTC), true},
		{"Calendrier deadline", calendar, paris(2026, time.April, 15, 18, 0, 0), false},
		{"after the Calendrier deadline", calendar, paris(2026, time.April, 16, 9, 0, 0), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport(tc.reg, 2025)
			fs := reconcile.Check(reconcile.CheckInput{Register: tc.reg, Report: r, ReceivedAt: tc.received})
			if got := keys(fs, reconcile.TransmissionTardive) != nil; got != tc.want {
				t.Errorf("late = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTransmissionTardiveFinding(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	fs := reconcile.Check(reconcile.CheckInput{Register: reg, Report: r, ReceivedAt: paris(2026, time.April, 2, 10, 15, 0)})
	f := only(t, fs, reconcile.TransmissionTardive)
	if f.Severity != reconcile.Info || f.Expected != reconcile.TextValue("31 mars 2026") ||
		f.Actual != reconcile.TextValue("2 avril 2026 à 10 h 15") {
		t.Errorf("got %+v", f)
	}
	// Only facts: the same finding is shown by a dry run and for a file
	// rejected or quarantined, none of which is recorded as the report.
	want := "Le rapport 2025 a été reçu le 2 avril 2026 à 10 h 15, après la date limite du 31 mars 2026 : s'il est " +
		"accepté, il compte, mais comme transmis hors délai."
	if f.Message != want {
		t.Errorf("message:\n got %q\nwant %q", f.Message, want)
	}
}

func TestEvaluateMergesSortsAndJudges(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	indicator(t, r, "TRA-01-I1").Actual = num(-1) // alerte from the rules
	parse := reconcile.NewFinding(reconcile.NombreEnTexte, "La cellule Actions!G9 contient un nombre saisi comme texte.")
	parse.Cells = []string{"Actions!G9"}
	r.Findings = []reconcile.Finding{parse}
	in := reconcile.CheckInput{Register: reg, Report: r, ReceivedAt: paris(2026, time.May, 1, 9, 0, 0)}

	fs, v := reconcile.Evaluate(in)
	var got []reconcile.Code
	for _, f := range fs {
		got = append(got, f.Code)
	}
	want := []reconcile.Code{reconcile.IndicateurInvraisemblable, reconcile.NombreEnTexte, reconcile.TransmissionTardive}
	if !slices.Equal(got, want) || v != reconcile.Accepted {
		t.Errorf("got %v %s, want %v accepted", got, v, want)
	}
	if len(r.Findings) != 1 {
		t.Errorf("Evaluate changed the report's findings: %v", r.Findings)
	}

	sender := reconcile.NewFinding(reconcile.ExpediteurNonAutorise, "L'expéditeur n'est pas autorisé.")
	fs, v = reconcile.Evaluate(in, sender)
	if v != reconcile.Rejected || fs[0].Code != reconcile.ExpediteurNonAutorise {
		t.Errorf("with a bloquant sender finding: got %s first of %v, want rejected", v, fs[0].Code)
	}

	spend(t, r, "ENF-01", eur(100_000), eur(10_000))
	if _, v := reconcile.Evaluate(in); v != reconcile.Rejected {
		t.Errorf("with COFINANCEMENT_INSUFFISANT: got %s, want rejected", v)
	}
	if fs, v := reconcile.Evaluate(reconcile.CheckInput{Register: reg}); len(fs) != 0 || v != reconcile.Accepted {
		t.Errorf("without report: got %v %s", fs, v)
	}
}

func TestZeroTolerancesMeanDefaults(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	spend(t, r, "ENF-01", eur(100_000), eur(99_500)) // at the default tolerance
	if got := keys(reconcile.Check(reconcile.CheckInput{Register: reg, Report: r}), reconcile.CofinancementInsuffisant); got != nil {
		t.Errorf("zero Tolerances: got %v, want the defaults to tolerate 500 €", got)
	}
	strict := reconcile.Tolerances{Absolute: 1, UnderExecution: 0.8}
	if got := keys(reconcile.Check(reconcile.CheckInput{Register: reg, Report: r, Tolerances: strict}), reconcile.CofinancementInsuffisant); got == nil {
		t.Errorf("1 cent tolerance: got nothing, want COFINANCEMENT_INSUFFISANT")
	}
}
