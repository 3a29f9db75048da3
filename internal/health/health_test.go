package health_test

import (
	"context"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/health"
)

func TestTracker(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tr := health.NewTracker(health.Outbox, "file d'envoi")
	if s := tr.State(ctx); !s.OK || !s.LastSuccess.IsZero() || s.Kind != health.Outbox || s.Name != "file d'envoi" {
		t.Fatalf("new tracker: %+v", s)
	}
	tr.Succeeded(t0)
	tr.Failed(t0.Add(time.Minute), "Le serveur d'envoi refuse le mot de passe.")
	if s := tr.State(ctx); s.OK || s.Problem != "Le serveur d'envoi refuse le mot de passe." || !s.LastSuccess.Equal(t0) {
		t.Errorf("after a failure: %+v", s)
	}
	// A success older than the failure does not clear it.
	tr.Succeeded(t0.Add(30 * time.Second))
	if s := tr.State(ctx); s.OK {
		t.Errorf("an older success cleared a newer failure: %+v", s)
	}
	tr.Succeeded(t0.Add(2 * time.Minute))
	if s := tr.State(ctx); !s.OK || s.Problem != "" || !s.LastSuccess.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("after a later success: %+v", s)
	}
	// A failure reported late, before the last success, is ignored.
	tr.Failed(t0.Add(90*time.Second), "ancien")
	if s := tr.State(ctx); !s.OK {
		t.Errorf("a stale failure made the part unhealthy: %+v", s)
	}
}

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{45 * time.Second, "45 s"}, {3 * time.Minute, "3 min"}, {2*time.Hour + 5*time.Minute, "2 h 05"},
		{47*time.Hour + 59*time.Minute, "47 h 59"}, {4 * 24 * time.Hour, "4 jours"},
	} {
		if got := health.Duration(tc.d); got != tc.want {
			t.Errorf("Duration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
