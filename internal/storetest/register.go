package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// sampleRegister returns a small register with what JSON could lose: a
// nil baseline, deadlines in Paris, amounts with cents.
func sampleRegister(source string) *reconcile.Register {
	baseline := 12.5
	reg := &reconcile.Register{
		ImportedAt: time.Date(2026, time.January, 5, 9, 0, 0, 987654321, reconcile.Paris),
		Source:     source, SHA256: Sum([]byte(source)),
		Contracts: []reconcile.Contract{{
			Territory: reconcile.Territory{SIREN: "220100010", Name: "Département de l'Ain",
				Type: reconcile.TypeDepartement, Departements: []string{"01"}, AxisCount: 3,
				AnnualCeiling: 123456789, Senders: []string{"@ain.fr"}, Recipients: []string{"cls@ain.fr"}},
			Actions: []reconcile.Action{{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Petits déjeuners",
				Nature: reconcile.NatureRenforcee,
				Plans:  map[int]reconcile.Plan{2025: {State: 12000001, Territory: 12000001}},
				Indicators: []reconcile.Indicator{
					{Code: "ENF-01-I1", Label: "Enfants", Unit: "personnes", Baseline: &baseline, Targets: map[int]float64{2025: 150}},
					{Code: "ENF-01-I2", Label: "Écoles", Unit: "%", Targets: map[int]float64{2025: 92.5}},
				}}},
		}},
		Deadlines: map[int]time.Time{2025: time.Date(2026, time.April, 15, 0, 0, 0, 0, reconcile.Paris)},
	}
	return reg
}

func testRegisterVersions(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	if _, err := s.LatestRegister(ctx); !errors.Is(err, reconcile.ErrNotFound) {
		t.Fatalf("LatestRegister on an empty store: err = %v, want ErrNotFound", err)
	}
	if _, err := s.RegisterVersion(ctx, 1); !errors.Is(err, reconcile.ErrNotFound) {
		t.Fatalf("RegisterVersion(1) on an empty store: err = %v, want ErrNotFound", err)
	}
	r1, r2 := sampleRegister("registre-v1.xlsx"), sampleRegister("registre-v2.xlsx")
	v1, err := s.SaveRegister(ctx, r1)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := s.SaveRegister(ctx, r2)
	if err != nil {
		t.Fatal(err)
	}
	if v1 <= 0 || v2 <= v1 || r1.Version != v1 || r2.Version != v2 {
		t.Fatalf("versions: returned %d then %d, set %d and %d; want positive, increasing, set", v1, v2, r1.Version, r2.Version)
	}
	latest, err := s.LatestRegister(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if latest.Version != v2 || latest.Source != "registre-v2.xlsx" {
		t.Errorf("LatestRegister = version %d from %s, want %d from registre-v2.xlsx", latest.Version, latest.Source, v2)
	}
	old, err := s.RegisterVersion(ctx, v1)
	if err != nil {
		t.Fatal(err)
	}
	if old.Version != v1 || old.Source != "registre-v1.xlsx" {
		t.Errorf("RegisterVersion(%d) = version %d from %s", v1, old.Version, old.Source)
	}
	if _, err := s.RegisterVersion(ctx, v2+1); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("RegisterVersion(%d): err = %v, want ErrNotFound", v2+1, err)
	}
}

func testRegisterRoundTrip(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	reg := sampleRegister("registre.xlsx")
	if _, err := s.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	got, err := s.LatestRegister(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checkUTC(t, "ImportedAt", got.ImportedAt, reg.ImportedAt)
	if d := got.Deadline(2025); !d.Equal(reg.Deadline(2025)) {
		t.Errorf("Deadline(2025) = %s, want %s", d, reg.Deadline(2025))
	}
	if c := got.Contract("220100010"); c == nil || c.Action("ENF-01") == nil ||
		c.Action("ENF-01").Plans[2025].State != 12000001 || c.Action("ENF-01").Indicators[1].Baseline != nil {
		t.Errorf("contract of 220100010 = %+v", c)
	}
	want := *reg
	want.ImportedAt = want.ImportedAt.UTC()
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(&want)
	if string(gj) != string(wj) {
		t.Errorf("register:\n got %s\nwant %s", gj, wj)
	}
}
