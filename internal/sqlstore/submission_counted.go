package sqlstore

import (
	"context"
	"fmt"

	"github.com/pactd/pactd/reconcile"
)

// countedColumns are submissionColumns without the report, which
// CountedSubmissions takes from the Store's cache when it can.
const countedColumns = `id, file_name, sha256, size, siren, year, template, origin,
	received_at, register_version, verdict, findings, NULL`

// CountedSubmissions returns, for each year of the territory siren other
// than exceptYear, the submission that counts: the newest accepted one (by
// received time, then id, as reconcile.Statuses picks it), with its report
// and findings, oldest year first. It is what the multi-year rule needs of
// the earlier reports, read without decoding the versions that no longer
// count (the intake asks it for every file). The reports are decoded once
// per Store and shared: callers must not modify them.
func (s *Store) CountedSubmissions(ctx context.Context, siren string, exceptYear int) ([]reconcile.Submission, error) {
	rows, err := s.query(ctx, s.read, `SELECT `+countedColumns+` FROM submissions s
		WHERE s.siren = ? AND s.year <> ? AND s.verdict = ?
		AND NOT EXISTS (SELECT 1 FROM submissions t WHERE t.siren = s.siren AND t.year = s.year AND t.verdict = s.verdict
			AND (t.received_at > s.received_at OR (t.received_at = s.received_at AND t.id > s.id)))
		ORDER BY s.year`, siren, exceptYear, string(reconcile.Accepted))
	if err != nil {
		return nil, fmt.Errorf("list counted submissions of %s: %w", siren, err)
	}
	subs, err := scanSubmissions(rows)
	if err != nil {
		return nil, fmt.Errorf("list counted submissions of %s: %w", siren, err)
	}
	for i := range subs {
		if subs[i].Report, err = s.report(ctx, subs[i].ID); err != nil {
			return nil, fmt.Errorf("list counted submissions of %s: %w", siren, err)
		}
	}
	return subs, nil
}

// report returns the decoded report of submission id (nil when it has
// none), from the cache or decoded and kept.
func (s *Store) report(ctx context.Context, id int64) (*reconcile.Report, error) {
	if rep, ok := s.reports.Get(id); ok {
		return rep, nil
	}
	var data []byte
	err := s.queryRow(ctx, s.read, `SELECT report FROM submissions WHERE id = ?`, id).Scan(&data)
	if isNoRows(err) {
		return nil, nil // gone since it was listed (purged): nothing to compare with
	}
	if err != nil {
		return nil, fmt.Errorf("read the report of submission %d: %w", id, err)
	}
	rep, err := DecodeReport(data)
	if err != nil {
		return nil, fmt.Errorf("submission %d: %w", id, err)
	}
	s.reports.Put(id, rep)
	return rep, nil
}
