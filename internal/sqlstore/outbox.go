package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
	"github.com/pactd/pactd/reconcile"
)

// The outbox of internal/mail (mailstate.OutboxStore), in table outbox (migrations
// 100_outbox.sql of both stores).

var _ mailstate.OutboxStore = (*Store)(nil)

const outboxColumns = `id, key, kind, sender, recipients, delivered, refused, message_id, subject,
	state, attempts, next_attempt, last_error, created_at, sent_at, retried_at, purged_at, attachments`

// EnqueueMail implements mailstate.OutboxStore.
func (s *Store) EnqueueMail(ctx context.Context, m *mailstate.Message) (bool, error) {
	to, _ := json.Marshal(nonNil(m.To))
	delivered, _ := json.Marshal(nonNil(m.Delivered))
	refused, _ := json.Marshal(nonNil(m.Refused))
	created := true
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		err := s.queryRow(ctx, tx, `INSERT INTO outbox (key, kind, sender, recipients, delivered, refused,
			message_id, subject, raw, state, attempts, next_attempt, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id`,
			clean(m.Key), m.Kind, m.From, string(to), string(delivered), string(refused), m.MessageID,
			clean(m.Subject), m.Raw, string(mailstate.Pending), 0, FormatTime(m.NextAttempt),
			FormatTime(m.CreatedAt)).Scan(&m.ID)
		if !isNoRows(err) {
			return err
		}
		created = false
		stored, err := s.mailWhere(ctx, tx, `key = ?`, clean(m.Key))
		if err != nil {
			return err
		}
		raw := m.Raw
		*m = stored
		m.Raw = raw
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("enqueue message %q: %w", m.Key, err)
	}
	return created, nil
}

// DueMail implements mailstate.OutboxStore.
func (s *Store) DueMail(ctx context.Context, now time.Time, limit int) ([]mailstate.Message, error) {
	t := FormatTime(now)
	out, err := s.queryMails(ctx, true, `WHERE state = ? AND next_attempt <= ? AND claimed_until <= ? ORDER BY next_attempt, id LIMIT ?`,
		string(mailstate.Pending), t, t, limit)
	if err != nil {
		return nil, fmt.Errorf("list due messages: %w", err)
	}
	return out, nil
}

// queryMails runs a SELECT of outboxColumns (and raw, withRaw) FROM outbox
// followed by tail, on the read pool, and scans every row.
func (s *Store) queryMails(ctx context.Context, withRaw bool, tail string, args ...any) ([]mailstate.Message, error) {
	cols := outboxColumns
	if withRaw {
		cols += ", raw"
	}
	rows, err := s.query(ctx, s.read, `SELECT `+cols+` FROM outbox `+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []mailstate.Message
	for rows.Next() {
		var m mailstate.Message
		var extra []any
		if withRaw {
			extra = append(extra, &m.Raw)
		}
		if err := scanMail(rows, &m, extra...); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ClaimMail implements mailstate.OutboxStore.
func (s *Store) ClaimMail(ctx context.Context, id int64, now, until time.Time) (bool, error) {
	res, err := s.exec(ctx, s.write, `UPDATE outbox SET claimed_until = ?
		WHERE id = ? AND state = ? AND claimed_until <= ?`,
		FormatTime(until), id, string(mailstate.Pending), FormatTime(now))
	if err != nil {
		return false, fmt.Errorf("claim message %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim message %d: %w", id, err)
	}
	return n == 1, nil
}

// UpdateMail implements mailstate.OutboxStore.
func (s *Store) UpdateMail(ctx context.Context, m *mailstate.Message) error {
	to, _ := json.Marshal(nonNil(m.To))
	delivered, _ := json.Marshal(nonNil(m.Delivered))
	refused, _ := json.Marshal(nonNil(m.Refused))
	sent := ""
	if !m.SentAt.IsZero() {
		sent = FormatTime(m.SentAt)
	}
	res, err := s.exec(ctx, s.write, `UPDATE outbox SET recipients = ?, delivered = ?, refused = ?, state = ?,
		attempts = ?, next_attempt = ?, last_error = ?, sent_at = ?, claimed_until = '' WHERE id = ?`,
		string(to), string(delivered), string(refused), string(m.State), m.Attempts,
		FormatTime(m.NextAttempt), clean(m.LastError), sent, m.ID)
	if err != nil {
		return fmt.Errorf("record delivery of message %d: %w", m.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("record delivery of message %d: %w", m.ID, reconcile.ErrNotFound)
	}
	return nil
}

// MailByKey implements mailstate.OutboxStore.
func (s *Store) MailByKey(ctx context.Context, key string) (*mailstate.Message, error) {
	m, err := s.mailWhere(ctx, s.read, `key = ?`, clean(key))
	if isNoRows(err) {
		return nil, reconcile.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("look up message %q: %w", key, err)
	}
	return &m, nil
}

// Mails implements mailstate.OutboxStore.
func (s *Store) Mails(ctx context.Context, f mailstate.Filter) ([]mailstate.Message, error) {
	var where []string
	var args []any
	if f.State != "" {
		where, args = append(where, "state = ?"), append(args, string(f.State))
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, f.Kind)
	}
	q := ""
	if len(where) > 0 {
		q += "WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	out, err := s.queryMails(ctx, false, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return out, nil
}

// MailCounts implements mailstate.OutboxStore.
func (s *Store) MailCounts(ctx context.Context) (pending, failed int, err error) {
	err = s.queryRow(ctx, s.read, `SELECT
		COALESCE(SUM(CASE WHEN state = ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = ? THEN 1 ELSE 0 END), 0) FROM outbox`,
		string(mailstate.Pending), string(mailstate.Failed)).Scan(&pending, &failed)
	if err != nil {
		return 0, 0, fmt.Errorf("count outbox: %w", err)
	}
	return pending, failed, nil
}

func (s *Store) mailWhere(ctx context.Context, q queryer, cond string, args ...any) (mailstate.Message, error) {
	var m mailstate.Message
	row := s.queryRow(ctx, q, `SELECT `+outboxColumns+` FROM outbox WHERE `+cond, args...)
	return m, scanMail(row, &m)
}

// scanMail reads outboxColumns (and the extra destinations, e.g. raw) into m.
func scanMail(row interface{ Scan(...any) error }, m *mailstate.Message, extra ...any) error {
	var to, delivered, refused, state, next, created, sent, retried, purged, attachments string
	dest := append([]any{&m.ID, &m.Key, &m.Kind, &m.From, &to, &delivered, &refused, &m.MessageID, &m.Subject,
		&state, &m.Attempts, &next, &m.LastError, &created, &sent, &retried, &purged, &attachments}, extra...)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	m.State = mailstate.State(state)
	for _, l := range []struct {
		s   string
		dst *[]string
	}{{to, &m.To}, {delivered, &m.Delivered}, {refused, &m.Refused}, {attachments, &m.Attachments}} {
		if err := json.Unmarshal([]byte(l.s), l.dst); err != nil {
			return fmt.Errorf("decode addresses of message %d: %w", m.ID, err)
		}
	}
	var err error
	if m.NextAttempt, err = ParseTime(next); err != nil {
		return err
	}
	if m.CreatedAt, err = ParseTime(created); err != nil {
		return err
	}
	for _, t := range []struct {
		s   string
		dst *time.Time
	}{{sent, &m.SentAt}, {retried, &m.RetriedAt}, {purged, &m.PurgedAt}} {
		if t.s == "" {
			continue
		}
		if *t.dst, err = ParseTime(t.s); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
