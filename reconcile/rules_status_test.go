package reconcile_test

import (
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// statusRegister has three territories: the test contract, a second
// contract and a contract that ends in 2024.
func statusRegister() *reconcile.Register {
	reg := testRegister()
	second := reg.Contracts[0]
	second.Territory.SIREN, second.Territory.Name = "200046977", "Métropole de Lyon"
	ended := reg.Contracts[0]
	ended.Territory.SIREN, ended.Territory.Name = "100000009", "Collectivité close"
	ended.Actions = []reconcile.Action{testAction("X-01", reconcile.AxisEnfance, reconcile.NatureNouvelle, eur(1), eur(1))}
	for y := 2025; y <= 2026; y++ {
		delete(ended.Actions[0].Plans, y)
	}
	reg.Contracts = append(reg.Contracts, second, ended)
	reg.Sort()
	return reg
}

func TestStatuses(t *testing.T) {
	reg := statusRegister()
	sub := func(id int64, siren string, year int, v reconcile.Verdict, at time.Time) reconcile.Submission {
		return reconcile.Submission{ID: id, SIREN: siren, Year: year, Verdict: v, ReceivedAt: at}
	}
	before := paris(2026, time.March, 1, 10, 0, 0)
	after := paris(2026, time.April, 3, 10, 0, 0)
	subs := []reconcile.Submission{
		sub(1, testSIREN, 2025, reconcile.Rejected, before),
		sub(2, testSIREN, 2025, reconcile.Accepted, before.Add(time.Hour)),
		sub(3, testSIREN, 2025, reconcile.Accepted, before.Add(2*time.Hour)),
		sub(4, testSIREN, 2025, reconcile.Rejected, after), // newest, rejected: does not count
		sub(5, testSIREN, 2024, reconcile.Accepted, before),
		sub(6, "999999999", 2025, reconcile.Accepted, before), // not in the register
		sub(7, "200046977", 2025, reconcile.Rejected, before),
	}
	receipts := []reconcile.Receipt{
		{SubmissionID: 1}, {SubmissionID: 2}, {SubmissionID: 3}, {SubmissionID: 3, Duplicate: true},
		{SubmissionID: 4}, {SubmissionID: 5}, {SubmissionID: 6}, {SubmissionID: 7},
	}
	for _, tc := range []struct {
		name string
		now  time.Time
		// per SIREN: receipts, submissions, accepted, rejected, counted, latest, late, missing
		want map[string]reconcile.ReportingStatus
	}{
		{"before the deadline", paris(2026, time.March, 31, 23, 0, 0), map[string]reconcile.ReportingStatus{
			testSIREN:   {Receipts: 5, Submissions: 4, Accepted: 2, Rejected: 2, Counted: &subs[2], Latest: &subs[3]},
			"200046977": {Receipts: 1, Submissions: 1, Rejected: 1, Latest: &subs[6]},
		}},
		{"after the deadline", paris(2026, time.April, 5, 0, 0, 0), map[string]reconcile.ReportingStatus{
			testSIREN:   {Receipts: 5, Submissions: 4, Accepted: 2, Rejected: 2, Counted: &subs[2], Latest: &subs[3]},
			"200046977": {Receipts: 1, Submissions: 1, Rejected: 1, Latest: &subs[6], Late: true, Missing: true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := reconcile.Statuses(reg, subs, receipts, 2025, tc.now)
			if len(got) != 2 || got[0].Territory.SIREN != "200046977" || got[1].Territory.SIREN != testSIREN {
				t.Fatalf("got %d statuses, want the two contracts covering 2025 sorted by SIREN: %+v", len(got), got)
			}
			for _, st := range got {
				w := tc.want[st.Territory.SIREN]
				if st.Year != 2025 || !st.Expected || !st.Deadline.Equal(reg.Deadline(2025)) {
					t.Errorf("%s: year %d, expected %v, deadline %v", st.Territory.SIREN, st.Year, st.Expected, st.Deadline)
				}
				if st.Receipts != w.Receipts || st.Submissions != w.Submissions || st.Accepted != w.Accepted ||
					st.Rejected != w.Rejected || st.Late != w.Late || st.Missing != w.Missing {
					t.Errorf("%s: got %+v, want %+v", st.Territory.SIREN, st, w)
				}
				if idOf(st.Counted) != idOf(w.Counted) || idOf(st.Latest) != idOf(w.Latest) {
					t.Errorf("%s: counted %d latest %d, want %d and %d", st.Territory.SIREN,
						idOf(st.Counted), idOf(st.Latest), idOf(w.Counted), idOf(w.Latest))
				}
			}
		})
	}
}

func idOf(s *reconcile.Submission) int64 {
	if s == nil {
		return 0
	}
	return s.ID
}

func TestStatusesLateAcceptedSubmission(t *testing.T) {
	reg := statusRegister()
	subs := []reconcile.Submission{
		{ID: 1, SIREN: testSIREN, Year: 2025, Verdict: reconcile.Accepted, ReceivedAt: paris(2026, time.April, 1, 0, 0, 1)},
		// Same received time, higher ID: stored later, it counts.
		{ID: 2, SIREN: testSIREN, Year: 2025, Verdict: reconcile.Accepted, ReceivedAt: paris(2026, time.April, 1, 0, 0, 1)},
	}
	st := reconcile.Statuses(reg, subs, nil, 2025, paris(2026, time.June, 1, 0, 0, 0))[1]
	if !st.Late || st.Missing || idOf(st.Counted) != 2 {
		t.Errorf("got late %v missing %v counted %d, want late, not missing, counted 2", st.Late, st.Missing, idOf(st.Counted))
	}
	if got := reconcile.Statuses(nil, subs, nil, 2025, time.Now()); got != nil {
		t.Errorf("nil register: got %v", got)
	}
}

func TestMissingReports(t *testing.T) {
	reg := statusRegister()
	subs := []reconcile.Submission{
		{ID: 1, SIREN: "200046977", Year: 2025, Verdict: reconcile.Rejected, ReceivedAt: paris(2026, time.March, 2, 0, 0, 0)},
		{ID: 2, SIREN: "200046977", Year: 2025, Verdict: reconcile.Rejected, ReceivedAt: paris(2026, time.March, 3, 0, 0, 0)},
	}
	sts := reconcile.Statuses(reg, subs, nil, 2025, paris(2026, time.April, 1, 0, 0, 0))
	fs := reconcile.MissingReports(sts)
	if len(fs) != 2 {
		t.Fatalf("got %d findings, want 2: %s", len(fs), describe(fs))
	}
	want := []string{
		"Métropole de Lyon (SIREN 200046977) n'a aucun rapport accepté pour 2025 alors que la date limite du " +
			"31 mars 2026 est passée (les 2 dépôts reçus ont tous été rejetés) : relancez la collectivité.",
		"Département de l'Ain (SIREN 220100010) n'a aucun rapport accepté pour 2025 alors que la date limite du " +
			"31 mars 2026 est passée (aucun dépôt n'a été reçu) : relancez la collectivité.",
	}
	for i, f := range fs {
		if f.Code != reconcile.RapportManquant || f.Severity != reconcile.Alerte || f.Year != 2025 ||
			f.Expected != reconcile.TextValue("31 mars 2026") || f.Message != want[i] {
			t.Errorf("finding %d: got %+v\nwant message %q", i, f, want[i])
		}
	}
	if fs := reconcile.MissingReports(reconcile.Statuses(reg, subs, nil, 2025, paris(2026, time.March, 31, 12, 0, 0))); fs != nil {
		t.Errorf("before the deadline: got %s", describe(fs))
	}
}
