package sqlstore

import (
	"context"
	"fmt"

	"github.com/pactd/pactd/reconcile"
)

// CountedSubmissions returns, for each year of the territory siren other
// than exceptYear, the submission that counts: the newest accepted one (by
// received time, then id, as reconcile.Statuses picks it), with its report
// and findings, oldest year first. It is what the multi-year rule needs of
// the earlier reports, read without decoding the versions that no longer
// count (the intake asks it for every file).
func (s *Store) CountedSubmissions(ctx context.Context, siren string, exceptYear int) ([]reconcile.Submission, error) {
	rows, err := s.query(ctx, s.read, `SELECT `+submissionColumns+` FROM submissions s
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
	return subs, nil
}
