package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// Quarantine records a file or message set aside for a person, with its
// bytes (kept by SHA-256; the sum is computed when empty and must match
// otherwise). An entry whose Origin.Key is already recorded is not recorded
// again; q.ID is set either way.
func (s *Store) Quarantine(ctx context.Context, q *reconcile.QuarantineEntry) error {
	err := s.InTx(ctx, func(tx *sql.Tx) error { return s.QuarantineTx(ctx, tx, q) })
	if err != nil {
		return fmt.Errorf("quarantine %s: %w", q.FileName, err)
	}
	return nil
}

// QuarantineTx is Quarantine within the caller's transaction (see InTx).
func (s *Store) QuarantineTx(ctx context.Context, tx *sql.Tx, q *reconcile.QuarantineEntry) error {
	if q.Origin.Key != "" {
		err := s.queryRow(ctx, tx, `SELECT id FROM quarantine WHERE origin_key = ?`, clean(q.Origin.Key)).Scan(&q.ID)
		if err == nil {
			return nil
		}
		if !isNoRows(err) {
			return fmt.Errorf("look up quarantine by key: %w", err)
		}
	}
	blob := sql.NullString{}
	if q.Content != nil {
		var size int64
		if err := checkContent(&q.SHA256, &size, q.Content); err != nil {
			return err
		}
		if err := s.putBlob(ctx, tx, q.SHA256, q.Content); err != nil {
			return err
		}
		blob = sql.NullString{String: q.SHA256, Valid: true}
	}
	origin, err := json.Marshal(q.Origin)
	if err != nil {
		return fmt.Errorf("encode origin: %w", err)
	}
	findings, err := EncodeFindings(q.Findings)
	if err != nil {
		return err
	}
	err = s.queryRow(ctx, tx, `INSERT INTO quarantine (received_at, origin, origin_kind, origin_key, file_name,
		sha256, blob, siren, reason, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (origin_key) DO NOTHING RETURNING id`,
		FormatTime(q.ReceivedAt), string(origin), clean(string(q.Origin.Kind)), nullString(clean(q.Origin.Key)),
		clean(q.FileName), clean(q.SHA256), blob, clean(q.SIREN), clean(q.Reason), string(findings)).Scan(&q.ID)
	if isNoRows(err) {
		// Recorded concurrently under the same key (PostgreSQL).
		err = s.queryRow(ctx, tx, `SELECT id FROM quarantine WHERE origin_key = ?`, clean(q.Origin.Key)).Scan(&q.ID)
	}
	if err != nil {
		return fmt.Errorf("insert quarantine entry: %w", err)
	}
	return nil
}

// QuarantineEntries lists entries received at or after since, oldest
// first, without Content.
func (s *Store) QuarantineEntries(ctx context.Context, since time.Time) ([]reconcile.QuarantineEntry, error) {
	rows, err := s.query(ctx, s.read, `SELECT id, received_at, origin, file_name, sha256, siren, reason, findings
		FROM quarantine WHERE received_at >= ? ORDER BY received_at, id`, FormatTime(since))
	if err != nil {
		return nil, fmt.Errorf("list quarantine since %s: %w", since.Format(time.RFC3339), err)
	}
	defer rows.Close()
	var out []reconcile.QuarantineEntry
	for rows.Next() {
		var (
			q                reconcile.QuarantineEntry
			received, origin string
			findings         []byte
		)
		if err := rows.Scan(&q.ID, &received, &origin, &q.FileName, &q.SHA256, &q.SIREN, &q.Reason, &findings); err != nil {
			return nil, fmt.Errorf("list quarantine: %w", err)
		}
		if q.ReceivedAt, err = ParseTime(received); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(origin), &q.Origin); err != nil {
			return nil, fmt.Errorf("decode origin of quarantine entry %d: %w", q.ID, err)
		}
		if q.Findings, err = DecodeFindings(findings); err != nil {
			return nil, fmt.Errorf("quarantine entry %d: %w", q.ID, err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list quarantine: %w", err)
	}
	return out, nil
}

// QuarantineContent returns the bytes of a quarantine entry (empty when it
// was recorded without any), or reconcile.ErrNotFound.
func (s *Store) QuarantineContent(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	err := s.queryRow(ctx, s.read, `SELECT b.content FROM quarantine q
		LEFT JOIN blobs b ON b.sha256 = q.blob WHERE q.id = ?`, id).Scan(&b)
	if isNoRows(err) {
		err = reconcile.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load content of quarantine entry %d: %w", id, err)
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}
