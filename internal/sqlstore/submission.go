package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// submissionColumns are read by scanSubmission, in order.
const submissionColumns = `id, file_name, sha256, size, siren, year, template, origin,
	received_at, register_version, verdict, findings, report`

// errKeyTaken says a concurrent transaction recorded the same Origin.Key
// first: RecordSubmission then returns that transaction's receipt.
var errKeyTaken = errors.New("origin key recorded concurrently")

// RecordSubmission records one reception of sub (see reconcile.Store). It
// also sets sub.ID when sub duplicates an earlier submission or replays a
// recorded Origin.Key, to the submission the receipt points at. sub.SHA256
// is computed when empty and must match sub.Content otherwise; sub.Size is
// set from Content.
func (s *Store) RecordSubmission(ctx context.Context, sub *reconcile.Submission) (reconcile.Receipt, error) {
	var rc reconcile.Receipt
	var inserted bool
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		rc, inserted, err = s.recordSubmissionTx(ctx, tx, sub)
		return err
	})
	if errors.Is(err, errKeyTaken) {
		rc, err = s.receiptByKey(ctx, s.write, sub.Origin.Key)
		if err == nil {
			sub.ID = rc.SubmissionID
		}
	}
	if err != nil {
		return reconcile.Receipt{}, fmt.Errorf("record submission %s: %w", sub.FileName, err)
	}
	if inserted && sub.Report != nil {
		// Committed: the next file of the territory reads this report
		// as an earlier year's without decoding it (CountedSubmissions).
		s.reports.Put(sub.ID, sub.Report)
	}
	return rc, nil
}

// RecordSubmissionTx is RecordSubmission within the caller's transaction
// on the write pool (see InTx), so that a caller can commit a submission
// and what it brings (an acknowledgment in the outbox) together. When it
// returns an error the caller must roll back.
func (s *Store) RecordSubmissionTx(ctx context.Context, tx *sql.Tx, sub *reconcile.Submission) (reconcile.Receipt, error) {
	rc, _, err := s.recordSubmissionTx(ctx, tx, sub)
	return rc, err
}

// recordSubmissionTx is RecordSubmissionTx; inserted says whether sub was
// stored as a new submission (neither a duplicate nor a replay).
func (s *Store) recordSubmissionTx(ctx context.Context, tx *sql.Tx, sub *reconcile.Submission) (reconcile.Receipt, bool, error) {
	if key := sub.Origin.Key; key != "" {
		rc, err := s.receiptByKey(ctx, tx, key)
		if err == nil {
			sub.ID = rc.SubmissionID
			return rc, false, nil
		}
		if !errors.Is(err, reconcile.ErrNotFound) {
			return rc, false, err
		}
	}
	if err := checkContent(&sub.SHA256, &sub.Size, sub.Content); err != nil {
		return reconcile.Receipt{}, false, err
	}
	if sub.Verdict != reconcile.Accepted && sub.Verdict != reconcile.Rejected {
		return reconcile.Receipt{}, false, fmt.Errorf("verdict %q is neither %q nor %q", sub.Verdict, reconcile.Accepted, reconcile.Rejected)
	}
	id, dup, err := s.insertSubmission(ctx, tx, sub)
	if err != nil {
		return reconcile.Receipt{}, false, err
	}
	rc, err := s.insertReceipt(ctx, tx, id, sub, dup)
	if err != nil {
		return reconcile.Receipt{}, false, err
	}
	sub.ID = id
	return rc, !dup, nil
}

// checkContent sets *sum and *size from content, or checks a given sum.
func checkContent(sum *string, size *int64, content []byte) error {
	h := sha256.Sum256(content)
	got := hex.EncodeToString(h[:])
	if *sum == "" {
		*sum = got
	} else if !strings.EqualFold(*sum, got) {
		return fmt.Errorf("SHA-256 %s does not match the %d bytes given (%s)", *sum, len(content), got)
	}
	*sum = got
	*size = int64(len(content))
	return nil
}

// insertSubmission stores sub unless its SHA-256 is known, and returns the
// id of the submission that holds those bytes and whether it was known.
// New bytes are the common case: they are inserted at once, and known ones
// looked up when the insert finds them (one statement less per file).
func (s *Store) insertSubmission(ctx context.Context, tx *sql.Tx, sub *reconcile.Submission) (int64, bool, error) {
	var id int64
	if err := s.putBlob(ctx, tx, sub.SHA256, sub.Content); err != nil {
		return 0, false, err
	}
	origin, findings, report, err := encodeSubmission(sub)
	if err != nil {
		return 0, false, err
	}
	err = s.queryRow(ctx, tx, `INSERT INTO submissions (file_name, sha256, size, siren, year, template,
		origin, origin_kind, sender, received_at, register_version, verdict, findings, report)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING RETURNING id`,
		clean(sub.FileName), sub.SHA256, sub.Size, clean(sub.SIREN), sub.Year, clean(sub.Template),
		origin, clean(string(sub.Origin.Kind)), clean(sub.Origin.Sender), FormatTime(sub.ReceivedAt),
		sub.RegisterVersion, string(sub.Verdict), findings, report).Scan(&id)
	if isNoRows(err) {
		// Known bytes: stored earlier, or by another transaction since
		// this one began (PostgreSQL only: SQLite has one writer).
		if err := s.queryRow(ctx, tx, `SELECT id FROM submissions WHERE sha256 = ?`, sub.SHA256).Scan(&id); err != nil {
			return 0, false, fmt.Errorf("look up SHA-256 %s: %w", sub.SHA256, err)
		}
		return id, true, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("insert submission %s: %w", sub.SHA256, err)
	}
	return id, false, nil
}

func encodeSubmission(sub *reconcile.Submission) (origin string, findings string, report sql.NullString, err error) {
	o, err := json.Marshal(sub.Origin)
	if err != nil {
		return "", "", report, fmt.Errorf("encode origin: %w", err)
	}
	f, err := EncodeFindings(sub.Findings)
	if err != nil {
		return "", "", report, err
	}
	r, err := EncodeReport(sub.Report)
	if err != nil {
		return "", "", report, err
	}
	return string(o), string(f), sql.NullString{String: string(r), Valid: r != nil}, nil
}

// putBlob stores content under its SHA-256 unless already there.
func (s *Store) putBlob(ctx context.Context, tx *sql.Tx, sum string, content []byte) error {
	if content == nil {
		content = []byte{}
	}
	if _, err := s.exec(ctx, tx, `INSERT INTO blobs (sha256, content) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING`,
		sum, content); err != nil {
		return fmt.Errorf("store bytes %s: %w", sum, err)
	}
	return nil
}

// clean makes s storable as text in every engine: valid UTF-8 without NUL
// (PostgreSQL refuses both), invalid bytes replaced by U+FFFD.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

// Submission returns a submission with its report and findings but without
// Content, or reconcile.ErrNotFound.
func (s *Store) Submission(ctx context.Context, id int64) (*reconcile.Submission, error) {
	rows, err := s.query(ctx, s.read, `SELECT `+submissionColumns+` FROM submissions WHERE id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("load submission %d: %w", id, err)
	}
	subs, err := scanSubmissions(rows)
	if err != nil {
		return nil, fmt.Errorf("load submission %d: %w", id, err)
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("load submission %d: %w", id, reconcile.ErrNotFound)
	}
	return &subs[0], nil
}

// SubmissionContent returns the stored bytes of a submission, or
// reconcile.ErrNotFound.
func (s *Store) SubmissionContent(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	err := s.queryRow(ctx, s.read, `SELECT b.content FROM submissions s JOIN blobs b ON b.sha256 = s.sha256
		WHERE s.id = ?`, id).Scan(&b)
	if isNoRows(err) {
		err = reconcile.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load content of submission %d: %w", id, err)
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

// Submissions lists submissions without Content, oldest first (by received
// time, then id).
func (s *Store) Submissions(ctx context.Context, f reconcile.SubmissionFilter) ([]reconcile.Submission, error) {
	var (
		where []string
		args  []any
	)
	if f.SIREN != "" {
		where, args = append(where, "siren = ?"), append(args, f.SIREN)
	}
	if f.Year != 0 {
		where, args = append(where, "year = ?"), append(args, f.Year)
	}
	if f.Verdict != "" {
		where, args = append(where, "verdict = ?"), append(args, string(f.Verdict))
	}
	q := `SELECT ` + submissionColumns + ` FROM submissions`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := s.query(ctx, s.read, q+` ORDER BY received_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	subs, err := scanSubmissions(rows)
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	return subs, nil
}

func scanSubmissions(rows *sql.Rows) ([]reconcile.Submission, error) {
	defer rows.Close()
	var out []reconcile.Submission
	for rows.Next() {
		var (
			sub                      reconcile.Submission
			origin, received, verdct string
			findings                 []byte
			report                   []byte
		)
		if err := rows.Scan(&sub.ID, &sub.FileName, &sub.SHA256, &sub.Size, &sub.SIREN, &sub.Year,
			&sub.Template, &origin, &received, &sub.RegisterVersion, &verdct, &findings, &report); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(origin), &sub.Origin); err != nil {
			return nil, fmt.Errorf("decode origin of submission %d: %w", sub.ID, err)
		}
		var err error
		if sub.ReceivedAt, err = ParseTime(received); err != nil {
			return nil, err
		}
		sub.Verdict = reconcile.Verdict(verdct)
		if sub.Findings, err = DecodeFindings(findings); err != nil {
			return nil, fmt.Errorf("submission %d: %w", sub.ID, err)
		}
		if sub.Report, err = DecodeReport(report); err != nil {
			return nil, fmt.Errorf("submission %d: %w", sub.ID, err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// UpdateVerdict replaces the findings and verdict of a submission after
// reconciling it again against register version; reconcile.ErrNotFound
// when there is no such submission.
func (s *Store) UpdateVerdict(ctx context.Context, id int64, version int64, v reconcile.Verdict, fs []reconcile.Finding) error {
	if v != reconcile.Accepted && v != reconcile.Rejected {
		return fmt.Errorf("update verdict of submission %d: verdict %q is neither %q nor %q", id, v, reconcile.Accepted, reconcile.Rejected)
	}
	findings, err := EncodeFindings(fs)
	if err != nil {
		return fmt.Errorf("update verdict of submission %d: %w", id, err)
	}
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `UPDATE submissions SET register_version = ?, verdict = ?, findings = ?
			WHERE id = ?`, version, string(v), string(findings), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return reconcile.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update verdict of submission %d: %w", id, err)
	}
	return nil
}
