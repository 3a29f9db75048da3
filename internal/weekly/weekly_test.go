package weekly_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/weekly"
	"github.com/pactd/pactd/reconcile"
)

func paris(m time.Month, d, h int) time.Time {
	return time.Date(2026, m, d, h, 0, 0, 0, reconcile.Paris)
}

// store opens a SQLite store with a register of two territories.
func store(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	plans := map[int]reconcile.Plan{2025: {State: 100_000, Territory: 100_000}}
	reg := &reconcile.Register{Source: "registre.xlsx"}
	for _, terr := range []reconcile.Territory{
		{SIREN: "220100010", Name: "Département de l'Ain", Type: reconcile.TypeDepartement, Departements: []string{"01"}, AxisCount: 3,
			Recipients: []string{"rapports@ain.example.test"}},
		{SIREN: "221000052", Name: "Département de l'Aube", Type: reconcile.TypeDepartement, Departements: []string{"10"}, AxisCount: 3},
	} {
		reg.Contracts = append(reg.Contracts, reconcile.Contract{Territory: terr, Actions: []reconcile.Action{
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, Plans: plans}}})
	}
	reg.Sort()
	if _, err := st.SaveRegister(context.Background(), reg); err != nil {
		t.Fatal(err)
	}
	return st
}

// Build records the first report of a week and a report made again the
// same day; a report later in the week leaves the week's snapshot alone,
// so that the next Monday compares with what the Monday report said.
func TestBuildRecordsTheWeek(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	if _, err := weekly.Build(ctx, st, 2025, paris(time.March, 30, 8), weekly.Options{Record: true}); err != nil {
		t.Fatal(err)
	}
	sub := reconcile.Submission{FileName: "ain.xlsx", SIREN: "220100010", Year: 2025, Verdict: reconcile.Accepted,
		ReceivedAt: paris(time.March, 31, 10), Content: []byte("ain"), Origin: reconcile.Origin{Kind: reconcile.OriginCommand}}
	if _, err := st.RecordSubmission(ctx, &sub); err != nil {
		t.Fatal(err)
	}
	if err := st.Quarantine(ctx, &reconcile.QuarantineEntry{ReceivedAt: paris(time.April, 1, 16), FileName: "CLS_2025_221000052_aube.xls",
		Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Key: "q"}, Reason: "illisible"}); err != nil {
		t.Fatal(err)
	}
	// A reminder queued for the Aube, as the daemon's job would.
	ob := mail.NewOutbox(st, nil, zerolog.Nop())
	ob.Now = func() time.Time { return paris(time.April, 1, 9) }
	if _, _, err := ob.EnqueueDraft(ctx, "reminder", mail.Draft{From: "depot@pacte.example.fr", To: []string{"x@aube.example.test"},
		Subject: "Relance", Key: "reminder:221000052:2025:J+1", Text: "Relance."}); err != nil {
		t.Fatal(err)
	}

	// Wednesday: not recorded, the Monday snapshot of week 14 stays.
	wed, err := weekly.Build(ctx, st, 2025, paris(time.April, 1, 20), weekly.Options{Record: true})
	if err != nil {
		t.Fatal(err)
	}
	if wed.Tally.Accepted != 1 || wed.Tally.SetAside != 1 || !wed.Changes.FromSnapshot || len(wed.Changes.Accepted) != 1 {
		t.Errorf("Wednesday: tally %+v, changes %+v", wed.Tally, wed.Changes)
	}
	snaps, _ := st.Snapshots(ctx, 2025)
	if len(snaps) != 1 || !snaps[0].Taken.Equal(paris(time.March, 30, 8)) || snaps[0].Tally.NotReceived != 2 {
		t.Fatalf("snapshots %+v, want Monday 30 March's alone", snaps)
	}
	// Monday 6 April, then again the same day: one snapshot for week 15.
	for _, h := range []int{8, 11} {
		wk, err := weekly.Build(ctx, st, 2025, paris(time.April, 6, h), weekly.Options{Record: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(wk.Trend) != 2 || !wk.Changes.FromSnapshot || !wk.Changes.Since.Equal(paris(time.March, 30, 8)) {
			t.Errorf("%d h: trend %+v, changes since %v", h, wk.Trend, wk.Changes.Since)
		}
		for _, r := range wk.Territories {
			if r.Territory.SIREN == "221000052" && (len(r.Reminders) != 1 || r.Reminders[0].Kind != "J+1") {
				t.Errorf("Aube's reminders %+v, want the J+1 queued", r.Reminders)
			}
		}
	}
	snaps, _ = st.Snapshots(ctx, 2025)
	if len(snaps) != 2 || snaps[1].Week != "2026-W15" || !snaps[1].Taken.Equal(paris(time.April, 6, 11)) ||
		snaps[1].States["221000052"] != reconcile.StateSetAside || snaps[1].Files != 2 {
		t.Errorf("snapshots %+v, want week 15 taken at 11 h, the Aube set aside, 2 files", snaps)
	}
	// Without Record, nothing is stored.
	if _, err := weekly.Build(ctx, st, 2025, paris(time.April, 13, 8), weekly.Options{}); err != nil {
		t.Fatal(err)
	}
	if snaps, _ = st.Snapshots(ctx, 2025); len(snaps) != 2 {
		t.Errorf("%d snapshots after a report not recorded, want 2", len(snaps))
	}
}

func TestBuildWithoutRegister(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := weekly.Build(context.Background(), st, 2025, paris(time.April, 6, 8), weekly.Options{}); !errors.Is(err, weekly.ErrNoRegister) {
		t.Errorf("err = %v, want ErrNoRegister", err)
	}
}
