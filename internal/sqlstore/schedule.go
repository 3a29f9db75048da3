package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// Runs of scheduled jobs (internal/schedule.Runs), in table schedule_runs
// (migrations 200_schedule_runs.sql of both stores).

// settledOutcomes is the SQL list of outcomes for which
// reconcile.RunOutcome.Counts is true.
var settledOutcomes = "'" + strings.Join([]string{
	string(reconcile.RunSuccess), string(reconcile.RunFailure), string(reconcile.RunSkipped)}, "', '") + "'"

// LastSettled returns the activation of the newest run of job whose outcome
// settles it (success, failure or skipped), or the zero time when there is
// none.
func (s *Store) LastSettled(ctx context.Context, job string) (time.Time, error) {
	var v sql.NullString
	err := s.queryRow(ctx, s.read, `SELECT MAX(scheduled) FROM schedule_runs
		WHERE job = ? AND outcome IN (`+settledOutcomes+`)`, job).Scan(&v)
	if err != nil {
		return time.Time{}, fmt.Errorf("read last run of job %s: %w", job, err)
	}
	if !v.Valid {
		return time.Time{}, nil
	}
	return ParseTime(v.String)
}

// StartRun records r and sets r.ID. r.Finished is recorded when set (a
// skipped activation is recorded finished).
func (s *Store) StartRun(ctx context.Context, r *reconcile.JobRun) error {
	err := s.queryRow(ctx, s.write, `INSERT INTO schedule_runs
		(job, scheduled, catch_up, started_at, finished_at, outcome, error)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.Job, FormatTime(r.Scheduled), r.CatchUp, FormatTime(r.Started),
		nullTime(r.Finished), string(r.Outcome), r.Error).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("record start of job %s run for %s: %w", r.Job, r.Scheduled.Format(time.RFC3339), err)
	}
	return nil
}

// FinishRun records how run r.ID ended: r.Finished, r.Outcome and r.Error.
func (s *Store) FinishRun(ctx context.Context, r reconcile.JobRun) error {
	res, err := s.exec(ctx, s.write, `UPDATE schedule_runs SET finished_at = ?, outcome = ?, error = ?
		WHERE id = ?`, nullTime(r.Finished), string(r.Outcome), r.Error, r.ID)
	if err != nil {
		return fmt.Errorf("record end of job %s run %d: %w", r.Job, r.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("record end of job %s run %d: %w", r.Job, r.ID, reconcile.ErrNotFound)
	}
	return nil
}

// InterruptRuns marks the runs of job still recorded as running, which a
// crash left behind, as interrupted at t, and returns how many there were.
func (s *Store) InterruptRuns(ctx context.Context, job string, t time.Time) (int, error) {
	res, err := s.exec(ctx, s.write, `UPDATE schedule_runs SET finished_at = ?, outcome = ?,
		error = CASE WHEN error = '' THEN ? ELSE error END
		WHERE job = ? AND outcome = ?`, FormatTime(t), string(reconcile.RunInterrupted),
		"le service s'est arrêté pendant l'exécution", job, string(reconcile.RunRunning))
	if err != nil {
		return 0, fmt.Errorf("mark interrupted runs of job %s: %w", job, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("mark interrupted runs of job %s: %w", job, err)
	}
	return int(n), nil
}

// JobRuns returns the newest runs, newest first, at most limit (all when
// limit is 0); job "" means every job.
func (s *Store) JobRuns(ctx context.Context, job string, limit int) ([]reconcile.JobRun, error) {
	q := `SELECT id, job, scheduled, catch_up, started_at, finished_at, outcome, error FROM schedule_runs`
	var args []any
	if job != "" {
		q += ` WHERE job = ?`
		args = append(args, job)
	}
	q += ` ORDER BY started_at DESC, id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.query(ctx, s.read, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list job runs: %w", err)
	}
	defer rows.Close()
	var out []reconcile.JobRun
	for rows.Next() {
		var r reconcile.JobRun
		var scheduled, started, outcome string
		var finished sql.NullString
		if err := rows.Scan(&r.ID, &r.Job, &scheduled, &r.CatchUp, &started, &finished, &outcome, &r.Error); err != nil {
			return nil, fmt.Errorf("list job runs: %w", err)
		}
		r.Outcome = reconcile.RunOutcome(outcome)
		if r.Scheduled, err = ParseTime(scheduled); err != nil {
			return nil, err
		}
		if r.Started, err = ParseTime(started); err != nil {
			return nil, err
		}
		if finished.Valid {
			if r.Finished, err = ParseTime(finished.String); err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list job runs: %w", err)
	}
	return out, nil
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: FormatTime(t), Valid: true}
}
