package reports_test

import (
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// smallWeek is a hand-made week whose every figure is known: Ain accepted
// on time, Aisne rejected twice, Allier with nothing, Lyon accepted late,
// Aube with an unreadable file set aside, Brest without a 2025 contract.
func smallWeek() reports.WeeklyInput {
	eur := func(e int64) reconcile.Amount { return reconcile.Amount(e * 100) }
	p := func(e int64) *reconcile.Amount { return reconcile.Ptr(eur(e)) }
	plan := func(s, t int64) map[int]reconcile.Plan {
		return map[int]reconcile.Plan{2025: {State: eur(s), Territory: eur(t)}}
	}
	dep := func(siren, name, code string) reconcile.Territory {
		return reconcile.Territory{SIREN: siren, Name: name, Type: reconcile.TypeDepartement, Departements: []string{code},
			AxisCount: 3, Recipients: []string{"rapports@" + code + ".example.test"}}
	}
	ain, aisne, allier := dep("220100010", "Département de l'Ain", "01"), dep("220200026", "Département de l'Aisne", "02"),
		dep("220300016", "Département de l'Allier", "03")
	aube := dep("221000052", "Département de l'Aube", "10")
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
		{Territory: aube, Actions: []reconcile.Action{{Code: "TRA-01", Axis: reconcile.AxisTransition, Plans: plan(20, 20)}}},
		{Territory: lyon, Actions: []reconcile.Action{{Code: "EMP-01", Axis: reconcile.AxisEmploi, Plans: plan(200, 200)}}},
		{Territory: brest, Actions: []reconcile.Action{{Code: "EMP-01", Axis: reconcile.AxisEmploi,
			Plans: map[int]reconcile.Plan{2026: {State: eur(7), Territory: eur(7)}}}}},
	}, Deadlines: map[int]time.Time{2025: time.Date(2026, 3, 31, 0, 0, 0, 0, reconcile.Paris)}}
	reg.Sort()
	now := time.Date(2026, 4, 8, 9, 0, 0, 0, reconcile.Paris)
	subs := []reconcile.Submission{
		{ID: 1, SIREN: ain.SIREN, Year: 2025, FileName: "ain.xlsx", ReceivedAt: now.AddDate(0, 0, -20), Verdict: reconcile.Accepted,
			Report: &reconcile.Report{Actions: []reconcile.ReportedAction{
				{Code: "ENF-01", Axis: reconcile.AxisEnfance, StateSpent: p(80), TerritorySpent: p(90), OtherSpent: p(5)},
				{Code: "DRO-01", Axis: reconcile.AxisAccesDroits, StateSpent: p(50), TerritorySpent: p(50)},
				{Code: "XXX-09", Axis: reconcile.AxisEnfance, StateSpent: p(10), TerritorySpent: p(10)},
			}},
			Findings: []reconcile.Finding{{Code: reconcile.ActionInconnue, Severity: reconcile.Alerte, Cells: []string{"Actions!A9"}, Message: "Action XXX-09 inconnue."}}},
		{ID: 2, SIREN: aisne.SIREN, Year: 2025, FileName: "aisne-1.xlsx", ReceivedAt: now.AddDate(0, 0, -12), Verdict: reconcile.Rejected,
			Findings: []reconcile.Finding{{Code: reconcile.MontantNegatif, Severity: reconcile.Bloquant, Cells: []string{"Actions!G7"}, Message: "Montant négatif."}}},
		{ID: 3, SIREN: aisne.SIREN, Year: 2025, FileName: "aisne-2.xlsx", ReceivedAt: now.AddDate(0, 0, -2), Verdict: reconcile.Rejected,
			Findings: []reconcile.Finding{{Code: reconcile.MontantNegatif, Severity: reconcile.Bloquant, Cells: []string{"Actions!G7"}, Message: "Montant négatif."}}},
		{ID: 4, SIREN: lyon.SIREN, Year: 2025, FileName: "lyon.xlsx", ReceivedAt: now.AddDate(0, 0, -3), Verdict: reconcile.Accepted,
			Report: &reconcile.Report{Actions: []reconcile.ReportedAction{
				{Code: "EMP-01", Axis: reconcile.AxisEmploi, StateSpent: p(100), TerritorySpent: p(100)}}}},
	}
	receipts := []reconcile.Receipt{{SubmissionID: 1, ReceivedAt: subs[0].ReceivedAt}, {SubmissionID: 2, ReceivedAt: subs[1].ReceivedAt},
		{SubmissionID: 3, ReceivedAt: subs[2].ReceivedAt}, {SubmissionID: 3, ReceivedAt: subs[2].ReceivedAt.Add(time.Hour), Duplicate: true},
		{SubmissionID: 4, ReceivedAt: subs[3].ReceivedAt}}
	quarantine := []reconcile.QuarantineEntry{{ID: 1, FileName: "CLS_2025_221000052_aube.xls", ReceivedAt: now.AddDate(0, 0, -1),
		Reason:   "Le fichier ne peut pas être rattaché à un territoire et à une année du registre.",
		Findings: []reconcile.Finding{reconcile.NewFinding(reconcile.FichierIllisible, "Le fichier est un ancien format .xls.")}}}
	part := reconcile.PartitionYear(reg, subs, receipts, quarantine, 2025, now)
	changes := reconcile.ChangesSince(&part, nil, reg, subs, receipts, quarantine, now.AddDate(0, 0, -7))
	return reports.WeeklyInput{Register: reg, Partition: part, Changes: changes, Receipts: len(receipts), Year: 2025, Now: now,
		Reminders: []reports.Reminder{{SIREN: allier.SIREN, Year: 2025, Kind: "J+1", At: now.AddDate(0, 0, -7), Sent: true}}}
}

func TestBuildWeeklyFigures(t *testing.T) {
	wk := reports.BuildWeekly(smallWeek())
	if want := (reconcile.Tally{Expected: 5, Accepted: 1, AcceptedLate: 1, Rejected: 1, SetAside: 1, NotReceived: 1}); wk.Tally != want {
		t.Errorf("tally = %+v, want %+v", wk.Tally, want)
	}
	for _, tc := range []struct {
		name      string
		got, want int
	}{
		{"contracts", wk.Contracts, 6}, {"late", wk.Late, 4}, {"files", wk.Files, 5}, {"recorded", wk.Recorded, 4},
		{"receipts", wk.Receipts, 5}, {"bloquants", wk.Findings[0], 1}, {"alertes", wk.Findings[1], 1},
		{"files this week", wk.Changes.Recorded + wk.Changes.SetAside, 3},
		{"newly rejected", len(wk.Changes.Rejected), 0}, {"newly accepted", len(wk.Changes.Accepted), 1},
		{"newly set aside", len(wk.Changes.NewSetAside), 1}, {"set aside rows", len(wk.SetAside), 1},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %d, want %d", tc.name, tc.got, tc.want)
		}
	}
	eur := func(e int64) reconcile.Amount { return reconcile.Amount(e * 100) }
	// Commitments: the five expected contracts' 2025 plans (Brest is not
	// expected, Ain's TRA-01 is planned for 2026 only).
	if got, want := wk.Commitments.Planned(), eur(2*100+2*50+2*30+2*40+2*20+2*200); got != want {
		t.Errorf("commitments = %v, want %v", got, want)
	}
	// Reported: Ain and Lyon; Ain's unknown action XXX-09 counts nowhere.
	want := reports.Money{StatePlanned: eur(350), TerritoryPlanned: eur(350), StateSpent: eur(230),
		TerritorySpent: eur(240), OtherSpent: eur(5)}
	if wk.Reported != want {
		t.Errorf("reported = %+v, want %+v", wk.Reported, want)
	}
	if r := wk.Reported.Rate(); r == nil || *r != 671 { // 470 / 700 = 67,14 %, truncated
		t.Errorf("rate = %v, want 67,1 %%", r)
	}
	// Report of Wednesday 8 April: the week before, 30 March to 5 April.
	if wk.Week.Number != 14 || wk.Week.Monday.Day() != 30 || wk.RegisterVersion != 7 || wk.Threshold != 800 {
		t.Errorf("week %d from %v, register %d, threshold %v", wk.Week.Number, wk.Week.Monday, wk.RegisterVersion, wk.Threshold)
	}
	if len(wk.Trend) != 1 || wk.Trend[0].Tally != wk.Tally {
		t.Errorf("trend = %+v, want the report's own week", wk.Trend)
	}
}

func TestBuildWeeklyOrderAndRows(t *testing.T) {
	wk := reports.BuildWeekly(smallWeek())
	var got []string
	for _, r := range wk.Territories {
		got = append(got, r.Territory.SIREN+" "+r.Label())
	}
	// Whom to act on first, then French reading order within a state.
	want := []string{"220200026 Rejeté, à corriger", "221000052 Mis de côté", "220300016 Manquant",
		"200046977 Accepté hors délai", "220100010 Accepté"}
	if len(got) != len(want) {
		t.Fatalf("territories = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("territory %d = %q, want %q", i, got[i], want[i])
		}
	}
	aisne, allier, ain := wk.Territories[0], wk.Territories[2], wk.Territories[4]
	if len(allier.Findings) != 0 || len(allier.Reminders) != 1 || allier.Contacts[0] != "rapports@03.example.test" {
		t.Errorf("Allier: findings %+v, reminders %+v, contacts %v", allier.Findings, allier.Reminders, allier.Contacts)
	}
	if aisne.Counts != [3]int{1, 0, 0} || aisne.Rate != nil || aisne.Submission == nil || aisne.Submission.ID != 3 {
		t.Errorf("Aisne: counts %v, rate %v, submission %+v", aisne.Counts, aisne.Rate, aisne.Submission)
	}
	if len(ain.Actions) != 3 || ain.Actions[2].InContract || ain.Actions[2].Code != "XXX-09" {
		t.Errorf("Ain actions = %+v", ain.Actions)
	}
	if r := ain.Rate; r == nil || *r != 900 {
		t.Errorf("Ain rate = %v", r)
	}
	if q := wk.SetAside[0]; q.Territory == nil || q.Territory.SIREN != "221000052" || !q.FromName {
		t.Errorf("set aside %+v, want the Aube's file, by its name", q)
	}

	axes := map[reconcile.Axis]reports.AxisRow{}
	for _, a := range wk.Axes {
		axes[a.Axis] = a
	}
	if len(wk.Axes) != 4 || wk.Axes[0].Axis != reconcile.AxisEnfance {
		t.Fatalf("axes = %+v", wk.Axes)
	}
	enf := axes[reconcile.AxisEnfance]
	if enf.Contracts != 5 || enf.Reporting != 2 || enf.Commitments.Planned() != 26000 || enf.Reported.Spent() != 17000 {
		t.Errorf("enfance = %+v", enf)
	}
	if emp := axes[reconcile.AxisEmploi]; emp.Contracts != 1 || emp.Reported.Spent() != 20000 || emp.Reported.Planned() != 40000 {
		t.Errorf("emploi = %+v", emp)
	}
	var names []string
	for _, r := range wk.Regions {
		names = append(names, r.Name)
	}
	if len(names) != 3 || names[0] != reports.RegionARA || names[1] != reports.RegionGES || names[2] != reports.RegionHDF {
		t.Errorf("regions = %q", names)
	}
	ara := wk.Regions[0]
	if want := (reconcile.Tally{Expected: 3, Accepted: 1, AcceptedLate: 1, NotReceived: 1}); ara.Tally != want {
		t.Errorf("Auvergne-Rhône-Alpes = %+v, want %+v", ara.Tally, want)
	}
	sum := reconcile.Tally{}
	for _, r := range wk.Regions {
		for _, s := range reconcile.States {
			for i := 0; i < r.Tally.Count(s); i++ {
				sum.Add(s)
			}
		}
	}
	if sum != wk.Tally {
		t.Errorf("regions add up to %+v, the partition is %+v", sum, wk.Tally)
	}
}

func TestReportWeek(t *testing.T) {
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 4, 6, 8, 0, 0, 0, reconcile.Paris), "Semaine 14 — du 30 mars au 5 avril 2026"},
		{time.Date(2026, 4, 12, 23, 0, 0, 0, reconcile.Paris), "Semaine 14 — du 30 mars au 5 avril 2026"},
		{time.Date(2027, 1, 4, 8, 0, 0, 0, reconcile.Paris), "Semaine 53 — du 28 décembre 2026 au 3 janvier 2027"},
	} {
		if got := reports.ReportWeek(tc.now).String(); got != tc.want {
			t.Errorf("ReportWeek(%v) = %q, want %q", tc.now, got, tc.want)
		}
	}
}
