package reports_test

import (
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

func TestFormatDate(t *testing.T) {
	for _, tc := range []struct {
		in                 time.Time
		date, dateTime, sh string
	}{
		{time.Date(2026, 11, 25, 8, 5, 0, 0, reconcile.Paris), "25 novembre 2026", "25 novembre 2026 à 8 h 05", "25/11/2026"},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, reconcile.Paris), "1er décembre 2026", "1er décembre 2026 à 0 h 00", "01/12/2026"},
		// 23:30 UTC on 14 August is already the 15th in Paris (summer time).
		{time.Date(2026, 8, 14, 23, 30, 0, 0, time.UTC), "15 août 2026", "15 août 2026 à 1 h 30", "15/08/2026"},
		{time.Date(2027, 2, 3, 17, 45, 0, 0, time.UTC), "3 février 2027", "3 février 2027 à 18 h 45", "03/02/2027"},
		{time.Time{}, "", "", ""},
	} {
		if got := reports.FormatDate(tc.in); got != tc.date {
			t.Errorf("FormatDate(%v) = %q, want %q", tc.in, got, tc.date)
		}
		if got := reports.FormatDateTime(tc.in); got != tc.dateTime {
			t.Errorf("FormatDateTime(%v) = %q, want %q", tc.in, got, tc.dateTime)
		}
		if got := reports.FormatShortDate(tc.in); got != tc.sh {
			t.Errorf("FormatShortDate(%v) = %q, want %q", tc.in, got, tc.sh)
		}
	}
}

func TestWeekOf(t *testing.T) {
	for _, tc := range []struct {
		in   time.Time
		want string
		num  int
	}{
		{time.Date(2026, 11, 25, 8, 0, 0, 0, reconcile.Paris), "Semaine 48 — du 23 au 29 novembre 2026", 48},
		{time.Date(2026, 11, 23, 0, 0, 0, 0, reconcile.Paris), "Semaine 48 — du 23 au 29 novembre 2026", 48},
		{time.Date(2026, 11, 29, 23, 59, 0, 0, reconcile.Paris), "Semaine 48 — du 23 au 29 novembre 2026", 48},
		{time.Date(2026, 12, 2, 12, 0, 0, 0, reconcile.Paris), "Semaine 49 — du 30 novembre au 6 décembre 2026", 49},
		{time.Date(2026, 12, 31, 12, 0, 0, 0, reconcile.Paris), "Semaine 53 — du 28 décembre 2026 au 3 janvier 2027", 53},
		{time.Date(2027, 3, 31, 12, 0, 0, 0, reconcile.Paris), "Semaine 13 — du 29 mars au 4 avril 2027", 13},
		// Sunday 22:30 UTC is already Monday in Paris.
		{time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC), "Semaine 49 — du 30 novembre au 6 décembre 2026", 49},
	} {
		w := reports.WeekOf(tc.in)
		if got := w.String(); got != tc.want || w.Number != tc.num {
			t.Errorf("WeekOf(%v) = %q (%d), want %q (%d)", tc.in, got, w.Number, tc.want, tc.num)
		}
	}
}

func TestFormatRate(t *testing.T) {
	r := func(spent, planned reconcile.Amount) *reconcile.Rate { return reconcile.RatePtr(spent, planned) }
	for _, tc := range []struct {
		in   *reconcile.Rate
		want string
	}{
		{r(8734, 10000), "87,3\u00a0%"}, {r(873, 1000), "87,3\u00a0%"}, {r(79996, 100000), "79,9\u00a0%"}, {r(1, 1), "100,0\u00a0%"},
		{r(0, 5), "0,0\u00a0%"}, {r(123456, 100000), "123,4\u00a0%"}, {r(470, 700), "67,1\u00a0%"}, {r(1, 0), "—"}, {nil, "—"},
	} {
		if got := reports.FormatRate(tc.in); got != tc.want {
			t.Errorf("FormatRate(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
