// Package weekly reads from the store everything the weekly report needs
// at a given moment, builds it (reports.BuildWeekly) and records its
// snapshot, so that the daemon's Monday job, pactd report weekly and the
// demo make the same report from the same data.
package weekly

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// Store is what the weekly report reads and writes: the register, the
// submissions and the quarantine, and the weekly snapshots.
type Store interface {
	reconcile.Store
	reconcile.SnapshotStore
}

// MailLister lists the outbox; when the store has it, the report says
// which reminders were sent (outbox kind "reminder").
type MailLister interface {
	Mails(ctx context.Context, f mailstate.Filter) ([]mailstate.Message, error)
}

// ErrNoRegister is returned when no register was imported yet.
var ErrNoRegister = errors.New("aucun registre des engagements n'a été importé : lancez d'abord pactd register import FICHIER")

// Options tune one report.
type Options struct {
	// UnderExecution is the SOUS_EXECUTION threshold as a fraction; zero
	// means the default 0.8.
	UnderExecution float64
	// Record stores the report's snapshot (the scheduled job, the demo,
	// pactd report weekly): the first report of an ISO week, or a report
	// made again the same day, becomes the week's snapshot; a report made
	// later in the week leaves it as it was.
	Record bool
}

// Build reads the store as it stands and builds the weekly report of year
// at now: the partition at now, what changed since the previous snapshot
// taken on an earlier day (or, without one, since the same time a week
// earlier), the season's
// snapshots and the reminders sent. Files received after now are left out,
// so a report can be made for an earlier Monday. It returns ErrNoRegister
// when no register was imported.
func Build(ctx context.Context, st Store, year int, now time.Time, opt Options) (*reports.Weekly, error) {
	reg, err := st.LatestRegister(ctx)
	if errors.Is(err, reconcile.ErrNotFound) {
		return nil, ErrNoRegister
	}
	if err != nil {
		return nil, fmt.Errorf("lire le registre des engagements : %w", err)
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{Year: year})
	if err != nil {
		return nil, fmt.Errorf("lire les dépôts enregistrés : %w", err)
	}
	receipts, err := st.Receipts(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("lire les réceptions enregistrées : %w", err)
	}
	quarantine, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("lire la quarantaine : %w", err)
	}
	snaps, err := st.Snapshots(ctx, year)
	if err != nil {
		return nil, fmt.Errorf("lire les rapports hebdomadaires enregistrés : %w", err)
	}
	reminders, err := sentReminders(ctx, st, year)
	if err != nil {
		return nil, err
	}

	p := reconcile.PartitionYear(reg, subs, receipts, quarantine, year, now)
	week := reconcile.ISOWeek(now)
	var prev *reconcile.Snapshot
	var current *reconcile.Snapshot
	for i := range snaps {
		s := &snaps[i]
		if s.Week == week {
			current = s
		}
		// The previous report: the latest before now, not one made earlier
		// the same day (a report made again compares with what the first
		// one compared with).
		if s.Taken.Before(now) && !sameDay(s.Taken, now) {
			prev = s
		}
	}
	changes := reconcile.ChangesSince(&p, prev, reg, subs, receipts, quarantine, now.AddDate(0, 0, -7))
	camp, err := campaignOf(ctx, st, reg, subs, year)
	if err != nil {
		return nil, err
	}
	wk := reports.BuildWeekly(reports.WeeklyInput{
		Register: reg, Partition: p, Changes: changes, Snapshots: snaps, Reminders: reminders,
		Receipts: countReceipts(subs, receipts, now), Year: year, Now: now,
		Fictitious: reports.SampleRegister(reg), UnderExecution: opt.UnderExecution, Campaign: camp,
	})
	if opt.Record && (current == nil || sameDay(current.Taken, now)) {
		snap := reconcile.SnapshotOf(&p, wk.Files, wk.Reported.Spent())
		if err := st.SaveSnapshot(ctx, &snap); err != nil {
			return nil, fmt.Errorf("enregistrer la situation de la semaine : %w", err)
		}
	}
	return wk, nil
}

// countReceipts counts the receptions of subs up to now.
func countReceipts(subs []reconcile.Submission, receipts []reconcile.Receipt, now time.Time) int {
	ids := make(map[int64]bool, len(subs))
	for _, s := range subs {
		ids[s.ID] = true
	}
	n := 0
	for _, r := range receipts {
		if ids[r.SubmissionID] && !r.ReceivedAt.After(now) {
			n++
		}
	}
	return n
}

// sentReminders lists the reminders queued for year, from the outbox when
// the store keeps one. Their keys are "reminder:<siren>:<year>:<kind>"
// (internal/schedule.Reminder.Key).
func sentReminders(ctx context.Context, st Store, year int) ([]reports.Reminder, error) {
	ml, ok := st.(MailLister)
	if !ok {
		return nil, nil
	}
	msgs, err := ml.Mails(ctx, mailstate.Filter{Kind: "reminder"})
	if err != nil {
		return nil, fmt.Errorf("lire les relances envoyées : %w", err)
	}
	var out []reports.Reminder
	for _, m := range msgs {
		parts := strings.Split(m.Key, ":")
		if len(parts) != 4 || parts[0] != "reminder" || parts[2] != fmt.Sprint(year) {
			continue
		}
		out = append(out, reports.Reminder{SIREN: parts[1], Year: year, Kind: parts[3], At: m.CreatedAt,
			Sent: m.State == mailstate.Sent})
	}
	return out, nil
}

// sameDay reports whether a and b fall on the same day in Paris.
func sameDay(a, b time.Time) bool {
	ya, ma, da := a.In(reconcile.Paris).Date()
	yb, mb, db := b.In(reconcile.Paris).Date()
	return ya == yb && ma == mb && da == db
}
