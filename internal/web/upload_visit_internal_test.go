package web

import (
	"testing"
	"time"
)

// TestVisitNotesThrottle checks that a session's visit is written at its
// first request, then at most once per visitEvery, and again when the
// clock goes back (another replica's time), and that sessions are apart.
func TestVisitNotesThrottle(t *testing.T) {
	var v visitNotes
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i, c := range []struct {
		session string
		at      time.Time
		want    bool
	}{
		{"a", t0, true},
		{"a", t0.Add(time.Minute), false},
		{"b", t0.Add(time.Minute), true},
		{"a", t0.Add(visitEvery - time.Second), false},
		{"a", t0.Add(visitEvery), true},
		{"a", t0, true}, // the clock went back
	} {
		if got := v.due(c.session, c.at); got != c.want {
			t.Errorf("step %d: due(%s, %s) = %v, want %v", i, c.session, c.at.Format("15:04:05"), got, c.want)
		}
	}
}
