package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/metrics"
	"github.com/pactd/pactd/reconcile"
)

// scrape fetches the metrics as Prometheus does.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
	return string(b)
}

func contains(t *testing.T, body string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(body, l+"\n") {
			t.Errorf("metrics lack %q", l)
		}
	}
}

func TestStatsAndCounters(t *testing.T) {
	calls := 0
	m := metrics.New("v1.2.3", func(ctx context.Context) (metrics.Stats, error) {
		calls++
		return metrics.Stats{
			ReceiptsByOrigin:     map[string]int{"email": 10, "dossier": 2},
			SubmissionsByVerdict: map[string]int{"accepted": 7, "rejected": 3},
			FindingsByCode:       map[string]int{"COFINANCEMENT_INSUFFISANT": 4},
			QuarantineByOrigin:   map[string]int{"email": 1},
			OutboxPending:        2,
			OutboxFailed:         1,
			LastIntake:           time.Unix(1767225600, 0),
			LastRuns:             map[string]map[string]time.Time{"weekly_report": {"success": time.Unix(1767600000, 0)}},
		}, nil
	})
	m.ScheduleRun(reconcile.JobRun{Job: "weekly_report", Outcome: reconcile.RunFailure,
		Started: time.Unix(1767600000, 0), Finished: time.Unix(1767600030, 0)})
	m.AddIMAP("1", func() metrics.IMAPCounts {
		return metrics.IMAPCounts{Fetched: 12, Processed: 10, Quarantined: 1, Errors: 3,
			AuthFailures: map[string]int64{"dmarc_failed": 2}}
	})
	m.Processed(reconcile.OriginFolder, "accepted")
	body := scrape(t, m)
	contains(t, body,
		`pactd_database_up 1`,
		`pactd_messages_fetched_total{mailbox="1"} 12`,
		`pactd_messages_moved_total{folder="processed",mailbox="1"} 10`,
		`pactd_messages_moved_total{folder="quarantine",mailbox="1"} 1`,
		`pactd_imap_errors_total{mailbox="1"} 3`,
		`pactd_sender_auth_failures_total{check="dmarc_failed",mailbox="1"} 2`,
		`pactd_receipts_total{origin="dossier"} 2`,
		`pactd_submissions{verdict="accepted"} 7`,
		`pactd_submissions{verdict="rejected"} 3`,
		`pactd_findings{code="COFINANCEMENT_INSUFFISANT"} 4`,
		`pactd_quarantine_total{origin="email"} 1`,
		`pactd_outbox_messages{state="pending"} 2`,
		`pactd_outbox_messages{state="failed"} 1`,
		`pactd_last_intake_timestamp_seconds 1.7672256e+09`,
		`pactd_schedule_last_run_timestamp_seconds{job="weekly_report",outcome="success"} 1.7676e+09`,
		`pactd_schedule_runs_total{job="weekly_report",outcome="failure"} 1`,
		`pactd_schedule_run_duration_seconds_sum{job="weekly_report"} 30`,
		`pactd_intake_processed_total{result="accepted",source="dossier"} 1`,
	)
	if !strings.Contains(body, `pactd_build_info{goversion="go`) || !strings.Contains(body, `version="v1.2.3"} 1`) {
		t.Errorf("no build info in:\n%s", body)
	}
	if !strings.Contains(body, "go_goroutines ") || !strings.Contains(body, "process_start_time_seconds ") {
		t.Error("no Go runtime or process metrics")
	}
	scrape(t, m)
	if calls != 1 {
		t.Errorf("database read %d times for two close scrapes, want 1", calls)
	}
}

func TestDatabaseDown(t *testing.T) {
	m := metrics.New("", func(ctx context.Context) (metrics.Stats, error) {
		return metrics.Stats{}, errors.New("database is locked")
	})
	body := scrape(t, m)
	contains(t, body, `pactd_database_up 0`)
	if strings.Contains(body, "pactd_submissions") {
		t.Error("figures exported while the database is down")
	}
}

func TestNilMetrics(t *testing.T) {
	var m *metrics.Metrics
	m.AddIMAP("a", nil)
	m.Processed(reconcile.OriginEmail, "error")
	m.ScheduleRun(reconcile.JobRun{Job: "reminders"})
}
