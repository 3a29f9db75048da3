package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
)

// Attempts of the intake on one item (ingest.AttemptStore), in
// intake_attempts, and the last listing of the watched folder
// (ingest.FolderLooks), in folder_looks (migrations 301_intake_attempts.sql
// of both stores).

// BeginAttempt counts one more attempt on the item key, before the item is
// processed, and returns the number of attempts so far (this one
// included) and the error the previous one ended with ("" when it crashed
// or there was none).
//
// The count survives a crash of pactd, not always one of the machine (see
// InTxNoSync): the item did not crash the machine.
func (s *Store) BeginAttempt(ctx context.Context, key string, now time.Time) (n int, last string, err error) {
	err = s.InTxNoSync(ctx, func(tx *sql.Tx) error {
		n, last, err = s.beginAttempt(ctx, tx, key, now)
		return err
	})
	return n, last, err
}

// beginAttempt is BeginAttempt on q (the database or a transaction).
func (s *Store) beginAttempt(ctx context.Context, q queryer, key string, now time.Time) (int, string, error) {
	var n int
	var last string
	err := s.queryRow(ctx, q, `INSERT INTO intake_attempts (item_key, attempts, last_error, updated_at)
		VALUES (?, 1, '', ?) ON CONFLICT (item_key) DO UPDATE
		SET attempts = intake_attempts.attempts + 1, updated_at = excluded.updated_at
		RETURNING attempts, last_error`, clean(key), FormatTime(now)).Scan(&n, &last)
	if err != nil {
		return 0, "", fmt.Errorf("count attempt on %s: %w", key, err)
	}
	return n, last, nil
}

// EndSucceeded forgets the attempts of items that succeeded, and releases
// their files' claims, in one transaction (ingest.SuccessStore): one
// statement per table for up to endBatchRows items. A count updated after
// the attempt began (a later attempt on the same key) is kept; a claim
// another holder took over is left alone.
func (s *Store) EndSucceeded(ctx context.Context, items []mailstate.Succeeded) error {
	return s.InTxNoSync(ctx, func(tx *sql.Tx) error {
		for chunk := range slices.Chunk(items, endBatchRows) {
			var attempts, claims []any
			for _, it := range chunk {
				attempts = append(attempts, clean(it.Key), FormatTime(it.Began))
				if it.Claim != "" {
					claims = append(claims, clean(it.Claim), it.Holder)
				}
			}
			if _, err := s.exec(ctx, tx, `DELETE FROM intake_attempts WHERE EXISTS (SELECT 1 FROM (VALUES `+
				pairs(len(attempts)/2)+`) AS d WHERE intake_attempts.item_key = d.column1 AND intake_attempts.updated_at <= d.column2)`,
				attempts...); err != nil {
				return fmt.Errorf("forget the attempts on %d items: %w", len(chunk), err)
			}
			if len(claims) == 0 {
				continue
			}
			if _, err := s.exec(ctx, tx, `DELETE FROM folder_claims WHERE EXISTS (SELECT 1 FROM (VALUES `+
				pairs(len(claims)/2)+`) AS d WHERE folder_claims.name = d.column1 AND folder_claims.holder = d.column2)`,
				claims...); err != nil {
				return fmt.Errorf("release %d files: %w", len(claims)/2, err)
			}
		}
		return nil
	})
}

// endBatchRows is how many items one statement of EndSucceeded ends: two
// parameters each, far below the engines' limits.
const endBatchRows = 200

// pairs returns n rows of two placeholders for a VALUES list: "(?, ?), (?, ?)".
func pairs(n int) string {
	return strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
}

// EndAttempt records how the attempt on key ended: succeeded deletes the
// count; otherwise failure is kept as the item's last error, and uncounted
// (the process was stopping, the file was still being written) takes the
// attempt back.
func (s *Store) EndAttempt(ctx context.Context, key string, succeeded, uncounted bool, failure string, now time.Time) error {
	var err error
	switch {
	case succeeded:
		_, err = s.exec(ctx, s.write, `DELETE FROM intake_attempts WHERE item_key = ?`, clean(key))
	case uncounted:
		// Back to no attempt at all: the row goes, so that items that
		// were only waited for (still being written, stopping) leave
		// nothing behind.
		_, err = s.exec(ctx, s.write, `DELETE FROM intake_attempts WHERE item_key = ? AND attempts <= 1`, clean(key))
		if err == nil {
			_, err = s.exec(ctx, s.write, `UPDATE intake_attempts SET attempts = attempts - 1, updated_at = ?
				WHERE item_key = ?`, FormatTime(now), clean(key))
		}
	default:
		_, err = s.exec(ctx, s.write, `UPDATE intake_attempts SET last_error = ?, updated_at = ? WHERE item_key = ?`,
			clean(failure), FormatTime(now), clean(key))
	}
	if err != nil {
		return fmt.Errorf("record the end of the attempt on %s: %w", key, err)
	}
	return nil
}

// Attempts returns the attempts counted on key and its last error (0 and
// "" when none is counted).
func (s *Store) Attempts(ctx context.Context, key string) (int, string, error) {
	var n int
	var last string
	err := s.queryRow(ctx, s.read, `SELECT attempts, last_error FROM intake_attempts WHERE item_key = ?`, clean(key)).Scan(&n, &last)
	if isNoRows(err) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read attempts on %s: %w", key, err)
	}
	return n, last, nil
}

// FolderLook returns when the watched folder dir was last listed, zero
// when never.
func (s *Store) FolderLook(ctx context.Context, dir string) (time.Time, error) {
	var at string
	err := s.queryRow(ctx, s.read, `SELECT looked_at FROM folder_looks WHERE dir = ?`, clean(dir)).Scan(&at)
	if isNoRows(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("read the last look at %s: %w", dir, err)
	}
	return ParseTime(at)
}

// SetFolderLook records that dir was listed at t (an earlier t than the
// one recorded changes nothing: replicas share the row).
func (s *Store) SetFolderLook(ctx context.Context, dir string, t time.Time) error {
	_, err := s.exec(ctx, s.write, `INSERT INTO folder_looks (dir, looked_at) VALUES (?, ?)
		ON CONFLICT (dir) DO UPDATE SET looked_at = excluded.looked_at
		WHERE folder_looks.looked_at < excluded.looked_at`, clean(dir), FormatTime(t))
	if err != nil {
		return fmt.Errorf("record the look at %s: %w", dir, err)
	}
	return nil
}
