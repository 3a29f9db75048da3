package storetest

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// valueCases are Values whose kind SPEC §6's JSON form would lose.
var valueCases = []reconcile.Value{
	{},
	reconcile.MoneyValue(0),
	reconcile.MoneyValue(-1),
	reconcile.MoneyValue(9800050),
	reconcile.MoneyValue(math.MaxInt64),
	reconcile.NumberValue(0),
	reconcile.NumberValue(140),
	reconcile.NumberValue(92.5),
	reconcile.NumberValue(1e-7),
	reconcile.NumberValue(-3.25),
	reconcile.NumberValue(0.1 + 0.2),
	reconcile.NumberValue(math.Inf(1)),
	reconcile.TextValue(""),
	reconcile.TextValue("140"),
	reconcile.TextValue("31/03/2026 « délai » \u00a0€"),
}

func testFindingsRoundTrip(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	var fs []reconcile.Finding
	for i, v := range valueCases {
		f := reconcile.NewFinding(reconcile.SousExecution, "Valeur à vérifier.")
		f.Expected = v
		f.Actual = valueCases[len(valueCases)-1-i]
		if i%2 == 0 {
			f.Cells = []string{"Actions!G7", "Synthèse!B2"}
		}
		fs = append(fs, f)
	}
	sub := Sample(5, "220100010", 2025, 1, 100)
	sub.Findings = fs
	sub.Report.Findings = fs
	record(t, s, sub)
	got, err := s.Submission(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range fs {
		if !reflect.DeepEqual(got.Findings[i], fs[i]) {
			t.Errorf("finding %d:\n got %#v\nwant %#v", i, got.Findings[i], fs[i])
		}
		if !reflect.DeepEqual(got.Report.Findings[i], fs[i]) {
			t.Errorf("report finding %d:\n got %#v\nwant %#v", i, got.Report.Findings[i], fs[i])
		}
	}
	if len(got.Findings) != len(fs) {
		t.Errorf("%d findings, want %d", len(got.Findings), len(fs))
	}
	// NaN is never equal to itself: checked on its own, after an update.
	nan := []reconcile.Finding{reconcile.NewFinding(reconcile.IndicateurInvraisemblable, "Taux incalculable.")}
	nan[0].Actual = reconcile.NumberValue(math.NaN())
	if err := s.UpdateVerdict(ctx, sub.ID, 1, reconcile.Accepted, nan); err != nil {
		t.Fatal(err)
	}
	got, err = s.Submission(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a := got.Findings[0].Actual; a.Kind != reconcile.KindNumber || !math.IsNaN(a.Number) {
		t.Errorf("NaN finding value read back as %#v", a)
	}
}

func testReportRoundTrip(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	sub := Sample(6, "200046977", 2024, 12, 300)
	sub.Report.Actions[0].StatePlanned = nil
	sub.Report.Actions[1].Cells = nil
	sub.Report.Identification.TransmissionDate = nil
	withDate := Sample(9, "200046977", 2024, 2, 300)
	noReport := Sample(10, "200046977", 2024, 0, 300)
	noReport.Report = nil
	for _, in := range []*reconcile.Submission{sub, withDate, noReport} {
		want := wantSubmission(in)
		record(t, s, in)
		want.ID = in.ID
		got, err := s.Submission(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkSubmission(t, *got, want)
		if got.Report != nil && len(got.Report.Actions) > 2 && got.Report.Actions[2].TerritorySpent != nil {
			t.Errorf("missing amount read back as %v, want nil", *got.Report.Actions[2].TerritorySpent)
		}
	}
	listed := list(t, s, reconcile.SubmissionFilter{SIREN: "200046977"})
	if len(listed) != 3 {
		t.Fatalf("%d listed, want 3", len(listed))
	}
	want := wantSubmission(sub)
	want.ID = sub.ID
	checkSubmission(t, listed[0], want) // listing gives the report too
}

func testTimesUTC(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	tests := []time.Time{
		time.Date(2026, time.October, 25, 2, 30, 0, 1, reconcile.Paris), // daylight-saving change
		time.Date(2025, time.December, 31, 23, 59, 59, 999999999, time.FixedZone("UTC-10", -10*3600)),
		time.Date(2024, time.February, 29, 12, 0, 0, 0, time.UTC),
	}
	for i, at := range tests {
		sub := Sample(uint64(100+i), "220100010", 2025, 0, 50)
		sub.ReceivedAt = at
		rc := record(t, s, sub)
		checkUTC(t, "receipt ReceivedAt", rc.ReceivedAt, at)
		got, err := s.Submission(ctx, sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkUTC(t, "submission ReceivedAt", got.ReceivedAt, at)
		stored := receipts(t, s, sub.ID)
		checkUTC(t, "stored receipt ReceivedAt", stored[0].ReceivedAt, at)
		if want := at.In(reconcile.Paris).Format("2006"); rc.Number[3:7] != want {
			t.Errorf("receipt %s received %s: year %s, want %s (Paris)", rc.Number, at, rc.Number[3:7], want)
		}
	}
}
