package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// SiteVisits is what the status site records of territory people's visits
// (internal/web) and the campaign reads.
type SiteVisits interface {
	RecordSiteVisit(ctx context.Context, v reconcile.SiteVisit) error
	SiteVisits(ctx context.Context, siren string) ([]reconcile.SiteVisit, error)
}

// testSiteVisits checks that a visit makes one row per territory and
// address, that later visits move it forward and count new sessions only,
// that an older visit arriving late moves nothing back, and the order.
func testSiteVisits(t *testing.T, s reconcile.Store) {
	w, ok := s.(SiteVisits)
	if !ok {
		t.Fatalf("%T does not record site visits (RecordSiteVisit, SiteVisits)", s)
	}
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, reconcile.Paris)
	for _, v := range []reconcile.SiteVisit{
		{SIREN: "220100010", Email: "dgs@ain.fr", Name: "Alice", Last: t0, Session: "s1"},
		{SIREN: "220100010", Email: "dgs@ain.fr", Name: "Alice A.", Last: t0.Add(10 * time.Minute), Session: "s1"},
		{SIREN: "220100010", Email: "dgs@ain.fr", Name: "Alice A.", Last: t0.Add(2 * time.Hour), Session: "s2"},
		{SIREN: "220100010", Email: "dgs@ain.fr", Name: "Alice A.", Last: t0.Add(time.Hour), Session: "s3"}, // late
		{SIREN: "220100010", Email: "compta@ain.fr", Name: "Bob", Last: t0.Add(3 * time.Hour), Session: "s9"},
		{SIREN: "220200026", Email: "dgs@ain.fr", Name: "Alice A.", Last: t0.Add(time.Minute), Session: "s1"},
	} {
		if err := w.RecordSiteVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	all, err := w.SiteVisits(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Fatalf("SiteVisits(\"\") = %d rows, want 3: %+v", len(all), all)
	}
	if all[0].Email != "compta@ain.fr" || all[1].Email != "dgs@ain.fr" || all[2].SIREN != "220200026" {
		t.Errorf("order: %+v; want Ain's newest visit first, then Aisne", all)
	}
	a := all[1]
	if !a.First.Equal(t0) || !a.Last.Equal(t0.Add(2*time.Hour)) || a.Sessions != 3 || a.Name != "Alice A." {
		t.Errorf("Alice on Ain: first %s last %s sessions %d name %q; want first %s, last %s, 3 sessions",
			a.First, a.Last, a.Sessions, a.Name, t0, t0.Add(2*time.Hour))
	}
	if a.Last.Location() != time.UTC {
		t.Errorf("last visit in %s, want UTC", a.Last.Location())
	}
	one, err := w.SiteVisits(ctx, "220200026")
	if err != nil || len(one) != 1 || one[0].Sessions != 1 {
		t.Errorf("SiteVisits(Aisne) = %+v, %v; want one row of one session", one, err)
	}
	if err := w.RecordSiteVisit(ctx, reconcile.SiteVisit{Email: "x@y.fr", Last: t0}); err == nil {
		t.Error("a visit without SIREN was recorded")
	}
}
