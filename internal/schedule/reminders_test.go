package schedule_test

import (
	"testing"
	"time"

	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/reconcile"
)

func TestDueReminders(t *testing.T) {
	deadline := reconcile.EndOfDay(paris(2026, 3, 31, 0, 0))
	missing := reconcile.ReportingStatus{Territory: reconcile.Territory{SIREN: "220100010"}, Year: 2025, Deadline: deadline, Expected: true, Rejected: 1}
	accepted := missing
	accepted.Territory.SIREN = "220200017"
	accepted.Counted = &reconcile.Submission{ID: 1}
	notExpected := missing
	notExpected.Territory.SIREN = "220300015"
	notExpected.Expected = false
	statuses := []reconcile.ReportingStatus{missing, accepted, notExpected}

	tests := []struct {
		day  time.Time
		want string // kind, "" for none
		days int
	}{
		{paris(2026, 3, 15, 9, 0), "", 0},
		{paris(2026, 3, 16, 9, 0), "J-15", 15},
		{paris(2026, 3, 16, 0, 30), "J-15", 15},
		{paris(2026, 3, 27, 23, 59), "J-15", 4}, // a missed J-15 is still worth sending
		{paris(2026, 3, 28, 9, 0), "J-3", 3},
		{paris(2026, 3, 29, 9, 0), "J-3", 2}, // the day summer time starts
		{paris(2026, 3, 31, 23, 0), "J-3", 0},
		{paris(2026, 4, 1, 9, 0), "J+1", -1},
		{paris(2026, 4, 7, 9, 0), "J+1", -7},
		{paris(2026, 4, 8, 9, 0), "", 0}, // too late for "the day after"
	}
	for _, tc := range tests {
		got := schedule.DueReminders(statuses, tc.day, []int{15, 3}, []int{1})
		if tc.want == "" {
			if len(got) != 0 {
				t.Errorf("%v: got %v, want none", tc.day, got)
			}
			continue
		}
		if len(got) != 1 || got[0].Kind() != tc.want || got[0].Days != tc.days || got[0].Status.Territory.SIREN != "220100010" {
			t.Errorf("%v: got %+v, want one %s with %d days left", tc.day, got, tc.want, tc.days)
			continue
		}
		if key := got[0].Key(); key != "reminder:220100010:2025:"+tc.want {
			t.Errorf("key %q", key)
		}
	}
}

func TestDueRemindersLists(t *testing.T) {
	deadline := reconcile.EndOfDay(paris(2026, 3, 31, 0, 0))
	st := []reconcile.ReportingStatus{{Territory: reconcile.Territory{SIREN: "220100010"}, Year: 2025, Deadline: deadline, Expected: true}}
	tests := []struct {
		name          string
		before, after []int
		day           time.Time
		want          string
	}{
		{"unsorted duplicates", []int{3, 15, 3}, nil, paris(2026, 3, 20, 9, 0), "J-15"},
		{"two after", nil, []int{15, 1}, paris(2026, 4, 10, 9, 0), "J+1"},
		{"two after, second", nil, []int{15, 1}, paris(2026, 4, 15, 9, 0), "J+15"},
		{"none configured", nil, nil, paris(2026, 3, 28, 9, 0), ""},
	}
	for _, tc := range tests {
		got := schedule.DueReminders(st, tc.day, tc.before, tc.after)
		kind := ""
		if len(got) == 1 {
			kind = got[0].Kind()
		}
		if kind != tc.want || len(got) > 1 {
			t.Errorf("%s: got %+v, want %q", tc.name, got, tc.want)
		}
	}
}
