package reconcile_test

import (
	"testing"

	"github.com/pactd/pactd/reconcile"
)

func TestToleranceIsMaxOfAbsoluteAndRoundedRelative(t *testing.T) {
	tol := reconcile.DefaultTolerances()
	for _, tc := range []struct {
		reference reconcile.Amount
		want      reconcile.Amount
	}{
		{0, 100},                            // absolute floor
		{-5_000_000, 25_000},                // |reference|
		{19_999, 100},                       // 99.995 cents rounds to 100
		{20_000, 100},                       // 0.5 % of 200 € is exactly 1 €
		{30_099, 150},                       // 150.495 cents rounds down
		{30_100, 151},                       // 150.5 cents rounds half up
		{10_000_000, 50_000},                // 0.5 % of 100 000 € is 500 €
		{10_000_001, 50_000},                // 50 000.005 cents rounds down
		{9_000_000_000_000, 45_000_000_000}, // no overflow near the largest amounts
	} {
		if got := tol.Tolerance(tc.reference); got != tc.want {
			t.Errorf("Tolerance(%d) = %d, want %d", tc.reference, got, tc.want)
		}
	}
}

func TestExceedsPassesAtToleranceAndFailsOneCentOver(t *testing.T) {
	tol := reconcile.DefaultTolerances()
	for _, tc := range []struct {
		actual, limit, reference reconcile.Amount
		want                     bool
	}{
		{eur(100_500), eur(100_000), eur(100_000), false},    // exactly 500 € over, 500 € tolerated
		{eur(100_500) + 1, eur(100_000), eur(100_000), true}, // one cent more
		{eur(151), eur(150), eur(150), false},                // 1 € floor
		{eur(151) + 1, eur(150), eur(150), true},
		{eur(90), eur(100), eur(100), false}, // below the limit
	} {
		if got := tol.Exceeds(tc.actual, tc.limit, tc.reference); got != tc.want {
			t.Errorf("Exceeds(%s, %s, %s) = %v, want %v", tc.actual, tc.limit, tc.reference, got, tc.want)
		}
	}
}

func TestBelowThreshold(t *testing.T) {
	tol := reconcile.DefaultTolerances()
	for _, tc := range []struct {
		spent, planned reconcile.Amount
		want           bool
	}{
		{eur(240_000), eur(300_000), false},    // exactly 80 %
		{eur(240_000) - 1, eur(300_000), true}, // one cent below
		{0, 0, false},                          // nothing planned: no rate
		{-1, eur(1), true},
		{9_000_000_000_000_000, 9_000_000_000_000_000, false}, // no overflow
		{7_200_000_000_000_000, 9_000_000_000_000_000, false},
		{7_199_999_999_999_999, 9_000_000_000_000_000, true},
	} {
		if got := tol.BelowThreshold(tc.spent, tc.planned); got != tc.want {
			t.Errorf("BelowThreshold(%d, %d) = %v, want %v", tc.spent, tc.planned, got, tc.want)
		}
	}
}

func TestTolerancesFromPercent(t *testing.T) {
	got, err := reconcile.TolerancesFromPercent(1, 0.5, 80)
	if err != nil {
		t.Fatal(err)
	}
	if want := reconcile.DefaultTolerances(); got != want {
		t.Errorf("TolerancesFromPercent(1, 0.5, 80) = %+v, want %+v", got, want)
	}
	for _, bad := range [][3]float64{{-1, 0.5, 80}, {1, -0.5, 80}, {1, 150, 80}, {1, 0.5, 101}} {
		if _, err := reconcile.TolerancesFromPercent(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("TolerancesFromPercent(%v) gave no error", bad)
		}
	}
}
