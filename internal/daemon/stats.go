package daemon

import (
	"context"
	"fmt"
	"time"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/metrics"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/reconcile"
)

// stats reads the metrics' figures from the database (metrics.StatsFunc),
// so that they survive restarts.
func (d *Daemon) stats(ctx context.Context) (metrics.Stats, error) {
	s := metrics.Stats{
		ReceiptsByOrigin: map[string]int{}, SubmissionsByVerdict: map[string]int{},
		FindingsByCode: map[string]int{}, QuarantineByOrigin: map[string]int{},
		LastRuns: map[string]map[string]time.Time{},
	}
	subs, err := d.store.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil {
		return s, fmt.Errorf("count submissions: %w", err)
	}
	for _, v := range []reconcile.Verdict{reconcile.Accepted, reconcile.Rejected} {
		s.SubmissionsByVerdict[string(v)] = 0
	}
	for _, sub := range subs {
		s.SubmissionsByVerdict[string(sub.Verdict)]++
		for _, f := range sub.Findings {
			s.FindingsByCode[string(f.Code)]++
		}
	}
	receipts, err := d.store.Receipts(ctx, 0)
	if err != nil {
		return s, fmt.Errorf("count receipts: %w", err)
	}
	for _, r := range receipts {
		s.ReceiptsByOrigin[string(r.Origin.Kind)]++
		if r.ReceivedAt.After(s.LastIntake) {
			s.LastIntake = r.ReceivedAt
		}
	}
	quarantine, err := d.store.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		return s, fmt.Errorf("count quarantine: %w", err)
	}
	for _, q := range quarantine {
		s.QuarantineByOrigin[string(q.Origin.Kind)]++
	}
	if d.outbox != nil {
		if s.OutboxPending, s.OutboxFailed, err = d.store.MailCounts(ctx); err != nil {
			return s, fmt.Errorf("count outbox: %w", err)
		}
	}
	runs, err := d.store.JobRuns(ctx, "", 500)
	if err != nil {
		return s, fmt.Errorf("list job runs: %w", err)
	}
	for _, r := range runs { // newest first: keep the first of each
		if r.Finished.IsZero() {
			continue
		}
		if s.LastRuns[r.Job] == nil {
			s.LastRuns[r.Job] = map[string]time.Time{}
		}
		if _, ok := s.LastRuns[r.Job][string(r.Outcome)]; !ok {
			s.LastRuns[r.Job][string(r.Outcome)] = r.Finished
		}
	}
	return s, nil
}

// outboxState tells /healthz and the status page how the outbox stands.
func (d *Daemon) outboxState(ctx context.Context) (web.OutboxState, error) {
	var o web.OutboxState
	var err error
	if o.Pending, o.Failed, err = d.store.MailCounts(ctx); err != nil {
		return o, err
	}
	if o.Pending > 0 {
		pending, err := d.store.Mails(ctx, mail.Filter{State: mail.Pending})
		if err != nil {
			return o, err
		}
		for _, m := range pending {
			if o.OldestPending.IsZero() || m.CreatedAt.Before(o.OldestPending) {
				o.OldestPending = m.CreatedAt
			}
		}
	}
	return o, nil
}
