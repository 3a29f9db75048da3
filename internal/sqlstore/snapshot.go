package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/pactd/pactd/reconcile"
)

// Weekly snapshots of the reporting partition (reconcile.SnapshotStore), in
// table weekly_snapshots (migrations 700_weekly_snapshots.sql of both
// stores).

var _ reconcile.SnapshotStore = (*Store)(nil)

// SaveSnapshot implements reconcile.SnapshotStore: the snapshot of a year
// and week is replaced by a newer one.
func (s *Store) SaveSnapshot(ctx context.Context, snap *reconcile.Snapshot) error {
	if snap.Year == 0 || snap.Week == "" || snap.Taken.IsZero() {
		return fmt.Errorf("save snapshot: year, week and time are required (got %d, %q, %v)", snap.Year, snap.Week, snap.Taken)
	}
	states, err := json.Marshal(snap.States)
	if err != nil {
		return fmt.Errorf("encode snapshot states: %w", err)
	}
	t := snap.Tally
	_, err = s.exec(ctx, s.write, `INSERT INTO weekly_snapshots (year, week, taken_at, expected, accepted,
		accepted_late, rejected, set_aside, not_received, files, spent, states)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (year, week) DO UPDATE SET taken_at = excluded.taken_at, expected = excluded.expected,
		accepted = excluded.accepted, accepted_late = excluded.accepted_late, rejected = excluded.rejected,
		set_aside = excluded.set_aside, not_received = excluded.not_received, files = excluded.files,
		spent = excluded.spent, states = excluded.states`,
		snap.Year, snap.Week, FormatTime(snap.Taken), t.Expected, t.Accepted, t.AcceptedLate, t.Rejected,
		t.SetAside, t.NotReceived, snap.Files, int64(snap.Spent), string(states))
	if err != nil {
		return fmt.Errorf("save snapshot %d %s: %w", snap.Year, snap.Week, err)
	}
	return nil
}

// Snapshots implements reconcile.SnapshotStore.
func (s *Store) Snapshots(ctx context.Context, year int) ([]reconcile.Snapshot, error) {
	rows, err := s.query(ctx, s.read, `SELECT year, week, taken_at, expected, accepted, accepted_late, rejected,
		set_aside, not_received, files, spent, states FROM weekly_snapshots WHERE year = ? ORDER BY taken_at, week`, year)
	if err != nil {
		return nil, fmt.Errorf("list snapshots of %d: %w", year, err)
	}
	defer rows.Close()
	var out []reconcile.Snapshot
	for rows.Next() {
		var (
			snap          reconcile.Snapshot
			taken, states string
			spent         int64
		)
		t := &snap.Tally
		if err := rows.Scan(&snap.Year, &snap.Week, &taken, &t.Expected, &t.Accepted, &t.AcceptedLate, &t.Rejected,
			&t.SetAside, &t.NotReceived, &snap.Files, &spent, &states); err != nil {
			return nil, fmt.Errorf("list snapshots of %d: %w", year, err)
		}
		if snap.Taken, err = ParseTime(taken); err != nil {
			return nil, err
		}
		snap.Spent = reconcile.Amount(spent)
		if err := json.Unmarshal([]byte(states), &snap.States); err != nil {
			return nil, fmt.Errorf("decode states of snapshot %d %s: %w", snap.Year, snap.Week, err)
		}
		out = append(out, snap)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list snapshots of %d: %w", year, err)
	}
	return out, nil
}
