package web

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pactd/pactd/internal/weekly"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// StoreWeekly returns a Server.Weekly that builds the weekly report's data
// from st as it stands (weekly.Build, recording nothing): the site shows
// the same partition, changes, trend and reminders as the Monday PDF.
func StoreWeekly(st weekly.Store, opt weekly.Options) func(ctx context.Context, year int, now time.Time) (*reports.Weekly, error) {
	opt.Record = false
	return func(ctx context.Context, year int, now time.Time) (*reports.Weekly, error) {
		wk, err := weekly.Build(ctx, st, year, now, opt)
		if errors.Is(err, weekly.ErrNoRegister) {
			return nil, reconcile.ErrNotFound
		}
		return wk, err
	}
}

// weekData returns the weekly report's data of year at the site's now, or
// reconcile.ErrNotFound when no register was imported.
func (s *Server) weekData(ctx context.Context, year int) (*reports.Weekly, error) {
	now := s.now()
	if s.Weekly != nil {
		return s.Weekly(ctx, year, now)
	}
	reg, err := s.Source.LatestRegister(ctx)
	if err != nil {
		return nil, err
	}
	subs, err := s.Source.Submissions(ctx, reconcile.SubmissionFilter{Year: year})
	if err != nil {
		return nil, fmt.Errorf("read submissions: %w", err)
	}
	receipts, err := s.Source.Receipts(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("read receipts: %w", err)
	}
	var quarantine []reconcile.QuarantineEntry
	if s.Quarantine != nil {
		if quarantine, err = s.Quarantine(ctx, time.Time{}); err != nil {
			return nil, fmt.Errorf("read quarantine: %w", err)
		}
	}
	p := reconcile.PartitionYear(reg, subs, receipts, quarantine, year, now)
	changes := reconcile.ChangesSince(&p, nil, reg, subs, receipts, quarantine, now.AddDate(0, 0, -7))
	n := 0
	for _, r := range receipts {
		if !r.ReceivedAt.After(now) {
			n++
		}
	}
	return reports.BuildWeekly(reports.WeeklyInput{Register: reg, Partition: p, Changes: changes, Receipts: n,
		Year: year, Now: now, Fictitious: reports.SampleRegister(reg)}), nil
}
