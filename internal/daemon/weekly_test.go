package daemon

import (
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

func TestDefaultReportYear(t *testing.T) {
	for _, tc := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2026, 11, 30, 8, 0, 0, 0, reconcile.Paris), 2025},
		{time.Date(2025, 1, 6, 8, 0, 0, 0, reconcile.Paris), 2024},
		{time.Date(2024, 6, 3, 8, 0, 0, 0, reconcile.Paris), 2024},
		{time.Date(2030, 1, 6, 8, 0, 0, 0, reconcile.Paris), 2027},
		{time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC), 2025}, // already 2026 in Paris
	} {
		if got := DefaultReportYear(tc.now); got != tc.want {
			t.Errorf("DefaultReportYear(%v) = %d, want %d", tc.now, got, tc.want)
		}
	}
}
