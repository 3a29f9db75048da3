package reports_test

import (
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// smallWeek is a hand-made week whose every figure is known.
func smallWeek() reports.WeeklyInput {
	eur := func(e int64) reconcile.Amount { return reconcile.Amount(e * 100) }
	p := func(e int64) *reconcile.Amount { return reconcile.Ptr(eur(e)) }
	plan := func(s, t int64) map[int]reconcile.Plan {
		return map[int]reconcile.Plan{2025: {State: eur(s), Territory: eur(t)}}
	}
	ain := reconcile.Territory{SIREN: "220100010", Name: "Département de l'Ain", Type: reconcile.TypeDepartement, Departements: []string{"01"}, AxisCount: 3}
	aisne := reconcile.Territory{SIREN: "220200026", Name: "Département de l'Aisne", Type: reconcile.TypeDepartement, Departements: []string{"02"}, AxisCount: 3}
	allier := reconcile.Territory{SIREN: "220300016", Name: "Département de l'Allier", Type: reconcile.TypeDepartement, Departements: []string{"03"}, AxisCount: 3}
	lyon := reconcile.Territory{SIREN: "200046977", Name: "Métropole de Lyon", Type: reconcile.TypeCollectivite, Departements: []string{"69M"}, AxisCount: 4}
	brest := reconcile.Territory{SIREN: "242900314", Name: "Brest Métropole", Type: reconcile.TypeMetropole, Departements: []string{"29"}, AxisCount: 4}
	reg := &reconcile.Register{Version: 7, Source: "registre.xlsx", Contracts: []reconcile.Contract{
		{Territory: ain, Actions: []reconcile.Action{
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, Plans: plan(100, 100)},
			{Code: "DRO-01", Axis: reconcile.AxisAccesDroits, Plans: plan(50, 50)},
			{Code: "TRA-01", Axis: reconcile.AxisTransition, Plans: map[int]reconcile.Plan{2026: {State: eur(999)}}},
		}},
		{Territory: aisne, Actions: []reconcile.Action{{Code: "ENF-01", Axis: reconcile.AxisEnfance, Plans: plan(30, 30)}}},
		{Territory: allier, Actions: []reconcile.Action{{Code: "TRA-01", Axis: reconcile.AxisTransition, Plans: plan(40, 40)}}},
		{Territory: lyon, Actions: []reconcile.Action{{Code: "EMP-01", Axis: reconcile.AxisEmploi, Plans: plan(200, 200)}}},
		{Territory: brest, Actions: []reconcile.Action{{Code: "EMP-01", Axis: reconcile.AxisEmploi, Plans: plan(7, 7)}}},
	}, Deadlines: map[int]time.Time{2025: time.Date(2026, 3, 31, 0, 0, 0, 0, reconcile.Paris)}}
	reg.Sort()
	now := time.Date(2026, 4, 8, 9, 0, 0, 0, reconcile.Paris)
	ainSub := &reconcile.Submission{ID: 1, FileName: "ain.xlsx", ReceivedAt: now.AddDate(0, 0, -20), Verdict: reconcile.Accepted,
		Report: &reconcile.Report{Actions: []reconcile.ReportedAction{
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, StateSpent: p(80), TerritorySpent: p(90), OtherSpent: p(5)},
			{Code: "DRO-01", Axis: reconcile.AxisAccesDroits, StateSpent: p(50), TerritorySpent: p(50)},
			{Code: "XXX-09", Axis: reconcile.AxisEnfance, StateSpent: p(10), TerritorySpent: p(10)},
		}},
		Findings: []reconcile.Finding{{Code: reconcile.ActionInconnue, Severity: reconcile.Alerte, Cells: []string{"Actions!A9"}, Message: "Action XXX-09 inconnue."}}}
	aisneSub := &reconcile.Submission{ID: 2, FileName: "aisne.xlsx", ReceivedAt: now.AddDate(0, 0, -2), Verdict: reconcile.Rejected,
		Findings: []reconcile.Finding{{Code: reconcile.MontantNegatif, Severity: reconcile.Bloquant, Cells: []string{"Actions!G7"}, Message: "Montant négatif."}}}
	lyonSub := &reconcile.Submission{ID: 3, FileName: "lyon.xlsx", ReceivedAt: now.AddDate(0, 0, -3), Verdict: reconcile.Accepted,
		Report: &reconcile.Report{Actions: []reconcile.ReportedAction{
			{Code: "EMP-01", Axis: reconcile.AxisEmploi, StateSpent: p(100), TerritorySpent: p(100)}}}}
	missing := reconcile.Finding{Code: reconcile.RapportManquant, Severity: reconcile.Alerte, SIREN: allier.SIREN, Message: "Rapport manquant."}
	return reports.WeeklyInput{Register: reg, Year: 2025, Now: now, StatusFindings: []reconcile.Finding{missing},
		Statuses: []reconcile.ReportingStatus{
			{Territory: ain, Year: 2025, Expected: true, Receipts: 1, Submissions: 1, Accepted: 1, Counted: ainSub, Latest: ainSub},
			{Territory: aisne, Year: 2025, Expected: true, Receipts: 3, Submissions: 2, Rejected: 2, Latest: aisneSub, Late: true, Missing: true},
			{Territory: allier, Year: 2025, Expected: true, Late: true, Missing: true},
			{Territory: lyon, Year: 2025, Expected: true, Receipts: 1, Submissions: 1, Accepted: 1, Counted: lyonSub, Latest: lyonSub, Late: true},
			{Territory: brest, Year: 2025, Expected: false},
		}}
}

func TestBuildWeeklyHeadline(t *testing.T) {
	wk := reports.BuildWeekly(smallWeek())
	h := wk.Headline
	for _, tc := range []struct {
		name      string
		got, want int
	}{
		{"contracts", h.Contracts, 5}, {"expected", h.Expected, 4}, {"received", h.Received, 3},
		{"accepted", h.Accepted, 2}, {"rejected", h.Rejected, 1}, {"awaited", h.Awaited, 0},
		{"late", h.Late, 3}, {"missing", h.Missing, 2}, {"files", h.Files, 4}, {"receipts", h.Receipts, 5},
		{"this week", h.ThisWeek, 2}, {"bloquants", h.Findings[0], 1}, {"alertes", h.Findings[1], 2},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %d, want %d", tc.name, tc.got, tc.want)
		}
	}
	eur := func(e int64) reconcile.Amount { return reconcile.Amount(e * 100) }
	// Commitments: the four expected contracts' 2025 plans (Brest is not
	// expected, Ain's TRA-01 is planned for 2026 only).
	if got, want := h.Commitments.Planned(), eur(2*100+2*50+2*30+2*40+2*200); got != want {
		t.Errorf("commitments = %v, want %v", got, want)
	}
	// Reported: Ain and Lyon; Ain's unknown action XXX-09 counts nowhere.
	want := reports.Money{StatePlanned: eur(350), TerritoryPlanned: eur(350), StateSpent: eur(230),
		TerritorySpent: eur(240), OtherSpent: eur(5)}
	if h.Reported != want {
		t.Errorf("reported = %+v, want %+v", h.Reported, want)
	}
	if r := h.Reported.Rate(); r == nil || *r != 470.0/700 {
		t.Errorf("rate = %v, want %v", r, 470.0/700)
	}
	if wk.Week.Number != 15 || wk.RegisterVersion != 7 || wk.Threshold != 0.8 {
		t.Errorf("week %d, register %d, threshold %v", wk.Week.Number, wk.RegisterVersion, wk.Threshold)
	}
}

func TestBuildWeeklyOrderAndRows(t *testing.T) {
	wk := reports.BuildWeekly(smallWeek())
	var got []string
	for _, r := range wk.Territories {
		got = append(got, r.Territory.SIREN+" "+r.Standing.Label())
	}
	want := []string{"220300016 Manquant", "220200026 Rejeté, hors délai", "200046977 Accepté hors délai",
		"220100010 Accepté", "242900314 Non attendu"}
	if len(got) != len(want) {
		t.Fatalf("territories = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("territory %d = %q, want %q", i, got[i], want[i])
		}
	}
	allier, aisne, ain := wk.Territories[0], wk.Territories[1], wk.Territories[3]
	if len(allier.Findings) != 1 || allier.Findings[0].Code != reconcile.RapportManquant {
		t.Errorf("Allier findings = %+v", allier.Findings)
	}
	if aisne.Counts != [3]int{1, 0, 0} || aisne.Rate != nil || aisne.Submission == nil || aisne.Submission.ID != 2 {
		t.Errorf("Aisne: counts %v, rate %v, submission %+v", aisne.Counts, aisne.Rate, aisne.Submission)
	}
	if len(ain.Actions) != 3 || ain.Actions[2].InContract || ain.Actions[2].Code != "XXX-09" {
		t.Errorf("Ain actions = %+v", ain.Actions)
	}
	if r := ain.Rate; r == nil || *r != 270.0/300 {
		t.Errorf("Ain rate = %v", r)
	}

	axes := map[reconcile.Axis]reports.AxisRow{}
	for _, a := range wk.Axes {
		axes[a.Axis] = a
	}
	if len(wk.Axes) != 4 || wk.Axes[0].Axis != reconcile.AxisEnfance {
		t.Fatalf("axes = %+v", wk.Axes)
	}
	enf := axes[reconcile.AxisEnfance]
	if enf.Contracts != 4 || enf.Reporting != 2 || enf.Commitments.Planned() != 26000 || enf.Reported.Spent() != 17000 {
		t.Errorf("enfance = %+v", enf)
	}
	if emp := axes[reconcile.AxisEmploi]; emp.Contracts != 1 || emp.Reported.Spent() != 20000 || emp.Reported.Planned() != 40000 {
		t.Errorf("emploi = %+v", emp)
	}
	var names []string
	for _, r := range wk.Regions {
		names = append(names, r.Name)
	}
	if len(names) != 2 || names[0] != reports.RegionARA || names[1] != reports.RegionHDF {
		t.Errorf("regions = %q", names)
	}
	if ara := wk.Regions[0]; ara.Expected != 3 || ara.Accepted != 2 || ara.Missing != 1 {
		t.Errorf("Auvergne-Rhône-Alpes = %+v", ara)
	}
}
