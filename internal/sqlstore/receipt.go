package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pactd/pactd/reconcile"
)

const receiptColumns = `id, number, submission_id, received_at, origin, duplicate`

// ReceiptNumber returns the number shown to people for receipt id received
// at t: "AR-<year in Paris>-<id on at least 6 digits>", e.g. "AR-2026-000042".
func ReceiptNumber(id int64, t time.Time) string {
	return fmt.Sprintf("AR-%d-%06d", t.In(reconcile.Paris).Year(), id)
}

// insertReceipt records one reception of the submission id. It returns
// errKeyTaken when a concurrent transaction recorded sub.Origin.Key first.
func (s *Store) insertReceipt(ctx context.Context, tx *sql.Tx, id int64, sub *reconcile.Submission, dup bool) (reconcile.Receipt, error) {
	origin, err := json.Marshal(sub.Origin)
	if err != nil {
		return reconcile.Receipt{}, fmt.Errorf("encode origin: %w", err)
	}
	rc := reconcile.Receipt{SubmissionID: id, ReceivedAt: sub.ReceivedAt.UTC(), Origin: sub.Origin, Duplicate: dup}
	err = s.queryRow(ctx, tx, `INSERT INTO receipts (submission_id, received_at, origin, origin_kind, origin_key, duplicate)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (origin_key) DO NOTHING RETURNING id`,
		id, FormatTime(sub.ReceivedAt), string(origin), clean(string(sub.Origin.Kind)),
		nullString(clean(sub.Origin.Key)), dup).Scan(&rc.ID)
	if isNoRows(err) {
		return rc, errKeyTaken
	}
	if err != nil {
		return rc, fmt.Errorf("insert receipt of submission %d: %w", id, err)
	}
	rc.Number = ReceiptNumber(rc.ID, sub.ReceivedAt)
	if _, err := s.exec(ctx, tx, `UPDATE receipts SET number = ? WHERE id = ?`, rc.Number, rc.ID); err != nil {
		return rc, fmt.Errorf("number receipt %d: %w", rc.ID, err)
	}
	return rc, nil
}

// receiptByKey returns the receipt recorded with Origin.Key key, or
// reconcile.ErrNotFound.
func (s *Store) receiptByKey(ctx context.Context, q queryer, key string) (reconcile.Receipt, error) {
	rows, err := s.query(ctx, q, `SELECT `+receiptColumns+` FROM receipts WHERE origin_key = ?`, clean(key))
	if err != nil {
		return reconcile.Receipt{}, fmt.Errorf("look up receipt by key: %w", err)
	}
	rcs, err := scanReceipts(rows)
	if err != nil {
		return reconcile.Receipt{}, fmt.Errorf("look up receipt by key: %w", err)
	}
	if len(rcs) == 0 {
		return reconcile.Receipt{}, reconcile.ErrNotFound
	}
	return rcs[0], nil
}

// Receipts lists the receipts of a submission (all when id is 0), oldest
// first (by received time, then id). A submission without receipts, or
// none at all, gives an empty list.
func (s *Store) Receipts(ctx context.Context, submissionID int64) ([]reconcile.Receipt, error) {
	q, args := `SELECT `+receiptColumns+` FROM receipts`, []any(nil)
	if submissionID != 0 {
		q, args = q+` WHERE submission_id = ?`, append(args, submissionID)
	}
	rows, err := s.query(ctx, s.read, q+` ORDER BY received_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list receipts of submission %d: %w", submissionID, err)
	}
	rcs, err := scanReceipts(rows)
	if err != nil {
		return nil, fmt.Errorf("list receipts of submission %d: %w", submissionID, err)
	}
	return rcs, nil
}

func scanReceipts(rows *sql.Rows) ([]reconcile.Receipt, error) {
	defer rows.Close()
	var out []reconcile.Receipt
	for rows.Next() {
		var (
			rc               reconcile.Receipt
			number           sql.NullString
			received, origin string
		)
		if err := rows.Scan(&rc.ID, &number, &rc.SubmissionID, &received, &origin, &rc.Duplicate); err != nil {
			return nil, err
		}
		rc.Number = number.String
		var err error
		if rc.ReceivedAt, err = ParseTime(received); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(origin), &rc.Origin); err != nil {
			return nil, fmt.Errorf("decode origin of receipt %d: %w", rc.ID, err)
		}
		out = append(out, rc)
	}
	return out, rows.Err()
}
