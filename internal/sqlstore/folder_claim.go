package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Claims on the files of the watched folder (ingest.FolderClaims), in
// folder_claims (migrations 300_folder_claims.sql of both stores).

// ClaimFile claims the file name of the watched folder for holder until
// now+lease, and returns true, unless another holder's claim on it has not
// expired at now: then it returns false and changes nothing. A holder
// claiming a name it holds extends its claim. One statement: concurrent
// claims from several replicas give the file to exactly one.
func (s *Store) ClaimFile(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (bool, error) {
	return s.claimFile(ctx, s.write, name, holder, now, lease)
}

// ClaimFileAndBeginAttempt claims the file as ClaimFile does and, when
// the claim is granted, counts an attempt on key as BeginAttempt does, in
// one transaction (ingest.ClaimAttempter); a refused claim counts nothing.
// Both survive a crash of pactd, not always one of the machine (see
// InTxNoSync).
func (s *Store) ClaimFileAndBeginAttempt(ctx context.Context, name, holder string, now time.Time, lease time.Duration,
	key string, began time.Time) (claimed bool, n int, last string, err error) {
	err = s.InTxNoSync(ctx, func(tx *sql.Tx) error {
		var err error
		if claimed, err = s.claimFile(ctx, tx, name, holder, now, lease); err != nil || !claimed {
			return err
		}
		n, last, err = s.beginAttempt(ctx, tx, key, began)
		return err
	})
	return claimed, n, last, err
}

// claimFile is ClaimFile on q (the database or a transaction).
func (s *Store) claimFile(ctx context.Context, q queryer, name, holder string, now time.Time, lease time.Duration) (bool, error) {
	rows, err := s.query(ctx, q, `INSERT INTO folder_claims (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE folder_claims.holder = excluded.holder OR folder_claims.expires_at < ?
		RETURNING holder`,
		clean(name), holder, FormatTime(now.Add(lease)), FormatTime(now))
	if err != nil {
		return false, fmt.Errorf("claim file %s: %w", name, err)
	}
	defer rows.Close()
	got := rows.Next()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("claim file %s: %w", name, err)
	}
	return got, nil
}

// ClaimHolder returns the holder of the claim on the file name that has
// not expired at now, "" when there is none (ingest.ClaimChecker): one
// read, no transaction and no lock. ClaimFile stays the one that decides.
func (s *Store) ClaimHolder(ctx context.Context, name string, now time.Time) (string, error) {
	var holder string
	err := s.queryRow(ctx, s.read, `SELECT holder FROM folder_claims WHERE name = ? AND expires_at >= ?`,
		clean(name), FormatTime(now)).Scan(&holder)
	if isNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the claim on %s: %w", name, err)
	}
	return holder, nil
}

// ReleaseFile gives up holder's claim on name; a claim another holder took
// over meanwhile is left alone.
func (s *Store) ReleaseFile(ctx context.Context, name, holder string) error {
	if _, err := s.exec(ctx, s.write, `DELETE FROM folder_claims WHERE name = ? AND holder = ?`, clean(name), holder); err != nil {
		return fmt.Errorf("release file %s: %w", name, err)
	}
	return nil
}
