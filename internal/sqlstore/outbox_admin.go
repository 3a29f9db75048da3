package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
	"github.com/pactd/pactd/reconcile"
)

// What administrators do with the outbox (retry) and its retention (purge
// of sent attachments): migration 501_outbox_retention.sql.

// MailByID implements mailstate.OutboxStore.
func (s *Store) MailByID(ctx context.Context, id int64) (*mailstate.Message, error) {
	m, err := s.mailWhere(ctx, s.read, `id = ?`, id)
	if isNoRows(err) {
		return nil, reconcile.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("look up message %d: %w", id, err)
	}
	return &m, nil
}

// RetryMail implements mailstate.OutboxStore.
func (s *Store) RetryMail(ctx context.Context, id int64, now time.Time) (*mailstate.Message, error) {
	var m mailstate.Message
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = s.mailWhere(ctx, tx, `id = ?`, id); err != nil {
			return err
		}
		if m.State == mailstate.Sent {
			return mailstate.ErrAlreadySent
		}
		// Recipients refused for good are tried again: the refusal may
		// have come from a configuration since fixed (relay denied).
		for _, r := range m.Refused {
			addr, _, _ := strings.Cut(r, ": ")
			if addr != "" && !contains(m.To, addr) {
				m.To = append(m.To, addr)
			}
		}
		m.Refused = nil
		m.State, m.NextAttempt, m.RetriedAt = mailstate.Pending, now, now
		to, _ := json.Marshal(nonNil(m.To))
		_, err = s.exec(ctx, tx, `UPDATE outbox SET state = ?, recipients = ?, refused = '[]', next_attempt = ?,
			retried_at = ?, claimed_until = '' WHERE id = ?`,
			string(mailstate.Pending), string(to), FormatTime(now), FormatTime(now), id)
		return err
	})
	switch {
	case isNoRows(err):
		return nil, reconcile.ErrNotFound
	case errors.Is(err, mailstate.ErrAlreadySent):
		return &m, mailstate.ErrAlreadySent
	case err != nil:
		return nil, fmt.Errorf("retry message %d: %w", id, err)
	}
	return &m, nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// SentMailToPurge implements mailstate.OutboxStore.
func (s *Store) SentMailToPurge(ctx context.Context, sentBefore time.Time, limit int) ([]mailstate.Message, error) {
	out, err := s.queryMails(ctx, true, `WHERE state = ? AND sent_at <> '' AND sent_at <= ? AND purged_at = ''
		ORDER BY sent_at, id LIMIT ?`, string(mailstate.Sent), FormatTime(sentBefore), limit)
	if err != nil {
		return nil, fmt.Errorf("list sent messages to purge: %w", err)
	}
	return out, nil
}

// PurgeMail implements mailstate.OutboxStore.
func (s *Store) PurgeMail(ctx context.Context, id int64, raw []byte, attachments []string, at time.Time) error {
	names, _ := json.Marshal(nonNil(attachments))
	if _, err := s.exec(ctx, s.write, `UPDATE outbox SET raw = ?, attachments = ?, purged_at = ?
		WHERE id = ? AND state = ? AND purged_at = ''`,
		raw, string(names), FormatTime(at), id, string(mailstate.Sent)); err != nil {
		return fmt.Errorf("purge attachments of message %d: %w", id, err)
	}
	return nil
}
